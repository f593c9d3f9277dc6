// The outbox, the worker and online/offline holds against the real marquee-server over
// HTTPS, with our fault proxy in between. Every scenario ends with the same check: the
// server holds exactly the counter's bookings, refunds and seats, each once.

#include "FaultProxy.h"
#include "SyncHarness.h"
#include "TestPrinters.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <thread>

using namespace marquee;
using namespace marquee::test;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(marquee::test::Fault)

class OutboxSyncTest : public QObject
{
    Q_OBJECT

    Fixture m_fixture;
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<FaultProxy> m_proxy;
    QTemporaryDir m_dir;
    SystemClock m_clock;
    int m_devices = 0;

    struct Counter
    {
        std::string device;
        std::string token;
        std::string path;
        std::unique_ptr<LocalStore> store;
        std::unique_ptr<ServerApi> direct;  // straight to the server (set-up)
        std::unique_ptr<ServerApi> proxied; // through the fault proxy
    };

    Counter counter(Duration timeout = 2s)
    {
        Counter c;
        c.device = "counter-" + std::to_string(++m_devices);
        c.token = m_db->addDevice(c.device, "counter");
        c.path = m_dir.filePath(QString::fromStdString(c.device + ".sqlite")).toStdString();
        auto store = openCounterStore(c.path, c.device, m_clock);
        if (!store)
            qFatal("store: %s", store.error().message.c_str());
        c.store = std::move(*store);
        c.direct = std::move(*connectApi(m_server->port(), m_fixture.ca, c.token));
        c.proxied = std::move(*connectApi(m_proxy->port(), m_fixture.ca, c.token, timeout));
        return c;
    }

    std::unique_ptr<OutboxWorker> worker(const Counter& c, Duration timeout = 2s, int batch = 100)
    {
        OutboxWorker::Options options;
        options.databasePath = c.path;
        options.device = c.device;
        options.baseDelay = 20ms;
        options.maxDelay = 200ms;
        options.batchSize = batch;
        options.seed = 7;
        const int port = m_proxy->port();
        const std::string ca = m_fixture.ca;
        const std::string token = c.token;
        options.connect = [port, ca, token, timeout] { return connectApi(port, ca, token, timeout); };
        return std::make_unique<OutboxWorker>(options, m_clock);
    }

    // Runs passes until nothing is pending (or the deadline).
    static bool drain(OutboxWorker& w, Duration deadline = 60s)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < std::chrono::duration_cast<std::chrono::milliseconds>(deadline).count()) {
            if (!w.runOnce())
                return false;
            if (w.status().pending == 0)
                return true;
            std::this_thread::sleep_for(20ms);
        }
        return false;
    }

    // Sells `bookings` sales of `seatsEach` seats from a fresh lease, then refunds one seat of
    // the first sale and the whole second sale.
    static void sellFromLease(Counter& c, int bookings, int seatsEach)
    {
        CounterSync sync(*c.store, *c.direct);
        auto lease = sync.takeLease("show-big", bookings * seatsEach, 2h);
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        std::vector<std::string> ids;
        for (int b = 0; b < bookings; ++b) {
            std::vector<std::string> seats(lease->seats.begin() + b * seatsEach,
                                           lease->seats.begin() + (b + 1) * seatsEach);
            auto held = sync.hold("show-big", seats, "asha");
            QVERIFY2(held && held->granted(), held ? "not granted" : held.error().message.c_str());
            QCOMPARE(held->hold->origin, HoldOrigin::Lease);
            auto sale = adultCashSale(*c.store, *held->hold);
            QVERIFY(sale);
            QVERIFY(c.store->confirm(held->hold->id, *sale));
            ids.push_back(sale->bookingId);
        }
        if (bookings >= 2 && seatsEach >= 2) {
            auto first = c.store->booking(ids[0]);
            QVERIFY(c.store->refund({newUuid(), ids[0], {first->lines.front().seatId}, "one seat back", "asha"}));
            QVERIFY(c.store->refund({newUuid(), ids[1], {}, "whole booking back", "asha"}));
        }
    }

    void verifyServerMatches(Counter& c)
    {
        const Ledger local = localLedger(*c.store);
        const Ledger server = serverLedger(*m_db, c.device);
        QVERIFY2(local == server, ("counter: " + describe(local) + "; server: " + describe(server)).c_str());
        auto counts = c.store->outbox().counts();
        QCOMPARE(counts->pending, 0);
        QCOMPARE(counts->conflicts, 0);
        QCOMPARE(counts->failed, 0);
        // Every outbox row reached the server under its own key, once: no key was made twice.
        auto& count = c.store->database().cached("SELECT count(*) FROM outbox");
        const std::string rows = std::to_string(count.step().value_or(false) ? count.integer(0) : -1);
        count.reset();
        const std::string keys = m_db->scalar("SELECT count(*) FROM idempotency_keys k JOIN devices d USING "
                                              "(device_id) WHERE d.name = '" +
                                              c.device + "' AND k.key IN (" + keyList(c) + ")");
        QCOMPARE(keys, rows);
    }

    static std::string keyList(Counter& c)
    {
        std::string list;
        auto& stmt = c.store->database().cached("SELECT idempotency_key FROM outbox");
        while (stmt.step().value_or(false))
            list += (list.empty() ? "'" : ",'") + stmt.text(0) + "'";
        stmt.reset();
        return list.empty() ? "''" : list;
    }

private slots:
    void initTestCase()
    {
        m_fixture = Fixture::load();
        QVERIFY2(!m_fixture.pgUrl.empty(), "the server fixture did not run (ctest -R sync.OutboxSync starts it)");
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<TestDatabase>("outbox_sync");
        m_server = std::make_unique<ServerProcess>(m_db->url(), std::vector<std::string>{"--device-rate", "0"});
        QVERIFY2(m_server->start(), m_server->log().c_str());
        m_proxy = std::make_unique<FaultProxy>(
            FaultProxyOptions{m_server->port(), m_fixture.cert, m_fixture.key, m_fixture.ca, 300ms});
        QVERIFY(m_proxy->start());
    }

    void cleanupTestCase()
    {
        m_proxy.reset();
        m_server.reset();
    }

    void init() { m_proxy->setFault(Fault::Pass); }

    void answersAreClassifiedAsDesigned()
    {
        QCOMPARE(classifyAnswer(201, "{}", std::nullopt).state, OutboxState::Done);
        QCOMPARE(classifyAnswer(200, "{}", std::nullopt).state, OutboxState::Done);
        auto inProgress = classifyAnswer(409, R"({"code":"request_in_progress"})", "3");
        QCOMPARE(inProgress.state, OutboxState::Pending);
        QCOMPARE(*inProgress.retryAfter, Duration(3s));
        QCOMPARE(classifyAnswer(409, R"({"code":"hold_expired","detail":"the hold has run out"})", std::nullopt).state,
                 OutboxState::Conflict);
        QCOMPARE(classifyAnswer(429, "{}", "1").state, OutboxState::Pending);
        QCOMPARE(classifyAnswer(503, "", std::nullopt).state, OutboxState::Pending);
        QCOMPARE(classifyAnswer(401, "{}", std::nullopt).state, OutboxState::Pending);
        auto refused = classifyAnswer(422, R"({"code":"price_mismatch","detail":"seat A1 is not 1"})", std::nullopt);
        QCOMPARE(refused.state, OutboxState::Failed);
        QCOMPARE(refused.problem, std::string("seat A1 is not 1"));
        QCOMPARE(classifyAnswer(400, "not json", std::nullopt).state, OutboxState::Failed);
    }

    void everyFaultStillDeliversEachSaleOnce_data()
    {
        QTest::addColumn<Fault>("fault");
        for (Fault f : {Fault::Pass, Fault::Delay, Fault::DropBeforeServer, Fault::DropAfterCommit,
                        Fault::ResetAfterCommit, Fault::BlackHole, Fault::Duplicate}) {
            QTest::newRow(nameOf(f)) << f;
        }
    }

    void everyFaultStillDeliversEachSaleOnce()
    {
        QFETCH(Fault, fault);
        Counter c = counter(1s);
        sellFromLease(c, 8, 2);
        if (QTest::currentTestFailed())
            return;
        // The first four exchanges meet the fault (duplicates: every exchange), then the
        // network heals.
        const auto before = m_proxy->requests();
        m_proxy->setPlan([fault, before](const FaultProxy::RequestInfo& info) {
            return fault == Fault::Duplicate || info.index - before < 4 ? fault : Fault::Pass;
        });
        const auto faultsBefore = m_proxy->faultsApplied();
        auto w = worker(c, 1s, 3);
        QVERIFY(drain(*w));
        verifyServerMatches(c);
        if (fault != Fault::Pass) {
            QVERIFY(m_proxy->faultsApplied() >= faultsBefore + 4);
        }
        // Lost answers were retried (same key) rather than given up.
        auto& retried = c.store->database().cached("SELECT max(attempts) FROM outbox");
        QVERIFY(retried.step().value_or(false));
        const std::int64_t attempts = retried.integer(0);
        retried.reset();
        const bool lossy = fault != Fault::Pass && fault != Fault::Delay && fault != Fault::Duplicate;
        QVERIFY2(lossy ? attempts > 1 : attempts == 1, std::to_string(attempts).c_str());
        const SyncStatus status = w->status();
        QVERIFY(status.online);
        QCOMPARE(status.pending, 0);
    }

    void onlineHoldsSurviveALostAnswer()
    {
        Counter c = counter();
        CounterSync sync(*c.store, *c.proxied);
        // The server grants the hold but the answer is lost: the retry (same key) gets it.
        const auto before = m_proxy->requests();
        m_proxy->setPlan([before](const FaultProxy::RequestInfo& info) {
            return info.index == before && info.path == "/v1/holds" ? Fault::DropAfterCommit : Fault::Pass;
        });
        auto held = sync.hold("show-big", {"J5", "J6"}, "asha");
        QVERIFY2(held && held->granted(), held ? "not granted" : held.error().message.c_str());
        QCOMPARE(held->hold->origin, HoldOrigin::Server);
        QCOMPARE(m_db->scalar("SELECT count(*) FROM holds h JOIN devices d USING (device_id) WHERE d.name = '" +
                              c.device + "'"),
                 std::string("1"));
        // The local hold ends before the server's.
        const std::string serverEnd =
            m_db->scalar("SELECT (extract(epoch FROM expires_at) * 1000)::bigint FROM holds WHERE hold_id = '" +
                         held->hold->id + "'");
        QVERIFY(toEpochMs(held->hold->expiresAt) < std::stoll(serverEnd));

        // Another counter cannot have those seats meanwhile.
        Counter other = counter();
        CounterSync otherSync(*other.store, *other.direct);
        auto taken = otherSync.hold("show-big", {"J6", "J7"}, "ravi");
        QVERIFY(taken && !taken->granted());
        QCOMPARE(taken->unavailable, std::vector<std::string>{"J6"});

        auto sale = adultCashSale(*c.store, *held->hold);
        QVERIFY(c.store->confirm(held->hold->id, *sale));
        QCOMPARE(c.store->booking(sale->bookingId)->syncState, SyncState::Pending);
        auto w = worker(c);
        QVERIFY(drain(*w));
        QCOMPARE(c.store->booking(sale->bookingId)->syncState, SyncState::Confirmed);
        verifyServerMatches(c);
        QCOMPARE(m_db->scalar("SELECT hold_id FROM bookings WHERE booking_id = '" + sale->bookingId + "'"),
                 held->hold->id);

        // A released hold frees the seats on the server too.
        auto again = sync.hold("show-big", {"J8"}, "asha");
        QVERIFY(again && again->granted());
        QVERIFY(*sync.release(again->hold->id));
        auto free = otherSync.hold("show-big", {"J8"}, "ravi");
        QVERIFY(free && free->granted());
    }

    void offlineCountersSellOnlyTheirLeaseAndCatchUp()
    {
        Counter c = counter(1s);
        CounterSync direct(*c.store, *c.direct);
        auto lease = direct.takeLease("show-big", 4, 1h);
        QVERIFY(lease);
        m_proxy->setFault(Fault::DropBeforeServer); // the Wi-Fi is down
        CounterSync sync(*c.store, *c.proxied);
        auto outside = sync.hold("show-big", {"K1"}, "asha");
        QVERIFY(!outside);
        QCOMPARE(outside.error().code, ErrorCode::Network);
        QVERIFY(QString::fromStdString(outside.error().message).contains("allotment"));
        auto inside = sync.hold("show-big", {lease->seats[0], lease->seats[1]}, "asha");
        QVERIFY2(inside && inside->granted(), inside ? "" : inside.error().message.c_str());
        auto sale = adultCashSale(*c.store, *inside->hold);
        QVERIFY(c.store->confirm(inside->hold->id, *sale));

        auto w = worker(c, 1s);
        QVERIFY(w->runOnce());
        SyncStatus status = w->status();
        QVERIFY(!status.online);
        QCOMPARE(status.pending, 1);
        QVERIFY(!status.lastProblem.empty());

        m_proxy->setFault(Fault::Pass);
        QVERIFY(drain(*w));
        QVERIFY(w->status().online);
        verifyServerMatches(c);
    }

    void theWorkerThreadDeliversWhenWoken()
    {
        Counter c = counter();
        auto w = worker(c);
        std::atomic<int> updates{0};
        w->onStatus([&](const SyncStatus&) { ++updates; });
        QVERIFY(w->start());
        sellFromLease(c, 3, 1);
        w->wake();
        QTRY_COMPARE_WITH_TIMEOUT(c.store->outbox().counts()->pending, 0, 20000);
        w->stop();
        QVERIFY(updates.load() > 0);
        verifyServerMatches(c);
    }

    void conflictsAndRefusalsWaitForAManager()
    {
        Counter c = counter();
        // A server hold that ends in one second, mirrored as if it lasted a minute (a broken
        // clock): the server must refuse the sale, and the refusal must reach a person.
        auto answer = c.direct->hold("show-big", {"L1"}, 1s, newUuid());
        QVERIFY(answer && answer->hold);
        HoldRequest request;
        request.requestId = newUuid();
        request.showId = "show-big";
        request.seats = {"L1"};
        request.mirror = ServerHoldMirror{answer->hold->holdId, m_clock.now() + 60s};
        auto held = c.store->hold(request);
        QVERIFY(held && held->granted());
        auto sale = adultCashSale(*c.store, *held->hold);
        QVERIFY(c.store->confirm(held->hold->id, *sale));
        std::this_thread::sleep_for(1500ms);

        // And a row the server can never accept (a refund of a seat the booking lacks),
        // queued behind a delivered booking.
        auto tx = Transaction::begin(c.store->database());
        QVERIFY(tx);
        QVERIFY(c.store->outbox().enqueue("no-such-booking", OutboxKind::Refund, "POST",
                                          "/v1/bookings/no-such-booking/refunds",
                                          R"({"refund_id":"r1","seats":["Z99"],"reason":"test","staff":"asha"})"));
        QVERIFY(tx->commit());

        auto w = worker(c);
        QVERIFY(drain(*w));
        const SyncStatus status = w->status();
        QCOMPARE(status.conflicts, 1);
        QCOMPARE(status.failed, 1);
        QCOMPARE(c.store->booking(sale->bookingId)->syncState, SyncState::Conflict);
        auto problems = c.store->outbox().problems();
        QCOMPARE(problems->size(), std::size_t(2));
        QCOMPARE(problemCode(problems->at(0).response), std::string("hold_expired"));
        QCOMPARE(problems->at(1).lastStatus, 404);
        QVERIFY(!problems->at(0).lastError.empty());
        QCOMPARE(m_db->scalar("SELECT count(*) FROM bookings WHERE booking_id = '" + sale->bookingId + "'"),
                 std::string("0"));
    }
};

QTEST_GUILESS_MAIN(OutboxSyncTest)
#include "tst_OutboxSync.moc"
