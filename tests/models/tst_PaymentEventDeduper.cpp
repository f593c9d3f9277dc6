#include "PaymentEventDeduper.h"
#include "TestPrinters.h"

#include <QtTest>
#include <algorithm>
#include <vector>

using namespace marquee;

namespace {
PaymentObservation seen(std::string eventId, PaymentStage stage, std::int64_t amount, std::int64_t captured = 0)
{
    PaymentObservation o;
    o.eventId = std::move(eventId);
    o.intentId = "pi_1";
    o.stage = stage;
    o.amountMinor = amount;
    o.capturedMinor = captured;
    o.at = fromEpochMs(1'796'300'000'000);
    return o;
}
} // namespace

class TestPaymentEventDeduper : public QObject
{
    Q_OBJECT

private slots:
    void aRepeatedEventCountsOnce()
    {
        PaymentEventDeduper deduper;
        QCOMPARE(deduper.observe(seen("evt_a", PaymentStage::Authorized, 45000)), ObservationEffect::Changed);
        QCOMPARE(deduper.observe(seen("evt_a", PaymentStage::Authorized, 45000)), ObservationEffect::Duplicate);
        QVERIFY(deduper.seen("evt_a"));
        QCOMPARE(deduper.eventCount(), std::size_t(1));
        QCOMPARE(deduper.state("pi_1")->stage, PaymentStage::Authorized);
        QCOMPARE(deduper.state("pi_1")->applied, 1);
        QVERIFY(!deduper.state("pi_2"));
    }

    void aLateEarlierStageChangesNothing()
    {
        PaymentEventDeduper deduper;
        QCOMPARE(deduper.observe(seen("evt_cap", PaymentStage::Captured, 45000)), ObservationEffect::Changed);
        QCOMPARE(deduper.observe(seen("evt_auth", PaymentStage::Authorized, 45000)), ObservationEffect::Unchanged);
        QCOMPARE(deduper.observe(seen("evt_fail", PaymentStage::Failed, 0)), ObservationEffect::Unchanged);
        const auto state = *deduper.state("pi_1");
        QCOMPARE(state.stage, PaymentStage::Captured);
        QCOMPARE(state.capturedMinor, std::int64_t(45000));
        QCOMPARE(state.authorizedMinor, std::int64_t(45000));
    }

    void aDeclineThenAnotherCardAuthorizes()
    {
        PaymentEventDeduper deduper;
        auto failed = seen("evt_f", PaymentStage::Failed, 0);
        failed.detail = "insufficient_funds";
        QCOMPARE(deduper.observe(failed), ObservationEffect::Changed);
        QCOMPARE(deduper.state("pi_1")->lastDetail, std::string("insufficient_funds"));
        QCOMPARE(deduper.observe(seen("evt_a", PaymentStage::Authorized, 45000)), ObservationEffect::Changed);
        QCOMPARE(deduper.state("pi_1")->stage, PaymentStage::Authorized);
    }

    void refundsTakeTheLargestTotalSeen()
    {
        PaymentEventDeduper deduper;
        deduper.observe(seen("evt_c", PaymentStage::Captured, 40000));
        QCOMPARE(deduper.observe(seen("evt_r2", PaymentStage::PartlyRefunded, 25000, 40000)),
                 ObservationEffect::Changed);
        // The first refund's callback arrives after the second's: its total is smaller.
        QCOMPARE(deduper.observe(seen("evt_r1", PaymentStage::PartlyRefunded, 15000, 40000)),
                 ObservationEffect::Unchanged);
        QCOMPARE(deduper.state("pi_1")->stage, PaymentStage::PartlyRefunded);
        QCOMPARE(deduper.state("pi_1")->refundedMinor, std::int64_t(25000));
        QCOMPARE(deduper.observe(seen("evt_r3", PaymentStage::Refunded, 40000, 40000)), ObservationEffect::Changed);
        QCOMPARE(deduper.state("pi_1")->stage, PaymentStage::Refunded);
    }

    void voidAndCaptureContradictEachOther()
    {
        PaymentEventDeduper first;
        first.observe(seen("evt_a", PaymentStage::Authorized, 45000));
        QCOMPARE(first.observe(seen("evt_v", PaymentStage::Voided, 0)), ObservationEffect::Changed);
        QCOMPARE(first.observe(seen("evt_v2", PaymentStage::Voided, 0)), ObservationEffect::Unchanged);
        QCOMPARE(first.observe(seen("evt_c", PaymentStage::Captured, 45000)), ObservationEffect::Conflict);
        QCOMPARE(first.state("pi_1")->stage, PaymentStage::Voided);
        QVERIFY(first.state("pi_1")->conflict);
        QCOMPARE(first.state("pi_1")->capturedMinor, std::int64_t(45000)); // the money is visible to a manager

        PaymentEventDeduper second;
        second.observe(seen("evt_c", PaymentStage::Captured, 45000));
        QCOMPARE(second.observe(seen("evt_v", PaymentStage::Voided, 0)), ObservationEffect::Conflict);
        QCOMPARE(second.state("pi_1")->stage, PaymentStage::Captured);
        QVERIFY(second.state("pi_1")->conflict);
    }

    void everyOrderConvergesToTheSameState()
    {
        // Authorized, captured, two refund callbacks, one of them delivered twice: in any order.
        const std::vector<PaymentObservation> events = {seen("evt_a", PaymentStage::Authorized, 45000),
                                                        seen("evt_c", PaymentStage::Captured, 40000),
                                                        seen("evt_r1", PaymentStage::PartlyRefunded, 10000, 40000),
                                                        seen("evt_r2", PaymentStage::Refunded, 40000, 40000),
                                                        seen("evt_r1", PaymentStage::PartlyRefunded, 10000, 40000)};
        std::vector<int> order = {0, 1, 2, 3, 4};
        int permutations = 0;
        do {
            PaymentEventDeduper deduper;
            int duplicates = 0;
            for (int i : order)
                duplicates += deduper.observe(events[static_cast<std::size_t>(i)]) == ObservationEffect::Duplicate;
            const auto state = *deduper.state("pi_1");
            QCOMPARE(duplicates, 1);
            QCOMPARE(state.stage, PaymentStage::Refunded);
            QCOMPARE(state.authorizedMinor, std::int64_t(45000));
            QCOMPARE(state.capturedMinor, std::int64_t(40000));
            QCOMPARE(state.refundedMinor, std::int64_t(40000));
            QVERIFY(!state.conflict);
            ++permutations;
        } while (std::next_permutation(order.begin(), order.end()));
        QCOMPARE(permutations, 120);
    }

    void ownAnswersMergeWithoutAnEventId()
    {
        PaymentEventDeduper deduper;
        QCOMPARE(deduper.observe(seen("", PaymentStage::Captured, 45000)), ObservationEffect::Changed);
        QCOMPARE(deduper.observe(seen("", PaymentStage::Captured, 45000)), ObservationEffect::Unchanged);
        QCOMPARE(deduper.observe(seen("evt_c", PaymentStage::Captured, 45000)), ObservationEffect::Unchanged);
        QCOMPARE(deduper.eventCount(), std::size_t(1));

        ObservationEffect effect = ObservationEffect::Duplicate;
        const PaymentState merged =
            PaymentEventDeduper::merge(PaymentState{}, seen("", PaymentStage::Authorized, 100), &effect);
        QCOMPARE(effect, ObservationEffect::Changed);
        QCOMPARE(merged.intentId, std::string("pi_1"));
        QCOMPARE(PaymentEventDeduper::merge(merged, seen("", PaymentStage::Authorized, 100), &effect).applied, 1);
        QCOMPARE(effect, ObservationEffect::Unchanged);
    }
};

QTEST_GUILESS_MAIN(TestPaymentEventDeduper)
#include "tst_PaymentEventDeduper.moc"
