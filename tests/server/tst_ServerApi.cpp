// Every endpoint of API v1 over HTTPS against PostgreSQL, success and error paths: auth
// and roles, holds and their expiry, seat deltas, bookings from holds and leases, refunds,
// payment intents, the daily report, health, metrics, and bad input of every kind.

#include "Migrations.h"
#include "ServerHarness.h"

#include <QtTest>

using namespace marquee::test;
using nlohmann::json;

namespace {
json booking(const std::string& holdId, const std::vector<std::pair<std::string, std::string>>& seats,
             const std::vector<std::int64_t>& prices, std::int64_t paid,
             const std::string& soldAt = "2030-01-10T10:00:00Z")
{
    json lines = json::array();
    for (std::size_t i = 0; i < seats.size(); ++i) {
        lines.push_back({{"seat", seats[i].first}, {"ticket_type", seats[i].second}, {"price_minor", prices[i]}});
    }
    json payments = json::array();
    if (paid > 0)
        payments.push_back({{"payment_id", uuid()}, {"method", "CARD_TERMINAL"}, {"amount_minor", paid}});
    return {{"booking_id", uuid()}, {"hold_id", holdId}, {"show_id", "show-big"}, {"seats", lines},
            {"payments", payments}, {"sold_at", soldAt}, {"staff", "alice"}};
}
} // namespace

class TestServerApi : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    std::string m_counter, m_counter2, m_kiosk, m_manager, m_channel;
    std::string m_ca;

    Client as(const std::string& token) { return m_server->client(token); }

    std::string holdSeats(Client& client, const std::vector<std::string>& seats, const std::string& show = "show-big")
    {
        auto r = client.post("/v1/holds", {{"show_id", show}, {"seats", seats}}, uuid());
        if (r.status != 201)
            qWarning("hold failed: %d %s", r.status, r.body.c_str());
        return r.status == 201 ? r.json()["hold_id"].get<std::string>() : std::string();
    }

    // Makes a hold look expired, as the database clock would after its TTL.
    void expire(const std::string& holdId)
    {
        m_db->query("UPDATE holds SET expires_at = now() - interval '1 second' WHERE hold_id = '" + holdId + "'");
        m_db->query("UPDATE claims SET expires_at = now() - interval '1 second' WHERE owner_id = '" + holdId + "'");
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<TestDatabase>("api");
        m_counter = m_db->addDevice("counter-1", "counter");
        m_counter2 = m_db->addDevice("counter-2", "counter");
        m_kiosk = m_db->addDevice("kiosk-1", "kiosk");
        m_manager = m_db->addDevice("manager-1", "manager");
        m_channel = m_db->addDevice("webshop", "channel");
        m_server = std::make_unique<ServerProcess>(m_db->url(), std::vector<std::string>{"--sweep-interval-ms", "200"});
        QVERIFY2(m_server->start(), m_server->log().c_str());
    }

    void healthReportsDatabaseWithoutAuth()
    {
        auto r = as("").get("/v1/health");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["database"].get<std::string>(), std::string("reachable"));
        QCOMPARE(r.json()["schema_version"].get<int>(), marquee::server::Migrations::latestVersion());
        QCOMPARE(r.json()["schema_latest"].get<int>(), marquee::server::Migrations::latestVersion());
    }

    void missingOrUnknownTokenIs401ProblemJson()
    {
        auto none = as("").get("/v1/catalog");
        QCOMPARE(none.status, 401);
        QCOMPARE(none.header("Content-Type"), std::string("application/problem+json"));
        QCOMPARE(none.json()["status"].get<int>(), 401);
        QVERIFY(!none.header("WWW-Authenticate").empty());
        auto wrong = as("mq_" + std::string(64, '0')).get("/v1/catalog");
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.json()["code"].get<std::string>(), std::string("unauthenticated"));
    }

    void revokedTokenIsRefused()
    {
        const std::string token = m_db->addDevice("doomed", "counter");
        QCOMPARE(as(token).get("/v1/catalog").status, 200);
        QCOMPARE(runServerTool({"device", "revoke", "doomed", "--db", m_db->url()}).exitCode, 0);
        // Within --auth-cache-ms (2 s by default).
        QTRY_COMPARE_WITH_TIMEOUT(as(token).get("/v1/catalog").status, 401, 5000);
    }

    void rolesAreCheckedPerEndpoint()
    {
        auto kiosk = as(m_kiosk);
        auto refund = kiosk.post("/v1/bookings/whatever/refunds", {{"refund_id", uuid()}, {"reason", "x"}}, uuid());
        QCOMPARE(refund.status, 403);
        QCOMPARE(refund.header("Content-Type"), std::string("application/problem+json"));
        QCOMPARE(refund.json()["code"].get<std::string>(), std::string("forbidden"));
        QCOMPARE(as(m_channel).get("/v1/reports/daily?business_date=2030-01-10").status, 403);
        QCOMPARE(kiosk.post("/v1/allotments", {{"show_id", "show-big"}, {"count", 2}, {"lease_s", 60}}, uuid()).status,
                 403);
        QCOMPARE(as(m_manager).get("/v1/reports/daily?business_date=2030-01-10").status, 200);
    }

    void catalogHasShowsAndEtag()
    {
        auto client = as(m_kiosk);
        auto r = client.get("/v1/catalog");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["shows"].size(), std::size_t(2));
        QCOMPARE(r.json()["screens"][0]["id"].get<std::string>(), std::string("screen-big"));
        const std::string etag = r.header("ETag");
        QVERIFY(!etag.empty());
        auto again = client.get("/v1/catalog", {{"If-None-Match", etag}});
        QCOMPARE(again.status, 304);
    }

    void holdIsAllOrNothingAndNamesTakenSeats()
    {
        auto a = as(m_counter);
        auto b = as(m_counter2);
        auto first = a.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"B1", "B2"}}}, uuid());
        QCOMPARE(first.status, 201);
        QVERIFY(!first.json()["hold_id"].get<std::string>().empty());
        QVERIFY(!first.json()["expires_at"].get<std::string>().empty());
        QCOMPARE(first.json()["ttl_s"].get<int>(), 300);
        auto second = b.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"B2", "B3", "B1"}}}, uuid());
        QCOMPARE(second.status, 409);
        QCOMPARE(second.header("Content-Type"), std::string("application/problem+json"));
        QCOMPARE(second.json()["code"].get<std::string>(), std::string("seats_unavailable"));
        QCOMPARE(second.json()["unavailable_seats"], json({"B2", "B1"}));
        // Nothing of the refused hold stayed: B3 is still free.
        QCOMPARE(m_db->scalar("SELECT count(*) FROM claims WHERE show_id = 'show-big' AND seat_id = 'B3'"),
                 std::string("0"));
        QVERIFY(!holdSeats(b, {"B3"}).empty());
    }

    void expiredHoldDoesNotBlockNewHold()
    {
        auto a = as(m_counter);
        const std::string old = holdSeats(a, {"D1", "D2"});
        QVERIFY(!old.empty());
        expire(old);
        auto b = as(m_counter2);
        auto taken = b.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"D2", "D3"}}}, uuid());
        QCOMPARE(taken.status, 201);
        // The old hold can neither be booked nor release the new hold's seat.
        auto late =
            a.post("/v1/bookings", booking(old, {{"D1", "adult"}, {"D2", "adult"}}, {25000, 25000}, 50000), uuid());
        QCOMPARE(late.status, 409);
        QCOMPARE(late.json()["code"].get<std::string>(), std::string("hold_expired"));
        QCOMPARE(a.del("/v1/holds/" + old).status, 204);
        QCOMPARE(m_db->scalar("SELECT owner_id FROM claims WHERE show_id = 'show-big' AND seat_id = 'D2'"),
                 taken.json()["hold_id"].get<std::string>());
    }

    void holdRejectsBadInputNamingTheField()
    {
        auto a = as(m_counter);
        struct Case
        {
            std::string body;
            int status;
            std::string field;
        };
        const std::vector<Case> cases = {
            {R"({"show_id":"show-big","seats":[1]})", 400, "seats[0]"},
            {R"({"show_id":"show-big","seats":"A1"})", 400, "seats"},
            {R"({"show_id":"show-big"})", 400, "seats"},
            {R"({"show_id":"show-big","seats":[]})", 400, "seats"},
            {R"({"show_id":"show-big","seats":["A1","A1"]})", 400, "seats[1]"},
            {R"({"show_id":7,"seats":["A1"]})", 400, "show_id"},
            {R"({"show_id":"show-big","seats":["A1"],"ttl_s":"long"})", 400, "ttl_s"},
            {R"({"show_id":"show-big","seats":["A1"],"ttl_s":-5})", 400, "ttl_s"},
            {R"({"show_id":"show-big","seats":["A1"],"ttl_s":100000})", 422, "ttl_s"},
            {R"({"show_id":"show-big","seats":["Z99"]})", 422, "seats[0]"},
            {R"({"show_id":"show-small","seats":["A6"]})", 422, "seats[0]"},
            {R"({"show_id":"no-such-show","seats":["A1"]})", 404, "show_id"},
        };
        for (const auto& c : cases) {
            auto r = a.postRaw("/v1/holds", c.body, {{"Idempotency-Key", uuid()}});
            QVERIFY2(r.status == c.status, (c.body + " -> " + std::to_string(r.status) + " " + r.body).c_str());
            QCOMPARE(r.header("Content-Type"), std::string("application/problem+json"));
            QCOMPARE(r.json()["field"].get<std::string>(), c.field);
        }
        for (const std::string& body :
             std::vector<std::string>{"{\"show_id\":", "not json", "[1,2", "", "{\"a\":" + std::string(100, '[')}) {
            auto r = a.postRaw("/v1/holds", body, {{"Idempotency-Key", uuid()}});
            QVERIFY2(r.status == 400, (body + " -> " + r.body).c_str());
            QCOMPARE(r.header("Content-Type"), std::string("application/problem+json"));
        }
        auto noKey = a.postRaw("/v1/holds", R"({"show_id":"show-big","seats":["A1"]})", {});
        QCOMPARE(noKey.status, 400);
        QCOMPARE(noKey.json()["code"].get<std::string>(), std::string("missing_idempotency_key"));
        auto wrongType = a.postRaw("/v1/holds", R"({"show_id":"show-big","seats":["A1"]})",
                                   {{"Idempotency-Key", uuid()}}, "text/plain");
        QCOMPARE(wrongType.status, 415);
    }

    void oversizedBodyAndHeadersAre4xx()
    {
        auto a = as(m_counter);
        const std::string big =
            "{\"show_id\":\"show-big\",\"seats\":[\"A1\"],\"pad\":\"" + std::string(1100 * 1024, 'x') + "\"}";
        auto r = a.postRaw("/v1/holds", big, {{"Idempotency-Key", uuid()}});
        QVERIFY2(r.status == 413 || r.status == 0, std::to_string(r.status).c_str());
        if (r.status == 413)
            QCOMPARE(r.header("Content-Type"), std::string("application/problem+json"));
        auto huge = a.get("/v1/catalog", {{"X-Padding", std::string(20000, 'y')}});
        QVERIFY2(huge.status == 0 || (huge.status >= 400 && huge.status < 500), std::to_string(huge.status).c_str());
        QCOMPARE(as("").get("/v1/health").status, 200); // still serving
    }

    void releaseIsIdempotentAndScopedToTheDevice()
    {
        auto a = as(m_counter);
        const std::string hold = holdSeats(a, {"E1"});
        QCOMPARE(as(m_counter2).del("/v1/holds/" + hold).status, 404);
        QCOMPARE(a.del("/v1/holds/" + hold).status, 204);
        QCOMPARE(a.del("/v1/holds/" + hold).status, 204);
        QCOMPARE(a.del("/v1/holds/" + uuid()).status, 404);
        auto other = as(m_counter2);
        QVERIFY(!holdSeats(other, {"E1"}).empty());
    }

    void holdsPlacedAndReleasedAreAudited()
    {
        auto a = as(m_counter);
        auto audited = [&](const std::string& entity, const std::string& action) {
            return m_db->scalar("SELECT count(*) || ':' || coalesce(max(d.name), '') FROM audit_log l "
                                "JOIN devices d USING (device_id) WHERE l.entity = '" +
                                entity + "' AND l.action = '" + action + "'");
        };
        const std::string key = uuid();
        const json body = {{"show_id", "show-big"}, {"seats", {"E5", "E6"}}};
        auto placed = a.post("/v1/holds", body, key);
        QCOMPARE(placed.status, 201);
        const std::string hold = placed.json()["hold_id"].get<std::string>();
        QCOMPARE(audited(hold, "hold.create"), std::string("1:counter-1"));
        const json detail = json::parse(
            m_db->scalar("SELECT detail FROM audit_log WHERE entity = '" + hold + "' AND action = 'hold.create'"));
        QCOMPARE(detail["show"].get<std::string>(), std::string("show-big"));
        QCOMPARE(detail["seats"], json({"E5", "E6"}));
        QCOMPARE(detail["expires_at"], placed.json()["expires_at"]);
        // A replay and a refused hold change no seat, so they add nothing to the log.
        QCOMPARE(a.post("/v1/holds", body, key).header("Idempotent-Replayed"), std::string("true"));
        const std::string before = m_db->scalar("SELECT count(*) FROM audit_log WHERE action <> 'hold.expire'");
        QCOMPARE(as(m_counter2).post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"E6"}}}, uuid()).status, 409);
        QCOMPARE(m_db->scalar("SELECT count(*) FROM audit_log WHERE action <> 'hold.expire'"), before);
        QCOMPARE(audited(hold, "hold.create"), std::string("1:counter-1"));
        // Released once, by a manager on the counter's behalf; the repeat changes nothing.
        QCOMPARE(as(m_manager).del("/v1/holds/" + hold).status, 204);
        QCOMPARE(a.del("/v1/holds/" + hold).status, 204);
        QCOMPARE(audited(hold, "hold.release"), std::string("1:manager-1"));
        QCOMPARE(json::parse(m_db->scalar("SELECT detail FROM audit_log WHERE entity = '" + hold +
                                          "' AND action = 'hold.release'"))["reason"]
                     .get<std::string>(),
                 std::string("cancelled"));
    }

    void seatsGiveSnapshotAndDeltasSinceVersion()
    {
        auto a = as(m_kiosk);
        auto snap = a.get("/v1/shows/show-small/seats");
        QCOMPARE(snap.status, 200);
        QCOMPARE(snap.json()["snapshot"].get<bool>(), true);
        const auto v0 = snap.json()["version"].get<std::int64_t>();
        const std::string hold = holdSeats(a, {"B1", "B2"}, "show-small");
        // A delta shows a change once every older transaction has finished; that is at once
        // here, but the sweeper may be running: poll briefly.
        json delta;
        QTRY_VERIFY_WITH_TIMEOUT(
            (delta = a.get("/v1/shows/show-small/seats?since=" + std::to_string(v0)).json())["seats"] ==
                json::parse(R"([{"seat":"B1","state":"HELD"},{"seat":"B2","state":"HELD"}])"),
            5000);
        QCOMPARE(delta["snapshot"].get<bool>(), false);
        const auto v1 = delta["version"].get<std::int64_t>();
        QVERIFY(v1 > v0);
        QCOMPARE(a.del("/v1/holds/" + hold).status, 204);
        QTRY_VERIFY_WITH_TIMEOUT(
            a.get("/v1/shows/show-small/seats?since=" + std::to_string(v1)).json()["seats"] ==
                json::parse(R"([{"seat":"B1","state":"AVAILABLE"},{"seat":"B2","state":"AVAILABLE"}])"),
            5000);
        // Nothing changed since the latest version.
        const auto v2 =
            a.get("/v1/shows/show-small/seats?since=" + std::to_string(v1)).json()["version"].get<std::int64_t>();
        QTRY_VERIFY_WITH_TIMEOUT(
            a.get("/v1/shows/show-small/seats?since=" + std::to_string(v2)).json()["seats"].empty(), 5000);
        QCOMPARE(a.get("/v1/shows/show-small/seats?since=abc").status, 400);
        QCOMPARE(a.get("/v1/shows/nope/seats").status, 404);
    }

    void sweeperReleasesExpiredHoldsIntoDeltas()
    {
        auto a = as(m_counter);
        const std::string hold = holdSeats(a, {"A3"}, "show-small");
        const auto v = a.get("/v1/shows/show-small/seats").json()["version"].get<std::int64_t>();
        expire(hold);
        QTRY_VERIFY_WITH_TIMEOUT(a.get("/v1/shows/show-small/seats?since=" + std::to_string(v)).json()["seats"] ==
                                     json::parse(R"([{"seat":"A3","state":"AVAILABLE"}])"),
                                 5000);
        QCOMPARE(m_db->scalar("SELECT state FROM holds WHERE hold_id = '" + hold + "'"), std::string("RELEASED"));
        QTRY_COMPARE_WITH_TIMEOUT(m_db->scalar("SELECT count(*) FROM audit_log WHERE action = 'hold.expire' AND "
                                               "entity = '" +
                                               hold + "'"),
                                  std::string("1"), 5000);
    }

    void unknownMethodOnKnownPathIs405WithAllow()
    {
        auto a = as(m_counter);
        const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
            {"PUT", "/v1/holds", "POST"},
            {"GET", "/v1/holds", "POST"},
            {"PATCH", "/v1/holds/" + uuid(), "DELETE"},
            {"POST", "/v1/health", "GET, HEAD"},
            {"DELETE", "/v1/bookings/" + uuid(), "GET, HEAD"},
            {"PUT", "/v1/bookings/" + uuid() + "/refunds", "POST"},
            {"OPTIONS", "/v1/catalog", "GET, HEAD"},
        };
        for (const auto& [method, path, allow] : cases) {
            auto r = a.send(method, path, method == "GET" || method == "OPTIONS" ? "" : "{}");
            QVERIFY2(r.status == 405, (method + " " + path + ": " + std::to_string(r.status)).c_str());
            QCOMPARE(r.header("Allow"), allow);
            QCOMPARE(r.header("Content-Type"), std::string("application/problem+json"));
            QCOMPARE(r.json()["code"].get<std::string>(), std::string("method_not_allowed"));
            QCOMPARE(r.json()["status"].get<int>(), 405);
        }
        // An unknown path stays 404, and the connection still serves after a 405 with a body.
        QCOMPARE(a.send("PUT", "/v1/nothing-here", "{}").status, 404);
        QCOMPARE(a.get("/v1/catalog").status, 200);
    }

    void bookingFromHoldIsConfirmedAndReadable()
    {
        auto a = as(m_counter);
        const std::string hold = holdSeats(a, {"K1", "K2"});
        json body = booking(hold, {{"K1", "adult"}, {"K2", "child"}}, {32000, 12000}, 44000);
        auto r = a.post("/v1/bookings", body, uuid());
        QVERIFY2(r.status == 201, r.body.c_str());
        const json b = r.json();
        QCOMPARE(b["state"].get<std::string>(), std::string("CONFIRMED"));
        QCOMPARE(b["total_minor"].get<int>(), 44000);
        QCOMPARE(b["seats"][0]["category"].get<std::string>(), std::string("premium"));
        QCOMPARE(b["seats"][0]["tax_rate_bp"].get<int>(), 1800);
        QVERIFY(!b["reference"].get<std::string>().empty());
        auto got = as(m_kiosk).get("/v1/bookings/" + body["booking_id"].get<std::string>());
        QCOMPARE(got.status, 200);
        QCOMPARE(got.json(), b);
        QCOMPARE(as(m_kiosk).get("/v1/bookings/nope").status, 404);
        // The same booking id with a fresh key (a lost reply) returns the booking, not a second one.
        auto again = a.post("/v1/bookings", body, uuid());
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json()["booking_id"], b["booking_id"]);
        QCOMPARE(m_db->scalar("SELECT count(*) FROM claims WHERE show_id = 'show-big' AND seat_id IN ('K1','K2') AND "
                              "state = 'BOOKED'"),
                 std::string("2"));
    }

    void bookingKeepsEveryPaymentAndItsAuditRow()
    {
        auto a = as(m_counter);
        const std::string hold = holdSeats(a, {"K5", "K6"});
        json body = booking(hold, {{"K5", "adult"}, {"K6", "adult"}}, {32000, 32000}, 0);
        body["payments"] =
            json::array({{{"payment_id", uuid()},
                          {"method", "CASH"},
                          {"amount_minor", 40000},
                          {"tendered_minor", 50000},
                          {"reference", "drawer 1"}},
                         {{"payment_id", uuid()}, {"method", "CARD_TERMINAL"}, {"amount_minor", 24000}}});
        auto r = a.post("/v1/bookings", body, uuid());
        QVERIFY2(r.status == 201, r.body.c_str());
        const json payments = r.json()["payments"];
        QCOMPARE(payments.size(), std::size_t(2));
        for (const auto& p : payments) {
            if (p["method"] == "CASH") {
                QCOMPARE(p["tendered_minor"].get<int>(), 50000);
                QCOMPARE(p["reference"].get<std::string>(), std::string("drawer 1"));
            } else {
                QVERIFY(p["tendered_minor"].is_null());
            }
        }
        const std::string id = body["booking_id"].get<std::string>();
        QCOMPARE(m_db->scalar("SELECT count(*) FROM audit_log WHERE action = 'booking.confirm' AND entity = '" + id +
                              "' AND staff = 'alice'"),
                 std::string("1"));
        QCOMPARE(m_db->scalar("SELECT state FROM holds WHERE hold_id = '" + hold + "'"), std::string("BOOKED"));
    }

    void batchBooksEachItemUnderItsOwnKey()
    {
        auto a = as(m_counter);
        const std::string h1 = holdSeats(a, {"R1"});
        const std::string h2 = holdSeats(a, {"R2"});
        const json good = booking(h1, {{"R1", "adult"}}, {32000}, 32000);
        const json bad = booking(h2, {{"R2", "adult"}}, {1}, 1);
        const std::string key = uuid();
        const json batch = {{"items",
                             {{{"idempotency_key", key}, {"booking", good}},
                              {{"idempotency_key", uuid()}, {"booking", bad}},
                              {{"idempotency_key", key}, {"booking", good}},
                              {{"booking", good}}}}};
        auto r = a.post("/v1/bookings:batch", batch, uuid());
        QVERIFY2(r.status == 200, r.body.c_str());
        const json results = r.json()["results"];
        QCOMPARE(results.size(), std::size_t(4));
        QCOMPARE(results[0]["status"].get<int>(), 201);
        QCOMPARE(results[0]["body"]["booking_id"], good["booking_id"]);
        QCOMPARE(results[1]["status"].get<int>(), 422);
        QCOMPARE(results[1]["body"]["code"].get<std::string>(), std::string("price_mismatch"));
        QCOMPARE(results[2]["status"].get<int>(), 201);
        QCOMPARE(results[2]["replayed"].get<bool>(), true);
        QCOMPARE(results[3]["status"].get<int>(), 400);
        // The same sale POSTed alone with the item's key is a replay, not a second booking.
        auto single = a.postRaw("/v1/bookings", good.dump(), {{"Idempotency-Key", key}});
        QCOMPARE(single.status, 201);
        QCOMPARE(single.header("Idempotent-Replayed"), std::string("true"));
        QCOMPARE(a.post("/v1/bookings:batch", {{"items", json::array()}}, uuid()).status, 400);
        QCOMPARE(as(m_kiosk).post("/v1/bookings:batch", {{"items", "x"}}, uuid()).status, 400);
    }

    void bookingRefusesWrongPricesAndPayments()
    {
        auto a = as(m_counter);
        const std::string hold = holdSeats(a, {"L1"});
        auto wrongPrice = a.post("/v1/bookings", booking(hold, {{"L1", "adult"}}, {100}, 100), uuid());
        QCOMPARE(wrongPrice.status, 422);
        QCOMPARE(wrongPrice.json()["field"].get<std::string>(), std::string("seats[0].price_minor"));
        auto negative = a.post("/v1/bookings", booking(hold, {{"L1", "adult"}}, {-5}, 100), uuid());
        QCOMPARE(negative.status, 400);
        QCOMPARE(negative.json()["field"].get<std::string>(), std::string("seats[0].price_minor"));
        auto underpaid = a.post("/v1/bookings", booking(hold, {{"L1", "adult"}}, {32000}, 30000), uuid());
        QCOMPARE(underpaid.status, 422);
        QCOMPARE(underpaid.json()["field"].get<std::string>(), std::string("payments"));
        auto unknownType = a.post("/v1/bookings", booking(hold, {{"L1", "student"}}, {32000}, 32000), uuid());
        QCOMPARE(unknownType.status, 422);
        QCOMPARE(unknownType.json()["field"].get<std::string>(), std::string("seats[0].ticket_type"));
        auto wrongSeats = a.post("/v1/bookings", booking(hold, {{"L2", "adult"}}, {32000}, 32000), uuid());
        QCOMPARE(wrongSeats.status, 422);
        QCOMPARE(wrongSeats.json()["field"].get<std::string>(), std::string("seats"));
        json noHold = booking(hold, {{"L1", "adult"}}, {32000}, 32000);
        noHold.erase("hold_id");
        QCOMPARE(a.post("/v1/bookings", noHold, uuid()).status, 400);
        auto otherDevice =
            as(m_counter2).post("/v1/bookings", booking(hold, {{"L1", "adult"}}, {32000}, 32000), uuid());
        QCOMPARE(otherDevice.status, 404);
        json overridden = booking(hold, {{"L1", "adult"}}, {30000}, 30000);
        overridden["seats"][0]["price_override_reason"] = "loyalty discount";
        auto ok = a.post("/v1/bookings", overridden, uuid());
        QVERIFY2(ok.status == 201, ok.body.c_str());
        // A booked hold cannot be booked again under another id.
        auto twice = a.post("/v1/bookings", booking(hold, {{"L1", "adult"}}, {32000}, 32000), uuid());
        QCOMPARE(twice.status, 409);
        QCOMPARE(twice.json()["code"].get<std::string>(), std::string("hold_used"));
    }

    void allotmentLeaseSellsOfflineUntilItsEnd()
    {
        auto a = as(m_counter);
        auto lease = a.post("/v1/allotments",
                            {{"show_id", "show-big"}, {"seats", {"M1", "M2", "M3"}}, {"lease_s", 3600}}, uuid());
        QVERIFY2(lease.status == 201, lease.body.c_str());
        const std::string id = lease.json()["allotment_id"].get<std::string>();
        // Nobody else can hold the leased seats.
        auto blocked = as(m_counter2).post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"M2"}}}, uuid());
        QCOMPARE(blocked.status, 409);
        const std::string soldAt = m_db->scalar("SELECT to_char((now() - interval '1 minute') AT TIME ZONE 'UTC', "
                                                "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
        json sale = booking("", {{"M1", "adult"}, {"M2", "adult"}}, {32000, 32000}, 64000, soldAt);
        sale.erase("hold_id");
        sale["allotment_id"] = id;
        auto sold = a.post("/v1/bookings", sale, uuid());
        QVERIFY2(sold.status == 201, sold.body.c_str());
        QCOMPARE(sold.json()["allotment_id"].get<std::string>(), id);
        // After the lease ended (but while its grace keeps the claim), a sale made before the end is accepted...
        m_db->query("UPDATE allotments SET lease_expires_at = now() - interval '10 seconds' WHERE allotment_id = '" +
                    id + "'");
        json late = booking("", {{"M3", "adult"}}, {32000}, 32000, soldAt);
        late.erase("hold_id");
        late["allotment_id"] = id;
        json tooLate = late;
        tooLate["booking_id"] = uuid();
        tooLate["sold_at"] = m_db->scalar("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
        // ...and one made after it is not.
        auto refused = a.post("/v1/bookings", tooLate, uuid());
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.json()["code"].get<std::string>(), std::string("lease_expired"));
        QCOMPARE(a.post("/v1/bookings", late, uuid()).status, 201);
        // Another device cannot sell from the lease.
        json foreign = late;
        foreign["booking_id"] = uuid();
        QCOMPARE(as(m_counter2).post("/v1/bookings", foreign, uuid()).status, 404);
    }

    void allotmentByCountAndReturn()
    {
        auto a = as(m_counter);
        auto lease = a.post("/v1/allotments", {{"show_id", "show-small"}, {"count", 4}, {"lease_s", 600}}, uuid());
        QVERIFY2(lease.status == 201, lease.body.c_str());
        QCOMPARE(lease.json()["seats"].size(), std::size_t(4));
        const std::string id = lease.json()["allotment_id"].get<std::string>();
        QCOMPARE(as(m_counter2).del("/v1/allotments/" + id).status, 404);
        QCOMPARE(a.del("/v1/allotments/" + id).status, 204);
        QCOMPARE(a.del("/v1/allotments/" + id).status, 204);
        QCOMPARE(
            m_db->scalar("SELECT count(*) FROM audit_log WHERE action = 'allotment.return' AND entity = '" + id + "'"),
            std::string("1"));
        QCOMPARE(m_db->scalar("SELECT count(*) FROM claims WHERE owner_id = '" + id + "'"), std::string("0"));
        auto tooMany = a.post("/v1/allotments", {{"show_id", "show-small"}, {"count", 99}, {"lease_s", 600}}, uuid());
        QCOMPARE(tooMany.status, 409);
        auto tooLong =
            a.post("/v1/allotments", {{"show_id", "show-small"}, {"count", 1}, {"lease_s", 10'000'000}}, uuid());
        QCOMPARE(tooLong.status, 422);
        QCOMPARE(tooLong.json()["field"].get<std::string>(), std::string("lease_s"));
        auto both = a.post("/v1/allotments",
                           {{"show_id", "show-small"}, {"count", 1}, {"seats", {"A1"}}, {"lease_s", 60}}, uuid());
        QCOMPARE(both.status, 400);
    }

    void refundFreesSeatsAndReturnsMoney()
    {
        auto a = as(m_counter);
        const std::string hold = holdSeats(a, {"N1", "N2"});
        json body = booking(hold, {{"N1", "adult"}, {"N2", "adult"}}, {32000, 32000}, 64000);
        QCOMPARE(a.post("/v1/bookings", body, uuid()).status, 201);
        const std::string id = body["booking_id"].get<std::string>();
        auto refund = a.post("/v1/bookings/" + id + "/refunds",
                             {{"refund_id", uuid()}, {"seats", {"N2"}}, {"reason", "ill"}}, uuid());
        QVERIFY2(refund.status == 201, refund.body.c_str());
        QCOMPARE(refund.json()["amount_minor"].get<int>(), 32000);
        QCOMPARE(refund.json()["booking"]["state"].get<std::string>(), std::string("PARTLY_REFUNDED"));
        QCOMPARE(refund.json()["booking"]["refunds"][0]["parts"][0]["method"].get<std::string>(),
                 std::string("CARD_TERMINAL"));
        auto again = a.post("/v1/bookings/" + id + "/refunds",
                            {{"refund_id", uuid()}, {"seats", {"N2"}}, {"reason", "ill"}}, uuid());
        QCOMPARE(again.status, 409);
        QCOMPARE(again.json()["code"].get<std::string>(), std::string("already_refunded"));
        auto notMine = a.post("/v1/bookings/" + id + "/refunds",
                              {{"refund_id", uuid()}, {"seats", {"Q9"}}, {"reason", "x"}}, uuid());
        QCOMPARE(notMine.status, 422);
        QCOMPARE(a.post("/v1/bookings/nope/refunds", {{"refund_id", uuid()}, {"reason", "x"}}, uuid()).status, 404);
        QCOMPARE(a.post("/v1/bookings/" + id + "/refunds", {{"refund_id", uuid()}}, uuid()).status, 400);
        auto other = as(m_counter2);
        QVERIFY(!holdSeats(other, {"N2"}).empty());
        auto rest = as(m_manager).post("/v1/bookings/" + id + "/refunds",
                                       {{"refund_id", uuid()}, {"reason", "show cancelled"}}, uuid());
        QCOMPARE(rest.status, 201);
        QCOMPARE(rest.json()["booking"]["state"].get<std::string>(), std::string("REFUNDED"));
    }

    void paymentIntentEventsAreDeduplicatedByGatewayTransaction()
    {
        auto k = as(m_kiosk);
        const std::string intent = uuid();
        auto created = k.post("/v1/payment-intents",
                              {{"intent_id", intent}, {"currency", "INR"}, {"amount_minor", 32000}}, uuid());
        QVERIFY2(created.status == 201, created.body.c_str());
        QCOMPARE(created.json()["state"].get<std::string>(), std::string("CREATED"));
        json event = {{"gateway_txn_id", "gw-1"}, {"type", "AUTHORIZED"}, {"amount_minor", 32000}};
        auto first = k.post("/v1/payment-intents/" + intent + "/events", event, uuid());
        QCOMPARE(first.status, 201);
        QCOMPARE(first.json()["applied"].get<bool>(), true);
        auto repeat = k.post("/v1/payment-intents/" + intent + "/events", event, uuid());
        QCOMPARE(repeat.status, 200);
        QCOMPARE(repeat.json()["duplicate"].get<bool>(), true);
        QCOMPARE(repeat.json()["intent"]["events"].size(), std::size_t(1));
        auto refundBeforeCapture =
            k.post("/v1/payment-intents/" + intent + "/events",
                   {{"gateway_txn_id", "gw-2"}, {"type", "REFUNDED"}, {"amount_minor", 32000}}, uuid());
        QCOMPARE(refundBeforeCapture.json()["applied"].get<bool>(), false);
        auto capture = k.post("/v1/payment-intents/" + intent + "/events",
                              {{"gateway_txn_id", "gw-3"}, {"type", "CAPTURED"}, {"amount_minor", 32000}}, uuid());
        QCOMPARE(capture.json()["intent"]["state"].get<std::string>(), std::string("CAPTURED"));
        QCOMPARE(k.post("/v1/payment-intents/nope/events", event, uuid()).status, 404);
        QCOMPARE(k.post("/v1/payment-intents/" + intent + "/events",
                        {{"gateway_txn_id", "gw-4"}, {"type", "STOLEN"}, {"amount_minor", 1}}, uuid())
                     .status,
                 400);
        QCOMPARE(
            k.post("/v1/payment-intents", {{"intent_id", uuid()}, {"currency", "INR"}, {"amount_minor", -1}}, uuid())
                .status,
            400);
    }

    void dailyReportSumsSalesByShowAndMethod()
    {
        auto m = as(m_manager);
        auto before = m.get("/v1/reports/daily?business_date=2030-02-01").json();
        QCOMPARE(before["totals"]["gross_minor"].get<int>(), 0);
        auto a = as(m_counter);
        const std::string hold = holdSeats(a, {"P1"});
        // 2030-02-02 01:00 in Kolkata is before the 06:00 cut-off: business date 2030-02-01.
        QCOMPARE(
            a.post("/v1/bookings", booking(hold, {{"P1", "adult"}}, {32000}, 32000, "2030-02-01T19:30:00Z"), uuid())
                .status,
            201);
        auto report = m.get("/v1/reports/daily?business_date=2030-02-01");
        QCOMPARE(report.status, 200);
        const json r = report.json();
        QCOMPARE(r["from"].get<std::string>(), std::string("2030-02-01T00:30:00Z"));
        QCOMPARE(r["totals"]["gross_minor"].get<int>(), 32000);
        QCOMPARE(r["shows"][0]["show_id"].get<std::string>(), std::string("show-big"));
        QCOMPARE(r["payments"][0]["method"].get<std::string>(), std::string("CARD_TERMINAL"));
        QCOMPARE(m.get("/v1/reports/daily?business_date=2030-13-01").status, 400);
        QCOMPARE(m.get("/v1/reports/daily").status, 400);
    }

    void metricsArePrometheusText()
    {
        auto r = as("").get("/metrics");
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Type").rfind("text/plain", 0) == 0);
        QVERIFY(r.body.find("marquee_http_requests_total{route=\"holds.create\",status=\"201\"}") != std::string::npos);
        QVERIFY(r.body.find("marquee_http_request_duration_seconds_bucket{route=\"holds.create\",le=\"+Inf\"}") !=
                std::string::npos);
        QVERIFY(r.body.find("marquee_holds_granted_total ") != std::string::npos);
        QVERIFY(r.body.find("marquee_hold_conflicts_total ") != std::string::npos);
        QVERIFY(r.body.find("marquee_idempotent_replays_total ") != std::string::npos);
    }

    void unknownRoutesAreProblemJson()
    {
        auto r = as(m_counter).get("/v1/nothing-here");
        QCOMPARE(r.status, 404);
        QCOMPARE(r.header("Content-Type"), std::string("application/problem+json"));
    }

    void cleanupTestCase()
    {
        m_server->kill(SIGTERM);
        const int status = m_server->wait();
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
};

QTEST_APPLESS_MAIN(TestServerApi)
#include "tst_ServerApi.moc"
