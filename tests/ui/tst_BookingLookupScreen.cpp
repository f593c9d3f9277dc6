// After the sale: finding a booking by reference, QR text or seat; refunding some seats;
// exchanging to another show in one step; rejecting a forged ticket code.

#include "BookingLookupScreen.h"
#include "CounterFixture.h"
#include "PaymentDialog.h"
#include "SalesScreen.h"
#include "ScheduleView.h"
#include "TicketCode.h"
#include "TicketPrinter.h"

#include <QPushButton>
#include <QTableView>
#include <QtTest>

using namespace marquee;
using namespace marquee::test;

class TestBookingLookupScreen : public QObject
{
    Q_OBJECT
private slots:
    void refundOfSomeSeatsPutsThemBackOnSale()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        const QString showId = firstShowOn(*counter.store, "screen-2");
        const QString reference = sell(counter, showId, {QStringLiteral("D4"), QStringLiteral("D5")});
        QVERIFY(!reference.isEmpty());

        counter.window->showLookup();
        BookingLookupScreen* lookup = counter.window->lookup();
        QTRY_VERIFY(lookup->isVisible());
        QTest::keyClicks(QApplication::focusWidget(), reference);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QVERIFY(lookup->booking().has_value());
        lookup->setSeatChecked(QStringLiteral("D5"), true);
        counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("1357"), QStringLiteral("customer unwell"));
        QTest::mouseClick(lookup->findChild<QPushButton*>(QStringLiteral("refundButton")), Qt::LeftButton);

        auto booking = counter.store->bookingByReference(reference.toStdString());
        QVERIFY(booking.has_value());
        QVERIFY(booking->state == BookingState::PartlyRefunded);
        QCOMPARE(int(booking->refunds.size()), 1);
        QVERIFY(booking->refunds.front().seats == std::vector<std::string>{"D5"});
        QVERIFY2(lookup->message().contains(QStringLiteral("D5")), qPrintable(lookup->message()));
        auto availability = counter.store->availability(showId.toStdString());
        QCOMPARE(availability->booked, 1);
        // The refunded seat can be sold again.
        QVERIFY(!sell(counter, showId, {QStringLiteral("D5")}).isEmpty());
    }

    void wholeRefundAndReprint()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        const QString showId = firstShowOn(*counter.store, "screen-1");
        const QString reference = sell(counter, showId, {QStringLiteral("A1")});
        QVERIFY(!reference.isEmpty());
        const QString firstPrint = counter.window->lastPrintout();
        counter.window->showLookup();
        BookingLookupScreen* lookup = counter.window->lookup();
        QVERIFY(lookup->lookUp(reference.toLower()));
        QTest::mouseClick(lookup->findChild<QPushButton*>(QStringLiteral("reprintButton")), Qt::LeftButton);
        QVERIFY(counter.window->lastPrintout() != firstPrint);
        QVERIFY(pdfText(counter.window->lastPrintout()).contains(reference));
        counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("1357"));
        QVERIFY(lookup->refundChosen());
        auto booking = counter.store->bookingByReference(reference.toStdString());
        QVERIFY(booking->state == BookingState::Refunded);
        QVERIFY(!lookup->findChild<QPushButton*>(QStringLiteral("refundButton"))->isEnabled());
    }

    void findsByQrCodeAndRejectsAForgedOne()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        const QString showId = firstShowOn(*counter.store, "screen-2");
        const QString reference = sell(counter, showId, {QStringLiteral("G7")});
        QVERIFY(!reference.isEmpty());
        auto booking = counter.store->bookingByReference(reference.toStdString());
        const QString code = counter.window->printer().ticketCodeFor(*booking, booking->lines.front());
        BookingLookupScreen* lookup = counter.window->lookup();
        counter.window->showLookup();
        QVERIFY(lookup->lookUp(code));
        QCOMPARE(QString::fromStdString(lookup->booking()->reference), reference);

        QString forged = code;
        forged.replace(QStringLiteral("|G7|"), QStringLiteral("|G8|"));
        QVERIFY(!lookup->lookUp(forged));
        QVERIFY2(lookup->message().contains(QStringLiteral("NOT genuine")), qPrintable(lookup->message()));
        // And by show and seat.
        QVERIFY(lookup->lookUpSeat(showId, QStringLiteral("g7")));

        // A scanner "types" the code on the schedule: the lookup opens on the booking.
        counter.window->showSchedule();
        auto* grid = counter.window->findChild<QTableView*>(QStringLiteral("scheduleGrid"));
        QTest::keyClicks(grid, code);
        QTest::keyClick(grid, Qt::Key_Return);
        QTRY_VERIFY(lookup->isVisible());
        QCOMPARE(QString::fromStdString(lookup->booking()->reference), reference);
    }

    void exchangeToDearerSeatsTakesTheDifference()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        const QString from = firstShowOn(*counter.store, "screen-2");
        const QString to = firstShowOn(*counter.store, "screen-1");
        const QString reference = sell(counter, from, {QStringLiteral("K3")});
        QVERIFY(!reference.isEmpty());
        auto old = counter.store->bookingByReference(reference.toStdString());

        counter.window->showLookup();
        BookingLookupScreen* lookup = counter.window->lookup();
        QVERIFY(lookup->lookUp(reference));
        QTest::mouseClick(lookup->findChild<QPushButton*>(QStringLiteral("exchangeButton")), Qt::LeftButton);
        counter.window->openShow(to);
        SalesScreen* sales = counter.window->sales();
        auto layout = sales->basket().layout();
        QVERIFY(sales->basket().setSeats({0}).has_value());
        sales->startPayment();
        // A recliner costs more: the dialog asks only for the difference.
        PaymentDialog* dialog = sales->paymentDialog();
        QVERIFY(dialog);
        auto lines = sales->basket().lines();
        QCOMPARE(dialog->due().minor(), lines->front().price.minor() - old->total.minor());
        dialog->quickCash(0);
        dialog->accept();
        QTRY_VERIFY(counter.window->bannerText().contains(QStringLiteral("Exchanged")));
        QVERIFY(counter.store->bookingByReference(reference.toStdString())->state == BookingState::Refunded);
        auto fresh = counter.store->bookingForSeat(to.toStdString(), layout->seat(0).id);
        QVERIFY(fresh.has_value());
        std::int64_t credit = 0;
        for (const auto& p : fresh->payments) {
            if (p.method == PaymentMethod::ExchangeCredit) {
                credit += p.amount.minor();
            }
        }
        QCOMPARE(credit, old->total.minor());
    }

    void exchangeToAnotherShowIsOneStep()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        auto shows = counter.store->showsBetween(morning(), morning() + std::chrono::hours(20));
        QString from, to;
        for (const auto& s : *shows) {
            if (s.show.screenId == "screen-2") {
                (from.isEmpty() ? from : to) = QString::fromStdString(s.show.id);
                if (!to.isEmpty()) {
                    break;
                }
            }
        }
        QVERIFY(!from.isEmpty() && !to.isEmpty());
        const QString reference = sell(counter, from, {QStringLiteral("H1"), QStringLiteral("H2")});
        QVERIFY(!reference.isEmpty());

        counter.window->showLookup();
        BookingLookupScreen* lookup = counter.window->lookup();
        QVERIFY(lookup->lookUp(reference));
        QTest::mouseClick(lookup->findChild<QPushButton*>(QStringLiteral("exchangeButton")), Qt::LeftButton);
        SalesScreen* sales = counter.window->sales();
        QVERIFY(sales->isExchange());
        QTRY_VERIFY(counter.window->schedule()->isVisible());

        // New show, same kind of seats: fully paid by the returned seats, no money changes hands.
        counter.window->openShow(to);
        QVERIFY(sales->basket()
                    .setSeats(seatIndices(*sales->basket().layout(), {QStringLiteral("J1"), QStringLiteral("J2")}))
                    .has_value());
        sales->startPayment();
        QVERIFY(!sales->paymentDialog());
        QTRY_VERIFY(counter.window->bannerText().contains(QStringLiteral("Exchanged")));

        auto old = counter.store->bookingByReference(reference.toStdString());
        QVERIFY(old->state == BookingState::Refunded);
        QCOMPARE(counter.store->availability(from.toStdString())->booked, 0);
        QCOMPARE(counter.store->availability(to.toStdString())->booked, 2);
        const QRegularExpression ref(QStringLiteral("Exchanged into ([0-9A-Z]{5}-[0-9A-Z]{5})"));
        const QString newReference = ref.match(counter.window->bannerText()).captured(1);
        QVERIFY(!newReference.isEmpty());
        QVERIFY(pdfText(counter.window->lastPrintout()).contains(newReference));
        QVERIFY(!sales->isExchange());
    }
};

QTEST_MAIN(TestBookingLookupScreen)
#include "tst_BookingLookupScreen.moc"
