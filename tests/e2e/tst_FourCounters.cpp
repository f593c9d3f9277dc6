// Opening night: four counter processes sell every seat of a 2,000-seat show, half from
// their leases (offline sales) and half through server holds, while the fault proxy drops,
// resets, delays, black-holes and duplicates requests and the Wi-Fi goes down twice.
// Afterwards: no seat sold twice, every sale on the server exactly once, totals equal.

#include "E2eHarness.h"
#include "TestPrinters.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <random>
#include <set>
#include <thread>

using namespace marquee;
using namespace marquee::test;
using namespace std::chrono_literals;

class FourCountersTest : public QObject
{
    Q_OBJECT

    Fixture m_fixture;
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<FaultProxy> m_proxy;
    QTemporaryDir m_dir;
    SystemClock m_clock;

private slots:
    void initTestCase()
    {
        m_fixture = Fixture::load();
        QVERIFY2(!m_fixture.pgUrl.empty(), "the server fixture did not run");
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<TestDatabase>("four_counters");
        const std::string catalog = writeHugeCatalog(m_dir.filePath("huge.json").toStdString());
        auto imported = runServerTool({"catalog", "import", catalog, "--db", m_db->url()});
        QVERIFY2(imported.exitCode == 0, imported.err.c_str());
        m_server =
            std::make_unique<ServerProcess>(m_db->url(), std::vector<std::string>{"--device-rate", "0", "--show-rate",
                                                                                  "0", "--sweep-interval-ms", "500"});
        QVERIFY2(m_server->start(), m_server->log().c_str());
        m_proxy = std::make_unique<FaultProxy>(
            FaultProxyOptions{m_server->port(), m_fixture.cert, m_fixture.key, m_fixture.ca, 200ms});
        QVERIFY(m_proxy->start());
    }

    void cleanupTestCase()
    {
        m_proxy.reset();
        m_server.reset();
    }

    void fourCountersSellTwoThousandSeatsThroughFaults()
    {
        const std::string catalog = m_dir.filePath("huge.json").toStdString();
        const std::array<Fault, 6> faults = {Fault::Delay,           Fault::DropBeforeServer,
                                             Fault::DropAfterCommit, Fault::ResetAfterCommit,
                                             Fault::BlackHole,       Fault::Duplicate};
        std::atomic<bool> faulty{true};
        std::atomic<bool> wifiDown{false};
        // One request in five meets a fault while faults are on; none while they are off.
        m_proxy->setPlan([&](const FaultProxy::RequestInfo& info) {
            if (wifiDown)
                return Fault::DropBeforeServer;
            if (!faulty)
                return Fault::Pass;
            std::mt19937 pick(static_cast<unsigned>(info.index * 2654435761u));
            return pick() % 5 == 0 ? faults[pick() % faults.size()] : Fault::Pass;
        });

        std::vector<std::unique_ptr<QProcess>> counters;
        std::vector<std::string> devices, dbs;
        for (int i = 0; i < 4; ++i) {
            devices.push_back("night-" + std::to_string(i + 1));
            dbs.push_back(m_dir.filePath(QString("night-%1.sqlite").arg(i + 1)).toStdString());
            const std::string token = m_db->addDevice(devices.back(), "counter");
            auto p = std::make_unique<QProcess>();
            p->setProcessChannelMode(QProcess::SeparateChannels);
            p->start(SYNC_COUNTER,
                     counterArgs(dbs.back(), devices.back(), token, m_proxy->port(), m_fixture.ca, catalog, "show-huge")
                         << "--lease"
                         << "250"
                         << "--offline"
                         << "250"
                         << "--online"
                         << "--drain"
                         << "--hold-ttl"
                         << "15"
                         << "--seed" << QString::number(i + 11));
            QVERIFY(p->waitForStarted());
            counters.push_back(std::move(p));
        }

        // Faults switch on and off; the Wi-Fi drops twice for a second and a half.
        std::atomic<bool> done{false};
        std::thread weather([&] {
            for (int tick = 0; !done; ++tick) {
                if (tick == 6 || tick == 16) {
                    wifiDown = true;
                    m_proxy->dropAllConnections();
                    std::this_thread::sleep_for(1500ms);
                    wifiDown = false;
                }
                faulty = (tick % 4) != 3;
                std::this_thread::sleep_for(500ms);
            }
        });
        bool finished = true;
        for (auto& p : counters)
            finished = p->waitForFinished(400000) && finished;
        done = true;
        weather.join();
        for (std::size_t i = 0; i < counters.size(); ++i) {
            const QByteArray out = counters[i]->readAllStandardOutput();
            QVERIFY2(finished && counters[i]->exitCode() == 0,
                     (devices[i] + ": " + counters[i]->readAllStandardError().toStdString()).c_str());
            QVERIFY2(out.contains("DRAINED conflicts=0 failed=0"), out.constData());
        }
        QVERIFY(m_proxy->faultsApplied() > 20);

        // Every counter's sales are on the server, once, with the same money.
        std::set<std::string> localSeats;
        std::int64_t localSeatCount = 0;
        for (std::size_t i = 0; i < devices.size(); ++i) {
            auto store = openCounterStore(dbs[i], devices[i], m_clock);
            QVERIFY(store);
            const Ledger local = localLedger(**store);
            const Ledger server = serverLedger(*m_db, devices[i]);
            QVERIFY2(local == server,
                     (devices[i] + " counter: " + describe(local) + "; server: " + describe(server)).c_str());
            auto& seats = (*store)->database().cached("SELECT seat_id FROM ticket_lines WHERE state = 'BOOKED'");
            while (seats.step().value_or(false)) {
                localSeats.insert(seats.text(0));
                ++localSeatCount;
            }
            seats.reset();
        }
        // No seat sold twice, on the counters or on the server; the show is sold out.
        QCOMPARE(localSeatCount, std::int64_t(2000));
        QCOMPARE(localSeats.size(), std::size_t(2000));
        QCOMPARE(m_db->scalar("SELECT count(*) FROM ticket_lines WHERE show_id = 'show-huge' AND state = 'BOOKED'"),
                 std::string("2000"));
        QCOMPARE(m_db->scalar("SELECT count(*) FROM (SELECT seat_id FROM ticket_lines WHERE show_id = 'show-huge' "
                              "AND state = 'BOOKED' GROUP BY seat_id HAVING count(*) > 1) AS twice"),
                 std::string("0"));
        const std::int64_t offline =
            std::stoll(m_db->scalar("SELECT count(*) FROM ticket_lines t JOIN bookings b USING (booking_id) WHERE "
                                    "b.show_id = 'show-huge' AND b.allotment_id IS NOT NULL"));
        QCOMPARE(offline, std::int64_t(1000));
    }
};

QTEST_GUILESS_MAIN(FourCountersTest)
#include "tst_FourCounters.moc"
