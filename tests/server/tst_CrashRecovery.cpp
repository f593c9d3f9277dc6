// The server killed with SIGKILL, twice, while counters are selling, then restarted. Each
// client retries every request with its Idempotency-Key until it gets a definitive answer
// (DESIGN.md, Sync). Afterwards: every booking a client saw confirmed is in the database,
// every booking in the database was confirmed to a client exactly once, and no hold or
// booking exists without its idempotency record (effect and record commit together).

#include "SaleHelpers.h"
#include "ServerHarness.h"

#include <QtTest>
#include <atomic>
#include <thread>

using namespace marquee::test;
using nlohmann::json;

namespace {
// Network errors, 5xx, 429 and 409 "in progress" are retried; everything else is an answer.
bool definitive(const Response& r)
{
    if (r.status == 0 || r.status >= 500 || r.status == 429)
        return false;
    if (r.status == 409 && r.json().value("code", "") == "request_in_progress")
        return false;
    return true;
}
} // namespace

class TestCrashRecovery : public QObject
{
    Q_OBJECT

private slots:
    void killedServerLosesNothingAndAppliesNothingTwice()
    {
        TestDatabase db("crash");
        const std::string token = db.addDevice("counter-1", "counter");
        ServerProcess server(db.url(), {"--device-rate", "0", "--show-rate", "0"});
        QVERIFY2(server.start(), server.log().c_str());

        const int clients = 16;
        const int salesPerClient = 12; // 16 x 12 x 2 seats = 384 of the 400 seats
        const std::vector<std::string> all = bigShowSeats();
        std::atomic<bool> stop{false};
        std::atomic<int> retries{0}, replays{0};
        std::mutex mutex;
        std::set<std::string> confirmed;
        std::vector<std::string> problems;
        std::vector<std::thread> threads;
        for (int c = 0; c < clients; ++c) {
            threads.emplace_back([&, c] {
                auto client = server.client(token);
                auto send = [&](const std::string& path, const json& body, const std::string& key) {
                    for (;;) {
                        auto r = client.post(path, body, key);
                        if (definitive(r) || stop)
                            return r;
                        ++retries;
                        std::this_thread::sleep_for(std::chrono::milliseconds(50));
                        client = server.client(token);
                    }
                };
                for (int s = 0; s < salesPerClient && !stop; ++s) {
                    const std::size_t base = static_cast<std::size_t>((c * salesPerClient + s) * 2);
                    const std::vector<std::string> seats = {all[base], all[base + 1]};
                    auto hold = send("/v1/holds", {{"show_id", "show-big"}, {"seats", seats}}, uuid());
                    if (hold.status != 201) {
                        std::lock_guard lock(mutex);
                        problems.push_back("hold " + std::to_string(hold.status) + " " + hold.body);
                        continue;
                    }
                    const std::string bookingId = uuid();
                    auto sale = send("/v1/bookings",
                                     saleBody(bookingId, hold.json()["hold_id"], "show-big", seats, uuid()), uuid());
                    if (sale.header("Idempotent-Replayed") == "true")
                        ++replays;
                    std::lock_guard lock(mutex);
                    if (sale.status == 201)
                        confirmed.insert(bookingId);
                    else
                        problems.push_back("booking " + std::to_string(sale.status) + " " + sale.body);
                }
            });
        }
        // Kill while the load runs: once a third and again once two thirds of the sales are confirmed.
        for (const std::size_t mark :
             {std::size_t(clients * salesPerClient / 3), std::size_t(clients * salesPerClient * 2 / 3)}) {
            for (;;) {
                {
                    std::lock_guard lock(mutex);
                    if (confirmed.size() >= mark)
                        break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            server.kill(SIGKILL);
            server.wait();
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            QVERIFY2(server.start(), server.log().c_str());
        }
        for (auto& t : threads)
            t.join();
        stop = true;
        qInfo("confirmed %zu bookings, %d retries, %d replayed bookings", confirmed.size(), retries.load(),
              replays.load());
        for (const auto& p : problems)
            qWarning("%s", p.c_str());
        QVERIFY(problems.empty());
        QCOMPARE(confirmed.size(), std::size_t(clients * salesPerClient));
        QVERIFY(retries.load() > 0); // the kills did land during the load

        // Nothing confirmed is lost, nothing is applied twice.
        std::set<std::string> stored;
        for (const auto& row : db.query("SELECT booking_id FROM bookings"))
            stored.insert(row[0]);
        QCOMPARE(stored, confirmed);
        QCOMPARE(db.scalar("SELECT count(*) FROM payments"), std::to_string(confirmed.size()));
        QCOMPARE(db.scalar("SELECT count(*) FROM claims WHERE state = 'BOOKED'"), std::to_string(confirmed.size() * 2));
        QCOMPARE(db.scalar("SELECT count(*) FROM (SELECT seat_id FROM ticket_lines GROUP BY show_id, seat_id "
                           "HAVING count(*) > 1) x"),
                 std::string("0"));
        // Every hold and booking committed together with its idempotency record.
        QCOMPARE(
            db.scalar("SELECT count(*) FROM holds h WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys k "
                      "WHERE k.status = 201 AND position(h.hold_id in k.body) > 0 AND k.body LIKE '{\"expires_at\"%')"),
            std::string("0"));
        QCOMPARE(db.scalar("SELECT count(*) FROM holds"), std::to_string(confirmed.size()));
        QCOMPARE(db.scalar("SELECT count(*) FROM bookings b WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys k "
                           "WHERE k.status = 201 AND position(b.booking_id in k.body) > 0)"),
                 std::string("0"));
    }
};

QTEST_APPLESS_MAIN(TestCrashRecovery)
#include "tst_CrashRecovery.moc"
