#include "GatewayProtocol.h"

#include <array>
#include <cctype>
#include <nlohmann/json.hpp>

namespace marquee {

namespace {

struct StatusName
{
    GatewayIntentStatus status;
    std::string_view name;
};
constexpr std::array<StatusName, 7> kStatusNames = {{
    {GatewayIntentStatus::RequiresPaymentMethod, "requires_payment_method"},
    {GatewayIntentStatus::RequiresConfirmation, "requires_confirmation"},
    {GatewayIntentStatus::RequiresAction, "requires_action"},
    {GatewayIntentStatus::Processing, "processing"},
    {GatewayIntentStatus::RequiresCapture, "requires_capture"},
    {GatewayIntentStatus::Succeeded, "succeeded"},
    {GatewayIntentStatus::Canceled, "canceled"},
}};

std::string stringOr(const nlohmann::json& object, const char* name)
{
    const auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t integerOr(const nlohmann::json& object, const char* name)
{
    const auto it = object.find(name);
    return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

std::string upper(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

GatewayResult failed(int status, std::string message)
{
    GatewayResult result;
    result.outcome = GatewayOutcome::Failed;
    result.httpStatus = status;
    result.message = std::move(message);
    return result;
}

} // namespace

std::string_view nameOf(GatewayOutcome outcome)
{
    switch (outcome) {
    case GatewayOutcome::Approved:
        return "approved";
    case GatewayOutcome::Declined:
        return "declined";
    case GatewayOutcome::Unknown:
        return "unknown";
    case GatewayOutcome::Retryable:
        return "retryable";
    case GatewayOutcome::Failed:
        return "failed";
    }
    return "unknown";
}

std::string_view nameOf(GatewayIntentStatus status)
{
    for (const auto& entry : kStatusNames) {
        if (entry.status == status)
            return entry.name;
    }
    return "unrecognised";
}

GatewayIntentStatus gatewayIntentStatusFromString(std::string_view text)
{
    for (const auto& entry : kStatusNames) {
        if (entry.name == text)
            return entry.status;
    }
    return GatewayIntentStatus::Unrecognised;
}

std::string percentEncode(std::string_view text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0F];
        }
    }
    return out;
}

std::string formEncode(const std::vector<std::pair<std::string, std::string>>& fields)
{
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty())
            out += '&';
        out += percentEncode(name);
        out += '=';
        out += percentEncode(value);
    }
    return out;
}

Result<GatewayIntent> parseGatewayIntent(const nlohmann::json& object)
{
    if (!object.is_object() || stringOr(object, "object") != "payment_intent" || stringOr(object, "id").empty())
        return fail(ErrorCode::ParseError, "The gateway's answer is not a payment intent.");
    GatewayIntent intent;
    intent.id = stringOr(object, "id");
    intent.status = gatewayIntentStatusFromString(stringOr(object, "status"));
    intent.amountMinor = integerOr(object, "amount");
    intent.amountCapturableMinor = integerOr(object, "amount_capturable");
    intent.amountReceivedMinor = integerOr(object, "amount_received");
    intent.currency = upper(stringOr(object, "currency"));
    intent.captureMethod = stringOr(object, "capture_method");
    intent.latestCharge = stringOr(object, "latest_charge");
    intent.cancellationReason = stringOr(object, "cancellation_reason");
    if (const auto error = object.find("last_payment_error"); error != object.end() && error->is_object()) {
        intent.lastErrorCode = stringOr(*error, "code");
        intent.lastDeclineCode = stringOr(*error, "decline_code");
    }
    if (const auto metadata = object.find("metadata"); metadata != object.end() && metadata->is_object()) {
        for (const auto& [key, value] : metadata->items()) {
            if (value.is_string())
                intent.metadata[key] = value.get<std::string>();
        }
    }
    return intent;
}

Result<GatewayRefund> parseGatewayRefund(const nlohmann::json& object)
{
    if (!object.is_object() || stringOr(object, "object") != "refund" || stringOr(object, "id").empty())
        return fail(ErrorCode::ParseError, "The gateway's answer is not a refund.");
    GatewayRefund refund;
    refund.id = stringOr(object, "id");
    refund.paymentIntent = stringOr(object, "payment_intent");
    refund.status = stringOr(object, "status");
    refund.amountMinor = integerOr(object, "amount");
    refund.currency = upper(stringOr(object, "currency"));
    return refund;
}

Result<PaymentObservation> parseGatewayEvent(const nlohmann::json& event)
{
    if (!event.is_object() || stringOr(event, "object") != "event" || stringOr(event, "id").empty())
        return fail(ErrorCode::ParseError, "The callback is not a gateway event.");
    const auto data = event.find("data");
    if (data == event.end() || !data->is_object() || !data->contains("object") || !(*data)["object"].is_object())
        return fail(ErrorCode::ParseError, "The gateway event " + stringOr(event, "id") + " carries no object.");
    const nlohmann::json& object = (*data)["object"];
    const std::string type = stringOr(event, "type");
    PaymentObservation observation;
    observation.eventId = stringOr(event, "id");
    observation.at = fromEpochMs(integerOr(event, "created") * 1000);
    if (type == "charge.refunded") {
        observation.intentId = stringOr(object, "payment_intent");
        observation.amountMinor = integerOr(object, "amount_refunded");
        observation.capturedMinor = integerOr(object, "amount_captured");
        observation.stage = observation.amountMinor >= observation.capturedMinor ? PaymentStage::Refunded
                                                                                 : PaymentStage::PartlyRefunded;
    } else {
        observation.intentId = stringOr(object, "id");
        if (type == "payment_intent.amount_capturable_updated") {
            observation.stage = PaymentStage::Authorized;
            observation.amountMinor = integerOr(object, "amount_capturable");
        } else if (type == "payment_intent.succeeded") {
            observation.stage = PaymentStage::Captured;
            observation.amountMinor = integerOr(object, "amount_received");
        } else if (type == "payment_intent.canceled") {
            observation.stage = PaymentStage::Voided;
            observation.detail = stringOr(object, "cancellation_reason");
        } else if (type == "payment_intent.payment_failed") {
            observation.stage = PaymentStage::Failed;
            if (const auto error = object.find("last_payment_error"); error != object.end() && error->is_object())
                observation.detail = stringOr(*error, "decline_code");
        } else {
            return fail(ErrorCode::NotFound, "Gateway events of type '" + type + "' are not used.");
        }
    }
    if (observation.intentId.empty())
        return fail(ErrorCode::ParseError, "The gateway event " + observation.eventId + " names no payment intent.");
    return observation;
}

GatewayResult classifyGatewayAnswer(int httpStatus, std::string_view body, bool replayed,
                                    std::optional<Duration> retryAfter)
{
    const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
    GatewayResult result;
    result.httpStatus = httpStatus;
    result.replayed = replayed;
    result.retryAfter = retryAfter;

    if (httpStatus >= 200 && httpStatus < 300) {
        // A success whose body we cannot read may still have moved money: only a replay tells.
        auto intent = parseGatewayIntent(json);
        auto refund = intent ? Result<GatewayRefund>(fail(ErrorCode::ParseError, "")) : parseGatewayRefund(json);
        if (!intent && !refund) {
            result.outcome = GatewayOutcome::Unknown;
            result.message = "The gateway answered " + std::to_string(httpStatus) +
                             " with a body that is not a payment intent or refund.";
            return result;
        }
        if (intent) {
            result.intent = std::move(*intent);
            if (result.intent->status == GatewayIntentStatus::RequiresAction) {
                // A counter cannot run the cardholder through 3-D Secure: treat it as refused.
                result.outcome = GatewayOutcome::Declined;
                result.declineCode = "authentication_required";
                result.message = "The card asks for extra authentication, which this counter cannot do.";
                return result;
            }
        } else {
            result.refund = std::move(*refund);
        }
        result.outcome = GatewayOutcome::Approved;
        return result;
    }

    const nlohmann::json* error = nullptr;
    if (json.is_object()) {
        if (const auto it = json.find("error"); it != json.end() && it->is_object())
            error = &*it;
    }
    if (error) {
        result.errorType = stringOr(*error, "type");
        result.errorCode = stringOr(*error, "code");
        result.declineCode = stringOr(*error, "decline_code");
        result.message = stringOr(*error, "message");
        if (const auto pi = error->find("payment_intent"); pi != error->end()) {
            if (auto intent = parseGatewayIntent(*pi))
                result.intent = std::move(*intent);
        }
    }
    if (result.message.empty())
        result.message = "The gateway answered HTTP " + std::to_string(httpStatus) + ".";

    if (httpStatus >= 500 || httpStatus == 429 || (httpStatus == 409 && result.errorType != "card_error")) {
        result.outcome = GatewayOutcome::Retryable;
    } else if (httpStatus == 402 || result.errorType == "card_error") {
        result.outcome = GatewayOutcome::Declined;
        if (result.declineCode.empty())
            result.declineCode = result.errorCode.empty() ? "card_declined" : result.errorCode;
    } else {
        result.outcome = GatewayOutcome::Failed;
        if (!error)
            return failed(httpStatus, result.message);
    }
    return result;
}

GatewayResult gatewayNoAnswer(const Error& cause)
{
    GatewayResult result;
    result.outcome = cause.code == ErrorCode::Network ? GatewayOutcome::Unknown : GatewayOutcome::Failed;
    result.message = cause.message;
    return result;
}

} // namespace marquee
