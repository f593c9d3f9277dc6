#include "IdempotencyStore.h"

#include "Auth.h"
#include "Sql.h"
#include "Statements.h"
#include "Transaction.h"

#include <cstdio>
#include <pqxx/pqxx>
#include <thread>

namespace marquee::server {

namespace {
constexpr int kAttempts = 5;

bool isKeyRace(const std::exception& e)
{
    const auto* violation = dynamic_cast<const pqxx::unique_violation*>(&e);
    return violation && std::string(violation->what()).find("idempotency_keys_pkey") != std::string::npos;
}

bool storable(int status)
{
    return status < 500 && status != 429;
}
} // namespace

long long KeyScope::lockId() const
{
    const std::string digest = sha256Hex(deviceId + '\n' + key);
    return static_cast<long long>(std::stoull(digest.substr(0, 16), nullptr, 16));
}

KeyedOutcome KeyedOutcome::fromRow(const pqxx::row& row)
{
    KeyedOutcome out;
    out.outcome = row[0].c_str();
    if (!row[1].is_null()) {
        out.status = row[1].as<int>();
        out.contentType = row[2].c_str();
        out.body = row[3].c_str();
    }
    return out;
}

std::string IdempotencyStore::fingerprint(const std::string& method, const std::string& path, const std::string& body)
{
    return sha256Hex(method + '\n' + path + '\n' + body);
}

Reply IdempotencyStore::run(const std::string& deviceId, const std::string& key, const std::string& fingerprint,
                            const Effect& effect)
{
    return attempt(effect, &deviceId, &key, &fingerprint);
}

Reply IdempotencyStore::transact(const Effect& effect)
{
    return attempt(effect, nullptr, nullptr, nullptr);
}

Reply IdempotencyStore::single(const Call& call)
{
    return withRetries([&](ConnectionPool::Lease& lease) {
        pqxx::nontransaction db(lease.connection());
        return call(db);
    });
}

Reply IdempotencyStore::runCall(const KeyedCall& call)
{
    return withRetries([&](ConnectionPool::Lease& lease) {
        pqxx::nontransaction db(lease.connection());
        const KeyedOutcome answer = call(db);
        if (answer.outcome == "in_progress")
            return inProgress();
        if (answer.outcome == "reused")
            return keyReused();
        Reply reply{answer.status, answer.body, answer.contentType, {}};
        if (answer.outcome == "replay") {
            m_metrics.idempotentReplay();
            reply.header("Idempotent-Replayed", "true");
        }
        return reply;
    });
}

Reply IdempotencyStore::attempt(const Effect& effect, const std::string* deviceId, const std::string* key,
                                const std::string* fingerprint)
{
    return withRetries([&](ConnectionPool::Lease& lease) {
        pqxx::work work(lease.connection());
        if (key) {
            const KeyScope scope{*deviceId, *key, *fingerprint};
            auto row = work.exec_prepared1(statements::kIdempotencyLookup, scope.lockId(), *deviceId, *key);
            if (!row[0].as<bool>())
                return inProgress();
            if (!row[1].is_null()) {
                if (row[1].c_str() != *fingerprint)
                    return keyReused();
                m_metrics.idempotentReplay();
                Reply stored{row[2].as<int>(), row[4].c_str(), row[3].c_str(), {}};
                stored.header("Idempotent-Replayed", "true");
                return stored;
            }
            work.exec("SAVEPOINT effect");
        }
        Transaction tx(work);
        Reply reply = effect(tx);
        if (!storable(reply.status) || (!key && reply.status >= 300)) {
            work.abort();
            return reply;
        }
        if (key) {
            if (reply.status >= 300)
                work.exec("ROLLBACK TO SAVEPOINT effect");
            work.exec_prepared(statements::kIdempotencyStore, *deviceId, *key, *fingerprint, reply.status,
                               reply.contentType, reply.body);
        }
        work.commit();
        return reply;
    });
}

Reply IdempotencyStore::inProgress()
{
    m_metrics.idempotencyInProgress();
    return problem(409, "request_in_progress",
                   "a request with this Idempotency-Key is still being processed; retry shortly")
        .header("Retry-After", "1");
}

Reply IdempotencyStore::keyReused()
{
    return problem(422, "idempotency_key_reused",
                   "this Idempotency-Key was used for a different request; use a new key");
}

Reply IdempotencyStore::withRetries(const std::function<Reply(ConnectionPool::Lease&)>& work)
{
    for (int attempt = 1;; ++attempt) {
        auto lease = m_pool.acquire();
        if (!lease) {
            return problem(503, "database_unavailable", lease.error().message).header("Retry-After", "1");
        }
        try {
            return work(*lease);
        } catch (const pqxx::broken_connection& e) {
            lease->discard();
            std::fprintf(stderr, "marquee.server.db: connection lost: %s\n", sql::describe(e).c_str());
            if (attempt >= 2) {
                return problem(503, "database_unavailable", "the database cannot be reached; retry later")
                    .header("Retry-After", "2");
            }
        } catch (const pqxx::in_doubt_error& e) {
            lease->discard();
            std::fprintf(stderr, "marquee.server.db: commit in doubt: %s\n", sql::describe(e).c_str());
            return problem(503, "outcome_unknown",
                           "the database connection broke during commit; retry with the same key")
                .header("Retry-After", "1");
        } catch (const std::exception& e) {
            const bool retry = sql::isRetryable(e) || isKeyRace(e);
            if (!retry || attempt >= kAttempts) {
                std::fprintf(stderr, "marquee.server.db: transaction failed: %s\n", sql::describe(e).c_str());
                if (retry) {
                    return problem(503, "busy", "the request collided with others too often; retry")
                        .header("Retry-After", "1");
                }
                return problem(500, "internal_error", "the server could not complete the request");
            }
            m_metrics.transactionRetry();
            std::this_thread::sleep_for(std::chrono::milliseconds(2 * attempt));
        }
    }
}

Result<long long> IdempotencyStore::sweep(std::chrono::seconds retention)
{
    auto lease = m_pool.acquire();
    if (!lease)
        return std::unexpected(lease.error());
    try {
        pqxx::work work(lease->connection());
        auto result =
            work.exec_params("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)",
                             static_cast<long long>(retention.count()));
        work.commit();
        return static_cast<long long>(result.affected_rows());
    } catch (const std::exception& e) {
        return fail(ErrorCode::Storage, "cannot sweep idempotency keys: " + sql::describe(e));
    }
}

} // namespace marquee::server
