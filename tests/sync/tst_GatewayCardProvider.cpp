// GatewayCardProvider against marquee-gateway-sim: the sale's steps (authorize, capture, void,
// refund) with retries under one caller key, and the gateway's ledger after each fault.

#include "GatewayCardProvider.h"
#include "GatewaySimHarness.h"
#include "TestPrinters.h"
#include "Uuid.h"

#include <QtTest>

using namespace marquee;
using namespace marquee::test;
using nlohmann::json;

namespace {
const Currency kInr = *Currency::fromCode("INR");

AuthorizeRequest cardPayment(std::int64_t amount, std::string card = "pm_card_visa")
{
    AuthorizeRequest request;
    request.paymentId = newUuid();
    request.amount = Money(amount, kInr);
    request.card = std::move(card);
    request.metadata = {{"booking_id", newUuid()}};
    return request;
}
} // namespace

class TestGatewayCardProvider : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GatewaySimProcess> m_sim;
    std::unique_ptr<SimClient> m_control;
    std::unique_ptr<GatewayClient> m_client;
    std::unique_ptr<GatewayCardProvider> m_provider;

    json ledger() { return m_control->ledger(); }

private slots:
    void initTestCase()
    {
        m_sim = std::make_unique<GatewaySimProcess>();
        QVERIFY2(m_sim->start(), m_sim->log().c_str());
        m_control = std::make_unique<SimClient>(m_sim->baseUrl());
        GatewayConfig config;
        config.baseUrl = m_sim->baseUrl();
        config.secretKey = kSimApiKey;
        config.allowInsecureHttp = true;
        config.totalTimeout = Duration(3000);
        auto client = GatewayClient::create(config);
        QVERIFY(client);
        m_client = std::move(*client);
        m_provider = std::make_unique<GatewayCardProvider>(*m_client);
    }

    void init() { m_control->reset(); }

    void authorizeThenCaptureThenRefund()
    {
        QCOMPARE(m_provider->method(), PaymentMethod::CardGateway);
        const AuthorizeRequest request = cardPayment(45000);
        auto authorized = m_provider->authorize(request, newUuid());
        QCOMPARE(authorized.outcome, PaymentOutcome::Approved);
        QCOMPARE(authorized.stage, PaymentStage::Authorized);
        QCOMPARE(authorized.amount, Money(45000, kInr));
        QVERIFY(authorized.reference.rfind("pi_", 0) == 0);
        const json intent = ledger()["intents"][0];
        QCOMPARE(intent["metadata"]["payment_id"].get<std::string>(), request.paymentId);
        QCOMPARE(intent["metadata"]["booking_id"].get<std::string>(), request.metadata.at("booking_id"));

        auto captured = m_provider->capture(authorized.reference, Money(45000, kInr), newUuid());
        QCOMPARE(captured.outcome, PaymentOutcome::Approved);
        QCOMPARE(captured.stage, PaymentStage::Captured);
        QCOMPARE(captured.amount, Money(45000, kInr));

        auto refunded = m_provider->refund(authorized.reference, Money(15000, kInr), newUuid());
        QCOMPARE(refunded.outcome, PaymentOutcome::Approved);
        QCOMPARE(refunded.stage, PaymentStage::Refunded);
        QCOMPARE(refunded.amount, Money(15000, kInr));
        QCOMPARE(refunded.reference, authorized.reference);

        auto status = m_provider->status(authorized.reference);
        QCOMPARE(status.stage, PaymentStage::Captured);
        QCOMPARE(ledger()["totals"]["inr"]["net"], 30000);
    }

    void declinedCardSaysWhyToTheCashier()
    {
        auto declined = m_provider->authorize(cardPayment(45000, "pm_card_chargeDeclinedInsufficientFunds"), newUuid());
        QCOMPARE(declined.outcome, PaymentOutcome::Declined);
        QCOMPARE(declined.declineCode, std::string("insufficient_funds"));
        QCOMPARE(declined.stage, PaymentStage::Failed);
        QVERIFY2(declined.message.find("insufficient funds") != std::string::npos, declined.message.c_str());
        QCOMPARE(ledger()["counts"]["authorizations"], 0);
        QCOMPARE(ledger()["counts"]["declines"], 1);
    }

    void failedConfirmationVoidsTheAuthorization()
    {
        auto authorized = m_provider->authorize(cardPayment(30000), newUuid());
        QVERIFY(authorized.approved());
        const std::string voidKey = newUuid();
        auto voided = m_provider->voidAuthorization(authorized.reference, Money(30000, kInr), voidKey);
        QCOMPARE(voided.outcome, PaymentOutcome::Approved);
        QCOMPARE(voided.stage, PaymentStage::Voided);
        // The same void again (a retry) is answered the same; nothing more happens.
        auto again = m_provider->voidAuthorization(authorized.reference, Money(30000, kInr), voidKey);
        QCOMPARE(again.outcome, PaymentOutcome::Approved);
        QVERIFY(again.replayed);
        const json l = ledger();
        QCOMPARE(l["counts"]["cancels"], 1);
        QCOMPARE(l["totals"]["inr"]["authorized_open"], 0);
        QCOMPARE(l["totals"]["inr"]["captured"], 0);
    }

    void timeoutsDuringAuthorizeThenRetriesGiveOneIntentAndOneCharge()
    {
        // Both the create and the confirm take effect and lose their answers.
        m_control->setFaults({{"timeout_after_success_next", 2}});
        const AuthorizeRequest request = cardPayment(45000);
        const std::string key = newUuid();
        auto first = m_provider->authorize(request, key);
        QCOMPARE(first.outcome, PaymentOutcome::Unknown);
        QVERIFY(!first.message.empty());
        auto second = m_provider->authorize(request, key);
        QCOMPARE(second.outcome, PaymentOutcome::Unknown);
        auto third = m_provider->authorize(request, key);
        QCOMPARE(third.outcome, PaymentOutcome::Approved);
        QCOMPARE(third.stage, PaymentStage::Authorized);
        // A double click after that is the same call again.
        auto fourth = m_provider->authorize(request, key);
        QCOMPARE(fourth.reference, third.reference);
        QVERIFY(fourth.replayed);
        const json l = ledger();
        QCOMPARE(l["counts"]["intents"], 1);
        QCOMPARE(l["counts"]["authorizations"], 1);
    }

    void timeoutAfterCaptureThenRetryCapturesOnce()
    {
        auto authorized = m_provider->authorize(cardPayment(45000), newUuid());
        m_control->setFaults({{"timeout_after_success_next", 1}});
        const std::string key = newUuid();
        auto lost = m_provider->capture(authorized.reference, Money(45000, kInr), key);
        QCOMPARE(lost.outcome, PaymentOutcome::Unknown);
        QCOMPARE(lost.reference, authorized.reference);
        // status() tells without repeating the call...
        QCOMPARE(m_provider->status(authorized.reference).stage, PaymentStage::Captured);
        // ...and repeating it with the same key is harmless.
        auto retried = m_provider->capture(authorized.reference, Money(45000, kInr), key);
        QCOMPARE(retried.outcome, PaymentOutcome::Approved);
        QCOMPARE(retried.stage, PaymentStage::Captured);
        QCOMPARE(ledger()["counts"]["captures"], 1);
        QCOMPARE(ledger()["totals"]["inr"]["captured"], 45000);
    }

    void busyGatewayIsRetryableWithTheSameKey()
    {
        m_control->setFaults({{"fail_next", 1}, {"fail_status", 503}});
        const AuthorizeRequest request = cardPayment(45000);
        const std::string key = newUuid();
        auto busy = m_provider->authorize(request, key);
        QCOMPARE(busy.outcome, PaymentOutcome::Retryable);
        QVERIFY(busy.retryAfter.has_value());
        auto done = m_provider->authorize(request, key);
        QCOMPARE(done.outcome, PaymentOutcome::Approved);
        QCOMPARE(ledger()["counts"]["intents"], 1);
    }

    void declineNextThenAnotherAttemptWithANewKey()
    {
        m_control->setFaults({{"decline_next", 1}});
        auto declined = m_provider->authorize(cardPayment(45000), newUuid());
        QCOMPARE(declined.outcome, PaymentOutcome::Declined);
        QCOMPARE(declined.declineCode, std::string("generic_decline"));
        // The cashier tries again: a new attempt, a new key.
        auto approved = m_provider->authorize(cardPayment(45000), newUuid());
        QCOMPARE(approved.outcome, PaymentOutcome::Approved);
        QCOMPARE(ledger()["counts"]["authorizations"], 1);
    }

    void refundOfMoreThanCapturedFails()
    {
        auto authorized = m_provider->authorize(cardPayment(10000), newUuid());
        m_provider->capture(authorized.reference, Money(10000, kInr), newUuid());
        auto tooMuch = m_provider->refund(authorized.reference, Money(10001, kInr), newUuid());
        QCOMPARE(tooMuch.outcome, PaymentOutcome::Failed);
        QVERIFY(!tooMuch.message.empty());
        QCOMPARE(ledger()["totals"]["inr"]["refunded"], 0);
    }
};

QTEST_GUILESS_MAIN(TestGatewayCardProvider)
#include "tst_GatewayCardProvider.moc"
