#pragma once
// A kiosk for GUI tests: a fresh demo database (the demo week and staff) in a temporary
// folder, a ManualClock at 08:30 in the cinema, marquee-gateway-sim as a real process on
// loopback as the card gateway, CheckoutRunner on its own thread with the gateway provider, a
// simulated card reader the test presents cards to, the real ticket printer writing PDFs
// (behind a seam that can report no paper, offline, or fail), and the kiosk window offscreen
// at a portrait size. The test drives it by touch alone: tap() sends a QTest touch press and
// release to the middle of a widget (sent to the window, which is what a touch screen does).

#include "CashRegister.h"
#include "CheckoutRunner.h"
#include "CounterFixture.h"
#include "GatewaySimHarness.h"
#include "KioskCardReader.h"
#include "KioskIdleWatch.h"
#include "KioskPrinter.h"
#include "KioskSession.h"
#include "KioskWindow.h"
#include "TicketPrinter.h"

#include <QAbstractButton>
#include <QPointingDevice>
#include <QTest>
#include <memory>

namespace marquee::test {

// The real printer, with the faults a kiosk printer has.
class TestKioskPrinter final : public KioskPrinter
{
public:
    explicit TestKioskPrinter(KioskPrinter& real)
        : m_real(real)
    {
    }
    KioskPrinterState state() override { return forcedState ? *forcedState : m_real.state(); }
    Result<QString> print(const Booking& booking) override
    {
        ++prints;
        if (!failWith.empty()) {
            return fail(ErrorCode::Io, failWith);
        }
        return m_real.print(booking);
    }
    std::optional<KioskPrinterState> forcedState;
    std::string failWith; // non-empty: print() fails with this
    int prints = 0;

private:
    KioskPrinter& m_real;
};

inline KioskOptions fastKioskOptions()
{
    KioskOptions options;
    options.idleMs = 60'000; // tests about idling shorten it
    options.stillThereMs = 15'000;
    options.doneMs = 60'000;
    options.printProblemMs = 60'000;
    options.exitHoldMs = 300;
    return options;
}

struct KioskFixture
{
    QTemporaryDir dir;
    ManualClock clock{morning()};
    std::unique_ptr<LocalStore> store;
    std::unique_ptr<GatewaySimProcess> sim;
    std::unique_ptr<SimClient> control;
    std::unique_ptr<CheckoutRunner> runner;
    Catalog catalog;
    CinemaTime time;
    std::unique_ptr<TicketPrinter> tickets;
    std::unique_ptr<KioskTicketPrinter> realPrinter;
    std::unique_ptr<TestKioskPrinter> printer;
    SimulatedCardReader reader;
    std::unique_ptr<KioskWindow> window;
    QPointingDevice* touchScreen = QTest::createTouchDevice();

    QString databasePath() const { return dir.filePath(QStringLiteral("kiosk.sqlite")); }
    QString pdfDirectory() const { return dir.filePath(QStringLiteral("tickets")); }

    bool start(KioskOptions options = fastKioskOptions(), QSize size = QSize(1080, 1920))
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
        UiLanguage::apply(QStringLiteral("en"));
        LocalStore::Options storeOptions;
        storeOptions.device = "kiosk-test";
        auto opened = LocalStore::open(databasePath().toStdString(), clock, storeOptions);
        if (!opened) {
            qWarning() << opened.error().message.c_str();
            return false;
        }
        store = std::move(*opened);
        if (auto seeded = CounterDatabase::ensureDemoWeek(*store, clock); !seeded || !*seeded) {
            return false;
        }
        if (!CounterDatabase::ensureDemoStaff(*store)) {
            return false;
        }
        sim = std::make_unique<GatewaySimProcess>();
        if (!sim->start()) {
            qWarning() << "gateway simulator:" << sim->log().c_str();
            return false;
        }
        control = std::make_unique<SimClient>(sim->baseUrl());

        CheckoutRunner::Settings settings;
        settings.databasePath = databasePath().toStdString();
        settings.store.device = "kiosk-test";
        settings.checkout.retryDelay = std::chrono::milliseconds(20);
        settings.checkout.maxRetryDelay = std::chrono::milliseconds(50);
        settings.checkout.paymentAttempts = 2;
        GatewayConfig gateway;
        gateway.baseUrl = sim->baseUrl();
        gateway.secretKey = kSimApiKey;
        gateway.allowInsecureHttp = true;
        gateway.totalTimeout = std::chrono::seconds(10);
        settings.gateway = gateway;
        runner = std::make_unique<CheckoutRunner>(settings, clock);

        if (auto c = store->catalog(LocalStore::CatalogPart::WithoutShows)) {
            catalog = std::move(*c);
        }
        if (auto rule = CashRegister(*store).businessDayRule()) {
            time = CinemaTime(*rule);
        }
        tickets = std::make_unique<TicketPrinter>(*store, catalog, time, testKey());
        tickets->setPdfDirectory(pdfDirectory());
        realPrinter = std::make_unique<KioskTicketPrinter>(*tickets);
        printer = std::make_unique<TestKioskPrinter>(*realPrinter);

        options.device = QStringLiteral("kiosk-test");
        window = std::make_unique<KioskWindow>(*store, clock, *runner, reader, *printer, options);
        window->resize(size);
        window->show();
        QApplication::setActiveWindow(window.get());
        return QTest::qWaitForWindowExposed(window.get());
    }

    ~KioskFixture()
    {
        window.reset();
        runner.reset();
        store.reset();
    }

    // The visible widget with this object name (rebuilt pages leave no stale ones behind).
    // Widgets added to a shown page are shown by a queued call: let it run first.
    template <typename T = QWidget> T* find(const QString& name) const
    {
        QCoreApplication::processEvents();
        for (T* w : window->findChildren<T*>(name)) {
            if (w->isVisible()) {
                return w;
            }
        }
        return nullptr;
    }

    // A finger on the middle of the widget, lifted again.
    bool tap(QWidget* widget, QPoint at = {})
    {
        if (!widget || !widget->isVisible() || !widget->isEnabled()) {
            return false;
        }
        const QPoint point = at.isNull() ? widget->rect().center() : at;
        QTest::touchEvent(window.get(), touchScreen).press(0, point, widget);
        QTest::touchEvent(window.get(), touchScreen).release(0, point, widget);
        QCoreApplication::processEvents();
        return true;
    }
    bool tap(const QString& name) { return tap(find(name)); }

    // Start screen -> first film with a show -> its first show -> the seats page.
    bool toSeats()
    {
        if (!tap(QStringLiteral("kioskStart"))) {
            return false;
        }
        QWidget* film = nullptr;
        for (QWidget* w : window->findChildren<QWidget*>()) {
            if (w->isVisible() && w->objectName().startsWith(QLatin1String("film_"))) {
                film = w;
                break;
            }
        }
        if (!tap(film)) {
            return false;
        }
        QWidget* show = nullptr;
        for (QWidget* w : window->findChildren<QWidget*>()) {
            if (w->isVisible() && w->isEnabled() && w->objectName().startsWith(QLatin1String("show_"))) {
                show = w;
                break;
            }
        }
        return tap(show) && window->screen() == KioskWindow::Screen::Seats;
    }

    // ... -> ticket types -> the payment page, waiting for a card.
    bool toPayment()
    {
        return toSeats() && tap(QStringLiteral("seatsContinue")) && window->screen() == KioskWindow::Screen::Tickets &&
               tap(QStringLiteral("payButton")) && window->screen() == KioskWindow::Screen::Payment;
    }

    std::string holdId() const { return window->basket().hold() ? window->basket().hold()->id : std::string(); }

    std::string scalar(const std::string& sql) const
    {
        auto& stmt = store->database().cached(sql);
        std::string out;
        if (auto row = stmt.step(); row && *row) {
            out = stmt.text(0);
        }
        stmt.reset();
        return out;
    }
};

} // namespace marquee::test
