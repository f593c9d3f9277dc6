// CounterSync's basket hold replacement (hold() with replacesHoldId) against the real
// marquee-server over HTTPS, with the fault proxy in between: online the server replaces the
// hold atomically and the counter mirrors it in one local step; refused, nothing changes
// anywhere; lease holds change locally; with no answer nothing changes locally, and a
// replacement whose answer was lost is recovered with its key before the next one.

#include "FaultProxy.h"
#include "SyncHarness.h"
#include "TestPrinters.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace marquee;
using namespace marquee::test;
using namespace std::chrono_literals;

class CounterSyncTest : public QObject
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
        std::unique_ptr<LocalStore> store;
        std::unique_ptr<ServerApi> direct;
        std::unique_ptr<ServerApi> proxied;
    };

    Counter counter()
    {
        Counter c;
        c.device = "counter-" + std::to_string(++m_devices);
        const std::string token = m_db->addDevice(c.device, "counter");
        const std::string path = m_dir.filePath(QString::fromStdString(c.device + ".sqlite")).toStdString();
        auto store = openCounterStore(path, c.device, m_clock);
        if (!store)
            qFatal("store: %s", store.error().message.c_str());
        c.store = std::move(*store);
        c.direct = std::move(*connectApi(m_server->port(), m_fixture.ca, token));
        c.proxied = std::move(*connectApi(m_proxy->port(), m_fixture.ca, token, 1s));
        return c;
    }

    // The server's view of a hold: "STATE/end_reason".
    std::string serverHold(const std::string& holdId)
    {
        return m_db->scalar("SELECT state || '/' || coalesce(end_reason, '') FROM holds WHERE hold_id = '" + holdId +
                            "'");
    }

    // The local view of a hold: "STATE/end_reason".
    static std::string localHold(LocalStore& store, const std::string& holdId)
    {
        auto& row = store.database().cached("SELECT state || '/' || coalesce(end_reason, '') FROM holds "
                                            "WHERE hold_id = ?1");
        row.bind(1, holdId);
        std::string out = row.step().value_or(false) ? row.text(0) : std::string("none");
        row.reset();
        return out;
    }

    // The HELD holds the server has for a counter, as "seat,seat" per hold.
    std::vector<std::vector<std::string>> liveServerHolds(const std::string& device)
    {
        return m_db->query("SELECT h.hold_id, array_to_string(h.seats, ',') FROM holds h JOIN devices d "
                           "USING (device_id) WHERE d.name = '" +
                           device + "' AND h.state = 'HELD' ORDER BY h.created_at");
    }

private slots:
    void initTestCase()
    {
        m_fixture = Fixture::load();
        QVERIFY2(!m_fixture.pgUrl.empty(), "the server fixture did not run (ctest -R sync.CounterSync starts it)");
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<TestDatabase>("counter_sync");
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

    void onlineReplaceGrowsAndShrinksTheBasket()
    {
        Counter c = counter();
        Counter other = counter();
        CounterSync sync(*c.store, *c.direct);
        CounterSync rival(*other.store, *other.direct);
        auto first = sync.hold("show-big", {"A1", "A2"}, "asha");
        QVERIFY2(first && first->granted(), first ? "not granted" : first.error().message.c_str());
        const std::string old = first->hold->id;

        auto grown = sync.hold("show-big", {"A1", "A2", "A3"}, "asha", old);
        QVERIFY2(grown && grown->granted(), grown ? "not granted" : grown.error().message.c_str());
        QCOMPARE(grown->hold->origin, HoldOrigin::Server);
        QVERIFY(grown->hold->id != old);
        QCOMPARE(grown->hold->seats, (std::vector<std::string>{"A1", "A2", "A3"}));
        QCOMPARE(localHold(*c.store, old), std::string("RELEASED/replaced"));
        QCOMPARE(localHold(*c.store, grown->hold->id), std::string("HELD/"));
        QCOMPARE(serverHold(old), std::string("RELEASED/replaced"));
        QCOMPARE(serverHold(grown->hold->id), std::string("HELD/"));
        // The mirror is what the UI reads.
        auto loaded = c.store->findHold(grown->hold->id);
        QVERIFY(loaded);
        QCOMPARE(loaded->seats.size(), std::size_t(3));

        auto shrunk = sync.hold("show-big", {"A3"}, "asha", grown->hold->id);
        QVERIFY2(shrunk && shrunk->granted(), shrunk ? "not granted" : shrunk.error().message.c_str());
        QCOMPARE(localHold(*c.store, grown->hold->id), std::string("RELEASED/replaced"));
        const auto live = liveServerHolds(c.device);
        QCOMPARE(live.size(), std::size_t(1));
        QCOMPARE(live[0][0], shrunk->hold->id);
        QCOMPARE(live[0][1], std::string("A3"));
        // The seats given up are free for others at once.
        auto taken = rival.hold("show-big", {"A1", "A2"}, "ravi");
        QVERIFY(taken && taken->granted());
    }

    void refusedReplaceChangesNothing()
    {
        Counter c = counter();
        Counter other = counter();
        CounterSync sync(*c.store, *c.direct);
        CounterSync rival(*other.store, *other.direct);
        auto mine = sync.hold("show-big", {"B1", "B2"}, "asha");
        auto theirs = rival.hold("show-big", {"B3"}, "ravi");
        QVERIFY(mine && mine->granted() && theirs && theirs->granted());
        const Timestamp expiresBefore = mine->hold->expiresAt;
        auto refused = sync.hold("show-big", {"B1", "B2", "B3"}, "asha", mine->hold->id);
        QVERIFY2(refused, refused ? "" : refused.error().message.c_str());
        QVERIFY(!refused->granted());
        QCOMPARE(refused->unavailable, std::vector<std::string>{"B3"});
        QCOMPARE(localHold(*c.store, mine->hold->id), std::string("HELD/"));
        QCOMPARE(c.store->findHold(mine->hold->id)->expiresAt, expiresBefore);
        QCOMPARE(serverHold(mine->hold->id), std::string("HELD/"));
        QCOMPARE(liveServerHolds(c.device).size(), std::size_t(1));
        // A booked hold is no basket any more.
        auto sale = adultCashSale(*c.store, *mine->hold);
        QVERIFY(sale);
        QVERIFY(c.store->confirm(mine->hold->id, *sale));
        auto late = sync.hold("show-big", {"B1", "B4"}, "asha", mine->hold->id);
        QVERIFY(!late);
        QCOMPARE(late.error().code, ErrorCode::Conflict);
        // And a hold of another show cannot be replaced by this one.
        auto small = sync.hold("show-small", {"A1"}, "asha");
        QVERIFY(small && small->granted());
        auto wrongShow = sync.hold("show-big", {"B5"}, "asha", small->hold->id);
        QVERIFY(!wrongShow);
        QCOMPARE(wrongShow.error().code, ErrorCode::InvalidArgument);
        QCOMPARE(localHold(*c.store, small->hold->id), std::string("HELD/"));
    }

    void leaseHoldsChangeLocallyEvenOffline()
    {
        Counter c = counter();
        CounterSync direct(*c.store, *c.direct);
        auto lease = direct.takeLease("show-big", 4, 1h);
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        m_proxy->setFault(Fault::DropBeforeServer);
        CounterSync sync(*c.store, *c.proxied);
        auto first = sync.hold("show-big", {lease->seats[0]}, "asha");
        QVERIFY2(first && first->granted(), first ? "" : first.error().message.c_str());
        QCOMPARE(first->hold->origin, HoldOrigin::Lease);
        auto grown = sync.hold("show-big", {lease->seats[0], lease->seats[1]}, "asha", first->hold->id);
        QVERIFY2(grown && grown->granted(), grown ? "" : grown.error().message.c_str());
        QCOMPARE(grown->hold->origin, HoldOrigin::Lease);
        QCOMPARE(localHold(*c.store, first->hold->id), std::string("RELEASED/replaced"));
        // Growing past the lease while offline: refused with the reason, the lease hold stays.
        auto outside = sync.hold("show-big", {lease->seats[0], lease->seats[1], "T20"}, "asha", grown->hold->id);
        QVERIFY(!outside);
        QCOMPARE(outside.error().code, ErrorCode::Network);
        QCOMPARE(localHold(*c.store, grown->hold->id), std::string("HELD/"));
    }

    void serverMirrorMovedIntoTheLease()
    {
        Counter c = counter();
        CounterSync sync(*c.store, *c.direct);
        auto lease = sync.takeLease("show-big", 2, 1h);
        QVERIFY(lease);
        auto online = sync.hold("show-big", {"C1"}, "asha");
        QVERIFY(online && online->granted());
        QCOMPARE(online->hold->origin, HoldOrigin::Server);
        // The basket now wants only leased seats: they come from the lease, the old mirror
        // goes in the same local step, and the server's hold is released.
        auto moved = sync.hold("show-big", {lease->seats[0]}, "asha", online->hold->id);
        QVERIFY2(moved && moved->granted(), moved ? "" : moved.error().message.c_str());
        QCOMPARE(moved->hold->origin, HoldOrigin::Lease);
        QCOMPARE(localHold(*c.store, online->hold->id), std::string("RELEASED/replaced"));
        QCOMPARE(serverHold(online->hold->id), std::string("RELEASED/cancelled"));
    }

    void unreachableServerLeavesTheOldHold()
    {
        Counter c = counter();
        CounterSync direct(*c.store, *c.direct);
        auto first = direct.hold("show-big", {"D1"}, "asha");
        QVERIFY(first && first->granted());
        m_proxy->setFault(Fault::DropBeforeServer);
        CounterSync sync(*c.store, *c.proxied);
        auto grown = sync.hold("show-big", {"D1", "D2"}, "asha", first->hold->id);
        QVERIFY(!grown);
        QCOMPARE(grown.error().code, ErrorCode::Network);
        QCOMPARE(localHold(*c.store, first->hold->id), std::string("HELD/"));
        QCOMPARE(serverHold(first->hold->id), std::string("HELD/"));
        // Back online: the replacement that never reached the server is sent again, and works.
        m_proxy->setFault(Fault::Pass);
        auto again = sync.hold("show-big", {"D1", "D2"}, "asha", first->hold->id);
        QVERIFY2(again && again->granted(), again ? "" : again.error().message.c_str());
        QCOMPARE(liveServerHolds(c.device).size(), std::size_t(1));
        QCOMPARE(localHold(*c.store, first->hold->id), std::string("RELEASED/replaced"));
    }

    // The server replaced the hold but every answer was lost: the counter keeps its old
    // mirror, and the next change of the basket first learns what the server did (same key).
    void lostAnswerOfAReplacementIsRecovered()
    {
        Counter c = counter();
        CounterSync sync(*c.store, *c.proxied);
        auto first = sync.hold("show-big", {"E1"}, "asha");
        QVERIFY(first && first->granted());
        m_proxy->setPlan([](const FaultProxy::RequestInfo& info) {
            return info.path == "/v1/holds" ? Fault::DropAfterCommit : Fault::Pass;
        });
        auto lost = sync.hold("show-big", {"E1", "E2"}, "asha", first->hold->id);
        QVERIFY(!lost);
        QCOMPARE(lost.error().code, ErrorCode::Network);
        QCOMPARE(localHold(*c.store, first->hold->id), std::string("HELD/"));
        QCOMPARE(serverHold(first->hold->id), std::string("RELEASED/replaced"));
        QCOMPARE(liveServerHolds(c.device).size(), std::size_t(1));

        m_proxy->setFault(Fault::Pass);
        auto next = sync.hold("show-big", {"E1", "E2", "E3"}, "asha", first->hold->id);
        QVERIFY2(next && next->granted(), next ? "" : next.error().message.c_str());
        QCOMPARE(localHold(*c.store, first->hold->id), std::string("RELEASED/replaced"));
        const auto live = liveServerHolds(c.device);
        QCOMPARE(live.size(), std::size_t(1));
        QCOMPARE(live[0][0], next->hold->id);
        QCOMPARE(live[0][1], std::string("E1,E2,E3"));
        // Every server hold of this counter that is not the live one was replaced, none leaked.
        QCOMPARE(m_db->scalar("SELECT count(*) FROM holds h JOIN devices d USING (device_id) WHERE d.name = '" +
                              c.device + "' AND h.state = 'RELEASED' AND h.end_reason <> 'replaced'"),
                 std::string("0"));
        auto sale = adultCashSale(*c.store, *next->hold);
        QVERIFY(sale);
        QVERIFY(c.store->confirm(next->hold->id, *sale));
    }

    // The basket is given up after a replacement whose answer was lost: what the server made
    // is found with the key and released, so no seat stays held for nobody.
    void releaseAfterALostReplacementReleasesWhatTheServerMade()
    {
        Counter c = counter();
        CounterSync sync(*c.store, *c.proxied);
        auto first = sync.hold("show-big", {"G1"}, "asha");
        QVERIFY(first && first->granted());
        m_proxy->setPlan([](const FaultProxy::RequestInfo& info) {
            return info.path == "/v1/holds" ? Fault::DropAfterCommit : Fault::Pass;
        });
        auto lost = sync.hold("show-big", {"G1", "G2"}, "asha", first->hold->id);
        QVERIFY(!lost);
        QCOMPARE(liveServerHolds(c.device).size(), std::size_t(1));
        m_proxy->setFault(Fault::Pass);
        auto released = sync.release(first->hold->id);
        QVERIFY2(released && *released, released ? "" : released.error().message.c_str());
        QCOMPARE(liveServerHolds(c.device).size(), std::size_t(0));
        QCOMPARE(localHold(*c.store, first->hold->id), std::string("RELEASED/cancelled"));
    }

    void holdThatRanOutOnTheServerIsReplacedByAPlainHold()
    {
        Counter c = counter();
        CounterSync sync(*c.store, *c.direct);
        auto first = sync.hold("show-big", {"F1"}, "asha");
        QVERIFY(first && first->granted());
        // The server's clock ran the hold out while the counter still shows it.
        m_db->query("UPDATE holds SET expires_at = now() - interval '1 second' WHERE hold_id = '" + first->hold->id +
                    "'");
        m_db->query("UPDATE claims SET expires_at = now() - interval '1 second' WHERE owner_id = '" + first->hold->id +
                    "'");
        auto grown = sync.hold("show-big", {"F1", "F2"}, "asha", first->hold->id);
        QVERIFY2(grown && grown->granted(), grown ? "" : grown.error().message.c_str());
        QCOMPARE(localHold(*c.store, first->hold->id), std::string("RELEASED/replaced"));
        QCOMPARE(serverHold(grown->hold->id), std::string("HELD/"));
    }
};

QTEST_GUILESS_MAIN(CounterSyncTest)
#include "tst_CounterSync.moc"
