// The connected counter's side of the store: holds that mirror a server hold or use a
// lease, sales and refunds that write their outbox row in the same transaction, and the
// outbox's delivery order and outcomes.

#include "TestSupport.h"

#include <QtTest>

using namespace marquee;
using namespace marquee::test;
using namespace std::chrono_literals;

class OutboxTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    std::unique_ptr<LocalStore> openConnected(const Clock& clock)
    {
        LocalStore::Options options;
        options.device = "counter-1";
        options.connected = true;
        const std::string path = m_dir.filePath(QString("c%1.sqlite").arg(++m_files)).toStdString();
        auto store = LocalStore::open(path, clock, options);
        if (!store)
            qFatal("open: %s", store.error().message.c_str());
        if (auto r = (*store)->importCatalog(demoCatalog()); !r)
            qFatal("import: %s", r.error().message.c_str());
        return std::move(*store);
    }

    static Lease lease(const std::string& show, std::vector<std::string> seats, Timestamp now, Duration length = 2h)
    {
        return Lease{newUuid(), show, std::move(seats), now, now + length};
    }

private slots:
    void connectedStoreSellsOnlyMirroredOrLeasedSeats()
    {
        ManualClock clock(demoMorning());
        auto store = openConnected(clock);
        const auto show = firstShowOn("screen-2");
        auto plain = store->hold(holdRequest(show, {"A1"}));
        QVERIFY(!plain);
        QCOMPARE(plain.error().code, ErrorCode::Conflict);
        QVERIFY(QString::fromStdString(plain.error().message).contains("allotment"));

        auto request = holdRequest(show, {"A1", "A2"});
        request.mirror = ServerHoldMirror{newUuid(), clock.now() + 4min};
        auto mirrored = store->hold(request);
        QVERIFY2(mirrored && mirrored->granted(), mirrored ? "" : mirrored.error().message.c_str());
        QCOMPARE(mirrored->hold->id, request.mirror->holdId);
        QCOMPARE(mirrored->hold->origin, HoldOrigin::Server);
        QCOMPARE(mirrored->hold->expiresAt, clock.now() + 4min);
        // The same server hold recorded twice (a retry) is the same local hold.
        auto again = request;
        again.requestId = newUuid();
        auto replay = store->hold(again);
        QVERIFY(replay && replay->replayed);
        QCOMPARE(replay->hold->id, request.mirror->holdId);

        auto late = holdRequest(show, {"B1"});
        late.mirror = ServerHoldMirror{newUuid(), clock.now() - 1s};
        auto expired = store->hold(late);
        QVERIFY(!expired);
        QCOMPARE(expired.error().code, ErrorCode::Expired);
    }

    void leaseHoldsStayInsideTheLeaseAndStopBeforeItsEnd()
    {
        ManualClock clock(demoMorning());
        auto store = openConnected(clock);
        const auto show = firstShowOn("screen-2");
        const Lease granted = lease(show, {"C1", "C2", "C3"}, clock.now(), 30min);
        QVERIFY(store->storeLease(granted));
        QVERIFY(store->storeLease(granted)); // idempotent

        auto outside = holdRequest(show, {"C3", "C4"});
        outside.allotmentId = granted.allotmentId;
        auto refused = store->hold(outside);
        QVERIFY(refused);
        QVERIFY(!refused->granted());
        QCOMPARE(refused->unavailable, std::vector<std::string>{"C4"});

        auto inside = holdRequest(show, {"C1", "C2"}, 5min);
        inside.allotmentId = granted.allotmentId;
        auto held = store->hold(inside);
        QVERIFY(held && held->granted());
        QCOMPARE(held->hold->origin, HoldOrigin::Lease);

        // The lease's last minutes (the safety margin) sell nothing, and a hold never outlives it.
        clock.advance(26min);
        auto near = holdRequest(show, {"C3"}, 5min);
        near.allotmentId = granted.allotmentId;
        auto capped = store->hold(near);
        QVERIFY(capped && capped->granted());
        QCOMPARE(capped->hold->expiresAt, granted.expiresAt - 2min);
        QVERIFY(store->release(capped->hold->id));
        clock.advance(2min);
        near.requestId = newUuid();
        auto tooLate = store->hold(near);
        QVERIFY(!tooLate);
        QCOMPARE(tooLate.error().code, ErrorCode::Expired);
        auto sellable = store->sellableLeaseFor(show, {"C3"});
        QVERIFY(sellable && !*sellable);

        QVERIFY(store->returnLease(granted.allotmentId));
        auto leases = store->leases(show);
        QVERIFY(leases && leases->empty());
    }

    void aSaleAndItsOutboxRowCommitTogether()
    {
        ManualClock clock(demoMorning());
        auto store = openConnected(clock);
        const auto show = firstShowOn("screen-2");
        auto request = holdRequest(show, {"D1", "D2"});
        request.mirror = ServerHoldMirror{newUuid(), clock.now() + 4min};
        auto held = store->hold(request);
        QVERIFY(held && held->granted());

        // A sale that fails (payments do not add up) leaves no outbox row behind.
        Sale bad = cashSale(*store, *held->hold);
        bad.payments.front().amount = Money(1, bad.payments.front().amount.currency());
        bad.payments.front().tendered.reset();
        QVERIFY(!store->confirm(held->hold->id, bad));
        auto counts = store->outbox().counts();
        QVERIFY(counts);
        QCOMPARE(counts->pending, 0);

        Sale sale = cashSale(*store, *held->hold);
        auto booking = store->confirm(held->hold->id, sale);
        QVERIFY2(booking, booking ? "" : booking.error().message.c_str());
        QCOMPARE(booking->syncState, SyncState::Pending);
        auto rows = store->outbox().forAggregate(sale.bookingId);
        QVERIFY(rows);
        QCOMPARE(rows->size(), std::size_t(1));
        const OutboxItem& row = rows->front();
        QCOMPARE(row.kind, OutboxKind::Booking);
        QCOMPARE(row.path, std::string("/v1/bookings"));
        QCOMPARE(row.idempotencyKey.size(), std::size_t(36));
        const auto body = nlohmann::json::parse(row.body);
        QCOMPARE(body.at("hold_id").get<std::string>(), held->hold->id);
        QCOMPARE(body.at("booking_id").get<std::string>(), sale.bookingId);
        QCOMPARE(body.at("payments").at(0).at("amount_minor").get<std::int64_t>(), booking->total.minor());
        QCOMPARE(body.at("seats").size(), std::size_t(2));

        // A replayed confirm writes nothing more.
        QVERIFY(store->confirm(held->hold->id, sale));
        QCOMPARE(store->outbox().forAggregate(sale.bookingId)->size(), std::size_t(1));

        // The refund queues behind its booking and is not due until the booking is delivered.
        RefundRequest refund{newUuid(), sale.bookingId, {"D2"}, "changed plans", "asha"};
        QVERIFY(store->refund(refund));
        rows = store->outbox().forAggregate(sale.bookingId);
        QCOMPARE(rows->size(), std::size_t(2));
        QCOMPARE(rows->at(1).kind, OutboxKind::Refund);
        QCOMPARE(rows->at(1).path, "/v1/bookings/" + sale.bookingId + "/refunds");
        auto due = store->outbox().due(10);
        QVERIFY(due);
        QCOMPARE(due->size(), std::size_t(1));
        QCOMPARE(due->front().kind, OutboxKind::Booking);

        QVERIFY(store->outbox().record({{due->front().seq, OutboxState::Done, 201, "{}", "", {}}}));
        QCOMPARE(store->booking(sale.bookingId)->syncState, SyncState::Confirmed);
        due = store->outbox().due(10);
        QCOMPARE(due->size(), std::size_t(1));
        QCOMPARE(due->front().kind, OutboxKind::Refund);
    }

    void leaseSalesNameTheirAllotment()
    {
        ManualClock clock(demoMorning());
        auto store = openConnected(clock);
        const auto show = firstShowOn("screen-2");
        const Lease granted = lease(show, {"E1", "E2"}, clock.now());
        QVERIFY(store->storeLease(granted));
        auto request = holdRequest(show, {"E1"});
        request.allotmentId = granted.allotmentId;
        auto held = store->hold(request);
        QVERIFY(held && held->granted());
        Sale sale = cashSale(*store, *held->hold);
        QVERIFY(store->confirm(held->hold->id, sale));
        auto rows = store->outbox().forAggregate(sale.bookingId);
        const auto body = nlohmann::json::parse(rows->front().body);
        QCOMPARE(body.at("allotment_id").get<std::string>(), granted.allotmentId);
        QVERIFY(!body.contains("hold_id") || body.at("hold_id").is_null());
    }

    void retriesWaitAndProblemsStayUntilAManagerActs()
    {
        ManualClock clock(demoMorning());
        auto store = openConnected(clock);
        const auto show = firstShowOn("screen-2");
        std::vector<std::string> bookings;
        for (const char* seat : {"F1", "F2", "F3"}) {
            auto request = holdRequest(show, {seat});
            request.mirror = ServerHoldMirror{newUuid(), clock.now() + 4min};
            auto held = store->hold(request);
            Sale sale = cashSale(*store, *held->hold);
            QVERIFY(store->confirm(held->hold->id, sale));
            bookings.push_back(sale.bookingId);
        }
        auto due = store->outbox().due(10);
        QCOMPARE(due->size(), std::size_t(3));
        QVERIFY(store->outbox().record({
            {due->at(0).seq, OutboxState::Pending, 503, "", "server busy", clock.now() + 30s},
            {due->at(1).seq, OutboxState::Conflict, 409, R"({"code":"hold_expired"})", "", {}},
            {due->at(2).seq, OutboxState::Failed, 422, R"({"code":"price_mismatch"})", "", {}},
        }));
        QCOMPARE(store->outbox().due(10)->size(), std::size_t(0));
        QCOMPARE(**store->outbox().nextDueAt(), clock.now() + 30s);
        auto counts = store->outbox().counts();
        QCOMPARE(counts->pending, 1);
        QCOMPARE(counts->conflicts, 1);
        QCOMPARE(counts->failed, 1);
        QCOMPARE(store->booking(bookings[1])->syncState, SyncState::Conflict);
        QCOMPARE(store->booking(bookings[2])->syncState, SyncState::Failed);
        QCOMPARE(store->outbox().problems()->size(), std::size_t(2));
        auto first = store->outbox().find(due->at(0).seq);
        QCOMPARE((*first)->attempts, 1);
        QCOMPARE((*first)->lastError, std::string("server busy"));

        clock.advance(30s);
        QCOMPARE(store->outbox().due(10)->size(), std::size_t(1));
        QVERIFY(store->outbox().retry(due->at(2).seq));
        QCOMPARE(store->booking(bookings[2])->syncState, SyncState::Pending);
        QCOMPARE(store->outbox().due(10)->size(), std::size_t(2));
        QVERIFY(!store->outbox().retry(due->at(0).seq)); // pending rows need no decision

        // A late outcome for a row a manager already decided on changes nothing.
        QVERIFY(store->outbox().record({{due->at(1).seq, OutboxState::Done, 201, "{}", "", {}}}));
        QCOMPARE(store->booking(bookings[1])->syncState, SyncState::Conflict);
    }

    void aStandaloneStoreWritesNoOutbox()
    {
        ManualClock clock(demoMorning());
        auto store = openStore(m_dir.filePath("standalone.sqlite"), clock);
        auto held = store->hold(holdRequest(firstShowOn("screen-1"), {"A1"}));
        QVERIFY(held && held->granted());
        QCOMPARE(held->hold->origin, HoldOrigin::Local);
        Sale sale = cashSale(*store, *held->hold);
        auto booking = store->confirm(held->hold->id, sale);
        QVERIFY(booking);
        QCOMPARE(booking->syncState, SyncState::None);
        QCOMPARE(store->outbox().counts()->pending, 0);
    }
};

QTEST_GUILESS_MAIN(OutboxTest)
#include "tst_Outbox.moc"
