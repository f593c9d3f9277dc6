// A kiosk connected to the real server (issue 8 with issue 5): the customer's seats are the
// server's hold (asked for off the UI thread, Continue waits for the answer), a seat another
// counter holds is refused, and the card sale is confirmed by the server before the gateway
// captures and the tickets print. Counter, server and gateway simulator agree afterwards.

#include "Basket.h"
#include "CheckoutRunner.h"
#include "GatewaySimHarness.h"
#include "KioskCardReader.h"
#include "KioskPrinter.h"
#include "KioskWindow.h"
#include "SeatMapWidget.h"
#include "SyncHarness.h"
#include "SyncService.h"
#include "TicketPrinter.h"
#include "UiLanguage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QPointingDevice>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace marquee;
using namespace marquee::test;
using namespace std::chrono_literals;

class ConnectedKioskTest : public QObject
{
    Q_OBJECT

    Fixture m_fixture;
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<GatewaySimProcess> m_sim;
    QTemporaryDir m_dir;
    SystemClock m_clock;
    QPointingDevice* m_touch = QTest::createTouchDevice();

    // The test catalog plus a show on the big screen starting in 5 minutes (the kiosk
    // sells the business day's shows only; soon after now, so only a run in the last five
    // minutes before the day's cut-off would find it on the next day).
    std::string writeCatalogWithShowToday()
    {
        std::ifstream in(testCatalogPath());
        nlohmann::json catalog = nlohmann::json::parse(in);
        const auto start = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now() + 5min);
        const auto end = start + 2h;
        catalog["shows"].push_back({{"id", "show-today"},
                                    {"film", "film-1"},
                                    {"screen", catalog["shows"][0]["screen"]},
                                    {"priceList", catalog["shows"][0]["priceList"]},
                                    {"start", formatIso8601(start)},
                                    {"end", formatIso8601(end)},
                                    {"language", "English"},
                                    {"format", "2D"}});
        const std::string path = m_dir.filePath("today.json").toStdString();
        std::ofstream(path) << catalog.dump(1);
        return path;
    }

    template <typename T = QWidget> static T* find(QWidget* window, const QString& name)
    {
        QCoreApplication::processEvents();
        for (T* w : window->findChildren<T*>(name))
            if (w->isVisible())
                return w;
        return nullptr;
    }
    static QWidget* findPrefix(QWidget* window, const QString& prefix)
    {
        QCoreApplication::processEvents();
        for (QWidget* w : window->findChildren<QWidget*>())
            if (w->isVisible() && w->isEnabled() && w->objectName().startsWith(prefix))
                return w;
        return nullptr;
    }
    bool tap(QWidget* window, QWidget* widget, QPoint at = {})
    {
        if (!widget || !widget->isVisible() || !widget->isEnabled())
            return false;
        const QPoint point = at.isNull() ? widget->rect().center() : at;
        QTest::touchEvent(window, m_touch).press(0, point, widget);
        QTest::touchEvent(window, m_touch).release(0, point, widget);
        QCoreApplication::processEvents();
        return true;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
        UiLanguage::apply(QStringLiteral("en"));
        m_fixture = Fixture::load();
        QVERIFY2(!m_fixture.pgUrl.empty(), "the server fixture did not run");
        m_db = std::make_unique<TestDatabase>("connected_kiosk");
        auto imported = runServerTool({"catalog", "import", writeCatalogWithShowToday(), "--db", m_db->url()});
        QVERIFY2(imported.exitCode == 0, imported.err.c_str());
        m_server = std::make_unique<ServerProcess>(m_db->url(), std::vector<std::string>{"--device-rate", "0"});
        QVERIFY2(m_server->start(), m_server->log().c_str());
        m_sim = std::make_unique<GatewaySimProcess>();
        QVERIFY2(m_sim->start(), m_sim->log().c_str());
    }

    void aConnectedKioskSellsThroughTheServer()
    {
        const std::string device = "kiosk-1";
        const std::string path = m_dir.filePath("kiosk.sqlite").toStdString();
        LocalStore::Options storeOptions;
        storeOptions.device = device;
        storeOptions.connected = true;
        auto store = LocalStore::open(path, m_clock, storeOptions);
        QVERIFY(store);
        const ConnectionSettings settings = loopbackSettings(m_server->port(), m_fixture.ca, device, 3s);
        SyncService sync(path, settings, m_db->addDevice(device, "kiosk"), m_clock);
        QSignalSpy catalog(&sync, &SyncService::catalogUpdated);
        QVERIFY(sync.start());
        QVERIFY(catalog.wait(10000));

        CheckoutRunner::Settings runnerSettings;
        runnerSettings.databasePath = path;
        runnerSettings.store = storeOptions;
        runnerSettings.api = sync.connector();
        GatewayConfig gateway;
        gateway.baseUrl = m_sim->baseUrl();
        gateway.secretKey = kSimApiKey;
        gateway.allowInsecureHttp = true;
        runnerSettings.gateway = gateway;
        CheckoutRunner runner(runnerSettings, m_clock);

        Catalog shownCatalog = *(*store)->catalog(LocalStore::CatalogPart::WithoutShows);
        CinemaTime time;
        TicketPrinter tickets(**store, shownCatalog, time, QByteArray("marquee-test-key-0123456789abcdef"));
        tickets.setPdfDirectory(m_dir.filePath("tickets"));
        KioskTicketPrinter printer(tickets);
        SimulatedCardReader reader;
        KioskOptions options;
        options.device = QString::fromStdString(device);
        KioskWindow window(**store, m_clock, runner, reader, printer, options);
        window.setSync(&sync);
        window.resize(1080, 1920);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Another counter holds two seats first: the kiosk never gets them.
        auto counter = connectApi(m_server->port(), m_fixture.ca, m_db->addDevice("kiosk-rival", "counter"));
        QVERIFY(counter);

        QVERIFY(tap(&window, find(&window, QStringLiteral("kioskStart"))));
        QVERIFY(tap(&window, findPrefix(&window, QStringLiteral("film_"))));
        QVERIFY(tap(&window, findPrefix(&window, QStringLiteral("show_"))));
        QCOMPARE(window.screen(), KioskWindow::Screen::Seats);
        // The best seats are asked of the server; Continue waits for its answer.
        QTRY_VERIFY_WITH_TIMEOUT(!window.basket().isPending() && window.basket().hold(), 10000);
        const Hold hold = *window.basket().hold();
        QCOMPARE(hold.origin, HoldOrigin::Server);
        QCOMPARE(m_db->scalar("SELECT state FROM holds WHERE hold_id = '" + hold.id + "'"), std::string("HELD"));

        // A seat the rival holds is refused, the kiosk's seats stay as they were.
        const std::string rivalSeat = "T1";
        QVERIFY((*counter)->hold("show-today", {rivalSeat}, 60s, newUuid()));
        auto* map = find<SeatMapWidget>(&window, QStringLiteral("seatMap"));
        QVERIFY(map);
        const int seat = window.basket().layout()->indexOf(rivalSeat).value_or(-1);
        QVERIFY(seat >= 0);
        // The kiosk's map draws it as taken within a few polls of the server's seat states...
        QTRY_VERIFY_WITH_TIMEOUT(map->describeSeat(seat).contains(QStringLiteral("held"), Qt::CaseInsensitive), 10000);
        // ...and touching it changes nothing.
        QVERIFY(tap(&window, map, map->seatRect(seat).center().toPoint()));
        QTRY_VERIFY_WITH_TIMEOUT(!window.basket().isPending(), 10000);
        QCOMPARE(window.basket().hold()->id, hold.id);
        QVERIFY(std::ranges::find(window.basket().seats(), seat) == window.basket().seats().end());

        QVERIFY(tap(&window, find(&window, QStringLiteral("seatsContinue"))));
        QCOMPARE(window.screen(), KioskWindow::Screen::Tickets);
        QVERIFY(tap(&window, find(&window, QStringLiteral("payButton"))));
        QCOMPARE(window.screen(), KioskWindow::Screen::Payment);
        QVERIFY(reader.present(QStringLiteral("pm_card_visa")));
        QTRY_COMPARE_WITH_TIMEOUT(window.screen(), KioskWindow::Screen::Done, 30000);

        // The server has the booking, the gateway captured it once, the books agree.
        QCOMPARE(m_db->scalar("SELECT state FROM holds WHERE hold_id = '" + hold.id + "'"), std::string("BOOKED"));
        QCOMPARE(m_db->scalar("SELECT count(*) FROM bookings b JOIN devices d USING (device_id) WHERE d.name = '" +
                              device + "'"),
                 std::string("1"));
        SimClient control(m_sim->baseUrl());
        const auto ledger = control.ledger();
        QCOMPARE(ledger["counts"]["captures"].get<std::int64_t>(), std::int64_t(1));
        sync.wakeOutbox();
        QTRY_VERIFY_WITH_TIMEOUT(serverLedger(*m_db, device) == localLedger(**store), 15000);
        QCOMPARE(QDir(m_dir.filePath("tickets")).entryList({QStringLiteral("*.pdf")}).size(), 1);
        window.close();
        sync.stop();
    }
};

QTEST_MAIN(ConnectedKioskTest)
#include "tst_ConnectedKiosk.moc"
