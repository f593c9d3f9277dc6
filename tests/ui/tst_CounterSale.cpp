// A whole sale at the counter, from the schedule to the printed tickets: once with the
// keyboard alone and once with the mouse alone. The printed PDF must hold the booking
// reference and the seats.

#include "Basket.h"
#include "BookingLookupScreen.h"
#include "CounterFixture.h"
#include "MoneyText.h"
#include "PaymentDialog.h"
#include "SalesScreen.h"
#include "ScheduleModel.h"
#include "ScheduleView.h"
#include "SeatMapWidget.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QtTest>
#include <algorithm>

using namespace marquee;
using namespace marquee::test;

class TestCounterSale : public QObject
{
    Q_OBJECT

private:
    // Keys go to whatever has focus, as they would from a real keyboard.
    static void press(Qt::Key key, const QString& where)
    {
        QWidget* focus = QApplication::focusWidget();
        QVERIFY2(focus, qPrintable(where));
        QTest::keyClick(focus, key);
    }
    static void type(const QString& text)
    {
        QWidget* focus = QApplication::focusWidget();
        QVERIFY(focus);
        QTest::keyClicks(focus, text);
    }

    static void checkPrinted(CounterFixture& counter, const QStringList& seats)
    {
        QTRY_VERIFY(!counter.window->lastPrintout().isEmpty());
        const QString pdf = counter.window->lastPrintout();
        QVERIFY2(pdf.endsWith(QLatin1String(".pdf")) && QFileInfo::exists(pdf), qPrintable(pdf));
        const QString text = pdfText(pdf);
        // MARQUEE_TEST_KEEP=<dir> keeps the printout to look at.
        if (qEnvironmentVariableIsSet("MARQUEE_TEST_KEEP")) {
            QFile::copy(pdf, qEnvironmentVariable("MARQUEE_TEST_KEEP") + QLatin1Char('/') + QFileInfo(pdf).fileName());
        }
        const QString banner = counter.window->bannerText();
        // The banner names the booking: "Sold K7P3M-XQ9B2: ..."
        const QRegularExpression ref(QStringLiteral("([0-9A-Z]{5}-[0-9A-Z]{5})"));
        const auto match = ref.match(banner);
        QVERIFY2(match.hasMatch(), qPrintable(banner));
        auto booking = counter.store->bookingByReference(match.captured(1).toStdString());
        QVERIFY(booking.has_value());
        QVERIFY2(text.contains(match.captured(1)), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("RECEIPT")));
        for (const QString& seat : seats) {
            QVERIFY2(text.contains(QStringLiteral("Seat %1").arg(seat)), qPrintable(seat + QLatin1Char('\n') + text));
        }
        QCOMPARE(int(booking->lines.size()), int(seats.size()));
    }

private slots:
    void fullSaleByKeyboardAlone()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        auto* grid = counter.window->findChild<QTableView*>(QStringLiteral("scheduleGrid"));
        QVERIFY(grid);
        QTRY_COMPARE(QApplication::focusWidget(), grid);

        // Type to filter by film, Enter sells the show under the cursor.
        type(QStringLiteral("starfall"));
        QCOMPARE(counter.window->schedule()->model()->rowCount(), 1);
        const QString showId = counter.window->schedule()->currentShowId();
        QVERIFY(!showId.isEmpty());
        press(Qt::Key_Return, QStringLiteral("grid"));
        SalesScreen* sales = counter.window->sales();
        QTRY_VERIFY(sales->isVisible());
        QCOMPARE(sales->showId(), showId);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(sales->seatMap()));

        // "3" then "B": best three seats, held at once as ONE hold.
        press(Qt::Key_3, QStringLiteral("map"));
        press(Qt::Key_B, QStringLiteral("map"));
        QCOMPARE(int(sales->basket().seats().size()), 3);
        QVERIFY(sales->basket().hold().has_value());

        // One more seat with the arrows and Space: a row further back, then right until the
        // focus ring is on a seat that is free and not already in the basket.
        SeatMapWidget* map = sales->seatMap();
        const auto inBasket = [&](int seat) {
            const auto& chosen = sales->basket().seats();
            return std::find(chosen.begin(), chosen.end(), seat) != chosen.end();
        };
        const auto isFree = [&](int seat) {
            return seat >= 0 && std::size_t(seat) < sales->seatStates().size() &&
                   sales->seatStates()[std::size_t(seat)] == SeatState::Available &&
                   map->seatLayout()->seat(seat).isSellable() && !inBasket(seat);
        };
        const int start = map->focusedSeat();
        press(Qt::Key_Down, QStringLiteral("map"));
        QVERIFY(map->focusedSeat() != start);
        for (int step = 0; step < 40 && !isFree(map->focusedSeat()); ++step) {
            press(Qt::Key_Right, QStringLiteral("map"));
        }
        const int picked = map->focusedSeat();
        QVERIFY(isFree(picked));
        press(Qt::Key_Space, QStringLiteral("map"));
        QCOMPARE(int(sales->basket().seats().size()), 4);
        QVERIFY(inBasket(picked));
        QCOMPARE(counter.store->availability(showId.toStdString())->held, 4); // the one hold, grown
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(map));

        const QStringList seats = [&] {
            QStringList list;
            for (const auto& id : sales->basket().seatIds()) {
                list << QString::fromStdString(id);
            }
            return list;
        }();

        // Enter on the map: payment. Cash tendered typed, Enter confirms.
        press(Qt::Key_Return, QStringLiteral("map"));
        QTRY_VERIFY(sales->paymentDialog() && sales->paymentDialog()->isVisible());
        QTRY_COMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("cashTendered"));
        type(QStringLiteral("2000")); // more than four seats cost, so there is change
        PaymentDialog* dialog = sales->paymentDialog();
        QVERIFY(dialog->due().minor() < 200000);
        QCOMPARE(dialog->changeDue().minor(), 200000 - dialog->due().minor());
        auto* change = dialog->findChild<QLabel*>(QStringLiteral("changeDue"));
        QVERIFY2(change->text().contains(MoneyText::format(dialog->changeDue())), qPrintable(change->text()));
        press(Qt::Key_Return, QStringLiteral("payment"));

        checkPrinted(counter, seats);
        // Back on the schedule, ready for the next customer.
        QTRY_VERIFY(counter.window->schedule()->isVisible());
        QVERIFY(counter.window->bannerText().contains(QStringLiteral("Change due")));

        // F3 finds the booking again, Ctrl+P reprints it, Esc goes back.
        const QString reference = QRegularExpression(QStringLiteral("([0-9A-Z]{5}-[0-9A-Z]{5})"))
                                      .match(counter.window->bannerText())
                                      .captured(1);
        const QString firstPrint = counter.window->lastPrintout();
        // The payment dialog has closed; a window manager gives the main window back its activation.
        QApplication::setActiveWindow(counter.window.get());
        QTRY_COMPARE(QApplication::focusWidget(), grid);
        press(Qt::Key_F3, QStringLiteral("schedule"));
        QTRY_VERIFY(counter.window->lookup()->isVisible());
        QTRY_COMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("lookupQuery"));
        type(reference);
        press(Qt::Key_Return, QStringLiteral("lookup query"));
        QVERIFY(counter.window->lookup()->booking().has_value());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_P, Qt::ControlModifier);
        QTRY_VERIFY(counter.window->lastPrintout() != firstPrint);
        QVERIFY(pdfText(counter.window->lastPrintout()).contains(reference));
        press(Qt::Key_Escape, QStringLiteral("lookup"));
        QTRY_VERIFY(counter.window->schedule()->isVisible());
    }

    void fullSaleByMouseAlone()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        auto* grid = counter.window->findChild<QTableView*>(QStringLiteral("scheduleGrid"));
        ScheduleModel* model = counter.window->schedule()->model();
        // A screen-3 show (the 600-seat screen).
        QModelIndex target;
        for (int r = 0; r < model->rowCount() && !target.isValid(); ++r) {
            for (int c = 0; c < model->columnCount(); ++c) {
                const ShowSummary* s = model->showAt(model->index(r, c));
                if (s && s->show.screenId == "screen-3") {
                    target = model->index(r, c);
                    break;
                }
            }
        }
        QVERIFY(target.isValid());
        grid->scrollTo(target);
        QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->visualRect(target).center());
        SalesScreen* sales = counter.window->sales();
        QTRY_VERIFY(sales->isVisible());
        QCOMPARE(sales->showId(), target.data(ScheduleModel::ShowIdRole).toString());

        // Click two seats on the map; each click changes the one hold.
        SeatMapWidget* map = sales->seatMap();
        auto layout = map->seatLayout();
        QVERIFY(layout);
        const QStringList wanted{QStringLiteral("F12"), QStringLiteral("F13")};
        for (const QString& id : wanted) {
            const auto index = layout->indexOf(id.toStdString());
            QVERIFY(index.has_value());
            QTest::mouseClick(map, Qt::LeftButton, {}, map->seatRect(*index).center().toPoint());
        }
        QCOMPARE(int(sales->basket().seats().size()), 2);
        const std::string holdId = sales->basket().hold()->id;

        auto* pay = sales->findChild<QPushButton*>(QStringLiteral("payButton"));
        QTest::mouseClick(pay, Qt::LeftButton);
        QTRY_VERIFY(sales->paymentDialog() && sales->paymentDialog()->isVisible());
        PaymentDialog* dialog = sales->paymentDialog();
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("quickCash1")), Qt::LeftButton);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("confirmPaymentButton")), Qt::LeftButton);

        checkPrinted(counter, wanted);
        auto hold = counter.store->findHold(holdId);
        QVERIFY(hold.has_value());
        QVERIFY(hold->state == HoldState::Booked);
    }
};

QTEST_MAIN(TestCounterSale)
#include "tst_CounterSale.moc"
