// The kiosk's sale, by touch alone: start screen, film, time, seats (best available suggested,
// changed by touching the map, wheelchair space with companion), ticket types, a card through
// the real gateway simulator, tickets printed, "take your tickets", and back to the start.

#include "KioskFixture.h"
#include "SeatMapWidget.h"

#include <QDir>
#include <QLabel>

using namespace marquee;
using namespace marquee::test;

namespace {

// An available standard seat of the show that is not in the basket.
int freeSeat(KioskFixture& k)
{
    auto layout = k.window->basket().layout();
    auto availability = k.store->availability(k.window->basket().showId());
    const auto& mine = k.window->basket().seats();
    for (int i = 0; i < static_cast<int>(layout->seatCount()); ++i) {
        if (availability->states[static_cast<std::size_t>(i)] == SeatState::Available &&
            layout->seat(i).kind == SeatKind::Standard && std::ranges::find(mine, i) == mine.end()) {
            return i;
        }
    }
    return -1;
}

} // namespace

class TestKioskPurchase : public QObject
{
    Q_OBJECT

private slots:
    void fullPurchaseByTouchAlone()
    {
        KioskFixture k;
        QVERIFY(k.start());
        QCOMPARE(k.window->screen(), KioskWindow::Screen::Attract);
        QVERIFY(k.find(QStringLiteral("attractShow0"))); // what is showing next

        QVERIFY(k.toSeats());
        // The best two seats are suggested and held at once: one hold in the store.
        QCOMPARE(k.window->basket().seats().size(), std::size_t(2));
        const std::string firstHold = k.holdId();
        QVERIFY(!firstHold.empty());
        QCOMPARE(k.store->findHold(firstHold)->seats.size(), std::size_t(2));

        QVERIFY(k.tap(QStringLiteral("ticketsMore")));
        QCOMPARE(k.window->basket().seats().size(), std::size_t(3));
        QCOMPARE(k.find<QLabel>(QStringLiteral("ticketCount"))->text(), QStringLiteral("3"));

        // A fourth seat, chosen by touching the map.
        auto* map = k.find<SeatMapWidget>(QStringLiteral("seatMap"));
        QVERIFY(map);
        const int extra = freeSeat(k);
        QVERIFY(extra >= 0);
        QVERIFY(k.tap(map, map->seatRect(extra).center().toPoint()));
        QCOMPARE(k.window->basket().seats().size(), std::size_t(4));
        QVERIFY(std::ranges::find(k.window->basket().seats(), extra) != k.window->basket().seats().end());
        QCOMPARE(k.store->findHold(k.holdId())->seats.size(), std::size_t(4));

        QVERIFY(k.tap(QStringLiteral("seatsContinue")));
        QCOMPARE(k.window->screen(), KioskWindow::Screen::Tickets);
        // One ticket becomes another type: the first type button of the first seat not chosen now.
        const int firstSeat = k.window->basket().seats().front();
        const QString seatId = QString::fromStdString(k.window->basket().layout()->seat(firstSeat).id);
        const std::string before = k.window->basket().ticketTypeOf(firstSeat);
        QAbstractButton* other = nullptr;
        for (auto* b : k.window->findChildren<QAbstractButton*>()) {
            if (b->isVisible() && b->objectName().startsWith(QStringLiteral("type_%1_").arg(seatId)) &&
                !b->isChecked()) {
                other = b;
                break;
            }
        }
        QVERIFY(other);
        QVERIFY(k.tap(other));
        QVERIFY(k.window->basket().ticketTypeOf(firstSeat) != before);

        auto lines = k.window->basket().lines();
        QVERIFY(lines);
        std::int64_t total = 0;
        for (const auto& line : *lines) {
            total += line.price.minor();
        }
        QVERIFY(k.tap(QStringLiteral("payButton")));
        QCOMPARE(k.window->screen(), KioskWindow::Screen::Payment);
        QVERIFY(k.window->paymentText().contains(QStringLiteral("Tap or insert your card")));
        QVERIFY(k.reader.isWaiting());

        QVERIFY(k.reader.present(QStringLiteral("pm_card_visa")));
        QTRY_COMPARE_WITH_TIMEOUT(k.window->screen(), KioskWindow::Screen::Done, 20'000);
        QVERIFY(k.find<QLabel>(QStringLiteral("doneTitle"))->text().contains(QStringLiteral("Take your tickets")));

        // One booking of the four seats, paid by the gateway card, captured once, printed.
        QCOMPARE(k.scalar("SELECT count(*) FROM bookings"), std::string("1"));
        QCOMPARE(k.scalar("SELECT count(*) FROM ticket_lines"), std::string("4"));
        QCOMPARE(k.scalar("SELECT state FROM checkouts"), std::string("COMPLETED"));
        const auto ledger = k.control->ledger();
        QCOMPARE(ledger["counts"]["captures"].get<std::int64_t>(), std::int64_t(1));
        QCOMPARE(ledger["totals"]["inr"]["captured"].get<std::int64_t>(), total);
        QCOMPARE(k.printer->prints, 1);
        QCOMPARE(QDir(k.pdfDirectory()).entryList({QStringLiteral("*.pdf")}).size(), 1);
        const auto bookingRef = k.scalar("SELECT reference FROM bookings");
        QVERIFY(
            k.find<QLabel>(QStringLiteral("bookingReference"))->text().contains(QString::fromStdString(bookingRef)));

        QVERIFY(k.tap(QStringLiteral("doneButton")));
        QCOMPARE(k.window->screen(), KioskWindow::Screen::Attract);
        QVERIFY(k.window->basket().isEmpty());
        QCOMPARE(k.scalar("SELECT count(*) FROM holds WHERE state = 'HELD'"), std::string("0"));
    }

    void declinedCardKeepsTheSeatsAndAnotherCardPays()
    {
        KioskFixture k;
        QVERIFY(k.start());
        QVERIFY(k.toPayment());
        const std::string hold = k.holdId();
        QVERIFY(k.reader.present(QStringLiteral("pm_card_chargeDeclinedInsufficientFunds")));
        QTRY_VERIFY_WITH_TIMEOUT(k.window->paymentText().contains(QStringLiteral("declined")), 20'000);
        QVERIFY(k.window->paymentText().contains(QStringLiteral("insufficient funds")));
        QCOMPARE(k.window->screen(), KioskWindow::Screen::Payment);
        QCOMPARE(k.holdId(), hold);    // the seats stay kept
        QVERIFY(k.reader.isWaiting()); // for another card

        QVERIFY(k.reader.present(QStringLiteral("pm_card_mastercard")));
        QTRY_COMPARE_WITH_TIMEOUT(k.window->screen(), KioskWindow::Screen::Done, 20'000);
        QCOMPARE(k.scalar("SELECT count(*) FROM bookings"), std::string("1"));
        QCOMPARE(k.scalar("SELECT hold_id FROM bookings"), hold);
        const auto ledger = k.control->ledger();
        QCOMPARE(ledger["counts"]["captures"].get<std::int64_t>(), std::int64_t(1));
        QCOMPARE(ledger["totals"]["inr"]["authorized_open"].get<std::int64_t>(), std::int64_t(0));
    }

    void wheelchairSpaceComesWithACompanionSeat()
    {
        KioskFixture k;
        QVERIFY(k.start());
        const QString showId = firstShowOn(*k.store, "screen-2");
        QVERIFY(!showId.isEmpty());
        const std::string filmId = k.store->show(showId.toStdString())->filmId;
        QVERIFY(k.tap(QStringLiteral("kioskStart")));
        QVERIFY(k.tap(QStringLiteral("film_%1").arg(QString::fromStdString(filmId))));
        QVERIFY(k.tap(QStringLiteral("show_%1").arg(showId)));
        QCOMPARE(k.window->screen(), KioskWindow::Screen::Seats);

        // Without the switch, a wheelchair space cannot be taken by touching it.
        auto layout = k.window->basket().layout();
        const int space = *layout->indexOf("A1");
        QCOMPARE(layout->seat(space).kind, SeatKind::Wheelchair);
        auto* map = k.find<SeatMapWidget>(QStringLiteral("seatMap"));
        QVERIFY(k.tap(map, map->seatRect(space).center().toPoint()));
        QVERIFY(std::ranges::find(k.window->basket().seats(), space) == k.window->basket().seats().end());
        QVERIFY(k.find(QStringLiteral("seatNotice")));

        QVERIFY(k.tap(QStringLiteral("wheelchair")));
        const auto& seats = k.window->basket().seats();
        QCOMPARE(seats.size(), std::size_t(2));
        int wheelchairs = 0, companions = 0;
        for (int s : seats) {
            wheelchairs += layout->seat(s).kind == SeatKind::Wheelchair;
            companions += layout->seat(s).kind == SeatKind::Companion;
        }
        QCOMPARE(wheelchairs, 1);
        QCOMPARE(companions, 1);
        QCOMPARE(k.store->findHold(k.holdId())->seats.size(), std::size_t(2));
    }
};

QTEST_MAIN(TestKioskPurchase)
#include "tst_KioskPurchase.moc"
