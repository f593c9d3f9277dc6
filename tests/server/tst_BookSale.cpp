// A booking as one database call (book_sale, migration kBookSale), single and batched: every
// refusal is the server's problem body, is stored under the key and writes nothing (a lease
// sale that names a seat outside the lease leaves the lease's claims as they were); the
// stored reply of a booking has the same bytes as GET /v1/bookings/{id}, also for odd text,
// overrides, tendered cash and refunds; lease_expired names the lease's end.

#include "ServerHarness.h"

#include <QtTest>

using namespace marquee::test;
using nlohmann::json;

class TestBookSale : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    std::string m_counter, m_counter2;

    Client as(const std::string& token) { return m_server->client(token); }

    std::string holdSeats(Client& client, const std::vector<std::string>& seats)
    {
        auto r = client.post("/v1/holds", {{"show_id", "show-big"}, {"seats", seats}}, uuid());
        return r.status == 201 ? r.json()["hold_id"].get<std::string>() : std::string();
    }

    std::string lease(Client& client, const std::vector<std::string>& seats)
    {
        auto r = client.post("/v1/allotments", {{"show_id", "show-big"}, {"seats", seats}, {"lease_s", 3600}}, uuid());
        return r.status == 201 ? r.json()["allotment_id"].get<std::string>() : std::string();
    }

    std::string soldAt(const std::string& offset = "-1 minute")
    {
        return m_db->scalar("SELECT to_char((now() + interval '" + offset +
                            "') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
    }

    // A sale of standard seats (25000 each for an adult) from a hold or a lease.
    static json sale(const std::string& holdId, const std::string& allotmentId, const std::vector<std::string>& seats,
                     const std::string& when)
    {
        json lines = json::array();
        for (const auto& s : seats)
            lines.push_back({{"seat", s}, {"ticket_type", "adult"}, {"price_minor", 25000}});
        json body = {{"booking_id", uuid()},
                     {"show_id", "show-big"},
                     {"seats", lines},
                     {"payments",
                      {{{"payment_id", uuid()},
                        {"method", "CASH"},
                        {"amount_minor", 25000 * static_cast<std::int64_t>(seats.size())}}}},
                     {"sold_at", when},
                     {"staff", "asha"}};
        if (!holdId.empty())
            body["hold_id"] = holdId;
        else
            body["allotment_id"] = allotmentId;
        return body;
    }

    std::string storedBody(const std::string& key)
    {
        return m_db->scalar("SELECT body FROM idempotency_keys WHERE key = '" + key + "'");
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<TestDatabase>("book_sale");
        m_counter = m_db->addDevice("counter-1", "counter");
        m_counter2 = m_db->addDevice("counter-2", "counter");
        m_server =
            std::make_unique<ServerProcess>(m_db->url(), std::vector<std::string>{"--sweep-interval-ms", "600000"});
        QVERIFY2(m_server->start(), m_server->log().c_str());
    }

    void storedReplyHasTheBytesOfGet()
    {
        auto a = as(m_counter);
        const std::string hold = holdSeats(a, {"A1", "A2"});
        json body = sale(hold, "", {"A1", "A2"}, "2030-01-10T10:00:00.123Z");
        body["staff"] = "Zoë \"the\" cashier\\\n\t\u0001 \xe2\x82\xac";
        body["seats"][1]["price_minor"] = 20000;
        body["seats"][1]["price_override_reason"] = "loyalty \"gold\"";
        body["payments"] = {
            {{"payment_id", uuid()}, {"method", "CASH"}, {"amount_minor", 30000}, {"tendered_minor", 50000}},
            {{"payment_id", uuid()}, {"method", "CARD_TERMINAL"}, {"amount_minor", 15000}, {"reference", "auth/0042"}}};
        const std::string key = uuid();
        auto made = a.post("/v1/bookings", body, key);
        QVERIFY2(made.status == 201, made.body.c_str());
        const std::string id = body["booking_id"].get<std::string>();
        auto got = a.get("/v1/bookings/" + id);
        QCOMPARE(got.status, 200);
        QCOMPARE(made.body, got.body);
        QCOMPARE(storedBody(key), got.body);
        QCOMPARE(made.json()["sold_at"].get<std::string>(), std::string("2030-01-10T10:00:00.123Z"));
        QVERIFY(made.json()["allotment_id"].is_null());
        // After a refund, the same booking id with a new key answers the booking as it is now.
        auto refund = a.post("/v1/bookings/" + id + "/refunds",
                             {{"refund_id", uuid()}, {"seats", {"A2"}}, {"reason", "changed \"mind\""}}, uuid());
        QVERIFY2(refund.status == 201, refund.body.c_str());
        const std::string again = uuid();
        auto existing = a.post("/v1/bookings", body, again);
        QCOMPARE(existing.status, 200);
        auto now = a.get("/v1/bookings/" + id);
        QCOMPARE(existing.body, now.body);
        QCOMPARE(storedBody(again), now.body);
        QCOMPARE(existing.json()["refunds"].size(), std::size_t(1));
        // The batch answers the same booking.
        auto batch =
            a.post("/v1/bookings:batch", {{"items", {{{"idempotency_key", again}, {"booking", body}}}}}, uuid());
        QCOMPARE(batch.status, 200);
        QCOMPARE(batch.json()["results"][0]["body"], now.json());
        QCOMPARE(batch.json()["results"][0]["replayed"].get<bool>(), true);
    }

    void refusalsAreStoredAndWriteNothing()
    {
        auto a = as(m_counter);
        auto b = as(m_counter2);
        const std::string allotment = lease(a, {"B1", "B2", "B3"});
        QVERIFY(!allotment.empty());
        const std::string hold = holdSeats(a, {"C1", "C2"});
        QVERIFY(!hold.empty());
        const std::string booked = holdSeats(a, {"C3"});
        json first = sale(booked, "", {"C3"}, soldAt());
        QCOMPARE(a.post("/v1/bookings", first, uuid()).status, 201);
        const std::string bookingsBefore = m_db->scalar("SELECT count(*) FROM bookings");
        const std::string auditBefore = m_db->scalar("SELECT count(*) FROM audit_log");

        struct Case
        {
            std::string name;
            Client* client;
            json body;
            int status;
            std::string code;
        };
        json otherSale = sale(hold, "", {"C1", "C2"}, soldAt());
        otherSale["booking_id"] = first["booking_id"];
        json wrongShow = sale(hold, "", {"C1", "C2"}, soldAt());
        wrongShow["show_id"] = "show-small";
        wrongShow["seats"] = {{{"seat", "A1"}, {"ticket_type", "adult"}, {"price_minor", 25000}},
                              {{"seat", "A2"}, {"ticket_type", "adult"}, {"price_minor", 25000}}};
        json leaseWrongShow = sale("", allotment, {"B1"}, soldAt());
        leaseWrongShow["show_id"] = "show-small";
        leaseWrongShow["seats"] = {{{"seat", "A1"}, {"ticket_type", "adult"}, {"price_minor", 25000}}};
        std::vector<Case> cases = {
            {"booking id of another sale", &a, otherSale, 409, "booking_id_conflict"},
            {"unknown hold", &a, sale(uuid(), "", {"C1"}, soldAt()), 404, "unknown_hold"},
            {"another device's hold", &b, sale(hold, "", {"C1", "C2"}, soldAt()), 404, "unknown_hold"},
            {"hold of another show", &a, wrongShow, 422, "show_mismatch"},
            {"hold already booked", &a, sale(booked, "", {"C3"}, soldAt()), 409, "hold_used"},
            {"other seats than the hold's", &a, sale(hold, "", {"C1"}, soldAt()), 422, "seats_mismatch"},
            {"unknown lease", &a, sale("", uuid(), {"B1"}, soldAt()), 404, "unknown_allotment"},
            {"another device's lease", &b, sale("", allotment, {"B1"}, soldAt()), 404, "unknown_allotment"},
            {"lease of another show", &a, leaseWrongShow, 422, "show_mismatch"},
            {"sold in the future", &a, sale("", allotment, {"B1"}, soldAt("+1 hour")), 422, "sold_at_in_future"},
            {"a seat outside the lease", &a, sale("", allotment, {"B1", "B4"}, soldAt()), 409, "seat_unavailable"},
        };
        for (auto& c : cases) {
            const std::string key = uuid();
            auto r = c.client->post("/v1/bookings", c.body, key);
            QVERIFY2(r.status == c.status, (c.name + " -> " + std::to_string(r.status) + " " + r.body).c_str());
            QCOMPARE(r.header("Content-Type"), std::string("application/problem+json"));
            QCOMPARE(r.json()["code"].get<std::string>(), c.code);
            QVERIFY(r.json().contains("field"));
            QCOMPARE(r.json()["status"].get<int>(), c.status);
            QCOMPARE(storedBody(key), r.body);
            auto replay = c.client->post("/v1/bookings", c.body, key);
            QCOMPARE(replay.status, c.status);
            QCOMPARE(replay.body, r.body);
            QCOMPARE(replay.header("Idempotent-Replayed"), std::string("true"));
        }
        QCOMPARE(m_db->scalar("SELECT count(*) FROM bookings"), bookingsBefore);
        QCOMPARE(m_db->scalar("SELECT count(*) FROM audit_log"), auditBefore);
        // The half-possible lease sale moved no claim, and the hold is still a hold.
        QCOMPARE(m_db->scalar("SELECT string_agg(seat_id || ':' || state, ',' ORDER BY seat_id) FROM claims "
                              "WHERE owner_id = '" +
                              allotment + "'"),
                 std::string("B1:ALLOTTED,B2:ALLOTTED,B3:ALLOTTED"));
        QCOMPARE(m_db->scalar("SELECT state FROM holds WHERE hold_id = '" + hold + "'"), std::string("HELD"));
        // And both still sell.
        QCOMPARE(a.post("/v1/bookings", sale("", allotment, {"B1", "B2"}, soldAt()), uuid()).status, 201);
        QCOMPARE(a.post("/v1/bookings", sale(hold, "", {"C2", "C1"}, soldAt()), uuid()).status, 201);
    }

    void leaseExpiredNamesTheLeaseEnd()
    {
        auto a = as(m_counter);
        const std::string allotment = lease(a, {"D1"});
        m_db->query("UPDATE allotments SET lease_expires_at = '2025-05-06T07:08:09.5Z' WHERE allotment_id = '" +
                    allotment + "'");
        auto late = a.post("/v1/bookings", sale("", allotment, {"D1"}, soldAt()), uuid());
        QCOMPARE(late.status, 409);
        QCOMPARE(late.json()["code"].get<std::string>(), std::string("lease_expired"));
        QCOMPARE(late.json()["lease_expires_at"].get<std::string>(), std::string("2025-05-06T07:08:09.500Z"));
        m_db->query("UPDATE allotments SET lease_expires_at = '2025-05-06T07:08:09Z' WHERE allotment_id = '" +
                    allotment + "'");
        auto whole = a.post("/v1/bookings", sale("", allotment, {"D1"}, soldAt()), uuid());
        QCOMPARE(whole.json()["lease_expires_at"].get<std::string>(), std::string("2025-05-06T07:08:09Z"));
        // The body is what the server renders: keys in byte order, compact.
        QCOMPARE(json::parse(whole.body).dump(), whole.body);
    }

    void cleanupTestCase()
    {
        m_server->kill(SIGTERM);
        const int status = m_server->wait();
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
};

QTEST_APPLESS_MAIN(TestBookSale)
#include "tst_BookSale.moc"
