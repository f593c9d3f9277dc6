#pragma once
// One way of taking money at the counter: cash, a card on an external terminal, or a card
// through a gateway over HTTP. A sale authorizes first, confirms its booking, then captures;
// a failed confirmation voids the authorization; a refund goes back the way the money came.
//
// Every operation takes an idempotency key that the caller made when it recorded the step
// (in the same transaction as the step itself), and passes the same key again on every
// retry: that is what turns "timed out, try again" into one charge instead of two.
//
// Outcomes (as GatewayProtocol.h): Approved, Declined (with a reason), Unknown (no answer:
// call again with the same key, or status()), Retryable (later, same key), Failed (retrying
// cannot help). Cash and terminal payments are settled at the counter and only ever answer
// Approved, Declined or Failed.
//
// Why sync/ and not models/: the interface is network-free, but its outcomes exist because
// of the network (Unknown, Retryable), the gateway kind needs GatewayClient (libcurl), and
// its callers are the sale flow above sync. What the server needs too (reading gateway
// answers, converging events, checking signatures) is network-free and lives in models:
// GatewayProtocol, PaymentEventDeduper, WebhookSignature.
// Calls block; run them on a worker thread. One provider per thread, like its transport.

#include "GatewayProtocol.h"
#include "Money.h"
#include "PaymentEventDeduper.h"
#include "Sale.h"

#include <map>
#include <optional>
#include <string>

namespace marquee {

using PaymentOutcome = GatewayOutcome;

struct AuthorizeRequest
{
    std::string paymentId; // the sale's payment id (UUID), stored before the first call
    Money amount;
    std::optional<Money> tendered;               // cash: what the customer handed over
    std::string approvalCode;                    // card terminal: the code the staff member keyed in
    std::string card;                            // gateway: a payment method or token ("pm_card_visa")
    std::map<std::string, std::string> metadata; // booking_id, hold_id, device...: shown at the gateway
};

struct PaymentResult
{
    PaymentOutcome outcome = PaymentOutcome::Failed;
    PaymentMethod method = PaymentMethod::Cash;
    std::string reference; // gateway intent id ("pi_..."), terminal approval code, or "" for cash
    // Where the payment stands after this call. After refund(), Refunded means "this refund
    // went through"; whether the whole payment is now refunded is the sum of its refunds.
    PaymentStage stage = PaymentStage::Created;
    Money amount; // authorized, captured or refunded by this call
    std::string declineCode;
    std::string message; // a sentence for the cashier (what happened, what to do)
    std::optional<Duration> retryAfter;
    bool replayed = false;

    bool approved() const { return outcome == PaymentOutcome::Approved; }
};

class PaymentProvider
{
public:
    virtual ~PaymentProvider() = default;
    virtual PaymentMethod method() const = 0;

    virtual PaymentResult authorize(const AuthorizeRequest& request, const std::string& idempotencyKey) = 0;
    // `reference` is what authorize() returned.
    virtual PaymentResult capture(const std::string& reference, const Money& amount,
                                  const std::string& idempotencyKey) = 0;
    virtual PaymentResult voidAuthorization(const std::string& reference, const Money& amount,
                                            const std::string& idempotencyKey) = 0;
    virtual PaymentResult refund(const std::string& reference, const Money& amount,
                                 const std::string& idempotencyKey) = 0;
    // Where the payment stands now, for resolving an Unknown without repeating the call.
    virtual PaymentResult status(const std::string& reference) = 0;
};

} // namespace marquee
