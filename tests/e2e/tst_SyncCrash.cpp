// Crashes in the middle of syncing: the counter killed with SIGKILL while its worker
// delivers, and the server killed with SIGKILL under the same load. After the restart every
// sale is on the server exactly once, under the key it was given when it was sold.

#include "Backup.h"
#include "E2eHarness.h"
#include "TestPrinters.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <thread>

using namespace marquee;
using namespace marquee::test;
using namespace std::chrono_literals;

class SyncCrashTest : public QObject
{
    Q_OBJECT

    Fixture m_fixture;
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<FaultProxy> m_proxy;
    QTemporaryDir m_dir;
    std::string m_catalog;
    SystemClock m_clock;

    QStringList args(const std::string& db, const std::string& device, const std::string& token)
    {
        return counterArgs(db, device, token, m_proxy->port(), m_fixture.ca, m_catalog, "show-big");
    }

    static bool runToEnd(QProcess& p, const QStringList& arguments, int timeoutMs = 120000)
    {
        p.start(SYNC_COUNTER, arguments);
        const bool ok = p.waitForFinished(timeoutMs) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        if (!ok)
            qWarning("sync_counter: %s", p.readAllStandardError().constData());
        return ok;
    }

    // Sells `seats` seats of a fresh lease with no worker: the outbox fills.
    void sellOffline(const std::string& db, const std::string& device, const std::string& token, int seats)
    {
        QProcess sell;
        QVERIFY(runToEnd(sell, args(db, device, token) << "--lease" << QString::number(seats) << "--offline"
                                                       << QString::number(seats) << "--no-worker"));
        QVERIFY(sell.readAllStandardOutput().startsWith("SOLD"));
    }

    void verifyExactlyOnce(const std::string& db, const std::string& device)
    {
        auto store = openCounterStore(db, device, m_clock);
        QVERIFY(store);
        const Ledger local = localLedger(**store);
        const Ledger server = serverLedger(*m_db, device);
        QVERIFY2(local == server, ("counter: " + describe(local) + "; server: " + describe(server)).c_str());
        auto counts = (*store)->outbox().counts();
        QCOMPARE(counts->pending, 0);
        QCOMPARE(counts->conflicts, 0);
        QCOMPARE(counts->failed, 0);
        // The server stored one key per outbox row (plus one per lease): no key was ever remade.
        auto& rows =
            (*store)->database().cached("SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM leases)");
        QVERIFY(rows.step().value_or(false));
        const std::int64_t expectedKeys = rows.integer(0);
        rows.reset();
        const std::string keys = m_db->scalar("SELECT count(*) FROM idempotency_keys k JOIN devices d USING "
                                              "(device_id) WHERE d.name = '" +
                                              device + "'");
        QCOMPARE(std::stoll(keys), expectedKeys);
    }

    Ledger localLedgerOf(const std::string& db, const std::string& device)
    {
        auto store = openCounterStore(db, device, m_clock);
        return store ? localLedger(**store) : Ledger{};
    }

private slots:
    void initTestCase()
    {
        m_fixture = Fixture::load();
        QVERIFY2(!m_fixture.pgUrl.empty(), "the server fixture did not run");
        QVERIFY(m_dir.isValid());
        m_catalog = testCatalogPath();
        m_db = std::make_unique<TestDatabase>("sync_crash");
        m_server = std::make_unique<ServerProcess>(m_db->url(), std::vector<std::string>{"--device-rate", "0"});
        QVERIFY2(m_server->start(), m_server->log().c_str());
        m_proxy = std::make_unique<FaultProxy>(
            FaultProxyOptions{m_server->port(), m_fixture.cert, m_fixture.key, m_fixture.ca, 250ms});
        QVERIFY(m_proxy->start());
    }

    void cleanupTestCase()
    {
        m_proxy.reset();
        m_server.reset();
    }

    void counterKilledMidSyncDeliversOnceAfterRestart()
    {
        const std::string db = m_dir.filePath("killed.sqlite").toStdString();
        const std::string token = m_db->addDevice("killed", "counter");
        sellOffline(db, "killed", token, 120);
        if (QTest::currentTestFailed())
            return;

        // Slow answers (a quarter second each, batches of four) so the kill lands mid-drain.
        m_proxy->setFault(Fault::Delay);
        for (int round = 0; round < 2; ++round) {
            QProcess drain;
            drain.start(SYNC_COUNTER, args(db, "killed", token) << "--drain"
                                                                << "--batch"
                                                                << "4");
            QVERIFY(drain.waitForStarted());
            std::this_thread::sleep_for(1500ms);
            ::kill(static_cast<pid_t>(drain.processId()), SIGKILL);
            QVERIFY(drain.waitForFinished(10000));
        }
        const int delivered = std::stoi(
            m_db->scalar("SELECT count(*) FROM bookings b JOIN devices d USING (device_id) WHERE d.name = 'killed'"));
        QVERIFY2(delivered > 0, "the worker delivered nothing before the kill");

        m_proxy->setFault(Fault::Pass);
        QProcess finish;
        QVERIFY(runToEnd(finish, args(db, "killed", token) << "--drain"));
        QVERIFY(finish.readAllStandardOutput().contains("DRAINED conflicts=0 failed=0"));
        verifyExactlyOnce(db, "killed");
    }

    void restoredCounterResumesAndAppliesNothingTwice()
    {
        // A counter sells offline and is backed up; the sales are delivered; then the disk is
        // lost and the backup restored: its outbox still lists every sale as waiting. They go
        // again under the same keys, and the server applies none of them twice.
        const std::string db = m_dir.filePath("restored.sqlite").toStdString();
        const std::string backup = m_dir.filePath("restored.backup").toStdString();
        const std::string token = m_db->addDevice("restored", "counter");
        sellOffline(db, "restored", token, 40);
        if (QTest::currentTestFailed())
            return;
        auto saved = Backup::save(db, backup);
        QVERIFY2(saved, saved ? "" : saved.error().message.c_str());
        QProcess drain;
        QVERIFY(runToEnd(drain, args(db, "restored", token) << "--drain"));
        const Ledger delivered = serverLedger(*m_db, "restored");
        QCOMPARE(delivered.bookings.size(), localLedgerOf(db, "restored").bookings.size());

        auto restored = Backup::restore(backup, db, m_clock.now());
        QVERIFY2(restored, restored ? "" : restored.error().message.c_str());
        {
            auto store = openCounterStore(db, "restored", m_clock);
            QVERIFY(store);
            QVERIFY((*store)->outbox().counts()->pending > 0); // the backup predates the delivery
        }
        QProcess again;
        QVERIFY(runToEnd(again, args(db, "restored", token) << "--drain"));
        QVERIFY(again.readAllStandardOutput().contains("DRAINED conflicts=0 failed=0"));
        QCOMPARE(serverLedger(*m_db, "restored"), delivered);
        verifyExactlyOnce(db, "restored");
    }

    void serverKilledMidSyncDeliversOnce()
    {
        const std::string db = m_dir.filePath("server-killed.sqlite").toStdString();
        const std::string token = m_db->addDevice("server-killed", "counter");
        sellOffline(db, "server-killed", token, 120);
        if (QTest::currentTestFailed())
            return;
        m_proxy->setFault(Fault::Delay);
        QProcess drain;
        drain.start(SYNC_COUNTER, args(db, "server-killed", token) << "--drain"
                                                                   << "--batch"
                                                                   << "4");
        QVERIFY(drain.waitForStarted());
        std::this_thread::sleep_for(1500ms);
        m_server->kill(SIGKILL);
        m_server->wait();
        std::this_thread::sleep_for(1000ms);
        m_proxy->setFault(Fault::Pass);
        QVERIFY2(m_server->start(), m_server->log().c_str());
        QVERIFY(drain.waitForFinished(120000));
        QCOMPARE(drain.exitCode(), 0);
        QVERIFY(drain.readAllStandardOutput().contains("DRAINED conflicts=0 failed=0"));
        verifyExactlyOnce(db, "server-killed");
    }
};

QTEST_GUILESS_MAIN(SyncCrashTest)
#include "tst_SyncCrash.moc"
