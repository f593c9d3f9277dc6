// POST /v1/holds with replaces_hold_id (schema migration kHoldReplace): a counter's basket
// keeps one hold and changes its seats by replacing it atomically. The old hold's seats
// count as free for the new hold; a refused replacement leaves the old hold exactly as it
// was; only a live hold of the same device and show can be replaced; the replaced hold ends
// RELEASED ('replaced') and can no longer be booked; replays return the same answer; and a
// rival racing for a seat being given up or added never sees a seat claimed twice.

#include "SaleHelpers.h"
#include "ServerHarness.h"

#include <QtTest>
#include <thread>

using namespace marquee::test;
using nlohmann::json;

class TestHoldReplace : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    std::string m_counter, m_counter2;

    Client as(const std::string& token) { return m_server->client(token); }

    std::string holdSeats(Client& client, const std::vector<std::string>& seats, const std::string& show = "show-big")
    {
        auto r = client.post("/v1/holds", {{"show_id", show}, {"seats", seats}}, uuid());
        if (r.status != 201)
            qWarning("hold failed: %d %s", r.status, r.body.c_str());
        return r.status == 201 ? r.json()["hold_id"].get<std::string>() : std::string();
    }

    static json replaceBody(const std::string& oldHold, const std::vector<std::string>& seats,
                            const std::string& show = "show-big")
    {
        return {{"show_id", show}, {"seats", seats}, {"replaces_hold_id", oldHold}};
    }

    std::string holdState(const std::string& holdId)
    {
        return m_db->scalar("SELECT state || '/' || coalesce(end_reason, '') FROM holds WHERE hold_id = '" + holdId +
                            "'");
    }

    // The seats a hold owns in claims, in byte order, comma-separated.
    std::string claimsOf(const std::string& holdId)
    {
        return m_db->scalar("SELECT coalesce(string_agg(seat_id, ',' ORDER BY seat_id COLLATE \"C\"), '') FROM claims "
                            "WHERE owner_id = '" +
                            holdId + "' AND state = 'HELD'");
    }

    std::string claimCount(const std::string& seat)
    {
        return m_db->scalar("SELECT count(*) FROM claims WHERE show_id = 'show-big' AND seat_id = '" + seat + "'");
    }

    void expire(const std::string& holdId)
    {
        m_db->query("UPDATE holds SET expires_at = now() - interval '1 second' WHERE hold_id = '" + holdId + "'");
        m_db->query("UPDATE claims SET expires_at = now() - interval '1 second' WHERE owner_id = '" + holdId + "'");
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<TestDatabase>("replace");
        m_counter = m_db->addDevice("counter-1", "counter");
        m_counter2 = m_db->addDevice("counter-2", "counter");
        // No sweeper during the tests: expire() fakes expiry without the sweeper racing it.
        m_server =
            std::make_unique<ServerProcess>(m_db->url(), std::vector<std::string>{"--sweep-interval-ms", "600000"});
        QVERIFY2(m_server->start(), m_server->log().c_str());
    }

    void replaceAddsASeatWithoutTrippingOnItsOwn()
    {
        auto a = as(m_counter);
        const std::string old = holdSeats(a, {"A1", "A2"});
        QVERIFY(!old.empty());
        auto r = a.post("/v1/holds", replaceBody(old, {"A1", "A2", "A3"}), uuid());
        QVERIFY2(r.status == 201, r.body.c_str());
        const std::string now = r.json()["hold_id"].get<std::string>();
        QVERIFY(now != old);
        QCOMPARE(r.json()["replaces_hold_id"].get<std::string>(), old);
        QCOMPARE(r.json()["seats"], json({"A1", "A2", "A3"}));
        QVERIFY(!r.json()["expires_at"].get<std::string>().empty());
        QCOMPARE(holdState(old), std::string("RELEASED/replaced"));
        QCOMPARE(holdState(now), std::string("HELD/"));
        QCOMPARE(claimsOf(now), std::string("A1,A2,A3"));
        QCOMPARE(claimsOf(old), std::string(""));
        // Both ends are audited: the new hold names the one it replaced, and the old one's release says why.
        QCOMPARE(m_db->scalar("SELECT detail::json->>'replaces' FROM audit_log WHERE action = 'hold.create' AND "
                              "entity = '" +
                              now + "'"),
                 old);
        QCOMPARE(m_db->scalar("SELECT (detail::json->>'reason') || '/' || (detail::json->>'replaced_by') FROM "
                              "audit_log WHERE action = 'hold.release' AND entity = '" +
                              old + "'"),
                 "replaced/" + now);
    }

    void replaceRemovesSeatsAndFreesThem()
    {
        auto a = as(m_counter);
        auto b = as(m_counter2);
        const std::string old = holdSeats(a, {"A4", "A5", "A6"});
        auto snapshot = b.get("/v1/shows/show-big/seats");
        QCOMPARE(snapshot.status, 200);
        const std::int64_t version = snapshot.json()["version"].get<std::int64_t>();
        auto r = a.post("/v1/holds", replaceBody(old, {"A5"}), uuid());
        QVERIFY2(r.status == 201, r.body.c_str());
        const std::string now = r.json()["hold_id"].get<std::string>();
        QCOMPARE(claimsOf(now), std::string("A5"));
        QCOMPARE(claimCount("A4"), std::string("0"));
        QCOMPARE(claimCount("A6"), std::string("0"));
        QCOMPARE(m_db->scalar("SELECT detail::json->>'freed' FROM audit_log WHERE action = 'hold.release' AND "
                              "entity = '" +
                              old + "'"),
                 std::string(R"(["A4","A6"])"));
        // The freed seats show up as AVAILABLE in the seat delta, A5 as HELD.
        json delta;
        QTRY_VERIFY_WITH_TIMEOUT((delta = b.get("/v1/shows/show-big/seats?since=" + std::to_string(version)).json(),
                                  delta["seats"].size() >= 3),
                                 5000);
        std::map<std::string, std::string> states;
        for (const auto& s : delta["seats"])
            states[s["seat"].get<std::string>()] = s["state"].get<std::string>();
        QCOMPARE(states["A4"], std::string("AVAILABLE"));
        QCOMPARE(states["A6"], std::string("AVAILABLE"));
        QCOMPARE(states["A5"], std::string("HELD"));
        // Another device can have them now.
        QVERIFY(!holdSeats(b, {"A4", "A6"}).empty());
        // Same seats in a new order, and a full swap of seats, are replacements too.
        auto swap = a.post("/v1/holds", replaceBody(now, {"A7", "A8"}), uuid());
        QVERIFY2(swap.status == 201, swap.body.c_str());
        QCOMPARE(claimCount("A5"), std::string("0"));
        QCOMPARE(claimsOf(swap.json()["hold_id"].get<std::string>()), std::string("A7,A8"));
    }

    void refusedReplaceLeavesTheOldHoldAsItWas()
    {
        auto a = as(m_counter);
        auto b = as(m_counter2);
        const std::string old = holdSeats(a, {"B1", "B2"});
        const std::string rival = holdSeats(b, {"B3"});
        QVERIFY(!old.empty() && !rival.empty());
        const std::string expiresBefore =
            m_db->scalar("SELECT expires_at::text FROM holds WHERE hold_id = '" + old + "'");
        const std::string holdsBefore = m_db->scalar("SELECT count(*) FROM holds");
        auto r = a.post("/v1/holds", replaceBody(old, {"B1", "B4", "B3"}), uuid());
        QCOMPARE(r.status, 409);
        QCOMPARE(r.header("Content-Type"), std::string("application/problem+json"));
        QCOMPARE(r.json()["code"].get<std::string>(), std::string("seats_unavailable"));
        QCOMPARE(r.json()["unavailable_seats"], json({"B3"}));
        QCOMPARE(holdState(old), std::string("HELD/"));
        QCOMPARE(claimsOf(old), std::string("B1,B2"));
        QCOMPARE(claimCount("B4"), std::string("0"));
        QCOMPARE(m_db->scalar("SELECT expires_at::text FROM holds WHERE hold_id = '" + old + "'"), expiresBefore);
        QCOMPARE(m_db->scalar("SELECT count(*) FROM holds"), holdsBefore);
        QCOMPARE(m_db->scalar("SELECT count(*) FROM audit_log WHERE entity = '" + old + "'"), std::string("1"));
        // The old hold still works as it was: it can be replaced again once the seats are free.
        auto again = a.post("/v1/holds", replaceBody(old, {"B1", "B2", "B4"}), uuid());
        QVERIFY2(again.status == 201, again.body.c_str());
    }

    void onlyALiveHoldOfTheSameDeviceAndShowCanBeReplaced()
    {
        auto a = as(m_counter);
        auto b = as(m_counter2);
        struct Case
        {
            std::string name;
            std::string holdId;
            std::string show;
            int status;
            std::string code;
        };
        const std::string others = holdSeats(b, {"C1"});
        const std::string small = holdSeats(a, {"A1"}, "show-small");
        const std::string expired = holdSeats(a, {"C2"});
        expire(expired);
        const std::string released = holdSeats(a, {"C3"});
        QCOMPARE(a.del("/v1/holds/" + released).status, 204);
        const std::string booked = holdSeats(a, {"C4"});
        auto sale = a.post("/v1/bookings", saleBody(uuid(), booked, "show-big", {"C4"}, uuid()), uuid());
        QVERIFY2(sale.status == 201, sale.body.c_str());
        const std::vector<Case> cases = {
            {"another device's", others, "show-big", 422, "unknown_replaced_hold"},
            {"unknown", uuid(), "show-big", 422, "unknown_replaced_hold"},
            {"another show's", small, "show-big", 422, "replaced_hold_show_mismatch"},
            {"expired", expired, "show-big", 409, "replaced_hold_not_held"},
            {"released", released, "show-big", 409, "replaced_hold_not_held"},
            {"booked", booked, "show-big", 409, "replaced_hold_not_held"},
        };
        for (const auto& c : cases) {
            auto r = a.post("/v1/holds", replaceBody(c.holdId, {"C9", "C10"}, c.show), uuid());
            QVERIFY2(r.status == c.status, (c.name + " -> " + std::to_string(r.status) + " " + r.body).c_str());
            QCOMPARE(r.header("Content-Type"), std::string("application/problem+json"));
            QCOMPARE(r.json()["code"].get<std::string>(), c.code);
            QCOMPARE(r.json()["field"].get<std::string>(), std::string("replaces_hold_id"));
            QCOMPARE(claimCount("C9"), std::string("0"));
        }
        QCOMPARE(holdState(others), std::string("HELD/"));
        QCOMPARE(claimsOf(others), std::string("C1"));
        QCOMPARE(holdState(small), std::string("HELD/"));
        QCOMPARE(holdState(booked), std::string("BOOKED/booked"));
        // A manager cannot replace a counter's hold either: replacement is for the device's own basket.
        const std::string manager = m_db->addDevice("manager-1", "manager");
        auto byManager = as(manager).post("/v1/holds", replaceBody(others, {"C1", "C9"}), uuid());
        QCOMPARE(byManager.status, 422);
        QCOMPARE(holdState(others), std::string("HELD/"));
        // Not a hold id at all: refused by the decoder, naming the field.
        auto bad = a.postRaw("/v1/holds", R"({"show_id":"show-big","seats":["C9"],"replaces_hold_id":"nope"})",
                             {{"Idempotency-Key", uuid()}});
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json()["field"].get<std::string>(), std::string("replaces_hold_id"));
        auto notText = a.postRaw("/v1/holds", R"({"show_id":"show-big","seats":["C9"],"replaces_hold_id":7})",
                                 {{"Idempotency-Key", uuid()}});
        QCOMPARE(notText.status, 400);
        QCOMPARE(notText.json()["field"].get<std::string>(), std::string("replaces_hold_id"));
    }

    void replayOfTheSameKeyIsTheSameAnswer()
    {
        auto a = as(m_counter);
        const std::string old = holdSeats(a, {"D1"});
        const std::string key = uuid();
        const json body = replaceBody(old, {"D1", "D2"});
        auto first = a.post("/v1/holds", body, key);
        QVERIFY2(first.status == 201, first.body.c_str());
        QVERIFY(first.header("Idempotent-Replayed").empty());
        auto again = a.post("/v1/holds", body, key);
        QCOMPARE(again.status, 201);
        QCOMPARE(again.header("Idempotent-Replayed"), std::string("true"));
        QCOMPARE(again.body, first.body);
        QCOMPARE(
            m_db->scalar("SELECT count(*) FROM audit_log WHERE action = 'hold.release' AND entity = '" + old + "'"),
            std::string("1"));
        QCOMPARE(m_db->scalar("SELECT count(*) FROM holds WHERE seats @> ARRAY['D2']"), std::string("1"));
        // The same key for another replacement (or none) is a reused key.
        auto other = a.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"D1", "D2"}}}, key);
        QCOMPARE(other.status, 422);
        QCOMPARE(other.json()["code"].get<std::string>(), std::string("idempotency_key_reused"));
        // A refused replacement is stored too: its replay is the same refusal, even after the seats freed up.
        const std::string now = first.json()["hold_id"].get<std::string>();
        auto b = as(m_counter2);
        const std::string rival = holdSeats(b, {"D3"});
        const std::string refusedKey = uuid();
        auto refused = a.post("/v1/holds", replaceBody(now, {"D1", "D2", "D3"}), refusedKey);
        QCOMPARE(refused.status, 409);
        QCOMPARE(b.del("/v1/holds/" + rival).status, 204);
        auto refusedAgain = a.post("/v1/holds", replaceBody(now, {"D1", "D2", "D3"}), refusedKey);
        QCOMPARE(refusedAgain.status, 409);
        QCOMPARE(refusedAgain.header("Idempotent-Replayed"), std::string("true"));
        QCOMPARE(holdState(now), std::string("HELD/"));
    }

    void bookingNeedsTheNewHold()
    {
        auto a = as(m_counter);
        const std::string old = holdSeats(a, {"E1", "E2"});
        auto r = a.post("/v1/holds", replaceBody(old, {"E1", "E2", "E3"}), uuid());
        QVERIFY2(r.status == 201, r.body.c_str());
        const std::string now = r.json()["hold_id"].get<std::string>();
        auto withOld = a.post("/v1/bookings", saleBody(uuid(), old, "show-big", {"E1", "E2"}, uuid()), uuid());
        QCOMPARE(withOld.status, 409);
        QCOMPARE(withOld.json()["code"].get<std::string>(), std::string("hold_expired"));
        QCOMPARE(holdState(now), std::string("HELD/"));
        auto withNew = a.post("/v1/bookings", saleBody(uuid(), now, "show-big", {"E1", "E2", "E3"}, uuid()), uuid());
        QVERIFY2(withNew.status == 201, withNew.body.c_str());
        QCOMPARE(m_db->scalar("SELECT count(*) FROM claims WHERE show_id = 'show-big' AND seat_id IN ('E1','E2','E3') "
                              "AND state = 'BOOKED'"),
                 std::string("3"));
        // A booked hold cannot be replaced; its seats stay booked.
        auto late = a.post("/v1/holds", replaceBody(now, {"E1"}), uuid());
        QCOMPARE(late.status, 409);
        QCOMPARE(late.json()["code"].get<std::string>(), std::string("replaced_hold_not_held"));
    }

    // A rival device asks for a seat the basket gives up at the same moment: the replacement
    // always succeeds, the rival gets the seat or a clean 409, and the seat is never claimed twice.
    void rivalRacingForASeatBeingGivenUp()
    {
        int rivalWon = 0;
        for (int round = 0; round < 20; ++round) {
            const char row = round < 10 ? 'F' : 'G';
            const std::string keep = std::string(1, row) + std::to_string((round % 10) * 2 + 1);
            const std::string drop = std::string(1, row) + std::to_string((round % 10) * 2 + 2);
            auto a = as(m_counter);
            const std::string old = holdSeats(a, {keep, drop});
            QVERIFY(!old.empty());
            Response replaced, rival;
            std::thread t1([&] { replaced = as(m_counter).post("/v1/holds", replaceBody(old, {keep}), uuid()); });
            std::thread t2([&] {
                rival = as(m_counter2).post("/v1/holds", {{"show_id", "show-big"}, {"seats", {drop}}}, uuid());
            });
            t1.join();
            t2.join();
            QVERIFY2(replaced.status == 201, replaced.body.c_str());
            QVERIFY2(rival.status == 201 || rival.status == 409, rival.body.c_str());
            QCOMPARE(claimCount(drop), std::string(rival.status == 201 ? "1" : "0"));
            QCOMPARE(claimsOf(replaced.json()["hold_id"].get<std::string>()), keep);
            if (rival.status == 201) {
                ++rivalWon;
                QCOMPARE(claimsOf(rival.json()["hold_id"].get<std::string>()), drop);
            }
        }
        qInfo("the rival got the given-up seat in %d of 20 rounds", rivalWon);
    }

    // Two baskets grow towards the same free seat at once: exactly one gets it, and the
    // other's old hold is untouched.
    void twoReplacementsRacingForTheSameSeat()
    {
        for (int round = 0; round < 10; ++round) {
            const std::string mine = "H" + std::to_string(round * 2 + 1);
            const std::string theirs = "H" + std::to_string(round * 2 + 2);
            const std::string wanted = "I" + std::to_string(round + 1);
            auto a = as(m_counter);
            auto b = as(m_counter2);
            const std::string oldA = holdSeats(a, {mine});
            const std::string oldB = holdSeats(b, {theirs});
            Response ra, rb;
            std::thread t1([&] { ra = as(m_counter).post("/v1/holds", replaceBody(oldA, {mine, wanted}), uuid()); });
            std::thread t2([&] { rb = as(m_counter2).post("/v1/holds", replaceBody(oldB, {theirs, wanted}), uuid()); });
            t1.join();
            t2.join();
            QVERIFY2((ra.status == 201) != (rb.status == 201), (ra.body + " / " + rb.body).c_str());
            const Response& loser = ra.status == 201 ? rb : ra;
            QCOMPARE(loser.status, 409);
            QCOMPARE(loser.json()["unavailable_seats"], json({wanted}));
            const std::string loserOld = ra.status == 201 ? oldB : oldA;
            QCOMPARE(holdState(loserOld), std::string("HELD/"));
            QCOMPARE(claimsOf(loserOld), ra.status == 201 ? theirs : mine);
            QCOMPARE(claimCount(wanted), std::string("1"));
        }
    }

    void cleanupTestCase()
    {
        m_server->kill(SIGTERM);
        const int status = m_server->wait();
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
};

QTEST_APPLESS_MAIN(TestHoldReplace)
#include "tst_HoldReplace.moc"
