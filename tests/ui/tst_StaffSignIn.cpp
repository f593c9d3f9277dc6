// Staff at the counter: PIN sign-in by keyboard alone, the lockout after five wrong PINs,
// sign-out when idle (the basket's seats go back on sale), the supervisor's approval that
// every protected action needs (and whose reason lands in the audit log), and the
// override dialog and the blind count driven by keys only.

#include "BlindCountDialog.h"
#include "DayReport.h"
#include "DrawerMenu.h"
#include "ManagerScreen.h"
#include "ManagerSupport.h"
#include "OverrideDialog.h"
#include "SignInScreen.h"
#include "StaffSession.h"

#include <QAction>
#include <QLabel>
#include <QTimer>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

using namespace marquee;
using namespace marquee::test;

namespace {

// Overrides recorded in the audit log: action name -> reason.
std::vector<std::pair<std::string, std::string>> overrides(LocalStore& store)
{
    std::vector<std::pair<std::string, std::string>> out;
    const auto log = store.auditLog(0, 100000);
    for (const auto& row : *log) {
        if (row.action == "override") {
            auto detail = nlohmann::json::parse(row.detail);
            out.push_back({detail.at("action"), detail.at("reason")});
        }
    }
    return out;
}

// Types into whatever has the keyboard focus in the modal dialog.
void typeInModal(QWidget* dialog, const QString& text, Qt::Key then = Qt::Key_unknown)
{
    if (!text.isEmpty()) {
        QTest::keyClicks(dialog->focusWidget(), text);
    }
    if (then != Qt::Key_unknown) {
        QTest::keyClick(dialog->focusWidget(), then);
    }
}

// Runs `keys` on the next modal dialog once it is up; a dialog still open 5 s later is
// rejected, so a broken keyboard path fails the test instead of hanging it.
void whenModal(QObject* context, std::function<void(QWidget*)> keys)
{
    auto* poll = new QTimer(context);
    auto tries = std::make_shared<int>(0);
    QObject::connect(poll, &QTimer::timeout, context, [poll, tries, keys] {
        QWidget* dialog = QApplication::activeModalWidget();
        if (dialog && dialog->isVisible() && dialog->focusWidget()) {
            poll->stop();
            poll->deleteLater();
            keys(dialog);
            QTimer::singleShot(5000, dialog, [dialog] {
                if (dialog->isVisible()) {
                    qWarning("the dialog did not close by keyboard");
                    if (auto* d = qobject_cast<QDialog*>(dialog)) {
                        d->reject();
                    }
                }
            });
        } else if (++*tries > 100) {
            poll->stop();
            poll->deleteLater();
        }
    });
    poll->start(50);
}

} // namespace

class TestStaffSignIn : public QObject
{
    Q_OBJECT
private slots:
    void signsInWithTheKeyboardAlone()
    {
        CounterFixture counter;
        counter.signedIn.clear();
        QVERIFY(counter.start());
        MainWindow& window = *counter.window;
        QVERIFY(!window.isCounterShown());
        QVERIFY(!window.session().isSignedIn());
        // F2 does nothing while nobody is signed in.
        QTest::keyClick(&window, Qt::Key_F2);
        QVERIFY(!window.isCounterShown());

        QWidget* field = window.signInScreen()->findChild<QWidget*>(QStringLiteral("staffField"));
        field->setFocus();
        QTest::keyClicks(field, QStringLiteral("kab"));
        QTest::keyClick(field, Qt::Key_Return);
        QTRY_COMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("pinField"));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("2222"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QVERIFY2(window.session().isSignedIn(), qPrintable(window.signInScreen()->message()));
        QCOMPARE(window.session().staffName(), QStringLiteral("Kabir"));
        QVERIFY(window.isCounterShown());
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("staffLabel"))->text().contains(QStringLiteral("Kabir")));

        // Sales are recorded under Kabir's id; the receipt says his name.
        const QString reference = sell(counter, firstShowOn(*counter.store, "screen-1"), {QStringLiteral("A1")});
        QVERIFY(!reference.isEmpty());
        QCOMPARE(QString::fromStdString(counter.store->bookingByReference(reference.toStdString())->staff),
                 counter.staffId(QStringLiteral("Kabir")));
        QVERIFY(pdfText(window.lastPrintout()).contains(QStringLiteral("Served by Kabir")));

        // Ctrl+L signs out.
        QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
        QVERIFY(!window.session().isSignedIn());
        QVERIFY(!window.isCounterShown());
    }

    void fifthWrongPinLocksTheAccount()
    {
        CounterFixture counter;
        counter.signedIn.clear();
        QVERIFY(counter.start());
        SignInScreen* screen = counter.window->signInScreen();
        QVERIFY(screen->chooseStaff(QStringLiteral("Asha")));
        auto attempt = [&](const QString& pin) {
            auto* field = screen->findChild<QLineEdit*>(QStringLiteral("pinField"));
            field->setText(pin);
            return screen->submit();
        };
        for (int i = 0; i < 4; ++i) {
            QVERIFY(!attempt(QStringLiteral("9999")));
            QVERIFY2(screen->message().contains(QStringLiteral("Wrong PIN")), qPrintable(screen->message()));
        }
        QVERIFY(!attempt(QStringLiteral("9999")));
        QVERIFY2(screen->message().startsWith(QStringLiteral("Locked")), qPrintable(screen->message()));
        // Even the right PIN is refused while locked, and says for how long.
        QVERIFY(!attempt(QStringLiteral("1111")));
        QVERIFY2(screen->message().contains(QStringLiteral("try again in 5 minutes")), qPrintable(screen->message()));
        counter.clock.advance(std::chrono::minutes(6));
        QVERIFY2(attempt(QStringLiteral("1111")), qPrintable(screen->message()));
        QCOMPARE(counter.window->session().staffName(), QStringLiteral("Asha"));
    }

    void idleCounterSignsOutAndReleasesTheBasket()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        MainWindow& window = *counter.window;
        const QString show = firstShowOn(*counter.store, "screen-2");
        window.openShow(show);
        QVERIFY(window.sales()
                    ->basket()
                    .setSeats(seatIndices(*window.sales()->basket().layout(), {QStringLiteral("G1")}))
                    ->empty());
        QCOMPARE(counter.store->availability(show.toStdString())->held, 1);
        window.session().setIdleTimeout(150);
        QTRY_VERIFY(!window.session().isSignedIn());
        QVERIFY(!window.isCounterShown());
        QCOMPARE(counter.store->availability(show.toStdString())->held, 0);
        QVERIFY(window.signInScreen()->message().contains(QStringLiteral("without use")));
        bool idleRow = false;
        const auto log = counter.store->auditLog(0, 100000);
        for (const auto& row : *log) {
            idleRow = idleRow || row.action == "sign_out_idle";
        }
        QVERIFY(idleRow);
    }

    void everyProtectedActionNeedsASupervisor()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        MainWindow& window = *counter.window;
        SupervisorOverride& gate = window.supervisorOverride();
        BookingLookupScreen* lookup = window.lookup();
        const QString show = firstShowOn(*counter.store, "screen-2");
        QVERIFY(window.drawer()->openShift(0));

        // The same four refusals for each action, then the approval that does it.
        auto refusals = [&](const std::function<bool()>& act, const std::function<bool()>& unchanged) {
            gate.setNextAnswer({}); // cancelled
            QVERIFY(!act());
            QVERIFY(unchanged());
            counter.approveNextAs(QStringLiteral("Kabir"), QStringLiteral("2222"), QStringLiteral("x"),
                                  QStringLiteral("50"));
            QVERIFY(!act()); // a cashier may not approve
            QVERIFY2(gate.lastError().contains(QStringLiteral("needs a")), qPrintable(gate.lastError()));
            QVERIFY(unchanged());
            counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("0000"), QStringLiteral("x"),
                                  QStringLiteral("50"));
            QVERIFY(!act()); // wrong PIN
            QVERIFY(unchanged());
            counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("1357"), QString(), QStringLiteral("50"));
            QVERIFY(!act()); // no reason
            QVERIFY(unchanged());
        };

        // Refund.
        const QString refundRef = sell(counter, show, {QStringLiteral("H1")});
        window.showLookup();
        QVERIFY(lookup->lookUp(refundRef));
        auto booked = [&](const QString& ref) {
            return counter.store->bookingByReference(ref.toStdString())->state == BookingState::Confirmed;
        };
        refusals([&] { return lookup->refundChosen(); }, [&] { return booked(refundRef); });
        counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("1357"), QStringLiteral("refund reason"));
        QVERIFY(lookup->refundChosen());
        QVERIFY(!booked(refundRef));

        // Void.
        const QString voidRef = sell(counter, show, {QStringLiteral("H2")});
        window.showLookup();
        QVERIFY(lookup->lookUp(voidRef));
        refusals([&] { return lookup->voidBooking(); }, [&] { return booked(voidRef); });
        counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("1357"), QStringLiteral("void reason"));
        QVERIFY(lookup->voidBooking());
        QVERIFY(!booked(voidRef));
        QCOMPARE(counter.store->bookingByReference(voidRef.toStdString())->refunds.front().reason,
                 std::string("void: void reason"));

        // Price change.
        window.openShow(show);
        SalesScreen* sales = window.sales();
        QVERIFY(sales->basket().setSeats(seatIndices(*sales->basket().layout(), {QStringLiteral("H3")}))->empty());
        auto listPrice = [&] { return (*sales->basket().lines())[0].price.minor(); };
        const std::int64_t list = listPrice();
        refusals([&] { return sales->changePrice(0); }, [&] { return listPrice() == list; });
        counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("1357"), QStringLiteral("price reason"),
                              QStringLiteral("50"));
        QVERIFY(sales->changePrice(0));
        QCOMPARE(listPrice(), std::int64_t(5000));
        sales->abandon();

        // Reprint after the show started (before it: no approval asked).
        const QString reprintRef = sell(counter, show, {QStringLiteral("H4")});
        window.showLookup();
        QVERIFY(lookup->lookUp(reprintRef));
        const int asked = gate.requests();
        QVERIFY(lookup->reprint());
        QCOMPARE(gate.requests(), asked);
        counter.clock.set(counter.store->show(show.toStdString())->start + std::chrono::minutes(5));
        QString printout = window.lastPrintout();
        refusals([&] { return lookup->reprint(); }, [&] { return window.lastPrintout() == printout; });
        counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("1357"), QStringLiteral("reprint reason"));
        QVERIFY(lookup->reprint());
        QVERIFY(window.lastPrintout() != printout);

        // Z-report: a supervisor is not enough, a manager is.
        QVERIFY(window.drawer()->closeShift({}));
        window.showManager();
        ManagerScreen* manager = window.managerScreen();
        manager->setDate(QDate(2026, 12, 3));
        auto open = [&] { return !DayReports(*counter.store).zReportFor(*parseDate("2026-12-03"))->has_value(); };
        refusals([&] { return manager->closeDay(); }, open);
        counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("1357"), QStringLiteral("z reason"));
        QVERIFY(!manager->closeDay());
        QVERIFY(open());
        counter.approveNextAs(QStringLiteral("Meera"), QStringLiteral("2468"), QStringLiteral("z reason"));
        QVERIFY(manager->closeDay());
        QVERIFY(!open());

        // Each approval is in the audit log with its action and reason; the cashier stayed signed in.
        const std::vector<std::pair<std::string, std::string>> expected{{"refund", "refund reason"},
                                                                        {"void", "void reason"},
                                                                        {"price_override", "price reason"},
                                                                        {"late_reprint", "reprint reason"},
                                                                        {"z_report", "z reason"}};
        QCOMPARE(overrides(*counter.store), expected);
        QCOMPARE(window.session().staffName(), QStringLiteral("Asha"));
        QVERIFY(counter.store->verifyAuditChain()->intact());
    }

    void overrideDialogAndBlindCountByKeyboardOnly()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        MainWindow& window = *counter.window;
        QVERIFY(window.drawer()->openShift(0));
        const QString reference = sell(counter, firstShowOn(*counter.store, "screen-2"), {QStringLiteral("J1")});
        window.showLookup();
        QVERIFY(window.lookup()->lookUp(reference));

        // The real dialog: the reason has the focus; Tab to the PIN, Enter approves.
        bool sawDialog = false;
        whenModal(this, [&](QWidget* dialog) {
            sawDialog = qobject_cast<OverrideDialog*>(dialog) != nullptr;
            typeInModal(dialog, QStringLiteral("customer changed mind"), Qt::Key_Tab);
            typeInModal(dialog, QStringLiteral("2468"), Qt::Key_Return); // Meera, first in the list
        });
        QTest::keyClick(window.lookup(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(sawDialog);
        QVERIFY2(counter.store->bookingByReference(reference.toStdString())->state == BookingState::Refunded,
                 qPrintable(window.lookup()->message()));
        QCOMPARE(overrides(*counter.store).back().second, std::string("customer changed mind"));

        // Esc cancels the dialog and nothing happens.
        const QString second = sell(counter, firstShowOn(*counter.store, "screen-2"), {QStringLiteral("J2")});
        window.showLookup();
        QVERIFY(window.lookup()->lookUp(second));
        bool cancelled = false;
        whenModal(this, [&](QWidget* dialog) {
            cancelled = true;
            QTest::keyClick(dialog->focusWidget(), Qt::Key_Escape);
        });
        QApplication::setActiveWindow(&window); // the last dialog took the activation with it
        QTest::keyClick(window.lookup(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(cancelled);
        QVERIFY(counter.store->bookingByReference(second.toStdString())->state == BookingState::Confirmed);

        // Blind count: Ctrl+Shift+C, digits and Tab down the rows, Enter closes the shift.
        whenModal(this, [](QWidget* dialog) {
            QVERIFY(qobject_cast<BlindCountDialog*>(dialog));
            typeInModal(dialog, QStringLiteral("1"), Qt::Key_Tab); // 1 x 2000 notes
            typeInModal(dialog, QStringLiteral("2"), Qt::Key_Tab); // 2 x 500 notes
            typeInModal(dialog, QString(), Qt::Key_Return);
        });
        QApplication::setActiveWindow(&window);
        QTest::keyClick(&window, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY2(window.bannerText().contains(QStringLiteral("counted ₹3,000.00")), qPrintable(window.bannerText()));
        auto shift = CashRegister(*counter.store).currentShift();
        QVERIFY(shift && !*shift);
    }
};

QTEST_MAIN(TestStaffSignIn)
#include "tst_StaffSignIn.moc"
