// Checkout on a standalone counter (no server, no gateway): the local commit is the commit
// point. Cash and terminal cards, split payments, a refused tender, a hold that runs out
// mid-payment and a checkout resumed after the app stopped half-way. The connected cases
// with the server and the gateway are e2e.Payments.

#include "CardTerminalProvider.h"
#include "CashProvider.h"
#include "Checkout.h"
#include "TestPrinters.h"
#include "TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace marquee;
using namespace marquee::test;
using namespace std::chrono_literals;

class TestCheckout : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ManualClock m_clock{demoMorning()};
    std::unique_ptr<LocalStore> m_store;
    CashProvider m_cash;
    CardTerminalProvider m_terminal;
    std::string m_show;
    int m_n = 0;

    Checkout checkout() { return Checkout(*m_store, {&m_cash, &m_terminal, nullptr}, nullptr); }

    std::pair<Hold, CheckoutRequest> sale(std::vector<std::string> seats)
    {
        auto held = m_store->hold(holdRequest(m_show, std::move(seats)));
        if (!held || !held->granted())
            qFatal("hold refused");
        Sale s = cashSale(*m_store, *held->hold);
        s.payments.clear();
        return {*held->hold, CheckoutRequest{held->hold->id, s, {}}};
    }

    static Money inr(std::int64_t minor) { return Money(minor, *Currency::fromCode("INR")); }
    Money total(const CheckoutRequest& r)
    {
        std::int64_t t = 0;
        for (const auto& l : r.sale.lines)
            t += l.price.minor();
        return inr(t);
    }

    std::string local(const std::string& sql)
    {
        auto stmt = m_store->database().prepare(sql);
        auto row = stmt->step();
        return row && *row && !stmt->isNull(0) ? stmt->text(0) : std::string();
    }

private slots:
    void init()
    {
        m_store = openStore(m_dir.filePath(QString("c%1.sqlite").arg(++m_n)), m_clock);
        m_show = firstShowOn("screen-3");
    }

    void splitCashAndTerminalBooksAndCaptures()
    {
        auto [hold, request] = sale({"A1", "A2"});
        const Money all = total(request);
        request.tenders = {Tender::cash(inr(10000), inr(10000)), Tender::terminal(inr(all.minor() - 10000), "AB1234")};
        std::vector<CheckoutStage> stages;
        Checkout c = checkout();
        c.onProgress([&](CheckoutStage stage, const std::string&) {
            stages.push_back(stage);
            return true;
        });
        const CheckoutOutcome done = c.run(request);
        QVERIFY2(done.completed(), done.message.c_str());
        QCOMPARE(done.booking->payments.size(), std::size_t(2));
        QCOMPARE(done.booking->syncState, SyncState::None);
        QCOMPARE(done.tenders[0].stage, TenderStage::Captured);
        QCOMPARE(done.tenders[1].stage, TenderStage::Captured);
        QCOMPARE(done.tenders[1].reference, std::string("AB1234"));
        QVERIFY(std::find(stages.begin(), stages.end(), CheckoutStage::WaitingForServer) == stages.end());
        QCOMPARE(stages.back(), CheckoutStage::Done);
        // Standalone: nothing for a server.
        QCOMPARE(local("SELECT count(*) FROM outbox"), std::string("0"));
        // Again: the same booking, replayed.
        const CheckoutOutcome again = c.run(request);
        QVERIFY(again.replayed);
        QCOMPARE(again.booking->id, done.booking->id);
    }

    void refusedTenderHandsTheCashBackAndKeepsTheHold()
    {
        auto [hold, request] = sale({"B1"});
        const Money all = total(request);
        request.tenders = {Tender::cash(inr(5000), inr(5000)), Tender::terminal(inr(all.minor() - 5000), "no!")};
        Checkout c = checkout();
        const CheckoutOutcome refused = c.run(request);
        QCOMPARE(refused.result, CheckoutResult::Declined);
        QCOMPARE(refused.tenders[0].stage, TenderStage::HandedBack);
        QCOMPARE(refused.tenders[1].stage, TenderStage::Failed);
        QCOMPARE(local("SELECT state FROM holds WHERE hold_id = '" + hold.id + "'"), std::string("HELD"));
        QCOMPARE(local("SELECT count(*) FROM bookings"), std::string("0"));
        // Another way to pay is a new sale on the same hold.
        request.sale.bookingId = newUuid();
        request.tenders = {Tender::cash(all, inr(all.minor() + 500))};
        QVERIFY(c.run(request).completed());
    }

    void holdRunsOutMidPaymentNothingSold()
    {
        auto [hold, request] = sale({"C1", "C2"});
        request.tenders = {Tender::cash(total(request), total(request))};
        Checkout c = checkout();
        c.onProgress([&](CheckoutStage stage, const std::string&) {
            if (stage == CheckoutStage::Confirming)
                m_clock.advance(10min);
            return true;
        });
        const CheckoutOutcome outcome = c.run(request);
        QCOMPARE(outcome.result, CheckoutResult::SeatsNotConfirmed);
        QCOMPARE(outcome.message, std::string(kRefundInitiatedMessage));
        QCOMPARE(outcome.tenders[0].stage, TenderStage::HandedBack);
        QCOMPARE(local("SELECT count(*) FROM bookings"), std::string("0"));
        QCOMPARE(local("SELECT count(*) FROM audit_log WHERE action = 'cash.handed_back'"), std::string("1"));
    }

    void resumeFinishesWhatAStoppedAppLeft()
    {
        auto [hold, request] = sale({"D1"});
        request.tenders = {Tender::terminal(total(request), "ZX9876")};
        {
            Checkout c = checkout();
            c.onProgress([](CheckoutStage stage, const std::string&) { return stage != CheckoutStage::Confirming; });
            QCOMPARE(c.run(request).result, CheckoutResult::Interrupted);
        }
        m_store.reset();
        m_store = openStore(m_dir.filePath(QString("c%1.sqlite").arg(m_n)), m_clock, false);
        Checkout c = checkout();
        const auto resumed = c.resume();
        QCOMPARE(resumed.size(), std::size_t(1));
        QVERIFY2(resumed[0].completed(), resumed[0].message.c_str());
        QCOMPARE(local("SELECT count(*) FROM bookings"), std::string("1"));
        QVERIFY(c.resume().empty());
    }

    // A kiosk's customer walked away: the authorized payment is undone, not finished.
    void abandonUndoesWhatResumeWouldHaveFinished()
    {
        auto [hold, request] = sale({"E1", "E2"});
        request.tenders = {Tender::terminal(total(request), "QW1234")};
        Checkout c = checkout();
        c.onProgress([](CheckoutStage stage, const std::string&) { return stage != CheckoutStage::Confirming; });
        QCOMPARE(c.run(request).result, CheckoutResult::Interrupted);
        QCOMPARE(local("SELECT stage FROM checkout_tenders"), std::string("AUTHORIZED"));
        c.onProgress({});

        const CheckoutOutcome abandoned = c.abandon(request.sale.bookingId, "customer left");
        QCOMPARE(abandoned.result, CheckoutResult::SeatsNotConfirmed);
        QCOMPARE(abandoned.tenders[0].stage, TenderStage::Voided);
        QCOMPARE(local("SELECT state FROM holds WHERE hold_id = '" + hold.id + "'"), std::string("RELEASED"));
        QCOMPARE(local("SELECT count(*) FROM bookings"), std::string("0"));
        QVERIFY(c.resume().empty()); // nothing left to finish
        // Again: nothing changes.
        QCOMPARE(c.abandon(request.sale.bookingId, "customer left").result, CheckoutResult::SeatsNotConfirmed);
        QCOMPARE(local("SELECT count(*) FROM checkout_tenders WHERE stage = 'VOIDED'"), std::string("1"));

        // A finished sale is the customer's: abandoning it changes nothing.
        auto [paidHold, paid] = sale({"E5"});
        paid.tenders = {Tender::cash(total(paid), total(paid))};
        QVERIFY(c.run(paid).completed());
        QVERIFY(c.abandon(paid.sale.bookingId, "late").completed());
        QCOMPARE(local("SELECT count(*) FROM bookings"), std::string("1"));
    }

    void invalidRequestsDoNothing()
    {
        auto [hold, request] = sale({"E1"});
        Checkout c = checkout();
        QCOMPARE(c.run(request).result, CheckoutResult::Invalid); // no tenders
        request.tenders = {Tender::cash(inr(1), inr(1))};
        QCOMPARE(c.run(request).result, CheckoutResult::Invalid); // does not add up
        request.tenders = {Tender::gateway(total(request), "pm_card_visa")};
        QCOMPARE(c.run(request).result, CheckoutResult::Invalid); // no gateway on this counter
        QCOMPARE(local("SELECT count(*) FROM checkouts"), std::string("0"));
    }
};

QTEST_GUILESS_MAIN(TestCheckout)
#include "tst_Checkout.moc"
