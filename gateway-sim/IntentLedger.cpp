#include "IntentLedger.h"

#include "Money.h"
#include "Uuid.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace marquee::gatewaysim {

namespace {

// Stripe's largest amount for most currencies (eight digits of minor units).
constexpr std::int64_t kMaxAmount = 99'999'999;

struct TestCard
{
    std::string_view paymentMethod; // pm_card_* id
    std::string_view token;         // tok_* id
    std::string_view number;        // the card number, accepted as a payment_method by the simulator
    std::string_view code;          // "" approves; "authentication_required" asks for 3-D Secure
    std::string_view declineCode;
    std::string_view message;
};

// The test cards of Stripe's documentation that a box office meets.
constexpr std::array<TestCard, 9> kTestCards = {{
    {"pm_card_visa", "tok_visa", "4242424242424242", "", "", ""},
    {"pm_card_mastercard", "tok_mastercard", "5555555555554444", "", "", ""},
    {"pm_card_chargeDeclined", "tok_chargeDeclined", "4000000000000002", "card_declined", "generic_decline",
     "Your card was declined."},
    {"pm_card_chargeDeclinedInsufficientFunds", "tok_chargeDeclinedInsufficientFunds", "4000000000009995",
     "card_declined", "insufficient_funds", "Your card has insufficient funds."},
    {"pm_card_chargeDeclinedLostCard", "tok_chargeDeclinedLostCard", "4000000000009987", "card_declined", "lost_card",
     "Your card was declined."},
    {"pm_card_chargeDeclinedStolenCard", "tok_chargeDeclinedStolenCard", "4000000000009979", "card_declined",
     "stolen_card", "Your card was declined."},
    {"pm_card_chargeDeclinedExpiredCard", "tok_chargeDeclinedExpiredCard", "4000000000000069", "expired_card",
     "expired_card", "Your card has expired."},
    {"pm_card_chargeDeclinedIncorrectCvc", "tok_chargeDeclinedIncorrectCvc", "4000000000000127", "incorrect_cvc",
     "incorrect_cvc", "Your card's security code is incorrect."},
    {"pm_card_authenticationRequired", "tok_authenticationRequired", "4000002760003184", "authentication_required", "",
     ""},
}};

const TestCard* findCard(const std::string& paymentMethod)
{
    for (const TestCard& card : kTestCards) {
        if (card.paymentMethod == paymentMethod || card.token == paymentMethod || card.number == paymentMethod)
            return &card;
    }
    return nullptr;
}

std::string_view messageForDecline(std::string_view declineCode)
{
    if (declineCode == "insufficient_funds")
        return "Your card has insufficient funds.";
    if (declineCode == "expired_card")
        return "Your card has expired.";
    return "Your card was declined.";
}

// A parameter that was refused while validating: the answer is not kept under the key.
SimReply invalidParam(std::string code, std::string message, std::string param)
{
    SimReply reply = stripeError(400, "invalid_request_error", std::move(code), std::move(message), std::move(param));
    reply.keep = false;
    return reply;
}

// Stripe refuses parameters it does not know, so a client's typo shows at once.
std::optional<SimReply> unknownParam(const Params& params, std::initializer_list<std::string_view> names)
{
    for (const auto& [name, value] : params) {
        if (name.starts_with("metadata[") && name.ends_with("]") &&
            std::find(names.begin(), names.end(), "metadata") != names.end())
            continue;
        if (std::find(names.begin(), names.end(), name) == names.end())
            return invalidParam("parameter_unknown", "Received unknown parameter: " + name, name);
    }
    return std::nullopt;
}

SimReply missingIntent(const std::string& id, const std::string& param)
{
    return stripeError(404, "invalid_request_error", "resource_missing", "No such payment_intent: '" + id + "'", param);
}

// A positive whole amount of minor units, or the error to answer.
std::optional<SimReply> parseAmount(const Params& params, const std::string& name, bool required,
                                    std::optional<std::int64_t>& out)
{
    const auto it = params.find(name);
    if (it == params.end()) {
        if (required) {
            return invalidParam("parameter_missing", "Missing required param: " + name + ".", name);
        }
        return std::nullopt;
    }
    std::int64_t value = 0;
    const std::string& text = it->second;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value <= 0) {
        return invalidParam("parameter_invalid_integer",
                            "Invalid positive integer: " + name + " must be a whole number of minor units above 0.",
                            name);
    }
    if (value > kMaxAmount) {
        return invalidParam("amount_too_large",
                            "Amount must be no more than " + std::to_string(kMaxAmount) + " minor units.", name);
    }
    out = value;
    return std::nullopt;
}

std::optional<SimReply> readMetadata(const Params& params, std::map<std::string, std::string>& out)
{
    for (const auto& [name, value] : params) {
        if (!name.starts_with("metadata["))
            continue;
        const std::string key = name.substr(9, name.size() - 10);
        if (key.empty() || key.size() > 40 || value.size() > 500) {
            return invalidParam("parameter_invalid_string",
                                "Metadata keys must be 1 to 40 characters and values at most 500.", name);
        }
        out[key] = value;
    }
    if (out.size() > 50) {
        return invalidParam("parameter_invalid_string", "Metadata can have at most 50 keys.", "metadata");
    }
    return std::nullopt;
}

} // namespace

SimReply stripeError(int status, std::string type, std::string code, std::string message, std::string param)
{
    nlohmann::json error = {{"type", std::move(type)}, {"message", std::move(message)}};
    if (!code.empty())
        error["code"] = std::move(code);
    if (!param.empty())
        error["param"] = std::move(param);
    SimReply reply;
    reply.status = status;
    reply.body = {{"error", std::move(error)}};
    return reply;
}

std::string newObjectId(const std::string& prefix)
{
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::array<unsigned char, 24> bytes{};
    randomBytes(bytes.data(), bytes.size());
    std::string id = prefix + "_";
    for (const unsigned char b : bytes)
        id += kAlphabet[b % 62];
    return id;
}

IntentLedger::IntentLedger(const Clock& clock)
    : m_clock(clock)
{
}

std::int64_t IntentLedger::nowSeconds() const
{
    return std::chrono::duration_cast<std::chrono::seconds>(m_clock.now().time_since_epoch()).count();
}

IntentLedger::Intent* IntentLedger::find(const std::string& id)
{
    const auto it = m_intents.find(id);
    return it == m_intents.end() ? nullptr : &it->second;
}

nlohmann::json IntentLedger::intentJson(const Intent& intent) const
{
    nlohmann::json json = {{"id", intent.id},
                           {"object", "payment_intent"},
                           {"amount", intent.amount},
                           {"amount_capturable", intent.amountCapturable},
                           {"amount_received", intent.amountReceived},
                           {"capture_method", intent.captureMethod},
                           {"client_secret", intent.clientSecret},
                           {"created", intent.created},
                           {"currency", intent.currency},
                           {"livemode", false},
                           {"metadata", intent.metadata},
                           {"status", intent.status}};
    json["description"] = intent.description.empty() ? nlohmann::json() : nlohmann::json(intent.description);
    json["payment_method"] = intent.paymentMethod.empty() ? nlohmann::json() : nlohmann::json(intent.paymentMethod);
    json["latest_charge"] = intent.latestCharge.empty() ? nlohmann::json() : nlohmann::json(intent.latestCharge);
    json["last_payment_error"] = intent.lastPaymentError ? *intent.lastPaymentError : nlohmann::json();
    json["canceled_at"] = intent.canceledAt ? nlohmann::json(*intent.canceledAt) : nlohmann::json();
    json["cancellation_reason"] =
        intent.cancellationReason.empty() ? nlohmann::json() : nlohmann::json(intent.cancellationReason);
    if (intent.status == "requires_action")
        json["next_action"] = {{"type", "use_stripe_sdk"}};
    return json;
}

nlohmann::json IntentLedger::chargeJson(const Intent& intent) const
{
    return {{"id", intent.latestCharge},
            {"object", "charge"},
            {"amount", intent.amount},
            {"amount_captured", intent.amountReceived},
            {"amount_refunded", intent.amountRefunded},
            {"captured", intent.amountReceived > 0},
            {"currency", intent.currency},
            {"payment_intent", intent.id},
            {"refunded", intent.amountReceived > 0 && intent.amountRefunded >= intent.amountReceived},
            {"status", "succeeded"},
            {"created", nowSeconds()},
            {"livemode", false}};
}

SimEvent IntentLedger::event(const std::string& type, nlohmann::json object) const
{
    SimEvent e;
    e.id = newObjectId("evt");
    e.type = type;
    e.payload = {{"id", e.id},
                 {"object", "event"},
                 {"api_version", "2024-06-20"},
                 {"created", nowSeconds()},
                 {"livemode", false},
                 {"pending_webhooks", 1},
                 {"type", type},
                 {"data", {{"object", std::move(object)}}}};
    return e;
}

SimReply IntentLedger::createIntent(const Params& params, const std::optional<std::string>& forcedDecline,
                                    std::vector<SimEvent>& events)
{
    if (auto unknown = unknownParam(
            params, {"amount", "currency", "capture_method", "metadata", "description", "payment_method", "confirm"}))
        return *unknown;
    std::optional<std::int64_t> amount;
    if (auto error = parseAmount(params, "amount", true, amount))
        return *error;
    Intent intent;
    intent.amount = *amount;
    const auto currency = params.find("currency");
    std::string code = currency == params.end() ? std::string() : currency->second;
    for (char& c : code)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!Currency::fromCode(code)) {
        return invalidParam(currency == params.end() ? "parameter_missing" : "parameter_invalid_string",
                            "currency must be a three-letter ISO 4217 code such as inr.", "currency");
    }
    for (char& c : code)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    intent.currency = code;
    if (const auto it = params.find("capture_method"); it != params.end()) {
        if (it->second != "manual" && it->second != "automatic") {
            return invalidParam("parameter_invalid_string", "capture_method must be manual or automatic.",
                                "capture_method");
        }
        intent.captureMethod = it->second;
    }
    if (auto error = readMetadata(params, intent.metadata))
        return *error;
    if (const auto it = params.find("description"); it != params.end())
        intent.description = it->second;
    intent.id = newObjectId("pi");
    intent.clientSecret = intent.id + "_secret_" + newObjectId("cs").substr(3, 16);
    intent.created = nowSeconds();
    if (const auto it = params.find("payment_method"); it != params.end() && !it->second.empty()) {
        intent.paymentMethod = it->second;
        intent.status = "requires_confirmation";
    }

    std::lock_guard lock(m_mutex);
    m_intentOrder.push_back(intent.id);
    Intent& stored = m_intents.emplace(intent.id, std::move(intent)).first->second;
    if (const auto it = params.find("confirm"); it != params.end() && it->second == "true") {
        Params confirmParams;
        return confirmLocked(stored, confirmParams, forcedDecline, events);
    }
    return SimReply{200, intentJson(stored), true};
}

SimReply IntentLedger::confirm(const std::string& intentId, const Params& params,
                               const std::optional<std::string>& forcedDecline, std::vector<SimEvent>& events)
{
    if (auto unknown = unknownParam(params, {"payment_method"}))
        return *unknown;
    std::lock_guard lock(m_mutex);
    Intent* intent = find(intentId);
    if (!intent) {
        return missingIntent(intentId, "intent");
    }
    return confirmLocked(*intent, params, forcedDecline, events);
}

SimReply IntentLedger::confirmLocked(Intent& intent, const Params& params,
                                     const std::optional<std::string>& forcedDecline, std::vector<SimEvent>& events)
{
    if (intent.status != "requires_payment_method" && intent.status != "requires_confirmation") {
        auto reply =
            stripeError(400, "invalid_request_error", "payment_intent_unexpected_state",
                        "You cannot confirm this PaymentIntent because it has a status of " + intent.status + ".");
        reply.body["error"]["payment_intent"] = intentJson(intent);
        return reply;
    }
    if (const auto it = params.find("payment_method"); it != params.end() && !it->second.empty())
        intent.paymentMethod = it->second;
    if (intent.paymentMethod.empty()) {
        auto reply = stripeError(400, "invalid_request_error", "payment_intent_unexpected_state",
                                 "You cannot confirm this PaymentIntent because it's missing a payment method.",
                                 "payment_method");
        reply.body["error"]["payment_intent"] = intentJson(intent);
        return reply;
    }
    const TestCard* card = findCard(intent.paymentMethod);
    if (!card) {
        const std::string method = intent.paymentMethod;
        intent.paymentMethod.clear();
        return stripeError(400, "invalid_request_error", "resource_missing", "No such PaymentMethod: '" + method + "'",
                           "payment_method");
    }
    intent.latestCharge = newObjectId("ch");
    if (card->code == "authentication_required" && !forcedDecline) {
        intent.status = "requires_action";
        return SimReply{200, intentJson(intent), true};
    }
    if (forcedDecline || !card->code.empty()) {
        const std::string declineCode = forcedDecline ? *forcedDecline : std::string(card->declineCode);
        const std::string code = forcedDecline ? std::string("card_declined") : std::string(card->code);
        const std::string message =
            forcedDecline ? std::string(messageForDecline(declineCode)) : std::string(card->message);
        nlohmann::json error = {{"type", "card_error"},
                                {"code", code},
                                {"decline_code", declineCode},
                                {"message", message},
                                {"charge", intent.latestCharge},
                                {"payment_method", {{"id", intent.paymentMethod}, {"object", "payment_method"}}}};
        intent.status = "requires_payment_method";
        intent.paymentMethod.clear();
        intent.lastPaymentError = error;
        m_declines.push_back({{"payment_intent", intent.id},
                              {"charge", intent.latestCharge},
                              {"decline_code", declineCode},
                              {"amount", intent.amount},
                              {"at", nowSeconds()}});
        events.push_back(event("payment_intent.payment_failed", intentJson(intent)));
        error["payment_intent"] = intentJson(intent);
        SimReply reply;
        reply.status = 402;
        reply.body = {{"error", std::move(error)}};
        return reply;
    }
    intent.lastPaymentError.reset();
    m_authorizations.push_back({{"payment_intent", intent.id},
                                {"charge", intent.latestCharge},
                                {"amount", intent.amount},
                                {"currency", intent.currency},
                                {"at", nowSeconds()}});
    if (intent.captureMethod == "manual") {
        intent.status = "requires_capture";
        intent.amountCapturable = intent.amount;
        events.push_back(event("payment_intent.amount_capturable_updated", intentJson(intent)));
    } else {
        intent.status = "succeeded";
        intent.amountReceived = intent.amount;
        m_captures.push_back({{"payment_intent", intent.id},
                              {"amount", intent.amount},
                              {"currency", intent.currency},
                              {"at", nowSeconds()}});
        events.push_back(event("payment_intent.succeeded", intentJson(intent)));
    }
    return SimReply{200, intentJson(intent), true};
}

SimReply IntentLedger::capture(const std::string& intentId, const Params& params, std::vector<SimEvent>& events)
{
    if (auto unknown = unknownParam(params, {"amount_to_capture", "metadata"}))
        return *unknown;
    std::optional<std::int64_t> amount;
    if (auto error = parseAmount(params, "amount_to_capture", false, amount))
        return *error;
    std::lock_guard lock(m_mutex);
    Intent* intent = find(intentId);
    if (!intent) {
        return missingIntent(intentId, "intent");
    }
    if (intent->status != "requires_capture") {
        auto reply =
            stripeError(400, "invalid_request_error", "payment_intent_unexpected_state",
                        "This PaymentIntent could not be captured because it has a status of " + intent->status + ".");
        reply.body["error"]["payment_intent"] = intentJson(*intent);
        return reply;
    }
    const std::int64_t captured = amount.value_or(intent->amountCapturable);
    if (captured > intent->amountCapturable) {
        return stripeError(400, "invalid_request_error", "amount_too_large",
                           "The amount to capture (" + std::to_string(captured) +
                               ") is more than the amount capturable (" + std::to_string(intent->amountCapturable) +
                               ").",
                           "amount_to_capture");
    }
    readMetadata(params, intent->metadata);
    // As with Stripe, a partial capture releases the rest of the authorization.
    intent->amountReceived = captured;
    intent->amountCapturable = 0;
    intent->status = "succeeded";
    m_captures.push_back(
        {{"payment_intent", intent->id}, {"amount", captured}, {"currency", intent->currency}, {"at", nowSeconds()}});
    events.push_back(event("payment_intent.succeeded", intentJson(*intent)));
    return SimReply{200, intentJson(*intent), true};
}

SimReply IntentLedger::cancel(const std::string& intentId, const Params& params, std::vector<SimEvent>& events)
{
    if (auto unknown = unknownParam(params, {"cancellation_reason"}))
        return *unknown;
    std::string reason;
    if (const auto it = params.find("cancellation_reason"); it != params.end()) {
        reason = it->second;
        if (reason != "duplicate" && reason != "fraudulent" && reason != "requested_by_customer" &&
            reason != "abandoned") {
            return invalidParam("parameter_invalid_string",
                                "cancellation_reason must be duplicate, fraudulent, requested_by_customer or "
                                "abandoned.",
                                "cancellation_reason");
        }
    }
    std::lock_guard lock(m_mutex);
    Intent* intent = find(intentId);
    if (!intent) {
        return missingIntent(intentId, "intent");
    }
    if (intent->status == "succeeded" || intent->status == "canceled") {
        auto reply =
            stripeError(400, "invalid_request_error", "payment_intent_unexpected_state",
                        "You cannot cancel this PaymentIntent because it has a status of " + intent->status + ".");
        reply.body["error"]["payment_intent"] = intentJson(*intent);
        return reply;
    }
    const std::int64_t released = intent->amountCapturable;
    intent->status = "canceled";
    intent->amountCapturable = 0;
    intent->cancellationReason = reason;
    intent->canceledAt = nowSeconds();
    m_cancels.push_back(
        {{"payment_intent", intent->id}, {"released", released}, {"currency", intent->currency}, {"at", nowSeconds()}});
    events.push_back(event("payment_intent.canceled", intentJson(*intent)));
    return SimReply{200, intentJson(*intent), true};
}

SimReply IntentLedger::createRefund(const Params& params, std::vector<SimEvent>& events)
{
    if (auto unknown = unknownParam(params, {"payment_intent", "amount", "reason", "metadata"}))
        return *unknown;
    const auto pi = params.find("payment_intent");
    if (pi == params.end() || pi->second.empty()) {
        return invalidParam("parameter_missing", "Missing required param: payment_intent.", "payment_intent");
    }
    std::optional<std::int64_t> amount;
    if (auto error = parseAmount(params, "amount", false, amount))
        return *error;
    std::map<std::string, std::string> metadata;
    if (auto error = readMetadata(params, metadata))
        return *error;
    std::lock_guard lock(m_mutex);
    Intent* intent = find(pi->second);
    if (!intent) {
        return missingIntent(pi->second, "payment_intent");
    }
    if (intent->status != "succeeded") {
        return stripeError(400, "invalid_request_error", "payment_intent_unexpected_state",
                           "This PaymentIntent has no captured charge to refund: its status is " + intent->status +
                               ". Cancel it instead.",
                           "payment_intent");
    }
    const std::int64_t left = intent->amountReceived - intent->amountRefunded;
    if (left <= 0) {
        return stripeError(400, "invalid_request_error", "charge_already_refunded",
                           "Charge " + intent->latestCharge + " has already been refunded.");
    }
    const std::int64_t refunded = amount.value_or(left);
    if (refunded > left) {
        return stripeError(400, "invalid_request_error", "amount_too_large",
                           "Refund amount (" + std::to_string(refunded) +
                               ") is greater than unrefunded amount on "
                               "charge (" +
                               std::to_string(left) + ").",
                           "amount");
    }
    intent->amountRefunded += refunded;
    nlohmann::json refund = {
        {"id", newObjectId("re")},        {"object", "refund"},           {"amount", refunded},
        {"charge", intent->latestCharge}, {"created", nowSeconds()},      {"currency", intent->currency},
        {"metadata", metadata},           {"payment_intent", intent->id}, {"status", "succeeded"}};
    refund["reason"] = params.contains("reason") ? nlohmann::json(params.at("reason")) : nlohmann::json();
    m_refunds[refund["id"].get<std::string>()] = refund;
    m_refundLog.push_back(refund);
    events.push_back(event("charge.refunded", chargeJson(*intent)));
    return SimReply{200, refund, true};
}

SimReply IntentLedger::retrieve(const std::string& intentId) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_intents.find(intentId);
    if (it == m_intents.end()) {
        return missingIntent(intentId, "intent");
    }
    return SimReply{200, intentJson(it->second), true};
}

SimReply IntentLedger::retrieveRefund(const std::string& refundId) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_refunds.find(refundId);
    if (it == m_refunds.end())
        return stripeError(404, "invalid_request_error", "resource_missing", "No such refund: '" + refundId + "'",
                           "id");
    return SimReply{200, it->second, true};
}

nlohmann::json IntentLedger::ledger() const
{
    std::lock_guard lock(m_mutex);
    nlohmann::json intents = nlohmann::json::array();
    nlohmann::json totals = nlohmann::json::object();
    for (const std::string& id : m_intentOrder) {
        const Intent& intent = m_intents.at(id);
        nlohmann::json json = intentJson(intent);
        json["amount_refunded"] = intent.amountRefunded;
        intents.push_back(std::move(json));
        nlohmann::json& total = totals[intent.currency];
        if (total.is_null())
            total = {{"authorized_open", 0}, {"captured", 0}, {"refunded", 0}, {"net", 0}};
        total["authorized_open"] = total["authorized_open"].get<std::int64_t>() + intent.amountCapturable;
        total["captured"] = total["captured"].get<std::int64_t>() + intent.amountReceived;
        total["refunded"] = total["refunded"].get<std::int64_t>() + intent.amountRefunded;
        total["net"] = total["captured"].get<std::int64_t>() - total["refunded"].get<std::int64_t>();
    }
    return {{"intents", std::move(intents)},
            {"authorizations", m_authorizations},
            {"captures", m_captures},
            {"cancels", m_cancels},
            {"refunds", m_refundLog},
            {"declines", m_declines},
            {"totals", std::move(totals)},
            {"counts",
             {{"intents", m_intentOrder.size()},
              {"authorizations", m_authorizations.size()},
              {"captures", m_captures.size()},
              {"cancels", m_cancels.size()},
              {"refunds", m_refundLog.size()},
              {"declines", m_declines.size()}}}};
}

void IntentLedger::reset()
{
    std::lock_guard lock(m_mutex);
    m_intents.clear();
    m_intentOrder.clear();
    m_refunds.clear();
    m_captures = nlohmann::json::array();
    m_refundLog = nlohmann::json::array();
    m_declines = nlohmann::json::array();
    m_authorizations = nlohmann::json::array();
    m_cancels = nlohmann::json::array();
}

} // namespace marquee::gatewaysim
