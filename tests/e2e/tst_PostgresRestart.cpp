// PostgreSQL restarted while a counter drains its outbox into the server. The test runs its
// own cluster (the shared fixture's cluster must not go down under other suites): the
// server answers 503 while the database is away, the counter retries with the same keys,
// and every sale ends on the server exactly once.

#include "E2eHarness.h"
#include "TestPrinters.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>
#include <thread>

using namespace marquee;
using namespace marquee::test;
using namespace std::chrono_literals;

class PostgresRestartTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string m_state;
    SystemClock m_clock;

    bool fixture(const std::string& command)
    {
        return std::system((std::string(PG_FIXTURE_SCRIPT) + " " + command + " " + m_state + " >/dev/null").c_str()) ==
               0;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_state = m_dir.filePath("cluster").toStdString();
        QVERIFY(fixture("start"));
        setenv("MARQUEE_SERVER_FIXTURE_DIR", m_state.c_str(), 1);
    }

    void cleanupTestCase() { fixture("stop"); }

    void postgresRestartedMidDrainDeliversOnce()
    {
        const Fixture fx = Fixture::load();
        QVERIFY(!fx.pgUrl.empty());
        TestDatabase db("pg_restart");
        ServerProcess server(db.url(), {"--device-rate", "0"});
        QVERIFY2(server.start(), server.log().c_str());
        const std::string token = db.addDevice("restart", "counter");
        const std::string path = m_dir.filePath("restart.sqlite").toStdString();
        const QStringList args =
            counterArgs(path, "restart", token, server.port(), fx.ca, testCatalogPath(), "show-big");

        QProcess sell;
        sell.start(SYNC_COUNTER, QStringList(args) << "--lease"
                                                   << "150"
                                                   << "--offline"
                                                   << "150"
                                                   << "--no-worker");
        QVERIFY(sell.waitForFinished(120000));
        QVERIFY2(sell.exitCode() == 0, sell.readAllStandardError().constData());

        QProcess drain;
        drain.start(SYNC_COUNTER, QStringList(args) << "--drain"
                                                    << "--batch"
                                                    << "2");
        QVERIFY(drain.waitForStarted());
        std::this_thread::sleep_for(300ms);
        QVERIFY(fixture("restart"));
        QVERIFY(drain.waitForFinished(180000));
        QVERIFY2(drain.exitCode() == 0, drain.readAllStandardError().constData());
        QVERIFY(drain.readAllStandardOutput().contains("DRAINED conflicts=0 failed=0"));

        auto store = openCounterStore(path, "restart", m_clock);
        QVERIFY(store);
        const Ledger local = localLedger(**store);
        const Ledger remote = serverLedger(db, "restart");
        QVERIFY2(local == remote, ("counter: " + describe(local) + "; server: " + describe(remote)).c_str());
        QCOMPARE(local.seats, std::int64_t(150));
        // The server worked on through the restart: it answers again.
        QCOMPARE(server.client(token).get("/v1/health").status, 200);
        server.kill(SIGTERM);
        server.wait();
    }
};

QTEST_GUILESS_MAIN(PostgresRestartTest)
#include "tst_PostgresRestart.moc"
