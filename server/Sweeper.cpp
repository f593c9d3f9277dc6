#include "Sweeper.h"

#include "HoldService.h"
#include "Sql.h"

#include <cstdio>
#include <pqxx/pqxx>

namespace marquee::server {

Result<SweepCounts> Sweeper::sweepOnce()
{
    SweepCounts counts;
    auto lease = m_pool.acquire();
    if (!lease)
        return std::unexpected(lease.error());
    try {
        std::vector<std::string> shows;
        {
            pqxx::nontransaction tx(lease->connection());
            for (const auto& row : tx.exec("SELECT DISTINCT show_id FROM claims WHERE expires_at <= now() LIMIT 200")) {
                shows.push_back(row[0].c_str());
            }
        }
        for (const auto& show : shows) {
            pqxx::work tx(lease->connection());
            auto freed =
                tx.exec_params("DELETE FROM claims WHERE show_id = $1 AND expires_at <= now() RETURNING seat_id", show);
            if (!freed.empty()) {
                std::vector<SeatChangeRow> changes;
                for (const auto& row : freed)
                    changes.push_back({row[0].c_str(), "AVAILABLE"});
                recordSeatChanges(tx, show, changes);
                counts.seatsFreed += static_cast<long long>(freed.size());
            }
            tx.commit();
        }
        pqxx::work tx(lease->connection());
        // Expiry is a seat change like any other: audited under the device that held the seats.
        auto expired =
            tx.exec("WITH e AS (UPDATE holds SET state = 'RELEASED', ended_at = now(), end_reason = 'expired' "
                    "  WHERE state = 'HELD' AND expires_at <= now() RETURNING hold_id, show_id, device_id), "
                    "a AS (INSERT INTO audit_log(device_id, action, entity, detail) "
                    "  SELECT device_id, 'hold.expire', hold_id, json_build_object('show', show_id)::text "
                    "  FROM e) "
                    "SELECT count(*) FROM e");
        counts.holdsExpired = expired[0][0].as<long long>();
        tx.commit();
    } catch (const pqxx::broken_connection& e) {
        lease->discard();
        return fail(ErrorCode::Storage, sql::describe(e));
    } catch (const std::exception& e) {
        return fail(ErrorCode::Storage, "sweep failed: " + sql::describe(e));
    }
    auto dropped = m_keys.sweep(m_retention);
    if (!dropped)
        return std::unexpected(dropped.error());
    counts.keysDropped = *dropped;
    return counts;
}

void Sweeper::start(std::chrono::milliseconds interval)
{
    m_thread = std::thread([this, interval] {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            m_wake.wait_for(lock, interval, [&] { return m_stopping; });
            if (m_stopping)
                break;
            lock.unlock();
            if (auto counts = sweepOnce(); !counts) {
                std::fprintf(stderr, "marquee.server.sweep: %s\n", counts.error().message.c_str());
            }
            lock.lock();
        }
    });
}

void Sweeper::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace marquee::server
