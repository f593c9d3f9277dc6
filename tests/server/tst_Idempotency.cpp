// Idempotency-Key semantics of DESIGN.md: replay with Idempotent-Replayed, 422 for a
// different body, 409 + Retry-After while the first request runs, keys scoped to the
// device, refusals stored but 5xx and 429 not, and keys swept after their retention.

#include "IdempotencyStore.h"
#include "ServerHarness.h"

#include <QtTest>
#include <thread>

using namespace marquee::test;
using nlohmann::json;

class TestIdempotency : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    std::string m_a, m_b;

    int holdsFor(const std::string& seat)
    {
        return std::stoi(m_db->scalar("SELECT count(*) FROM holds WHERE '" + seat + "' = ANY(seats)"));
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<TestDatabase>("idem");
        m_a = m_db->addDevice("counter-a", "counter");
        m_b = m_db->addDevice("counter-b", "counter");
        m_server = std::make_unique<ServerProcess>(m_db->url());
        QVERIFY2(m_server->start(), m_server->log().c_str());
    }

    void replayReturnsTheSameOutcome()
    {
        auto a = m_server->client(m_a);
        const json body = {{"show_id", "show-big"}, {"seats", {"A1", "A2"}}};
        const std::string key = uuid();
        auto first = a.post("/v1/holds", body, key);
        QCOMPARE(first.status, 201);
        QVERIFY(first.header("Idempotent-Replayed").empty());
        auto second = a.post("/v1/holds", body, key);
        QCOMPARE(second.status, 201);
        QCOMPARE(second.header("Idempotent-Replayed"), std::string("true"));
        QCOMPARE(second.body, first.body);
        QCOMPARE(holdsFor("A1"), 1);
    }

    void differentBodyWithTheSameKeyIs422()
    {
        auto a = m_server->client(m_a);
        const std::string key = uuid();
        QCOMPARE(a.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"A3"}}}, key).status, 201);
        auto other = a.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"A4"}}}, key);
        QCOMPARE(other.status, 422);
        QCOMPARE(other.json()["code"].get<std::string>(), std::string("idempotency_key_reused"));
        QCOMPARE(holdsFor("A4"), 0);
    }

    void keysAreScopedToTheDevice()
    {
        const std::string key = uuid();
        auto a = m_server->client(m_a).post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"A5"}}}, key);
        QCOMPARE(a.status, 201);
        auto b = m_server->client(m_b).post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"A6"}}}, key);
        QCOMPARE(b.status, 201);
        QVERIFY(b.header("Idempotent-Replayed").empty());
    }

    void refusedOutcomeIsReplayedToo()
    {
        auto a = m_server->client(m_a);
        auto b = m_server->client(m_b);
        const std::string holder =
            b.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"A7"}}}, uuid()).json()["hold_id"];
        const std::string key = uuid();
        const json body = {{"show_id", "show-big"}, {"seats", {"A7"}}};
        QCOMPARE(a.post("/v1/holds", body, key).status, 409);
        QCOMPARE(b.del("/v1/holds/" + holder).status, 204);
        auto replay = a.post("/v1/holds", body, key);
        QCOMPARE(replay.status, 409);
        QCOMPARE(replay.header("Idempotent-Replayed"), std::string("true"));
        QCOMPARE(a.post("/v1/holds", body, uuid()).status, 201); // a new key is a new attempt
    }

    void concurrentSameKeyRunsTheEffectOnce()
    {
        const std::string key = uuid();
        const json body = {{"show_id", "show-big"}, {"seats", {"B1", "B2", "B3"}}};
        constexpr int kClients = 12;
        std::vector<Response> responses(kClients);
        std::vector<std::thread> threads;
        for (int i = 0; i < kClients; ++i) {
            threads.emplace_back([&, i] {
                auto client = m_server->client(m_a);
                responses[static_cast<std::size_t>(i)] = client.post("/v1/holds", body, key);
            });
        }
        for (auto& t : threads)
            t.join();
        std::set<std::string> holdIds;
        int inProgress = 0;
        for (const auto& r : responses) {
            if (r.status == 201) {
                holdIds.insert(r.json()["hold_id"].get<std::string>());
            } else {
                QVERIFY2(r.status == 409, r.body.c_str());
                QCOMPARE(r.json()["code"].get<std::string>(), std::string("request_in_progress"));
                QVERIFY(!r.header("Retry-After").empty());
                ++inProgress;
            }
        }
        QCOMPARE(holdIds.size(), std::size_t(1));
        QCOMPARE(holdsFor("B1"), 1);
        // Once the first finished, every retry is a replay of the same hold.
        auto retry = m_server->client(m_a).post("/v1/holds", body, key);
        QCOMPARE(retry.status, 201);
        QCOMPARE(retry.json()["hold_id"].get<std::string>(), *holdIds.begin());
        qInfo("%d of %d concurrent requests were told the key is in progress", inProgress, kClients);
    }

    void serverErrorsAreNotStored()
    {
        m_db->query("CREATE FUNCTION fail_t20() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "IF NEW.seat_id = 'T20' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$");
        m_db->query("CREATE TRIGGER fail_t20 BEFORE INSERT ON claims FOR EACH ROW EXECUTE FUNCTION fail_t20()");
        auto a = m_server->client(m_a);
        const std::string key = uuid();
        const json body = {{"show_id", "show-big"}, {"seats", {"T20"}}};
        auto failed = a.post("/v1/holds", body, key);
        QCOMPARE(failed.status, 500);
        QCOMPARE(failed.header("Content-Type"), std::string("application/problem+json"));
        QCOMPARE(m_db->scalar("SELECT count(*) FROM idempotency_keys WHERE key = '" + key + "'"), std::string("0"));
        m_db->query("DROP TRIGGER fail_t20 ON claims");
        auto retried = a.post("/v1/holds", body, key);
        QCOMPARE(retried.status, 201);
        QVERIFY(retried.header("Idempotent-Replayed").empty());
    }

    void rateLimitedRequestsAreNotStored()
    {
        ServerProcess strict(m_db->url(), {"--device-rate", "0.01", "--device-burst", "2"});
        QVERIFY2(strict.start(), strict.log().c_str());
        const std::string token = m_db->addDevice("runaway", "counter");
        auto client = strict.client(token);
        QCOMPARE(client.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"C1"}}}, uuid()).status, 201);
        QCOMPARE(client.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"C2"}}}, uuid()).status, 201);
        const std::string key = uuid();
        auto limited = client.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"C3"}}}, key);
        QCOMPARE(limited.status, 429);
        QVERIFY(std::stoi(limited.header("Retry-After")) >= 1);
        QCOMPARE(limited.header("Content-Type"), std::string("application/problem+json"));
        QCOMPARE(m_db->scalar("SELECT count(*) FROM idempotency_keys WHERE key = '" + key + "'"), std::string("0"));
        // Other devices are not affected by one runaway client.
        QCOMPARE(strict.client(m_b).post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"C4"}}}, uuid()).status,
                 201);
    }

    void hotShowIsRateLimited()
    {
        ServerProcess strict(m_db->url(), {"--show-rate", "0.01", "--show-burst", "1"});
        QVERIFY2(strict.start(), strict.log().c_str());
        QCOMPARE(strict.client(m_a).post("/v1/holds", {{"show_id", "show-small"}, {"seats", {"B4"}}}, uuid()).status,
                 201);
        auto second = strict.client(m_b).post("/v1/holds", {{"show_id", "show-small"}, {"seats", {"B5"}}}, uuid());
        QCOMPARE(second.status, 429);
        QCOMPARE(second.json()["scope"].get<std::string>(), std::string("show"));
        QCOMPARE(strict.client(m_b).post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"C5"}}}, uuid()).status,
                 201);
    }

    void keysAreSweptAfterTheirRetention()
    {
        auto a = m_server->client(m_a);
        const std::string oldKey = uuid();
        const std::string freshKey = uuid();
        QCOMPARE(a.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"D1"}}}, oldKey).status, 201);
        QCOMPARE(a.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"D2"}}}, freshKey).status, 201);
        m_db->query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = '" + oldKey +
                    "'");
        auto pool = marquee::server::ConnectionPool::open(m_db->url(), 1);
        QVERIFY(pool.has_value());
        marquee::server::Metrics metrics;
        marquee::server::IdempotencyStore store(**pool, metrics);
        auto swept = store.sweep(std::chrono::hours(24));
        QVERIFY(swept.has_value());
        QCOMPARE(*swept, 1LL);
        // The swept key is free again; the fresh one still replays.
        QCOMPARE(a.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"D3"}}}, oldKey).status, 201);
        QCOMPARE(
            a.post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"D2"}}}, freshKey).header("Idempotent-Replayed"),
            std::string("true"));
    }
};

QTEST_APPLESS_MAIN(TestIdempotency)
#include "tst_Idempotency.moc"
