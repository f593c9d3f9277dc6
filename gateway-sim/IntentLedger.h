#pragma once
// The simulated acquirer's books: payment intents, their charges, captures and refunds, in
// memory. Each operation follows the rules of Stripe's PaymentIntents API (states
// requires_payment_method -> requires_confirmation -> requires_capture -> succeeded, or
// canceled; amounts in integer minor units) and answers with the status and JSON body the
// API would send, plus the events it would announce by webhook. No HTTP here: GatewaySim
// parses requests, applies faults and idempotency, and sends the events.
// Thread-safe: one mutex around the books.

#include "Clock.h"

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace marquee::gatewaysim {

// Request parameters flattened to Stripe's form names: "amount", "metadata[booking_id]".
using Params = std::map<std::string, std::string>;

struct SimReply
{
    int status = 200;
    nlohmann::json body;
    // Kept under the request's Idempotency-Key. Stripe keeps every result of an endpoint that
    // started executing (declines and state errors too), but not a request refused while its
    // parameters were being validated.
    bool keep = true;
};

struct SimEvent
{
    std::string id; // "evt_..."
    std::string type;
    nlohmann::json payload; // the whole event object, as delivered
};

// Stripe's `error` object: {"error": {"type", "code", "message", "param"?, ...}}.
SimReply stripeError(int status, std::string type, std::string code, std::string message, std::string param = {});

// A random id with Stripe's prefix: "pi_3Q..." (24 characters after the underscore).
std::string newObjectId(const std::string& prefix);

class IntentLedger
{
public:
    explicit IntentLedger(const Clock& clock);

    SimReply createIntent(const Params& params, const std::optional<std::string>& forcedDecline,
                          std::vector<SimEvent>& events);
    SimReply confirm(const std::string& intentId, const Params& params, const std::optional<std::string>& forcedDecline,
                     std::vector<SimEvent>& events);
    SimReply capture(const std::string& intentId, const Params& params, std::vector<SimEvent>& events);
    SimReply cancel(const std::string& intentId, const Params& params, std::vector<SimEvent>& events);
    SimReply createRefund(const Params& params, std::vector<SimEvent>& events);
    SimReply retrieve(const std::string& intentId) const;
    SimReply retrieveRefund(const std::string& refundId) const;

    // Everything the books hold, for tests: intents, captures, refunds, declines and totals.
    nlohmann::json ledger() const;
    void reset();

private:
    struct Intent
    {
        std::string id;
        std::int64_t amount = 0;
        std::int64_t amountCapturable = 0;
        std::int64_t amountReceived = 0;
        std::int64_t amountRefunded = 0;
        std::string currency; // lower case, as Stripe writes it
        std::string captureMethod = "automatic";
        std::string status = "requires_payment_method";
        std::string paymentMethod;
        std::string latestCharge;
        std::string description;
        std::string cancellationReason;
        std::optional<nlohmann::json> lastPaymentError;
        std::map<std::string, std::string> metadata;
        std::int64_t created = 0;
        std::optional<std::int64_t> canceledAt;
        std::string clientSecret;
    };

    SimReply confirmLocked(Intent& intent, const Params& params, const std::optional<std::string>& forcedDecline,
                           std::vector<SimEvent>& events);
    nlohmann::json intentJson(const Intent& intent) const;
    nlohmann::json chargeJson(const Intent& intent) const;
    SimEvent event(const std::string& type, nlohmann::json object) const;
    Intent* find(const std::string& id);
    std::int64_t nowSeconds() const;

    const Clock& m_clock;
    mutable std::mutex m_mutex;
    std::map<std::string, Intent> m_intents;
    std::vector<std::string> m_intentOrder;
    std::map<std::string, nlohmann::json> m_refunds;
    nlohmann::json m_captures = nlohmann::json::array();
    nlohmann::json m_refundLog = nlohmann::json::array();
    nlohmann::json m_declines = nlohmann::json::array();
    nlohmann::json m_authorizations = nlohmann::json::array();
    nlohmann::json m_cancels = nlohmann::json::array();
};

} // namespace marquee::gatewaysim
