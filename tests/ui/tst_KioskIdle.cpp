// Abandonment (issue 8): after the idle time a "Still there?" countdown; a touch keeps the
// sale; when it runs out the hold is released, an authorization the kiosk never heard back
// about is found and voided at the gateway, and the start screen returns. A payment in
// progress is never cut off by the idle timer.

#include "KioskFixture.h"

#include <QLabel>
#include <QSignalSpy>

using namespace marquee;
using namespace marquee::test;

namespace {

KioskOptions idleOptions(int idleMs, int countdownMs)
{
    KioskOptions options = fastKioskOptions();
    options.idleMs = idleMs;
    options.stillThereMs = countdownMs;
    return options;
}

} // namespace

class TestKioskIdle : public QObject
{
    Q_OBJECT

private slots:
    void idleCustomerIsAskedThenTheHoldIsReleased()
    {
        KioskFixture k;
        QVERIFY(k.start(idleOptions(400, 800)));
        QVERIFY(k.toSeats());
        const std::string hold = k.holdId();
        QVERIFY(!hold.empty());
        QSignalSpy asked(&k.window->idleWatch(), &KioskIdleWatch::countdownStarted);

        QTRY_VERIFY_WITH_TIMEOUT(k.find(QStringLiteral("stillThere")), 3'000);
        QVERIFY(k.find<QLabel>(QStringLiteral("stillThereTitle"))->text().contains(QStringLiteral("Still there?")));
        QCOMPARE(k.window->screen(), KioskWindow::Screen::Seats); // asked first, not thrown out
        QCOMPARE(k.store->findHold(hold)->state, HoldState::Held);

        QTRY_COMPARE_WITH_TIMEOUT(k.window->screen(), KioskWindow::Screen::Attract, 3'000);
        QCOMPARE(asked.count(), 1);
        QVERIFY(!k.find(QStringLiteral("stillThere")));
        QVERIFY(k.window->basket().isEmpty());
        QCOMPARE(k.store->findHold(hold)->state, HoldState::Released);
        QCOMPARE(k.scalar("SELECT count(*) FROM claims"), std::string("0"));
        // The start screen does not time out: nobody to ask.
        QTest::qWait(1'000);
        QCOMPARE(asked.count(), 1);
    }

    void touchDuringTheCountdownKeepsTheSale()
    {
        KioskFixture k;
        QVERIFY(k.start(idleOptions(300, 3'000)));
        QVERIFY(k.toSeats());
        const std::string hold = k.holdId();
        QTRY_VERIFY_WITH_TIMEOUT(k.find(QStringLiteral("stillThere")), 3'000);
        QVERIFY(k.find<QLabel>(QStringLiteral("stillThereText"))->text().contains(QStringLiteral("second")));
        QVERIFY(k.tap(QStringLiteral("stillHereButton")));
        QVERIFY(!k.find(QStringLiteral("stillThere")));
        QCOMPARE(k.window->screen(), KioskWindow::Screen::Seats);
        QCOMPARE(k.store->findHold(hold)->state, HoldState::Held);
        QCOMPARE(k.holdId(), hold);
    }

    void abandonedSaleVoidsAnAuthorizationWhoseAnswerWasLost()
    {
        KioskFixture k;
        QVERIFY(k.start(idleOptions(1'500, 500)));
        QVERIFY(k.toPayment());
        const std::string hold = k.holdId();
        // The intent's creation and then its authorization happen at the gateway, but both
        // answers are lost: the kiosk cannot know the card was authorized.
        k.control->setFaults({{"timeout_after_success_next", 2}});
        QSignalSpy finished(k.window.get(), &KioskWindow::paymentFinished);
        QSignalSpy abandoned(k.window.get(), &KioskWindow::saleAbandoned);
        QVERIFY(k.reader.present(QStringLiteral("pm_card_visa")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20'000);
        QCOMPARE(finished.at(0).at(0).value<CheckoutOutcome>().result, CheckoutResult::Interrupted);
        QVERIFY(k.window->paymentText().contains(QStringLiteral("could not complete")));
        auto ledger = k.control->ledger();
        QCOMPARE(ledger["counts"]["authorizations"].get<std::int64_t>(), std::int64_t(1));
        QVERIFY(ledger["totals"]["inr"]["authorized_open"].get<std::int64_t>() > 0);

        // The customer walks away.
        QTRY_COMPARE_WITH_TIMEOUT(k.window->screen(), KioskWindow::Screen::Attract, 6'000);
        QTRY_COMPARE_WITH_TIMEOUT(abandoned.count(), 1, 20'000);
        const auto outcome = abandoned.at(0).at(0).value<CheckoutOutcome>();
        QCOMPARE(outcome.result, CheckoutResult::SeatsNotConfirmed);
        ledger = k.control->ledger();
        QCOMPARE(ledger["counts"]["intents"].get<std::int64_t>(), std::int64_t(1));
        QCOMPARE(ledger["counts"]["authorizations"].get<std::int64_t>(), std::int64_t(1));
        QCOMPARE(ledger["counts"]["cancels"].get<std::int64_t>(), std::int64_t(1));
        QCOMPARE(ledger["counts"]["captures"].get<std::int64_t>(), std::int64_t(0));
        QCOMPARE(ledger["totals"]["inr"]["authorized_open"].get<std::int64_t>(), std::int64_t(0));
        QCOMPARE(k.scalar("SELECT state FROM checkouts"), std::string("UNWOUND"));
        QCOMPARE(k.scalar("SELECT stage FROM checkout_tenders"), std::string("VOIDED"));
        QCOMPARE(k.store->findHold(hold)->state, HoldState::Released);
        QCOMPARE(k.scalar("SELECT count(*) FROM bookings"), std::string("0"));
    }

    void paymentInProgressSurvivesTheIdleTimer()
    {
        KioskFixture k;
        QVERIFY(k.start(idleOptions(250, 250)));
        // Every gateway call takes 0.7 s: the payment lasts several idle times over.
        k.control->setFaults({{"latency_ms", 700}});
        QVERIFY(k.toPayment());
        QSignalSpy asked(&k.window->idleWatch(), &KioskIdleWatch::countdownStarted);
        QVERIFY(k.reader.present(QStringLiteral("pm_card_visa")));
        QVERIFY(k.window->isPaying());
        QVERIFY(!k.window->startOver()); // nothing can cut it off
        QTRY_COMPARE_WITH_TIMEOUT(k.window->screen(), KioskWindow::Screen::Done, 20'000);
        QCOMPARE(asked.count(), 0);
        QCOMPARE(k.scalar("SELECT state FROM checkouts"), std::string("COMPLETED"));
        QCOMPARE(k.scalar("SELECT count(*) FROM bookings"), std::string("1"));
        QCOMPARE(k.control->ledger()["counts"]["captures"].get<std::int64_t>(), std::int64_t(1));
    }

    void idleTimeComesFromTheSettingWhenNotGiven()
    {
        KioskFixture k;
        QVERIFY(k.start());
        QCOMPARE(k.window->idleWatch().idleMs(), 60'000);
        QCOMPARE(KioskOptions{}.idleMs, 60'000);
        QCOMPARE(KioskOptions{}.stillThereMs, 15'000);
        QCOMPARE(KioskSession::idleSecondsFrom(*k.store, 0, 0), 60);
        QVERIFY(k.store->setSetting("kiosk.idle_seconds", "90"));
        QCOMPARE(KioskSession::idleSecondsFrom(*k.store, 0, 0), 90);
        QCOMPARE(KioskSession::idleSecondsFrom(*k.store, 0, 45), 45);
        QCOMPARE(KioskSession::idleSecondsFrom(*k.store, 20, 45), 20);
    }
};

QTEST_MAIN(TestKioskIdle)
#include "tst_KioskIdle.moc"
