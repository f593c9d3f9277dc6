// SyncService, the app's door to the server, against the real server over HTTPS: answers
// arrive as signals on the caller's thread while the network work runs on its own threads.

#include "SyncHarness.h"
#include "SyncService.h"
#include "TestPrinters.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

using namespace marquee;
using namespace marquee::test;
using namespace std::chrono_literals;

class SyncServiceTest : public QObject
{
    Q_OBJECT

    Fixture m_fixture;
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    QTemporaryDir m_dir;
    SystemClock m_clock;

    ConnectionSettings settings(const std::string& device) const
    {
        return loopbackSettings(m_server->port(), m_fixture.ca, device);
    }

private slots:
    void initTestCase()
    {
        m_fixture = Fixture::load();
        QVERIFY2(!m_fixture.pgUrl.empty(), "the server fixture did not run");
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<TestDatabase>("sync_service");
        m_server = std::make_unique<ServerProcess>(m_db->url(), std::vector<std::string>{"--device-rate", "0"});
        QVERIFY2(m_server->start(), m_server->log().c_str());
    }

    void holdsLeasesSeatMapsAndDeliveriesArriveAsSignals()
    {
        const std::string token = m_db->addDevice("service-1", "counter");
        const std::string path = m_dir.filePath("service-1.sqlite").toStdString();
        // A fresh counter: the catalog comes from the server.
        LocalStore::Options options;
        options.device = "service-1";
        options.connected = true;
        auto store = LocalStore::open(path, m_clock, options);
        QVERIFY(store);

        SyncService service(path, settings("service-1"), token, m_clock);
        QSignalSpy catalog(&service, &SyncService::catalogUpdated);
        QSignalSpy holds(&service, &SyncService::holdAnswered);
        QSignalSpy seats(&service, &SyncService::seatsChanged);
        QSignalSpy leases(&service, &SyncService::leaseAnswered);
        QVERIFY(service.start());
        QTRY_COMPARE_WITH_TIMEOUT(catalog.count(), 1, 10000);
        QVERIFY((*store)->show("show-big"));

        service.watchShow("show-big");
        QTRY_VERIFY_WITH_TIMEOUT(seats.count() >= 1, 10000);
        QVERIFY(seats.last().at(2).toBool()); // the first answer is a snapshot

        const quint64 ticket = service.requestHold("show-big", {"M1", "M2"}, "asha");
        QTRY_COMPARE_WITH_TIMEOUT(holds.count(), 1, 10000);
        QCOMPARE(holds.at(0).at(0).toULongLong(), ticket);
        const QString holdId = holds.at(0).at(1).toString();
        QVERIFY2(!holdId.isEmpty(), qPrintable(holds.at(0).at(3).toString()));
        auto hold = (*store)->findHold(holdId.toStdString());
        QVERIFY(hold);
        QCOMPARE(hold->origin, HoldOrigin::Server);

        // The seat map hears of it (and of another counter's hold) within a few polls.
        auto other = connectApi(m_server->port(), m_fixture.ca, m_db->addDevice("service-2", "counter"));
        QVERIFY(other && (*other)->hold("show-big", {"M5"}, 60s, newUuid()));
        auto sawSeat = [&](const QString& seat) {
            for (const auto& signal : seats) {
                for (const auto& [id, state] : signal.at(1).value<QVector<QPair<QString, QString>>>()) {
                    if (id == seat && state == "HELD")
                        return true;
                }
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sawSeat("M1") && sawSeat("M5"), 10000);

        // A taken seat is named.
        service.requestHold("show-big", {"M5", "M6"}, "asha");
        QTRY_COMPARE_WITH_TIMEOUT(holds.count(), 2, 10000);
        QCOMPARE(holds.at(1).at(2).toStringList(), QStringList{"M5"});

        // A sale is delivered by the outbox worker once woken.
        auto sale = adultCashSale(**store, *hold);
        QVERIFY(sale);
        QVERIFY((*store)->confirm(hold->id, *sale));
        service.wakeOutbox();
        QTRY_COMPARE_WITH_TIMEOUT((*store)->booking(sale->bookingId)->syncState, SyncState::Confirmed, 10000);

        service.requestLease("show-big", 6);
        QTRY_COMPARE_WITH_TIMEOUT(leases.count(), 1, 10000);
        QCOMPARE(leases.at(0).at(1).toInt(), 6);
        QCOMPARE((*store)->leases("show-big")->size(), std::size_t(1));
        QTRY_VERIFY_WITH_TIMEOUT(service.status().online, 10000);

        // The server goes away: the counter says so, and holds outside the lease are refused.
        QSignalSpy status(&service, &SyncService::statusChanged);
        m_server->kill(SIGKILL);
        m_server->wait();
        QTRY_VERIFY_WITH_TIMEOUT(!service.status().online, 15000);
        QVERIFY(status.count() >= 1);
        service.requestHold("show-big", {"N9"}, "asha");
        QTRY_COMPARE_WITH_TIMEOUT(holds.count(), 3, 15000);
        QVERIFY(holds.at(2).at(1).toString().isEmpty());
        QVERIFY(holds.at(2).at(3).toString().contains("allotment"));
        QVERIFY2(m_server->start(), m_server->log().c_str());
        QTRY_VERIFY_WITH_TIMEOUT(service.status().online, 15000);

        // The basket grows by replacing its hold: the answer names the new hold, and the old
        // one is released in the local store the UI reads.
        service.requestHold("show-big", {"N1"}, "asha");
        QTRY_COMPARE_WITH_TIMEOUT(holds.count(), 4, 15000);
        const QString basket = holds.at(3).at(1).toString();
        QVERIFY2(!basket.isEmpty(), qPrintable(holds.at(3).at(3).toString()));
        service.requestHold("show-big", {"N1", "N2"}, "asha", basket);
        QTRY_COMPARE_WITH_TIMEOUT(holds.count(), 5, 15000);
        const QString grown = holds.at(4).at(1).toString();
        QVERIFY2(!grown.isEmpty() && grown != basket, qPrintable(holds.at(4).at(3).toString()));
        QCOMPARE((*store)->findHold(basket.toStdString())->state, HoldState::Released);
        QCOMPARE((*store)->findHold(grown.toStdString())->seats, (std::vector<std::string>{"N1", "N2"}));
        service.stop();
    }
};

QTEST_GUILESS_MAIN(SyncServiceTest)
#include "tst_SyncService.moc"
