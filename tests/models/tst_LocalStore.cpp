// The seat state machine: every legal and illegal transition, replays, expiry by the
// manual clock, refunds, exchanges and the version log.
#include "LocalStore.h"
#include "TestSupport.h"

#include <QtTest>
#include <set>
#include <thread>

using namespace marquee;
using namespace std::chrono;

class TestLocalStore : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<LocalStore> m_store;
    std::string m_show;

    QString dbPath() const { return m_dir->filePath("counter.sqlite"); }

    Hold holdOrFail(std::vector<std::string> seats, Duration ttl = minutes(5))
    {
        auto outcome = m_store->hold(test::holdRequest(m_show, std::move(seats), ttl));
        if (!outcome || !outcome->granted()) {
            qFatal("hold failed");
        }
        return *outcome->hold;
    }

    int count(const char* sql)
    {
        auto stmt = m_store->database().prepare(sql);
        (void)stmt->step();
        return int(stmt->integer(0));
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_unique<ManualClock>(test::demoMorning());
        m_store = test::openStore(dbPath(), *m_clock);
        m_show = test::firstShowOn("screen-3");
    }

    void cleanup()
    {
        m_store.reset();
        m_clock.reset();
        m_dir.reset();
    }

    void holdThenConfirmBooksTheSeats()
    {
        const Hold hold = holdOrFail({"F10", "F11"});
        QCOMPARE(hold.state, HoldState::Held);
        QCOMPARE(hold.expiresAt - hold.createdAt, Duration(minutes(5)));
        auto booking = m_store->confirm(hold.id, test::cashSale(*m_store, hold));
        QVERIFY2(booking, booking ? "" : booking.error().message.c_str());
        QCOMPARE(booking->state, BookingState::Confirmed);
        QCOMPARE(booking->lines.size(), std::size_t(2));
        QCOMPARE(booking->total.minor(), 50000);
        QCOMPARE(booking->tax.minor(), 2 * 3814);
        QCOMPARE(booking->reference.size(), std::size_t(11));
        QCOMPARE(m_store->findHold(hold.id)->state, HoldState::Booked);
        auto a = m_store->availability(m_show);
        QCOMPARE(a->booked, 2);
        QCOMPARE(a->held, 0);
    }

    void holdIsAllOrNothingAndNamesTheTakenSeats()
    {
        holdOrFail({"F10", "F11"});
        auto outcome = m_store->hold(test::holdRequest(m_show, {"F9", "F10", "F11", "F12"}));
        QVERIFY(outcome);
        QVERIFY(!outcome->granted());
        QCOMPARE(outcome->unavailable, (std::vector<std::string>{"F10", "F11"}));
        auto a = m_store->availability(m_show);
        QCOMPARE(a->held, 2); // F9 and F12 were not held
    }

    void unsellableSeatsCannotBeHeld()
    {
        auto outcome = m_store->hold(test::holdRequest(m_show, {"V8", "V10"}));
        QVERIFY(outcome);
        QCOMPARE(outcome->unavailable, std::vector<std::string>{"V8"});
    }

    void unknownSeatsAndShowsAreErrors()
    {
        auto unknownSeat = m_store->hold(test::holdRequest(m_show, {"Z99"}));
        QVERIFY(!unknownSeat);
        QCOMPARE(unknownSeat.error().code, ErrorCode::InvalidArgument);
        QVERIFY(unknownSeat.error().message.find("Z99") != std::string::npos);
        auto unknownShow = m_store->hold(test::holdRequest("no-such-show", {"A1"}));
        QCOMPARE(unknownShow.error().code, ErrorCode::NotFound);
        QVERIFY(!m_store->hold(test::holdRequest(m_show, {"A3", "A3"})));
        QVERIFY(!m_store->hold(test::holdRequest(m_show, {})));
        QVERIFY(!m_store->hold(test::holdRequest(m_show, {"A3"}, hours(2))));
    }

    void replayedHoldReturnsSameHold()
    {
        auto request = test::holdRequest(m_show, {"G1", "G2"});
        auto first = m_store->hold(request);
        auto second = m_store->hold(request);
        QVERIFY(first && second);
        QCOMPARE(second->hold->id, first->hold->id);
        QVERIFY(second->replayed);
        QCOMPARE(m_store->availability(m_show)->held, 2);
        request.seats = {"G3"};
        auto misuse = m_store->hold(request);
        QCOMPARE(misuse.error().code, ErrorCode::Conflict);
    }

    void releaseIsIdempotent()
    {
        const Hold hold = holdOrFail({"H5"});
        const auto version = m_store->availability(m_show)->version;
        QCOMPARE(*m_store->release(hold.id), true);
        QCOMPARE(*m_store->release(hold.id), false);
        QCOMPARE(m_store->availability(m_show)->version, version + 1);
        QCOMPARE(m_store->findHold(hold.id)->state, HoldState::Released);
        QCOMPARE(m_store->release("no-such-hold").error().code, ErrorCode::NotFound);
    }

    void releasingABookedHoldIsRefused()
    {
        const Hold hold = holdOrFail({"H6"});
        QVERIFY(m_store->confirm(hold.id, test::cashSale(*m_store, hold)));
        QCOMPARE(m_store->release(hold.id).error().code, ErrorCode::Conflict);
        QCOMPARE(m_store->availability(m_show)->booked, 1);
    }

    void expiredHoldDoesNotBlockNewHold()
    {
        const Hold old = holdOrFail({"J1", "J2"}, minutes(5));
        m_clock->advance(minutes(5));
        // No sweeper has run: the expired hold must not block.
        QCOMPARE(m_store->availability(m_show)->held, 0);
        auto outcome = m_store->hold(test::holdRequest(m_show, {"J2", "J3"}));
        QVERIFY(outcome && outcome->granted());
        QCOMPARE(m_store->findHold(old.id)->state, HoldState::Released);
        // J1 went back with its hold, J2 and J3 are held by the new one.
        auto a = m_store->availability(m_show);
        QCOMPARE(a->held, 2);
        QCOMPARE(count("SELECT count(*) FROM claims"), 2);
    }

    void confirmAfterExpiryIsRefused()
    {
        const Hold hold = holdOrFail({"K1"}, seconds(30));
        const Sale sale = test::cashSale(*m_store, hold);
        m_clock->advance(seconds(30));
        auto booking = m_store->confirm(hold.id, sale);
        QVERIFY(!booking);
        QCOMPARE(booking.error().code, ErrorCode::Expired);
        QCOMPARE(count("SELECT count(*) FROM bookings"), 0);
        // A moment before expiry it would have worked.
        const Hold again = holdOrFail({"K1"}, seconds(30));
        m_clock->advance(seconds(29));
        QVERIFY(m_store->confirm(again.id, test::cashSale(*m_store, again)));
    }

    void confirmAfterReleaseIsRefused()
    {
        const Hold hold = holdOrFail({"K2"});
        QVERIFY(*m_store->release(hold.id));
        QCOMPARE(m_store->confirm(hold.id, test::cashSale(*m_store, hold)).error().code, ErrorCode::Expired);
    }

    void replayedConfirmReturnsSameBooking()
    {
        const Hold hold = holdOrFail({"L1", "L2"});
        const Sale sale = test::cashSale(*m_store, hold);
        auto first = m_store->confirm(hold.id, sale);
        auto second = m_store->confirm(hold.id, sale);
        QVERIFY(first && second);
        QVERIFY(!first->replayed);
        QVERIFY(second->replayed);
        QCOMPARE(second->id, first->id);
        QCOMPARE(second->reference, first->reference);
        QCOMPARE(count("SELECT count(*) FROM bookings"), 1);
        QCOMPARE(count("SELECT count(*) FROM payments"), 1);
        // Even after the hold would have expired, the replay answers the same.
        m_clock->advance(hours(1));
        QVERIFY(m_store->confirm(hold.id, sale)->replayed);
        // A second booking id for the same hold is a conflict, not a second sale.
        Sale other = sale;
        other.bookingId = newUuid();
        m_clock->advance(-hours(1));
        QCOMPARE(m_store->confirm(hold.id, other).error().code, ErrorCode::Conflict);
    }

    void confirmChecksSeatsPricesAndPayments()
    {
        const Hold hold = holdOrFail({"M1", "M2"});
        Sale sale = test::cashSale(*m_store, hold);

        Sale fewerSeats = sale;
        fewerSeats.lines.pop_back();
        fewerSeats.payments[0].amount = fewerSeats.lines[0].price;
        QCOMPARE(m_store->confirm(hold.id, fewerSeats).error().code, ErrorCode::Conflict);

        Sale underpaid = sale;
        underpaid.payments[0].amount = Money(100, underpaid.payments[0].amount.currency());
        QCOMPARE(m_store->confirm(hold.id, underpaid).error().code, ErrorCode::InvalidArgument);

        Sale cheap = sale;
        cheap.lines[0].price = Money(1, cheap.lines[0].price.currency());
        QVERIFY(m_store->confirm(hold.id, cheap).error().message.find("needs a reason") != std::string::npos);

        Sale wrongType = sale;
        wrongType.lines[0].ticketTypeId = "morning"; // not sold for premium... M is standard: use a bad id
        wrongType.lines[0].ticketTypeId = "vip";
        QCOMPARE(m_store->confirm(hold.id, wrongType).error().code, ErrorCode::InvalidArgument);

        Sale shortCash = sale;
        shortCash.payments[0].tendered = Money(1, sale.payments[0].amount.currency());
        QCOMPARE(m_store->confirm(hold.id, shortCash).error().code, ErrorCode::InvalidArgument);

        Sale credit = sale;
        credit.payments[0].method = PaymentMethod::ExchangeCredit;
        credit.payments[0].tendered.reset();
        QCOMPARE(m_store->confirm(hold.id, credit).error().code, ErrorCode::InvalidArgument);

        // Nothing above left a trace; the right sale still goes through.
        QCOMPARE(count("SELECT count(*) FROM bookings"), 0);
        QVERIFY(m_store->confirm(hold.id, sale));
    }

    void priceOverrideWithReasonIsRecorded()
    {
        const Hold hold = holdOrFail({"M5"});
        Sale sale = test::cashSale(*m_store, hold);
        sale.lines[0].price = Money(20000, sale.lines[0].price.currency());
        sale.lines[0].priceOverrideReason = "loyalty voucher";
        sale.payments[0].amount = sale.lines[0].price;
        sale.payments[0].tendered.reset();
        auto booking = m_store->confirm(hold.id, sale);
        QVERIFY2(booking, booking ? "" : booking.error().message.c_str());
        QCOMPARE(booking->total.minor(), 20000);
        QCOMPARE(booking->lines[0].priceOverrideReason, std::string("loyalty voucher"));
        QCOMPARE(booking->lines[0].tax.minor(), 3051); // 20000 * 18 / 118
    }

    void splitPaymentIsStoredPerMethod()
    {
        const Hold hold = holdOrFail({"N1", "N2"});
        Sale sale = test::cashSale(*m_store, hold);
        const Currency inr = sale.payments[0].amount.currency();
        sale.payments[0].amount = Money(20000, inr);
        sale.payments[0].tendered = Money(20000, inr);
        Payment card;
        card.id = newUuid();
        card.method = PaymentMethod::CardTerminal;
        card.amount = Money(30000, inr);
        card.reference = "APPR42";
        sale.payments.push_back(card);
        auto booking = m_store->confirm(hold.id, sale);
        QVERIFY2(booking, booking ? "" : booking.error().message.c_str());
        QCOMPARE(booking->payments.size(), std::size_t(2));
        QCOMPARE(booking->payments[1].reference, std::string("APPR42"));
    }

    void refundReturnsSeatsAndMoneyToOriginalMethods()
    {
        const Hold hold = holdOrFail({"R1", "R2", "R3"}); // premium, 320.00 each
        Sale sale = test::cashSale(*m_store, hold);
        const Currency inr = sale.payments[0].amount.currency();
        sale.payments[0].amount = Money(32000 * 3 - 40000, inr);
        sale.payments[0].tendered.reset();
        Payment card{newUuid(), PaymentMethod::CardTerminal, Money(40000, inr), std::nullopt, "APPR7"};
        sale.payments.push_back(card);
        auto booking = m_store->confirm(hold.id, sale);
        QVERIFY2(booking, booking ? "" : booking.error().message.c_str());

        RefundRequest partial{newUuid(), booking->id, {"R2"}, "customer left", "ravi"};
        auto first = m_store->refund(partial);
        QVERIFY2(first, first ? "" : first.error().message.c_str());
        QCOMPARE(first->amount.minor(), 32000);
        QCOMPARE(first->parts.size(), std::size_t(1));
        QCOMPARE(first->parts[0].method, PaymentMethod::CardTerminal); // the last payment first
        QCOMPARE(m_store->booking(booking->id)->state, BookingState::PartlyRefunded);
        // The seat is on sale again.
        QVERIFY(m_store->hold(test::holdRequest(m_show, {"R2"}))->granted());

        // Replay returns the same refund and changes nothing.
        auto replay = m_store->refund(partial);
        QCOMPARE(replay->id, first->id);
        QCOMPARE(count("SELECT count(*) FROM refunds"), 1);

        // Refunding it again under a new id is refused.
        RefundRequest again{newUuid(), booking->id, {"R2"}, "twice", "ravi"};
        QCOMPARE(m_store->refund(again).error().code, ErrorCode::Conflict);

        // The rest: 64000 left; card has 8000 left, cash 56000.
        auto rest = m_store->refund(RefundRequest{newUuid(), booking->id, {}, "show cancelled", "ravi"});
        QVERIFY(rest);
        QCOMPARE(rest->amount.minor(), 64000);
        std::int64_t back = 0;
        for (const auto& p : rest->parts)
            back += p.amount.minor();
        QCOMPARE(back, 64000);
        QCOMPARE(m_store->booking(booking->id)->state, BookingState::Refunded);
        QCOMPARE(m_store->refund(RefundRequest{newUuid(), booking->id, {}, "x", "ravi"}).error().code,
                 ErrorCode::Conflict);
    }

    void refundOfSeatNotInBookingIsRefused()
    {
        const Hold hold = holdOrFail({"Q1"});
        auto booking = m_store->confirm(hold.id, test::cashSale(*m_store, hold));
        auto r = m_store->refund(RefundRequest{newUuid(), booking->id, {"Q2"}, "mistake", "ravi"});
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        QVERIFY(!m_store->refund(RefundRequest{newUuid(), booking->id, {"Q1"}, "", "ravi"}));
    }

    void changeHoldIsAllOrNothing()
    {
        const Hold first = holdOrFail({"R1", "R2"});
        holdOrFail({"R4"}); // someone else
        auto grown = m_store->changeHold(first.id, test::holdRequest(m_show, {"R1", "R2", "R3"}));
        QVERIFY(grown && grown->granted());
        QCOMPARE(m_store->findHold(first.id)->state, HoldState::Released);
        auto blocked = m_store->changeHold(grown->hold->id, test::holdRequest(m_show, {"R1", "R2", "R3", "R4"}));
        QVERIFY(blocked && !blocked->granted());
        QCOMPARE(blocked->unavailable, std::vector<std::string>{"R4"});
        // The basket's hold is untouched by the failed change.
        QCOMPARE(m_store->findHold(grown->hold->id)->state, HoldState::Held);
        QCOMPARE(m_store->availability(m_show)->held, 4);
    }

    void exchangeMovesABookingToAnotherShowInOneStep()
    {
        const Hold hold = holdOrFail({"N1", "N2"}); // standard, 250.00 each
        auto booking = m_store->confirm(hold.id, test::cashSale(*m_store, hold));
        QVERIFY(booking);
        // A later show on the same screen.
        std::string later;
        for (const auto& s : test::demoCatalog().shows()) {
            if (s.screenId == "screen-3" && s.id != m_show) {
                later = s.id;
                break;
            }
        }
        auto newHold = m_store->hold(test::holdRequest(later, {"T1", "T2"})); // premium: 32000 each
        QVERIFY(newHold && newHold->granted());
        Sale sale = test::cashSale(*m_store, *newHold->hold);
        const Currency inr = sale.payments[0].amount.currency();
        Payment credit{newUuid(), PaymentMethod::ExchangeCredit, Money(50000, inr), std::nullopt, ""};
        sale.payments[0].amount = Money(14000, inr);
        sale.payments[0].tendered = Money(20000, inr);
        sale.payments.insert(sale.payments.begin(), credit);
        ExchangeRequest request{RefundRequest{newUuid(), booking->id, {}, "exchange", "ravi"}, newHold->hold->id, sale};
        auto exchanged = m_store->exchange(request);
        QVERIFY2(exchanged, exchanged ? "" : exchanged.error().message.c_str());
        QCOMPARE(exchanged->showId, later);
        QCOMPARE(m_store->booking(booking->id)->state, BookingState::Refunded);
        const auto old = *m_store->booking(booking->id);
        QCOMPARE(old.refunds[0].parts.size(), std::size_t(1));
        QCOMPARE(old.refunds[0].parts[0].method, PaymentMethod::ExchangeCredit);
        QCOMPARE(m_store->availability(m_show)->booked, 0);
        QCOMPARE(m_store->availability(later)->booked, 2);
        QVERIFY(m_store->exchange(request)->replayed);
    }

    void failedExchangeChangesNothing()
    {
        const Hold hold = holdOrFail({"U1"});
        auto booking = m_store->confirm(hold.id, test::cashSale(*m_store, hold));
        auto newHold = m_store->hold(test::holdRequest(m_show, {"U5"}));
        Sale sale = test::cashSale(*m_store, *newHold->hold);
        m_clock->advance(minutes(10)); // the new hold ran out
        ExchangeRequest request{RefundRequest{newUuid(), booking->id, {}, "exchange", "ravi"}, newHold->hold->id, sale};
        QCOMPARE(m_store->exchange(request).error().code, ErrorCode::Expired);
        QCOMPARE(m_store->booking(booking->id)->state, BookingState::Confirmed);
        QCOMPARE(count("SELECT count(*) FROM refunds"), 0);
    }

    void sweeperReleasesExpiredHoldsOnce()
    {
        holdOrFail({"G1"}, seconds(10));
        holdOrFail({"G2"}, seconds(20));
        holdOrFail({"G3"}, minutes(5));
        m_clock->advance(seconds(25));
        QCOMPARE(*m_store->sweepExpired(), 2);
        QCOMPARE(*m_store->sweepExpired(), 0);
        QCOMPARE(m_store->availability(m_show)->held, 1);
        QCOMPARE(count("SELECT count(*) FROM holds WHERE state = 'RELEASED' AND end_reason = 'expired'"), 2);
    }

    void cancelAndSweeperRacingReleaseOnce()
    {
        // Two connections to one file, in two threads, both going for the same expired holds.
        auto other = test::openStore(dbPath(), *m_clock, false);
        for (int round = 0; round < 40; ++round) {
            std::string seat = "K";
            seat += std::to_string(1 + round % 30);
            const Hold hold = holdOrFail({seat}, seconds(1));
            m_clock->advance(seconds(1));
            std::atomic<int> released{0};
            std::thread sweeper([&] { released += *other->sweepExpired(); });
            auto cancelled = m_store->release(hold.id);
            sweeper.join();
            QVERIFY(cancelled);
            released += *cancelled ? 1 : 0;
            QCOMPARE(released.load(), 1);
        }
        QCOMPARE(count("SELECT count(*) FROM holds WHERE state = 'RELEASED'"), 40);
        QCOMPARE(count("SELECT count(*) FROM audit_log WHERE action = 'release'"), 40);
        QCOMPARE(count("SELECT count(*) FROM claims"), 0);
    }

    void versionsAndChangesFollowEveryTransition()
    {
        const auto v0 = m_store->availability(m_show)->version;
        const Hold hold = holdOrFail({"B1", "B2"});
        auto afterHold = m_store->changesSince(m_show, v0);
        QCOMPARE(afterHold->version, v0 + 1);
        QCOMPARE(afterHold->changes.size(), std::size_t(2));
        QCOMPARE(afterHold->changes[0].state, SeatState::Held);
        auto booking = m_store->confirm(hold.id, test::cashSale(*m_store, hold));
        auto afterConfirm = m_store->changesSince(m_show, afterHold->version);
        QCOMPARE(afterConfirm->changes.size(), std::size_t(2));
        QCOMPARE(afterConfirm->changes[0].state, SeatState::Booked);
        QVERIFY(m_store->refund(RefundRequest{newUuid(), booking->id, {"B1"}, "r", "ravi"}));
        // Since the start, each seat appears once with its latest state.
        auto all = m_store->changesSince(m_show, v0);
        QCOMPARE(all->changes.size(), std::size_t(2));
        for (const auto& c : all->changes) {
            QCOMPARE(c.state, c.seatId == "B1" ? SeatState::Available : SeatState::Booked);
        }
        QVERIFY(m_store->changesSince(m_show, all->version + 10)->fullRefreshNeeded);
        QCOMPARE(m_store->availability(m_show)->version, all->version);
    }

    void lookupsFindBookings()
    {
        const Hold hold = holdOrFail({"C5"});
        auto booking = m_store->confirm(hold.id, test::cashSale(*m_store, hold));
        QCOMPARE(m_store->bookingByReference(booking->reference)->id, booking->id);
        std::string sloppy = booking->reference;
        sloppy = sloppy.substr(0, 5) + sloppy.substr(6);
        for (auto& c : sloppy)
            c = char(std::tolower(c));
        QCOMPARE(m_store->bookingByReference(sloppy)->id, booking->id);
        QCOMPARE(m_store->bookingForSeat(m_show, "C5")->id, booking->id);
        QCOMPARE(m_store->bookingByReference("ZZZZZ-ZZZZZ").error().code, ErrorCode::NotFound);
    }

    void auditLogIsAppendOnly()
    {
        const Hold hold = holdOrFail({"D1"});
        QVERIFY(m_store->confirm(hold.id, test::cashSale(*m_store, hold)));
        auto log = m_store->auditLog();
        QVERIFY(log && log->size() >= 2);
        QCOMPARE(log->back().action, std::string("confirm"));
        QVERIFY(!m_store->database().exec("UPDATE audit_log SET staff = 'mallory'"));
        QVERIFY(!m_store->database().exec("DELETE FROM audit_log"));
    }

    void scheduleCountsSeatsLeft()
    {
        holdOrFail({"E1", "E2", "E3"});
        const Hold sold = holdOrFail({"E4"});
        QVERIFY(m_store->confirm(sold.id, test::cashSale(*m_store, sold)));
        auto shows = m_store->showsBetween(test::demoMorning() - hours(6), test::demoMorning() + hours(18));
        QVERIFY(shows && !shows->empty());
        auto it = std::find_if(shows->begin(), shows->end(), [&](const ShowSummary& s) { return s.show.id == m_show; });
        QVERIFY(it != shows->end());
        QCOMPARE(it->capacity, 598); // two blocked seats in row V
        QCOMPARE(it->held, 3);
        QCOMPARE(it->booked, 1);
        QCOMPARE(it->seatsLeft(), 594);
    }

    void catalogComesBackFromTheStore()
    {
        auto catalog = m_store->catalog();
        QVERIFY2(catalog, catalog ? "" : catalog.error().message.c_str());
        QCOMPARE(catalog->shows().size(), test::demoCatalog().shows().size());
        QCOMPARE(catalog->cinema().name, test::demoCatalog().cinema().name);
        // Importing again is harmless.
        QVERIFY(m_store->importCatalog(test::demoCatalog()));
        QCOMPARE(count("SELECT count(*) FROM shows"), int(test::demoCatalog().shows().size()));
    }
};

QTEST_GUILESS_MAIN(TestLocalStore)
#include "tst_LocalStore.moc"
