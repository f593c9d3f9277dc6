// GatewayClient over the real CurlTransport against marquee-gateway-sim on loopback, with
// each fault switched on: what the counter learns, and what the gateway ends up holding.

#include "CurlTransport.h"
#include "GatewayClient.h"
#include "GatewaySimHarness.h"
#include "TestPrinters.h"
#include "Uuid.h"
#include "WebhookSignature.h"

#include <QTemporaryDir>
#include <QtTest>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace marquee;
using namespace marquee::test;
using nlohmann::json;

namespace {
const Currency kInr = *Currency::fromCode("INR");

int closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), length);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}
} // namespace

class TestGatewayClient : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GatewaySimProcess> m_sim;
    std::unique_ptr<WebhookReceiver> m_hooks;
    std::unique_ptr<SimClient> m_control;

    GatewayConfig config() const
    {
        GatewayConfig c;
        c.baseUrl = m_sim->baseUrl();
        c.secretKey = kSimApiKey;
        c.allowInsecureHttp = true;
        c.connectTimeout = Duration(2000);
        c.totalTimeout = Duration(5000);
        return c;
    }
    std::unique_ptr<GatewayClient> client(GatewayConfig c)
    {
        auto created = GatewayClient::create(c);
        if (!created)
            qWarning("%s", created.error().message.c_str());
        return created ? std::move(*created) : nullptr;
    }
    std::string authorized(GatewayClient& gateway, std::int64_t amount = 45000)
    {
        auto created = gateway.createIntent(Money(amount, kInr), {{"payment_id", newUuid()}}, newUuid());
        auto confirmed = gateway.confirm(created.intent ? created.intent->id : "", "pm_card_visa", newUuid());
        return confirmed.approved() ? confirmed.intent->id : std::string();
    }

private slots:
    void initTestCase()
    {
        m_hooks = std::make_unique<WebhookReceiver>();
        m_sim = std::make_unique<GatewaySimProcess>(std::vector<std::string>{"--webhook-url", m_hooks->url()});
        QVERIFY2(m_sim->start(), m_sim->log().c_str());
        m_control = std::make_unique<SimClient>(m_sim->baseUrl());
    }

    void init()
    {
        m_control->reset();
        m_control->setWebhookUrl(m_hooks->url());
        m_hooks->clear();
    }

    void authorizeCaptureRefundAreApproved()
    {
        auto gateway = client(config());
        QVERIFY(gateway);
        const std::string paymentId = newUuid();
        auto created = gateway->createIntent(Money(45000, kInr), {{"payment_id", paymentId}}, "key-create-1");
        QCOMPARE(created.outcome, GatewayOutcome::Approved);
        QCOMPARE(created.intent->status, GatewayIntentStatus::RequiresPaymentMethod);
        QCOMPARE(created.intent->currency, std::string("INR"));
        QCOMPARE(created.intent->captureMethod, std::string("manual"));
        QCOMPARE(created.intent->metadata.at("payment_id"), paymentId);
        const std::string id = created.intent->id;

        auto confirmed = gateway->confirm(id, "pm_card_visa", "key-confirm-1");
        QCOMPARE(confirmed.outcome, GatewayOutcome::Approved);
        QCOMPARE(confirmed.intent->status, GatewayIntentStatus::RequiresCapture);
        QCOMPARE(confirmed.intent->amountCapturableMinor, std::int64_t(45000));

        auto captured = gateway->capture(id, std::nullopt, "key-capture-1");
        QCOMPARE(captured.outcome, GatewayOutcome::Approved);
        QCOMPARE(captured.intent->status, GatewayIntentStatus::Succeeded);
        QCOMPARE(captured.intent->amountReceivedMinor, std::int64_t(45000));

        auto refunded = gateway->refund(id, 5000, "key-refund-1", {{"refund_id", "r-1"}});
        QCOMPARE(refunded.outcome, GatewayOutcome::Approved);
        QCOMPARE(refunded.refund->amountMinor, std::int64_t(5000));
        QCOMPARE(refunded.refund->paymentIntent, id);

        auto status = gateway->retrieve(id);
        QCOMPARE(status.outcome, GatewayOutcome::Approved);
        QCOMPARE(status.intent->status, GatewayIntentStatus::Succeeded);

        // Every POST carried the caller's key; the GET carried none.
        const json requests = m_control->ledger()["requests"];
        QCOMPARE(requests.size(), std::size_t(5));
        QCOMPARE(requests[0]["idempotency_key"], "key-create-1");
        QCOMPARE(requests[1]["idempotency_key"], "key-confirm-1");
        QCOMPARE(requests[2]["idempotency_key"], "key-capture-1");
        QCOMPARE(requests[3]["idempotency_key"], "key-refund-1");
        QCOMPARE(requests[4]["idempotency_key"], "");
        QCOMPARE(m_control->ledger()["totals"]["inr"]["net"], 40000);
    }

    void partialCaptureAndCancel()
    {
        auto gateway = client(config());
        const std::string id = authorized(*gateway, 30000);
        QVERIFY(!id.empty());
        auto partial = gateway->capture(id, 20000, newUuid());
        QCOMPARE(partial.outcome, GatewayOutcome::Approved);
        QCOMPARE(partial.intent->amountReceivedMinor, std::int64_t(20000));
        const std::string other = authorized(*gateway, 1000);
        auto voided = gateway->cancel(other, newUuid());
        QCOMPARE(voided.outcome, GatewayOutcome::Approved);
        QCOMPARE(voided.intent->status, GatewayIntentStatus::Canceled);
        QCOMPARE(voided.intent->cancellationReason, std::string("abandoned"));
        // Cancelling what was captured is refused: retrying cannot help.
        auto late = gateway->cancel(id, newUuid());
        QCOMPARE(late.outcome, GatewayOutcome::Failed);
        QCOMPARE(late.errorCode, std::string("payment_intent_unexpected_state"));
        QCOMPARE(late.intent->status, GatewayIntentStatus::Succeeded);
    }

    void declinedSaysWhy_data()
    {
        QTest::addColumn<QString>("card");
        QTest::addColumn<QString>("reason");
        QTest::newRow("generic") << "pm_card_chargeDeclined"
                                 << "generic_decline";
        QTest::newRow("insufficient funds") << "tok_chargeDeclinedInsufficientFunds"
                                            << "insufficient_funds";
        QTest::newRow("expired") << "4000000000000069"
                                 << "expired_card";
        QTest::newRow("3-D Secure") << "pm_card_authenticationRequired"
                                    << "authentication_required";
    }

    void declinedSaysWhy()
    {
        QFETCH(QString, card);
        QFETCH(QString, reason);
        auto gateway = client(config());
        auto created = gateway->createIntent(Money(45000, kInr), {}, newUuid());
        auto confirmed = gateway->confirm(created.intent->id, card.toStdString(), newUuid());
        QCOMPARE(confirmed.outcome, GatewayOutcome::Declined);
        QCOMPARE(confirmed.declineCode, reason.toStdString());
        QVERIFY(!confirmed.message.empty());
        QCOMPARE(m_control->ledger()["counts"]["authorizations"], 0);
    }

    void declineNextFault()
    {
        auto gateway = client(config());
        m_control->setFaults({{"decline_next", 1}, {"decline_code", "insufficient_funds"}});
        auto created = gateway->createIntent(Money(45000, kInr), {}, newUuid());
        auto declined = gateway->confirm(created.intent->id, "pm_card_visa", newUuid());
        QCOMPARE(declined.outcome, GatewayOutcome::Declined);
        QCOMPARE(declined.declineCode, std::string("insufficient_funds"));
        QCOMPARE(declined.intent->lastDeclineCode, std::string("insufficient_funds"));
        auto approved = gateway->confirm(created.intent->id, "pm_card_visa", newUuid());
        QCOMPARE(approved.outcome, GatewayOutcome::Approved);
    }

    void timeoutAfterSuccessIsUnknownAndTheSameKeyChargesOnce()
    {
        auto gateway = client(config());
        const std::string id = authorized(*gateway, 45000);
        m_control->setFaults({{"timeout_after_success_next", 1}, {"timeout_mode", "drop"}});
        const std::string key = newUuid();
        auto dropped = gateway->capture(id, std::nullopt, key);
        QCOMPARE(dropped.outcome, GatewayOutcome::Unknown);
        QCOMPARE(dropped.httpStatus, 0);
        QVERIFY2(dropped.message.find("closed before the answer was complete") != std::string::npos,
                 dropped.message.c_str());
        auto retried = gateway->capture(id, std::nullopt, key);
        QCOMPARE(retried.outcome, GatewayOutcome::Approved);
        QVERIFY(retried.replayed);
        QCOMPARE(retried.intent->amountReceivedMinor, std::int64_t(45000));
        const json ledger = m_control->ledger();
        QCOMPARE(ledger["counts"]["captures"], 1);
        QCOMPARE(ledger["totals"]["inr"]["captured"], 45000);
    }

    void hangingGatewayTimesOutAsUnknownAndStatusResolvesIt()
    {
        auto c = config();
        c.totalTimeout = Duration(800);
        auto gateway = client(c);
        auto created = gateway->createIntent(Money(45000, kInr), {}, newUuid());
        m_control->setFaults({{"timeout_after_success_next", 1}, {"timeout_mode", "hang"}, {"hang_ms", 3000}});
        auto confirmed = gateway->confirm(created.intent->id, "pm_card_visa", newUuid());
        QCOMPARE(confirmed.outcome, GatewayOutcome::Unknown);
        QVERIFY2(confirmed.message.find("timed out after 800 ms") != std::string::npos, confirmed.message.c_str());
        // Not knowing is resolved by asking.
        auto status = gateway->retrieve(created.intent->id);
        QCOMPARE(status.outcome, GatewayOutcome::Approved);
        QCOMPARE(status.intent->status, GatewayIntentStatus::RequiresCapture);
        QCOMPARE(m_control->ledger()["counts"]["authorizations"], 1);
    }

    void serverErrorsAreRetryableAndNothingHappened()
    {
        auto gateway = client(config());
        m_control->setFaults({{"fail_next", 1}, {"fail_status", 503}});
        const std::string key = newUuid();
        auto busy = gateway->createIntent(Money(45000, kInr), {}, key);
        QCOMPARE(busy.outcome, GatewayOutcome::Retryable);
        QCOMPARE(busy.httpStatus, 503);
        QCOMPARE(busy.retryAfter.value_or(Duration(0)), Duration(1000));
        QCOMPARE(m_control->ledger()["counts"]["intents"], 0);
        auto again = gateway->createIntent(Money(45000, kInr), {}, key);
        QCOMPARE(again.outcome, GatewayOutcome::Approved);
        QVERIFY(!again.replayed);

        m_control->setFaults({{"fail_next", 1}, {"fail_status", 429}});
        auto limited = gateway->retrieve(again.intent->id);
        QCOMPARE(limited.outcome, GatewayOutcome::Retryable);
        QCOMPARE(limited.errorCode, std::string("rate_limit"));
        m_control->setFaults({{"fail_next", 1}, {"fail_status", 500}});
        QCOMPARE(gateway->capture(again.intent->id, std::nullopt, newUuid()).outcome, GatewayOutcome::Retryable);
        QCOMPARE(m_control->ledger()["counts"]["intents"], 1);
    }

    void misuseFailsWithoutCharging()
    {
        auto gateway = client(config());
        const std::string key = newUuid();
        QCOMPARE(gateway->createIntent(Money(45000, kInr), {}, key).outcome, GatewayOutcome::Approved);
        auto reused = gateway->createIntent(Money(46000, kInr), {}, key);
        QCOMPARE(reused.outcome, GatewayOutcome::Failed);
        QCOMPARE(reused.errorType, std::string("idempotency_error"));

        const auto before = m_control->ledger()["requests"].size();
        QCOMPARE(gateway->createIntent(Money(45000, kInr), {}, "").outcome, GatewayOutcome::Failed);
        QCOMPARE(gateway->createIntent(Money(0, kInr), {}, newUuid()).outcome, GatewayOutcome::Failed);
        QCOMPARE(gateway->capture("pi_1/../../v1/refunds", std::nullopt, newUuid()).outcome, GatewayOutcome::Failed);
        QCOMPARE(gateway->confirm("pi_1", "", newUuid()).outcome, GatewayOutcome::Failed);
        QCOMPARE(m_control->ledger()["requests"].size(), before); // none of these was sent

        auto missing = gateway->retrieve("pi_nothere");
        QCOMPARE(missing.outcome, GatewayOutcome::Failed);
        QCOMPARE(missing.httpStatus, 404);
        QCOMPARE(missing.errorCode, std::string("resource_missing"));
    }

    void wrongSecretKeyFails()
    {
        auto c = config();
        c.secretKey = "sk_test_wrong";
        auto gateway = client(c);
        auto r = gateway->createIntent(Money(45000, kInr), {}, newUuid());
        QCOMPARE(r.outcome, GatewayOutcome::Failed);
        QCOMPARE(r.httpStatus, 401);
        c.secretKey.clear();
        QVERIFY(!GatewayClient::create(c));
    }

    void nothingListeningIsUnknownAndPlainHttpNeedsPermission()
    {
        auto c = config();
        c.baseUrl = "http://127.0.0.1:" + std::to_string(closedPort());
        auto gateway = client(c);
        auto r = gateway->createIntent(Money(45000, kInr), {}, newUuid());
        QCOMPARE(r.outcome, GatewayOutcome::Unknown);
        QVERIFY2(r.message.find("Could not connect") != std::string::npos, r.message.c_str());
        c.allowInsecureHttp = false;
        auto refused = GatewayClient::create(c);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Insecure);
    }

    void httpsWithTheGatewaysCa()
    {
        QTemporaryDir dir;
        const TestCertificate certificate = makeTestCertificate(dir.path().toStdString());
        QVERIFY2(certificate.error.empty(), certificate.error.c_str());
        GatewaySimProcess tls({"--tls-cert", certificate.cert, "--tls-key", certificate.key});
        QVERIFY2(tls.start(), tls.log().c_str());
        auto c = config();
        c.baseUrl = tls.baseUrl();
        c.allowInsecureHttp = false;
        c.caFile = certificate.ca;
        auto gateway = client(c);
        QVERIFY(gateway);
        auto created = gateway->createIntent(Money(45000, kInr), {}, newUuid());
        QCOMPARE(created.outcome, GatewayOutcome::Approved);
        auto confirmed = gateway->confirm(created.intent->id, "pm_card_visa", newUuid());
        QCOMPARE(confirmed.outcome, GatewayOutcome::Approved);

        // Another CA's certificate: the gateway cannot be trusted, and retrying will not help.
        QTemporaryDir otherDir;
        const TestCertificate other = makeTestCertificate(otherDir.path().toStdString());
        QVERIFY2(other.error.empty(), other.error.c_str());
        c.caFile = other.ca;
        auto untrusting = client(c);
        auto refused = untrusting->createIntent(Money(45000, kInr), {}, newUuid());
        QCOMPARE(refused.outcome, GatewayOutcome::Failed);
        QVERIFY2(refused.message.find("not signed by the configured CA") != std::string::npos, refused.message.c_str());
    }

    void callsReuseOneConnection()
    {
        CurlTransportOptions options;
        options.baseUrl = m_sim->baseUrl();
        options.allowInsecureHttp = true;
        auto transport = CurlTransport::create(options);
        QVERIFY(transport);
        GatewayClient gateway(**transport, kSimApiKey);
        QVERIFY(!authorized(gateway).empty());
        for (int i = 0; i < 20; ++i) {
            const std::string id = authorized(gateway);
            QCOMPARE(gateway.capture(id, std::nullopt, newUuid()).outcome, GatewayOutcome::Approved);
            QCOMPARE((*transport)->connectionsOpenedByLastSend(), 0L);
        }
    }

    void webhooksVerifyAndConvergeOnce()
    {
        auto gateway = client(config());
        m_control->setFaults({{"webhook_duplicates", 1}, {"webhook_delay_ms", 600}, {"webhook_delay_next", 1}});
        const std::string id = authorized(*gateway, 45000); // its event is late
        QCOMPARE(gateway->capture(id, 40000, newUuid()).outcome, GatewayOutcome::Approved);
        QCOMPARE(gateway->refund(id, 10000, newUuid()).outcome, GatewayOutcome::Approved);
        QCOMPARE(gateway->refund(id, std::nullopt, newUuid()).outcome, GatewayOutcome::Approved);
        QVERIFY(m_hooks->waitFor(8));
        QTRY_COMPARE(m_control->ledger()["webhooks"]["pending"], 0);

        PaymentEventDeduper deduper;
        int duplicates = 0;
        int changed = 0;
        for (const auto& hook : m_hooks->received()) {
            QVERIFY(verifyWebhook(hook.signature, hook.body, kSimWebhookSecret, SystemClock().now()));
            auto observation = parseGatewayEvent(hook.json());
            QVERIFY2(observation, observation ? "" : observation.error().message.c_str());
            const ObservationEffect effect = deduper.observe(*observation);
            duplicates += effect == ObservationEffect::Duplicate;
            changed += effect == ObservationEffect::Changed;
        }
        QCOMPARE(m_hooks->received().size(), std::size_t(8));
        QCOMPARE(duplicates, 4);
        QCOMPARE(deduper.eventCount(), std::size_t(4));
        const PaymentState state = *deduper.state(id);
        QCOMPARE(state.stage, PaymentStage::Refunded);
        QCOMPARE(state.capturedMinor, std::int64_t(40000));
        QCOMPARE(state.refundedMinor, std::int64_t(40000));
        QCOMPARE(state.authorizedMinor, std::int64_t(45000));
        QVERIFY(!state.conflict);
        // The late "authorized" arrived after "captured": it only told the authorized amount
        // (45000, of which 40000 was captured) and moved no stage back.
        QCOMPARE(m_hooks->received().front().json()["type"], "payment_intent.succeeded");
        QCOMPARE(m_hooks->received().back().json()["type"], "payment_intent.amount_capturable_updated");
        QCOMPARE(changed, 4);
    }
};

QTEST_GUILESS_MAIN(TestGatewayClient)
#include "tst_GatewayClient.moc"
