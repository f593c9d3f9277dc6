#pragma once
// The wire shape of a card gateway's payment-intents API (the shape of Stripe's
// PaymentIntents: form-encoded requests, JSON answers, an `error` object on failure) and
// the one rule that matters most to a box office: what an answer means for the money.
// Network-free and Qt-free, so the counter's GatewayClient (sync) and the server's
// reconciliation can read the gateway the same way.
//
// Outcomes:
//   Approved  the gateway did what was asked; `intent` / `refund` say the state now
//   Declined  the card was refused (402 card_error); `declineCode` says why
//   Unknown   no readable answer: the request may or may not have taken effect. Resolve it
//             by sending the same request with the same Idempotency-Key, or by a status GET
//   Retryable the gateway said "not now" (5xx, 429, 409 key in use): the same request with
//             the same key later; nothing was done
//   Failed    the request is wrong or not allowed (4xx); retrying cannot help

#include "Clock.h"
#include "Error.h"
#include "PaymentEventDeduper.h"

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace marquee {

enum class GatewayOutcome : std::uint8_t
{
    Approved,
    Declined,
    Unknown,
    Retryable,
    Failed
};

enum class GatewayIntentStatus : std::uint8_t
{
    RequiresPaymentMethod,
    RequiresConfirmation,
    RequiresAction,
    Processing,
    RequiresCapture, // authorized: money held on the card, not yet taken
    Succeeded,       // captured
    Canceled,        // voided (or never authorized)
    Unrecognised
};

std::string_view nameOf(GatewayOutcome outcome);
std::string_view nameOf(GatewayIntentStatus status);
GatewayIntentStatus gatewayIntentStatusFromString(std::string_view text);

struct GatewayIntent
{
    std::string id; // "pi_..."; the gateway's transaction id for this payment
    GatewayIntentStatus status = GatewayIntentStatus::Unrecognised;
    std::int64_t amountMinor = 0;
    std::int64_t amountCapturableMinor = 0; // authorized and not yet captured
    std::int64_t amountReceivedMinor = 0;   // captured
    std::string currency;                   // upper case, "INR"
    std::string captureMethod;              // "manual" or "automatic"
    std::string latestCharge;               // "ch_..."
    std::string cancellationReason;
    std::string lastErrorCode; // from last_payment_error after a decline
    std::string lastDeclineCode;
    std::map<std::string, std::string> metadata;
};

struct GatewayRefund
{
    std::string id; // "re_..."
    std::string paymentIntent;
    std::string status; // "succeeded", "pending", "failed"
    std::int64_t amountMinor = 0;
    std::string currency;
};

struct GatewayResult
{
    GatewayOutcome outcome = GatewayOutcome::Unknown;
    int httpStatus = 0; // 0: no answer
    std::optional<GatewayIntent> intent;
    std::optional<GatewayRefund> refund;
    std::string errorType;   // "card_error", "invalid_request_error", "idempotency_error", "api_error"
    std::string errorCode;   // "card_declined", "payment_intent_unexpected_state", ...
    std::string declineCode; // "insufficient_funds", "generic_decline", ...
    std::string message;     // the gateway's sentence, or ours when there was no answer
    std::optional<Duration> retryAfter;
    bool replayed = false; // the gateway answered from its idempotency store

    bool approved() const { return outcome == GatewayOutcome::Approved; }
};

// application/x-www-form-urlencoded, each name and value percent-encoded (RFC 3986
// unreserved characters kept), in the order given.
std::string formEncode(const std::vector<std::pair<std::string, std::string>>& fields);
std::string percentEncode(std::string_view text);

Result<GatewayIntent> parseGatewayIntent(const nlohmann::json& object);
Result<GatewayRefund> parseGatewayRefund(const nlohmann::json& object);

// A webhook event (already verified with verifyWebhook) as an observation for
// PaymentEventDeduper: payment_intent.amount_capturable_updated -> Authorized,
// payment_intent.succeeded -> Captured, payment_intent.canceled -> Voided,
// payment_intent.payment_failed -> Failed (detail: the decline code), charge.refunded ->
// PartlyRefunded or Refunded with the charge's cumulative amount_refunded. Other event
// types fail with NotFound (ignore them); a malformed event fails with ParseError.
Result<PaymentObservation> parseGatewayEvent(const nlohmann::json& event);

// Reads one answer of the gateway. `replayed` and `retryAfter` come from the headers
// (Idempotent-Replayed, Retry-After).
GatewayResult classifyGatewayAnswer(int httpStatus, std::string_view body, bool replayed = false,
                                    std::optional<Duration> retryAfter = std::nullopt);
// No answer came back. A network failure (timeout, connection dropped or refused) is
// Unknown, carrying the cause; a gateway that cannot be trusted (certificate, plain HTTP)
// or a bad configuration is Failed: retrying cannot help until someone fixes it.
GatewayResult gatewayNoAnswer(const Error& cause);

} // namespace marquee
