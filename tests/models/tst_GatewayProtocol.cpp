#include "GatewayProtocol.h"
#include "TestPrinters.h"

#include <QtTest>
#include <nlohmann/json.hpp>

using namespace marquee;
using nlohmann::json;

namespace {
json intent(const std::string& status)
{
    return {{"id", "pi_1"},
            {"object", "payment_intent"},
            {"status", status},
            {"amount", 45000},
            {"amount_capturable", status == "requires_capture" ? 45000 : 0},
            {"amount_received", status == "succeeded" ? 45000 : 0},
            {"currency", "inr"},
            {"capture_method", "manual"},
            {"latest_charge", "ch_1"},
            {"metadata", {{"payment_id", "p-1"}}},
            {"last_payment_error", nullptr}};
}
} // namespace

class TestGatewayProtocol : public QObject
{
    Q_OBJECT

private slots:
    void formEncodingEscapesEverythingButUnreserved()
    {
        QCOMPARE(formEncode({{"amount", "100"}, {"metadata[booking id]", "a/b&c=d é"}}),
                 std::string("amount=100&metadata%5Bbooking%20id%5D=a%2Fb%26c%3Dd%20%C3%A9"));
        QCOMPARE(percentEncode("AZaz09-_.~"), std::string("AZaz09-_.~"));
        QCOMPARE(formEncode({}), std::string());
    }

    void parsesAnIntent()
    {
        auto parsed = parseGatewayIntent(intent("requires_capture"));
        QVERIFY(parsed);
        QCOMPARE(parsed->id, std::string("pi_1"));
        QCOMPARE(parsed->status, GatewayIntentStatus::RequiresCapture);
        QCOMPARE(parsed->amountCapturableMinor, std::int64_t(45000));
        QCOMPARE(parsed->currency, std::string("INR"));
        QCOMPARE(parsed->metadata.at("payment_id"), std::string("p-1"));
        QVERIFY(!parseGatewayIntent(json::array()));
        QVERIFY(!parseGatewayIntent({{"object", "refund"}, {"id", "re_1"}}));
        QCOMPARE(parseGatewayIntent(intent("teleported"))->status, GatewayIntentStatus::Unrecognised);
    }

    void successesAreApproved()
    {
        auto r = classifyGatewayAnswer(200, intent("requires_capture").dump(), true);
        QCOMPARE(r.outcome, GatewayOutcome::Approved);
        QVERIFY(r.replayed);
        QCOMPARE(r.intent->status, GatewayIntentStatus::RequiresCapture);
        auto refund = classifyGatewayAnswer(
            200, json{{"id", "re_1"}, {"object", "refund"}, {"amount", 500}, {"payment_intent", "pi_1"}}.dump());
        QCOMPARE(refund.outcome, GatewayOutcome::Approved);
        QCOMPARE(refund.refund->amountMinor, std::int64_t(500));
    }

    void unreadableSuccessIsUnknown()
    {
        // 200 means something happened; a body we cannot read does not say what.
        QCOMPARE(classifyGatewayAnswer(200, "<html>").outcome, GatewayOutcome::Unknown);
        QCOMPARE(classifyGatewayAnswer(200, "{}").outcome, GatewayOutcome::Unknown);
    }

    void threeDSecureIsADecline()
    {
        auto r = classifyGatewayAnswer(200, intent("requires_action").dump());
        QCOMPARE(r.outcome, GatewayOutcome::Declined);
        QCOMPARE(r.declineCode, std::string("authentication_required"));
    }

    void cardErrorsAreDeclines()
    {
        json body = {{"error",
                      {{"type", "card_error"},
                       {"code", "card_declined"},
                       {"decline_code", "insufficient_funds"},
                       {"message", "Your card has insufficient funds."},
                       {"payment_intent", intent("requires_payment_method")}}}};
        auto r = classifyGatewayAnswer(402, body.dump());
        QCOMPARE(r.outcome, GatewayOutcome::Declined);
        QCOMPARE(r.declineCode, std::string("insufficient_funds"));
        QCOMPARE(r.message, std::string("Your card has insufficient funds."));
        QCOMPARE(r.intent->status, GatewayIntentStatus::RequiresPaymentMethod);
        body["error"].erase("decline_code");
        body["error"]["code"] = "expired_card";
        QCOMPARE(classifyGatewayAnswer(402, body.dump()).declineCode, std::string("expired_card"));
    }

    void busyGatewayIsRetryable_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::newRow("500") << 500 << "api_error";
        QTest::newRow("502 no body") << 502 << "";
        QTest::newRow("503") << 503 << "api_error";
        QTest::newRow("429") << 429 << "invalid_request_error";
        QTest::newRow("409 key in use") << 409 << "idempotency_error";
    }

    void busyGatewayIsRetryable()
    {
        QFETCH(int, status);
        QFETCH(QString, type);
        const std::string body = type.isEmpty()
                                     ? std::string("Bad Gateway")
                                     : json{{"error", {{"type", type.toStdString()}, {"message", "busy"}}}}.dump();
        auto r = classifyGatewayAnswer(status, body, false, Duration(1000));
        QCOMPARE(r.outcome, GatewayOutcome::Retryable);
        QCOMPARE(r.httpStatus, status);
        QCOMPARE(r.retryAfter.value_or(Duration(0)), Duration(1000));
        QVERIFY(!r.message.empty());
    }

    void wrongRequestsFail_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("code");
        QTest::newRow("bad param") << 400 << "invalid_request_error"
                                   << "parameter_missing";
        QTest::newRow("wrong state") << 400 << "invalid_request_error"
                                     << "payment_intent_unexpected_state";
        QTest::newRow("key reused") << 400 << "idempotency_error"
                                    << "";
        QTest::newRow("bad key") << 401 << "invalid_request_error"
                                 << "";
        QTest::newRow("missing") << 404 << "invalid_request_error"
                                 << "resource_missing";
    }

    void wrongRequestsFail()
    {
        QFETCH(int, status);
        QFETCH(QString, type);
        QFETCH(QString, code);
        json error = {{"type", type.toStdString()}, {"message", "no"}};
        if (!code.isEmpty())
            error["code"] = code.toStdString();
        auto r = classifyGatewayAnswer(status, json{{"error", error}}.dump());
        QCOMPARE(r.outcome, GatewayOutcome::Failed);
        QCOMPARE(r.errorType, type.toStdString());
        QCOMPARE(r.errorCode, code.toStdString());
        QCOMPARE(classifyGatewayAnswer(status, "not json").outcome, GatewayOutcome::Failed);
    }

    void eventsBecomeObservations()
    {
        json event = {{"id", "evt_1"},
                      {"object", "event"},
                      {"type", "payment_intent.amount_capturable_updated"},
                      {"created", 1796300000},
                      {"data", {{"object", intent("requires_capture")}}}};
        auto authorized = parseGatewayEvent(event);
        QVERIFY(authorized);
        QCOMPARE(authorized->eventId, std::string("evt_1"));
        QCOMPARE(authorized->intentId, std::string("pi_1"));
        QCOMPARE(authorized->stage, PaymentStage::Authorized);
        QCOMPARE(authorized->amountMinor, std::int64_t(45000));
        QCOMPARE(toEpochMs(authorized->at), std::int64_t(1796300000000));

        event["type"] = "payment_intent.succeeded";
        event["data"]["object"] = intent("succeeded");
        QCOMPARE(parseGatewayEvent(event)->stage, PaymentStage::Captured);
        QCOMPARE(parseGatewayEvent(event)->amountMinor, std::int64_t(45000));

        event["type"] = "payment_intent.payment_failed";
        event["data"]["object"] = intent("requires_payment_method");
        event["data"]["object"]["last_payment_error"] = {{"code", "card_declined"}, {"decline_code", "lost_card"}};
        QCOMPARE(parseGatewayEvent(event)->stage, PaymentStage::Failed);
        QCOMPARE(parseGatewayEvent(event)->detail, std::string("lost_card"));

        event["type"] = "payment_intent.canceled";
        event["data"]["object"] = intent("canceled");
        QCOMPARE(parseGatewayEvent(event)->stage, PaymentStage::Voided);

        event["type"] = "charge.refunded";
        event["data"]["object"] = {{"id", "ch_1"},
                                   {"object", "charge"},
                                   {"payment_intent", "pi_1"},
                                   {"amount_captured", 40000},
                                   {"amount_refunded", 15000}};
        auto refunded = parseGatewayEvent(event);
        QCOMPARE(refunded->intentId, std::string("pi_1"));
        QCOMPARE(refunded->stage, PaymentStage::PartlyRefunded);
        QCOMPARE(refunded->amountMinor, std::int64_t(15000));
        QCOMPARE(refunded->capturedMinor, std::int64_t(40000));
        event["data"]["object"]["amount_refunded"] = 40000;
        QCOMPARE(parseGatewayEvent(event)->stage, PaymentStage::Refunded);

        event["type"] = "customer.created";
        QCOMPARE(parseGatewayEvent(event).error().code, ErrorCode::NotFound);
        QCOMPARE(parseGatewayEvent(json{{"object", "event"}, {"id", "evt_2"}}).error().code, ErrorCode::ParseError);
        QCOMPARE(parseGatewayEvent(json::array()).error().code, ErrorCode::ParseError);
    }

    void noAnswerIsUnknownUnlessTheGatewayCannotBeTrusted()
    {
        QCOMPARE(gatewayNoAnswer({ErrorCode::Network, "timed out"}).outcome, GatewayOutcome::Unknown);
        QCOMPARE(gatewayNoAnswer({ErrorCode::Network, "timed out"}).message, std::string("timed out"));
        QCOMPARE(gatewayNoAnswer({ErrorCode::Insecure, "bad certificate"}).outcome, GatewayOutcome::Failed);
    }
};

QTEST_GUILESS_MAIN(TestGatewayProtocol)
#include "tst_GatewayProtocol.moc"
