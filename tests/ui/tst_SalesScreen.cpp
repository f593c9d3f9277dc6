// The sales screen against the seat engine: the basket is one hold that expires plainly,
// and seats taken by another connection to the same database show as taken and cannot be
// held.

#include "Basket.h"
#include "CounterFixture.h"
#include "Database.h"
#include "PaymentDialog.h"
#include "SalesScreen.h"
#include "ScheduleView.h"
#include "SeatMapWidget.h"

#include <QLabel>
#include <QPushButton>
#include <QtTest>

using namespace marquee;
using namespace marquee::test;

class TestSalesScreen : public QObject
{
    Q_OBJECT
private slots:
    void basketIsAlwaysOneHold()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        const QString showId = firstShowOn(*counter.store, "screen-2");
        counter.window->openShow(showId);
        SalesScreen* sales = counter.window->sales();
        auto layout = sales->basket().layout();
        const auto seats = seatIndices(*layout, {QStringLiteral("E5"), QStringLiteral("E6"), QStringLiteral("E7")});
        QCOMPARE(int(seats.size()), 3);

        emit sales->seatMap()->seatActivated(seats[0]);
        QVERIFY(sales->basket().hold().has_value());
        const std::string first = sales->basket().hold()->id;
        emit sales->seatMap()->seatActivated(seats[1]);
        emit sales->seatMap()->seatActivated(seats[2]);
        QCOMPARE(int(sales->basket().seats().size()), 3);
        const std::string changed = sales->basket().hold()->id;
        auto availability = counter.store->availability(showId.toStdString());
        QVERIFY(availability.has_value());
        QCOMPARE(availability->held, 3);
        for (const auto& claim : availability->claims) {
            QCOMPARE(claim.holdId, changed);
        }
        // Removing seats shrinks the hold; removing the last one releases it.
        for (int seat : seats) {
            emit sales->seatMap()->seatActivated(seat);
        }
        QVERIFY(!sales->basket().hold().has_value());
        availability = counter.store->availability(showId.toStdString());
        QCOMPARE(availability->held, 0);
        Q_UNUSED(first);
    }

    void escapeLeavesTheShowAndReleasesTheBasket()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        const QString showId = firstShowOn(*counter.store, "screen-1");
        counter.window->openShow(showId);
        SalesScreen* sales = counter.window->sales();
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(sales->seatMap()));
        QTest::keyClick(sales->seatMap(), Qt::Key_2);
        QTest::keyClick(sales->seatMap(), Qt::Key_B);
        QCOMPARE(counter.store->availability(showId.toStdString())->held, 2);
        QTest::keyClick(sales->seatMap(), Qt::Key_Escape);
        QTRY_VERIFY(counter.window->schedule()->isVisible());
        QCOMPARE(counter.store->availability(showId.toStdString())->held, 0);
    }

    // The map keeps arrows, Space, digits, B and Enter; the screen's keys reach the screen
    // while the map has focus.
    void screenShortcutsWorkWhileTheMapHasFocus()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        const QString showId = firstShowOn(*counter.store, "screen-1");
        counter.window->openShow(showId);
        SalesScreen* sales = counter.window->sales();
        SeatMapWidget* map = sales->seatMap();
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(map));

        // Ctrl+B: best seats for the count in the box (2).
        QTest::keyClick(map, Qt::Key_B, Qt::ControlModifier);
        QCOMPARE(int(sales->basket().seats().size()), 2);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(map));

        // Tab: on to the first seat's ticket type; Shift+Tab: back to the map.
        QTest::keyClick(map, Qt::Key_Tab);
        QWidget* next = QApplication::focusWidget();
        QVERIFY(next && next != map);
        QVERIFY2(next->objectName().startsWith(QLatin1String("ticketType_")), qPrintable(next->objectName()));
        QTest::keyClick(next, Qt::Key_Backtab, Qt::ShiftModifier);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(map));

        // Ctrl+Del: the basket is cleared and its hold released.
        QTest::keyClick(map, Qt::Key_Delete, Qt::ControlModifier);
        QVERIFY(sales->basket().isEmpty());
        QCOMPARE(counter.store->availability(showId.toStdString())->held, 0);

        // F9 with seats: payment opens.
        QTest::keyClick(map, Qt::Key_2);
        QTest::keyClick(map, Qt::Key_B);
        QCOMPARE(int(sales->basket().seats().size()), 2);
        QTest::keyClick(map, Qt::Key_F9);
        QTRY_VERIFY(sales->paymentDialog() && sales->paymentDialog()->isVisible());
        sales->paymentDialog()->reject();
        QTRY_VERIFY(!sales->paymentDialog());

        // Esc during a block drag only drops the drag; the next Esc leaves the show.
        map->setFocus();
        const QRectF first = map->seatRect(sales->basket().seats().front());
        QTest::mousePress(map, Qt::LeftButton, {}, first.center().toPoint() + QPoint(0, int(first.height()) * 3));
        QTest::mouseMove(map, first.center().toPoint() + QPoint(int(first.width()) * 4, int(first.height()) * 4));
        QTest::keyClick(map, Qt::Key_Escape);
        QVERIFY(sales->isVisible());
        QCOMPARE(int(sales->basket().seats().size()), 2);
        QTest::mouseRelease(map, Qt::LeftButton, {},
                            first.center().toPoint() + QPoint(int(first.width()) * 4, int(first.height()) * 4));
        QCOMPARE(int(sales->basket().seats().size()), 2); // the dropped drag adds nothing
        QTest::keyClick(map, Qt::Key_Escape);
        QTRY_VERIFY(counter.window->schedule()->isVisible());
        QCOMPARE(counter.store->availability(showId.toStdString())->held, 0);
    }

    void holdExpiryWhileBasketIsOpenReleasesAndSaysSo()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        const QString showId = firstShowOn(*counter.store, "screen-3");
        counter.window->openShow(showId);
        SalesScreen* sales = counter.window->sales();
        auto held = sales->basket().setSeats(
            seatIndices(*sales->basket().layout(), {QStringLiteral("J10"), QStringLiteral("J11")}));
        QVERIFY(held && held->empty());
        auto* countdown = sales->findChild<QLabel*>(QStringLiteral("holdCountdown"));
        sales->refreshNow();
        QVERIFY2(countdown->text().contains(QStringLiteral("5:00")) ||
                     countdown->text().contains(QStringLiteral("4:59")),
                 qPrintable(countdown->text()));

        // Near the end the countdown warns.
        counter.clock.advance(std::chrono::seconds(4 * 60 + 30));
        sales->refreshNow();
        QVERIFY2(countdown->text().contains(QStringLiteral("Hurry")), qPrintable(countdown->text()));

        // Past the end, the timer releases the seats and tells the cashier plainly.
        counter.clock.advance(std::chrono::seconds(31));
        QTRY_VERIFY(sales->basket().isEmpty());
        QVERIFY2(sales->message().contains(QStringLiteral("Time ran out")), qPrintable(sales->message()));
        QVERIFY(sales->message().contains(QStringLiteral("J10")));
        auto availability = counter.store->availability(showId.toStdString());
        QCOMPARE(availability->held, 0);
        QCOMPARE(availability->booked, 0);
    }

    void expiryDuringPaymentMakesNoBooking()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        const QString showId = firstShowOn(*counter.store, "screen-2");
        counter.window->openShow(showId);
        SalesScreen* sales = counter.window->sales();
        QVERIFY(sales->basket().setSeats(seatIndices(*sales->basket().layout(), {QStringLiteral("C3")})).has_value());
        sales->startPayment();
        QVERIFY(sales->paymentDialog());
        counter.clock.advance(std::chrono::minutes(6));
        QTRY_VERIFY(!sales->paymentDialog() || !sales->paymentDialog()->isVisible());
        QVERIFY(sales->basket().isEmpty());
        auto availability = counter.store->availability(showId.toStdString());
        QCOMPARE(availability->booked, 0);
    }

    void saleThatCouldNotBeSavedIsRetriedWithTheSameIds()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        const QString showId = firstShowOn(*counter.store, "screen-2");
        counter.window->openShow(showId);
        SalesScreen* sales = counter.window->sales();
        QVERIFY(sales->basket()
                    .setSeats(seatIndices(*sales->basket().layout(), {QStringLiteral("B8"), QStringLiteral("B9")}))
                    .has_value());
        const std::string holdId = sales->basket().hold()->id;
        sales->startPayment();
        PaymentDialog* dialog = sales->paymentDialog();
        QVERIFY(dialog);
        dialog->quickCash(1);
        const auto payments = dialog->payments();

        // Another process holds the database's write lock while the sale is confirmed.
        auto blocker = Database::open(counter.databasePath().toStdString(), Database::Options{50, false});
        QVERIFY(blocker.has_value());
        QVERIFY((*blocker)->exec("BEGIN IMMEDIATE").has_value());
        dialog->accept();
        QVERIFY2(sales->message().contains(QStringLiteral("could not be saved")), qPrintable(sales->message()));
        QCOMPARE(counter.store->availability(showId.toStdString())->booked, 0);
        QVERIFY(!sales->basket().isEmpty());

        // The lock goes; Retry (F9) sends the same booking with the same payment ids.
        QVERIFY((*blocker)->exec("ROLLBACK").has_value());
        QApplication::setActiveWindow(counter.window.get());
        QTest::keyClick(sales->seatMap(), Qt::Key_F9);
        QTRY_VERIFY2(!counter.window->lastPrintout().isEmpty(), qPrintable(sales->message()));
        auto availability = counter.store->availability(showId.toStdString());
        QCOMPARE(availability->booked, 2);
        auto hold = counter.store->findHold(holdId);
        QVERIFY(hold->state == HoldState::Booked);
        auto booking = counter.store->bookingForSeat(showId.toStdString(), "B8");
        QVERIFY(booking.has_value());
        QCOMPARE(int(booking->payments.size()), 1);
        QCOMPARE(booking->payments.front().id, payments.front().id);
    }

    void seatTakenByAnotherConnectionShowsTakenAndCannotBeHeld()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        const QString showId = firstShowOn(*counter.store, "screen-3");
        counter.window->openShow(showId);
        SalesScreen* sales = counter.window->sales();
        auto layout = sales->basket().layout();
        const int seat = seatIndices(*layout, {QStringLiteral("K15")}).front();
        sales->refreshNow();
        QVERIFY(sales->seatStates()[std::size_t(seat)] == SeatState::Available);

        // Another counter, its own connection to the same file, holds K15.
        auto other = LocalStore::open(counter.databasePath().toStdString(), counter.clock);
        QVERIFY(other.has_value());
        HoldRequest request;
        request.requestId = "other-counter-request";
        request.showId = showId.toStdString();
        request.seats = {"K15"};
        auto outcome = (*other)->hold(request);
        QVERIFY(outcome && outcome->granted());

        // The map refreshes on its own (every second) and shows the seat as taken.
        QTRY_VERIFY(sales->seatStates()[std::size_t(seat)] == SeatState::Held);
        // Clicking it does not put it in the basket, and says why.
        QTest::mouseClick(sales->seatMap(), Qt::LeftButton, {}, sales->seatMap()->seatRect(seat).center().toPoint());
        QVERIFY(sales->basket().isEmpty());
        QVERIFY2(sales->message().contains(QStringLiteral("K15")), qPrintable(sales->message()));
        auto availability = counter.store->availability(showId.toStdString());
        QCOMPARE(availability->held, 1);
    }
};

QTEST_MAIN(TestSalesScreen)
#include "tst_SalesScreen.moc"
