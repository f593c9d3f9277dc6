// The manager's sync problems queue on a connected counter: what the server refused is
// listed with its answer, and leaves the queue only by a decision (send again, refund the
// customer, or resolved with a note).

#include "DemoCinema.h"
#include "LocalStore.h"
#include "SyncProblemsView.h"
#include "Uuid.h"

#include <QLabel>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace marquee;
using namespace std::chrono_literals;

class SyncProblemsViewTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static std::string sell(LocalStore& store, const std::string& show, const std::string& seat)
    {
        HoldRequest request;
        request.requestId = newUuid();
        request.showId = show;
        request.seats = {seat};
        request.mirror = ServerHoldMirror{newUuid(), store.clock().now() + 4min};
        auto held = store.hold(request);
        TicketLine line;
        line.seatId = seat;
        line.ticketTypeId = "adult";
        auto lines = store.priceLines(show, {line});
        Sale sale;
        sale.bookingId = newUuid();
        sale.staff = "asha";
        sale.lines = *lines;
        sale.payments.push_back(Payment{newUuid(), PaymentMethod::Cash, lines->front().price, std::nullopt, ""});
        if (!held || !held->granted() || !store.confirm(held->hold->id, sale))
            qFatal("sale failed");
        return sale.bookingId;
    }

private slots:
    void refusedChangesWaitForADecision()
    {
        ManualClock clock(*parseIso8601("2026-12-03T04:30:00Z"));
        LocalStore::Options options;
        options.connected = true;
        auto store = LocalStore::open(m_dir.filePath("c.sqlite").toStdString(), clock, options);
        QVERIFY(store);
        auto catalog = buildDemoCatalog(
            MARQUEE_SOURCE_DIR "/resources/demo",
            std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{3}}, 1);
        QVERIFY(catalog && (*store)->importCatalog(*catalog));
        const std::string show = catalog->shows().front().id;
        const std::string expired = sell(**store, show, "A1");
        const std::string refused = sell(**store, show, "A2");
        const std::string fine = sell(**store, show, "A3");
        auto due = (*store)->outbox().due(10);
        QCOMPARE(due->size(), std::size_t(3));
        QVERIFY((*store)->outbox().record({
            {due->at(0).seq,
             OutboxState::Conflict,
             409,
             R"({"code":"hold_expired","detail":"the hold has run out or was released"})",
             "",
             {}},
            {due->at(1).seq,
             OutboxState::Failed,
             422,
             R"({"code":"price_mismatch","detail":"seat A2 is priced 1"})",
             "",
             {}},
            {due->at(2).seq, OutboxState::Done, 201, "{}", "", {}},
        }));

        SyncProblemsView view(**store);
        QCOMPARE(view.problemCount(), 2);
        QCOMPARE(view.table()->rowCount(), 2);
        QVERIFY(view.table()->item(0, 2)->text().contains("hold_expired"));
        QVERIFY(view.table()->item(1, 4)->text().contains("priced 1"));
        QCOMPARE(view.table()->item(0, 1)->text(), QString::fromStdString(bookingReferenceFor(expired)));

        if (const QByteArray dir = qgetenv("MARQUEE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            view.resize(1000, 360);
            view.grab().save(QString::fromUtf8(dir) + "/sync-problems.png");
        }

        // The conflict: the customer gets the money back and the row leaves the queue.
        view.table()->selectRow(0);
        QVERIFY(view.refundCustomer("meera"));
        QCOMPARE((*store)->booking(expired)->state, BookingState::Refunded);
        QCOMPARE((*store)->outbox().forAggregate(expired)->size(), std::size_t(1)); // no refund sent to the server
        QCOMPARE(view.problemCount(), 1);

        // The failure: a note is required to mark it resolved; sending again puts it back in line.
        view.table()->selectRow(0);
        QVERIFY(!view.markResolved("  "));
        QVERIFY(!view.message().isEmpty());
        QVERIFY(view.sendAgain());
        QCOMPARE(view.problemCount(), 0);
        QCOMPARE((*store)->outbox().counts()->pending, 1);
        QCOMPARE((*store)->booking(refused)->syncState, SyncState::Pending);
        QCOMPARE((*store)->booking(fine)->syncState, SyncState::Confirmed);
    }
};

QTEST_MAIN(SyncProblemsViewTest)
#include "tst_SyncProblemsView.moc"
