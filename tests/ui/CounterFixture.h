#pragma once
// A counter for GUI tests: a fresh database in a temporary folder seeded with the demo
// week and the demo staff, a ManualClock at 08:30 in the cinema (before the first show), a
// fixed signing key, tickets printed to PDFs in the temporary folder, the cashier Asha
// signed in, and the main window shown offscreen.

#include "Basket.h"
#include "Clock.h"
#include "CounterDatabase.h"
#include "LocalStore.h"
#include "MainWindow.h"
#include "PaymentDialog.h"
#include "SalesScreen.h"
#include "StaffRoster.h"
#include "SupervisorOverride.h"
#include "UiLanguage.h"

#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace marquee::test {

// 2026-12-03 03:00 UTC = 08:30 in Asia/Kolkata.
inline Timestamp morning()
{
    return fromEpochMs(1'796'266'800'000);
}

inline QByteArray testKey()
{
    return QByteArray("marquee-test-key-0123456789abcdef");
}

struct CounterFixture
{
    QTemporaryDir dir;
    ManualClock clock{morning()};
    std::unique_ptr<LocalStore> store;
    std::unique_ptr<MainWindow> window;
    // Signed in without a PIN, as `marquee --staff Asha` (demo staff: CounterDatabase::ensureDemoStaff);
    // empty: the window starts on the sign-in screen.
    QString signedIn = QStringLiteral("Asha");

    QString databasePath() const { return dir.filePath(QStringLiteral("counter.sqlite")); }
    QString pdfDirectory() const { return dir.filePath(QStringLiteral("pdf")); }

    bool start() { return openStore() && showWindow(); }

    // start() in two steps, for tests that change the store (its settings) before the window opens.
    bool openStore()
    {
        // Settings (dark mode, language) and standard folders stay inside this test.
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
        UiLanguage::apply(QStringLiteral("en"));
        // A short busy timeout, so a test that locks the database sees the failure quickly.
        LocalStore::Options storeOptions;
        storeOptions.busyTimeoutMs = 200;
        auto opened = LocalStore::open(databasePath().toStdString(), clock, storeOptions);
        if (!opened) {
            qWarning() << opened.error().message.c_str();
            return false;
        }
        store = std::move(*opened);
        return true;
    }

    bool showWindow()
    {
        auto seeded = CounterDatabase::ensureDemoWeek(*store, clock);
        if (!seeded || !*seeded) {
            return false;
        }
        if (auto staffed = CounterDatabase::ensureDemoStaff(*store); !staffed) {
            return false;
        }
        CounterOptions options;
        options.staff = signedIn;
        options.databasePath = databasePath();
        options.pdfDirectory = pdfDirectory();
        options.signingKey = testKey();
        window = std::make_unique<MainWindow>(*store, clock, options);
        window->show();
        QApplication::setActiveWindow(window.get());
        return QTest::qWaitForWindowExposed(window.get());
    }

    QString staffId(const QString& name) const
    {
        if (auto roster = StaffRoster(*store).list()) {
            for (const auto& member : *roster) {
                if (QString::fromStdString(member.name) == name) {
                    return QString::fromStdString(member.id);
                }
            }
        }
        return {};
    }

    // The next protected action is approved by this member of staff (PIN still checked).
    void approveNextAs(const QString& name, const QString& pin, const QString& reason = QStringLiteral("test"),
                       const QString& price = {})
    {
        window->supervisorOverride().setNextAnswer({staffId(name), pin, reason, price});
    }

    ~CounterFixture()
    {
        window.reset();
        store.reset();
    }
};

// The first show of the test day on a screen.
inline QString firstShowOn(LocalStore& store, const std::string& screenId)
{
    auto shows = store.showsBetween(morning(), morning() + std::chrono::hours(20));
    if (shows) {
        for (const auto& s : *shows) {
            if (s.show.screenId == screenId) {
                return QString::fromStdString(s.show.id);
            }
        }
    }
    return {};
}

inline std::vector<int> seatIndices(const SeatLayout& layout, const QStringList& ids)
{
    std::vector<int> out;
    for (const QString& id : ids) {
        if (auto index = layout.indexOf(id.toStdString())) {
            out.push_back(*index);
        }
    }
    return out;
}

// Sells seats through the sales screen with exact cash; returns the booking reference.
inline QString sell(CounterFixture& counter, const QString& showId, const QStringList& seats)
{
    counter.window->openShow(showId);
    SalesScreen* sales = counter.window->sales();
    auto held = sales->basket().setSeats(seatIndices(*sales->basket().layout(), seats));
    if (!held || !held->empty()) {
        return {};
    }
    sales->startPayment();
    PaymentDialog* dialog = sales->paymentDialog();
    if (!dialog) {
        return {};
    }
    dialog->quickCash(0);
    dialog->accept();
    const QRegularExpression ref(QStringLiteral("([0-9A-Z]{5}-[0-9A-Z]{5})"));
    return ref.match(counter.window->bannerText()).captured(1);
}

// The text of a PDF through pdftotext (poppler-utils).
inline QString pdfText(const QString& path)
{
    QProcess p;
    p.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    if (!p.waitForFinished(20'000)) {
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace marquee::test
