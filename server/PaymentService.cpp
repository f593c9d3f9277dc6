#include "PaymentService.h"

#include "Sql.h"

#include <cctype>

namespace marquee::server {

namespace {
// The states an event may move an intent from.
std::string allowedFrom(const std::string& type)
{
    if (type == "AUTHORIZED")
        return "{CREATED}";
    if (type == "CAPTURED")
        return "{CREATED,AUTHORIZED}";
    if (type == "VOIDED")
        return "{CREATED,AUTHORIZED}";
    if (type == "REFUNDED")
        return "{CAPTURED}";
    return "{CREATED,AUTHORIZED}"; // FAILED
}

// The gateway's id of the payment: given, or the "pi_..." a Stripe-shaped gateway's
// transaction id starts with ("pi_3Q..." or "pi_3Q...:captured"); empty when neither.
std::string gatewayIntentOf(const wire::PaymentEventBody& body)
{
    if (!body.gatewayIntentId.empty())
        return body.gatewayIntentId;
    const std::string& txn = body.gatewayTxnId;
    if (txn.rfind("pi_", 0) != 0)
        return {};
    std::size_t end = 3;
    while (end < txn.size() && std::isalnum(static_cast<unsigned char>(txn[end])))
        ++end;
    return end > 3 ? txn.substr(0, end) : std::string();
}
} // namespace

nlohmann::json PaymentService::intentJson(pqxx::work& db, const std::string& intentId)
{
    auto row = db.exec_params1(
        "SELECT json_build_object('intent_id', i.intent_id, 'booking_id', i.booking_id, 'hold_id', i.hold_id, "
        "'currency', i.currency, 'amount_minor', i.amount_minor, 'state', i.state, "
        "'gateway_intent_id', i.gateway_intent_id, "
        "'events', (SELECT coalesce(json_agg(json_build_object('gateway_txn_id', e.gateway_txn_id, 'type', e.type, "
        "  'amount_minor', e.amount_minor) ORDER BY e.received_at, e.gateway_txn_id), '[]') "
        "  FROM payment_events e WHERE e.intent_id = i.intent_id))::text FROM payment_intents i WHERE i.intent_id = $1",
        intentId);
    return nlohmann::json::parse(row[0].c_str());
}

Reply PaymentService::createIntent(Transaction& tx, const Device& device, const wire::PaymentIntentBody& body)
{
    auto& db = tx.db();
    auto existing = db.exec_params("SELECT device_id FROM payment_intents WHERE intent_id = $1", body.intentId);
    if (!existing.empty()) {
        if (existing[0][0].c_str() != device.id) {
            return problem(409, "intent_id_conflict", "intent id '" + body.intentId + "' belongs to another device",
                           {{"field", "intent_id"}});
        }
        return Reply::json(200, intentJson(db, body.intentId));
    }
    db.exec_params(
        "INSERT INTO payment_intents(intent_id, device_id, booking_id, hold_id, currency, amount_minor, state) "
        "VALUES($1, $2, NULLIF($3, ''), NULLIF($4, ''), $5, $6, 'CREATED')",
        body.intentId, device.id, body.bookingId, body.holdId, body.currency, static_cast<long long>(body.amountMinor));
    db.exec_params("INSERT INTO audit_log(device_id, action, entity, detail) VALUES($1, 'payment.intent', $2, $3)",
                   device.id, body.intentId, wire::toJson(body).dump());
    return Reply::json(201, intentJson(db, body.intentId));
}

Reply PaymentService::addEvent(Transaction& tx, const Device& device, const std::string& intentId,
                               const wire::PaymentEventBody& body)
{
    auto& db = tx.db();
    auto intent = db.exec_params("SELECT device_id FROM payment_intents WHERE intent_id = $1 FOR UPDATE", intentId);
    if (intent.empty() || (intent[0][0].c_str() != device.id && device.role != Role::Manager)) {
        return problem(404, "unknown_intent", "no payment intent '" + intentId + "' for this device");
    }
    auto inserted = db.exec_params("INSERT INTO payment_events(gateway_txn_id, intent_id, type, amount_minor) "
                                   "VALUES($1, $2, $3, $4) ON CONFLICT (gateway_txn_id) DO NOTHING RETURNING 1",
                                   body.gatewayTxnId, intentId, body.type, static_cast<long long>(body.amountMinor));
    if (inserted.empty()) {
        auto owner =
            db.exec_params1("SELECT intent_id FROM payment_events WHERE gateway_txn_id = $1", body.gatewayTxnId);
        if (owner[0].c_str() != intentId) {
            return problem(409, "gateway_txn_conflict", "this gateway transaction id belongs to another intent",
                           {{"field", "gateway_txn_id"}});
        }
        return Reply::json(200, {{"duplicate", true}, {"applied", false}, {"intent", intentJson(db, intentId)}});
    }
    auto moved = db.exec_params("UPDATE payment_intents SET state = $2, updated_at = now() "
                                "WHERE intent_id = $1 AND state = ANY($3::text[])",
                                intentId, body.type, allowedFrom(body.type));
    // Reconcile refunds through this id a capture that no booking claims; the first one wins.
    if (const std::string gatewayIntent = gatewayIntentOf(body); !gatewayIntent.empty()) {
        db.exec_params("UPDATE payment_intents SET gateway_intent_id = $2 WHERE intent_id = $1 "
                       "AND gateway_intent_id IS NULL",
                       intentId, gatewayIntent);
    }
    db.exec_params("INSERT INTO audit_log(device_id, action, entity, detail) VALUES($1, 'payment.event', $2, $3)",
                   device.id, intentId, wire::toJson(body).dump());
    return Reply::json(
        201, {{"duplicate", false}, {"applied", moved.affected_rows() == 1}, {"intent", intentJson(db, intentId)}});
}

} // namespace marquee::server
