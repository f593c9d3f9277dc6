// 64 concurrent clients hold and book random seats of one 400-seat show. Afterwards the
// database must show no seat booked twice, every booking's seats claimed by it, and no two
// granted holds sharing a seat at the same moment (invariant 1 of DESIGN.md).

#include "SaleHelpers.h"
#include "ServerHarness.h"

#include <QtTest>
#include <atomic>
#include <random>
#include <thread>

using namespace marquee::test;
using nlohmann::json;

class TestContention : public QObject
{
    Q_OBJECT

private slots:
    void sixtyFourClientsNeverShareASeat()
    {
        TestDatabase db("contention");
        std::vector<std::string> tokens;
        for (int i = 0; i < 8; ++i)
            tokens.push_back(db.addDevice("counter-" + std::to_string(i), "counter"));
        ServerProcess server(db.url(), {"--device-rate", "0", "--show-rate", "0", "--pool", "16"});
        QVERIFY2(server.start(), server.log().c_str());

        const int clients = 64;
        const int rounds = qEnvironmentVariableIntValue("MARQUEE_CONTENTION_ROUNDS") > 0
                               ? qEnvironmentVariableIntValue("MARQUEE_CONTENTION_ROUNDS")
                               : 8;
        const std::vector<std::string> all = bigShowSeats();
        std::atomic<int> granted{0}, refused{0}, booked{0}, failures{0};
        std::mutex mutex;
        std::vector<std::pair<std::string, std::vector<std::string>>> confirmed; // booking id, seats
        std::vector<std::thread> threads;
        for (int c = 0; c < clients; ++c) {
            threads.emplace_back([&, c] {
                auto client = server.client(tokens[static_cast<std::size_t>(c % 8)]);
                std::mt19937 rng(static_cast<unsigned>(c * 7919 + 1));
                for (int r = 0; r < rounds; ++r) {
                    std::vector<std::string> seats;
                    const int n = 2 + static_cast<int>(rng() % 3);
                    while (static_cast<int>(seats.size()) < n) {
                        const std::string s = all[rng() % all.size()];
                        if (std::find(seats.begin(), seats.end(), s) == seats.end())
                            seats.push_back(s);
                    }
                    auto hold = client.post("/v1/holds", {{"show_id", "show-big"}, {"seats", seats}}, uuid());
                    if (hold.status == 409) {
                        ++refused;
                        continue;
                    }
                    if (hold.status != 201) {
                        ++failures;
                        continue;
                    }
                    ++granted;
                    const std::string holdId = hold.json()["hold_id"];
                    if (rng() % 2 == 0) {
                        if (client.del("/v1/holds/" + holdId).status != 204)
                            ++failures;
                        continue;
                    }
                    const std::string bookingId = uuid();
                    auto sale =
                        client.post("/v1/bookings", saleBody(bookingId, holdId, "show-big", seats, uuid()), uuid());
                    if (sale.status != 201) {
                        ++failures;
                        continue;
                    }
                    ++booked;
                    std::lock_guard lock(mutex);
                    confirmed.emplace_back(bookingId, seats);
                }
            });
        }
        for (auto& t : threads)
            t.join();
        qInfo("holds granted %d, refused %d, bookings %d", granted.load(), refused.load(), booked.load());
        QCOMPARE(failures.load(), 0);
        QVERIFY(granted.load() > 0 && refused.load() > 0 && booked.load() > 0);

        // No seat booked twice, and the claims agree with the ticket lines.
        QCOMPARE(db.scalar("SELECT count(*) FROM (SELECT seat_id FROM ticket_lines WHERE show_id = 'show-big' "
                           "AND state = 'BOOKED' GROUP BY seat_id HAVING count(*) > 1) x"),
                 std::string("0"));
        QCOMPARE(db.scalar("SELECT count(*) FROM claims c JOIN ticket_lines t ON t.show_id = c.show_id AND "
                           "t.seat_id = c.seat_id AND t.booking_id = c.owner_id AND t.state = 'BOOKED' "
                           "WHERE c.state = 'BOOKED'"),
                 db.scalar("SELECT count(*) FROM ticket_lines WHERE state = 'BOOKED'"));
        for (const auto& [bookingId, seats] : confirmed) {
            QCOMPARE(db.scalar("SELECT count(*) FROM claims WHERE state = 'BOOKED' AND owner_id = '" + bookingId + "'"),
                     std::to_string(seats.size()));
        }
        QCOMPARE(db.scalar("SELECT count(*) FROM bookings"), std::to_string(confirmed.size()));
        // Every granted hold was exclusive while it lived: no two holds of a seat overlap in time.
        QCOMPARE(db.scalar("WITH h AS (SELECT hold_id, unnest(seats) AS seat, created_at, "
                           "  CASE WHEN state = 'BOOKED' THEN 'infinity'::timestamptz "
                           "  ELSE least(coalesce(ended_at, expires_at), expires_at) END AS ended FROM holds) "
                           "SELECT count(*) FROM h a JOIN h b ON a.seat = b.seat AND a.hold_id < b.hold_id "
                           "AND a.created_at < b.ended AND b.created_at < a.ended"),
                 std::string("0"));
        QCOMPARE(db.scalar("SELECT count(*) FROM holds"), std::to_string(granted.load()));
    }
};

QTEST_APPLESS_MAIN(TestContention)
#include "tst_Contention.moc"
