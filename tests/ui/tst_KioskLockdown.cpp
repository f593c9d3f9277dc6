// Lock-down (issue 8): the kiosk cannot be closed, and Alt+F4, Ctrl+Q, Ctrl+W and Escape do
// nothing; holding the top-left corner opens a PIN pad where only a manager's PIN lets the
// kiosk quit (audited), a wrong PIN or a cashier's is refused, and a short press does nothing.

#include "KioskFixture.h"
#include "PinPad.h"

#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSignalSpy>

using namespace marquee;
using namespace marquee::test;

namespace {

// Types a PIN on the on-screen keypad by touch, then OK.
void typePin(KioskFixture& k, const QString& pin)
{
    auto* pad = k.find<PinPad>(QStringLiteral("exitPin"));
    QVERIFY(pad);
    for (QChar digit : pin) {
        QAbstractButton* key = nullptr;
        for (auto* b : pad->findChildren<QAbstractButton*>()) {
            if (b->text() == QString(digit)) {
                key = b;
            }
        }
        QVERIFY(key);
        QVERIFY(k.tap(key));
    }
    QVERIFY(k.tap(pad->findChild<QAbstractButton*>(QStringLiteral("pinOk"))));
}

// Press and hold the hidden corner for `ms`, then lift.
void holdCorner(KioskFixture& k, int ms)
{
    QWidget* corner = k.window->findChild<QWidget*>(QStringLiteral("exitCorner"));
    QVERIFY(corner);
    const QPoint at = corner->rect().center();
    QTest::touchEvent(k.window.get(), k.touchScreen).press(0, at, corner);
    QTest::qWait(ms);
    QTest::touchEvent(k.window.get(), k.touchScreen).release(0, at, corner);
    QCoreApplication::processEvents();
}

bool auditHas(KioskFixture& k, const std::string& action)
{
    auto log = k.store->auditLog(0, 10'000);
    return log && std::ranges::any_of(*log, [&](const auto& e) { return e.action == action; });
}

} // namespace

class TestKioskLockdown : public QObject
{
    Q_OBJECT

private slots:
    void windowIsFullScreenFramelessAndCannotBeClosed()
    {
        KioskFixture k;
        QVERIFY(k.start());
        QVERIFY(k.window->windowFlags() & Qt::FramelessWindowHint);
        QVERIFY(k.window->windowFlags() & Qt::WindowStaysOnTopHint);
        QVERIFY(!k.window->close());
        QVERIFY(k.window->isVisible());
        QVERIFY(k.toSeats());
        for (auto [key, mods] :
             {std::pair{Qt::Key_F4, Qt::AltModifier}, std::pair{Qt::Key_Q, Qt::ControlModifier},
              std::pair{Qt::Key_W, Qt::ControlModifier}, std::pair{Qt::Key_Escape, Qt::NoModifier}}) {
            QTest::keyClick(k.window.get(), key, mods);
            QTest::keyClick(k.find(QStringLiteral("seatMap")), key, mods);
        }
        QVERIFY(k.window->isVisible());
        QCOMPARE(k.window->screen(), KioskWindow::Screen::Seats); // Escape did not leave the show
        QVERIFY(!k.window->basket().isEmpty());
        // No staff functions anywhere: no menus, no sign-in, no refunds.
        QVERIFY(k.window->findChildren<QMenuBar*>().isEmpty());
        for (auto* b : k.window->findChildren<QAbstractButton*>()) {
            QVERIFY2(!b->text().contains(QStringLiteral("Refund"), Qt::CaseInsensitive), qPrintable(b->text()));
            QVERIFY2(!b->text().contains(QStringLiteral("Report"), Qt::CaseInsensitive), qPrintable(b->text()));
        }
    }

    void exitIsRefusedWithoutTheManagersPin()
    {
        KioskFixture k;
        QVERIFY(k.start());
        QSignalSpy approved(k.window.get(), &KioskWindow::exitApproved);
        holdCorner(k, 50); // a short touch: nothing
        QVERIFY(!k.window->isExitOpen());

        holdCorner(k, 600);
        QVERIFY(k.window->isExitOpen());
        typePin(k, QStringLiteral("1111")); // wrong for the manager
        QVERIFY(k.find<QLabel>(QStringLiteral("exitStatus"))->text().contains(QStringLiteral("Wrong PIN")));
        QVERIFY(k.window->isExitOpen());
        QCOMPARE(approved.count(), 0);
        QVERIFY(!k.window->close());
        QVERIFY(auditHas(k, "wrong_pin"));

        // A cashier's own right PIN does not open it either: leaving needs a manager.
        QVERIFY(k.tap(QStringLiteral("exitManager_Meera")));
        StaffRoster roster(*k.store);
        QVERIFY(!roster.authorize(k.scalar("SELECT staff_id FROM staff WHERE name = 'Asha'"), "1111",
                                  ProtectedAction::LeaveKiosk));
        QVERIFY(k.tap(QStringLiteral("exitCancel")));
        QVERIFY(!k.window->isExitOpen());
        QCOMPARE(approved.count(), 0);
        QVERIFY(k.window->isVisible());
    }

    void managersPinLetsTheKioskQuit()
    {
        KioskFixture k;
        QVERIFY(k.start());
        QSignalSpy approved(k.window.get(), &KioskWindow::exitApproved);
        holdCorner(k, 600);
        QVERIFY(k.window->isExitOpen());
        typePin(k, QStringLiteral("2468")); // Meera, manager
        QCOMPARE(approved.count(), 1);
        QVERIFY(auditHas(k, "override"));
        QVERIFY(k.window->close());
        QVERIFY(!k.window->isVisible());
    }

    void idleTimerDoesNotRunBehindTheExitPad()
    {
        KioskOptions options = fastKioskOptions();
        options.idleMs = 300;
        options.stillThereMs = 300;
        KioskFixture k;
        QVERIFY(k.start(options));
        QVERIFY(k.toSeats());
        holdCorner(k, 400);
        QVERIFY(k.window->isExitOpen());
        QSignalSpy asked(&k.window->idleWatch(), &KioskIdleWatch::countdownStarted);
        QTest::qWait(900);
        QCOMPARE(asked.count(), 0);
        QVERIFY(k.tap(QStringLiteral("exitCancel")));
        QTRY_COMPARE_WITH_TIMEOUT(asked.count(), 1, 3'000);
    }
};

QTEST_MAIN(TestKioskLockdown)
#include "tst_KioskLockdown.moc"
