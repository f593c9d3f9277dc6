#include "Wire.h"

#include "JsonCursor.h"
#include "Uuid.h"

#include <set>

namespace marquee::wire {

namespace {

bool plainId(std::string_view text)
{
    if (text.empty() || text.size() > kMaxIdLength)
        return false;
    for (unsigned char c : text) {
        if (c < 0x21 || c > 0x7e || c == '"' || c == '\\')
            return false;
    }
    return true;
}

Result<std::string> id(const JsonCursor& c, std::string_view key)
{
    auto field = c.field(key);
    if (!field)
        return std::unexpected(field.error());
    auto text = field->asString();
    if (!text)
        return text;
    if (!plainId(*text))
        return field->fail("must be 1 to 100 printable characters without spaces or quotes");
    return text;
}

Result<std::string> optionalId(const JsonCursor& c, std::string_view key)
{
    if (!c.optionalField(key))
        return std::string();
    return id(c, key);
}

Result<std::string> text(const JsonCursor& c, std::string_view key, std::size_t maxLength)
{
    auto field = c.optionalField(key);
    if (!field)
        return std::string();
    auto value = field->asString();
    if (value && value->size() > maxLength)
        return field->fail("is longer than " + std::to_string(maxLength) + " characters");
    return value;
}

Result<std::int64_t> nonNegative(const JsonCursor& c, std::string_view key)
{
    auto field = c.field(key);
    if (!field)
        return std::unexpected(field.error());
    auto value = field->asInt();
    if (value && *value < 0)
        return field->fail("must not be negative");
    return value;
}

Result<std::vector<std::string>> seatList(const JsonCursor& c, std::string_view key, bool required)
{
    auto field = c.optionalField(key);
    if (!field) {
        if (required)
            return std::unexpected(c.field(key).error());
        return std::vector<std::string>{};
    }
    auto items = field->elements();
    if (!items)
        return std::unexpected(items.error());
    if (items->size() > kMaxSeatsPerRequest)
        return field->fail("more than " + std::to_string(kMaxSeatsPerRequest) + " seats");
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& item : *items) {
        auto seat = item.asString();
        if (!seat)
            return std::unexpected(seat.error());
        if (!plainId(*seat))
            return item.fail("is not a seat id");
        if (!seen.insert(*seat).second)
            return item.fail("seat '" + *seat + "' is listed twice");
        out.push_back(*seat);
    }
    return out;
}

Result<void> objectBody(const JsonCursor& c)
{
    if (!c.value().is_object())
        return c.fail("the body must be a JSON object");
    return {};
}

#define WIRE_TRY(var, expr)                                                                                            \
    auto var = (expr);                                                                                                 \
    if (!var)                                                                                                          \
    return std::unexpected(var.error())

} // namespace

std::string fieldOf(const Error& error)
{
    const auto colon = error.message.find(": ");
    if (colon == std::string::npos)
        return {};
    const std::string head = error.message.substr(0, colon);
    if (head.find(' ') != std::string::npos)
        return {};
    return head;
}

Result<HoldBody> decodeHold(const nlohmann::json& body)
{
    const JsonCursor c(body, "");
    WIRE_TRY(ok, objectBody(c));
    HoldBody out;
    WIRE_TRY(show, id(c, "show_id"));
    WIRE_TRY(seats, seatList(c, "seats", true));
    if (seats->empty())
        return c.field("seats")->fail("must name at least one seat");
    out.showId = *show;
    out.seats = *seats;
    if (auto ttl = c.optionalField("ttl_s")) {
        WIRE_TRY(value, ttl->asInt());
        if (*value < 1)
            return ttl->fail("must be at least 1 second");
        out.ttlSeconds = *value;
    }
    if (auto replaces = c.optionalField("replaces_hold_id")) {
        WIRE_TRY(holdId, replaces->asString());
        if (!isUuid(*holdId))
            return replaces->fail("must be a hold id (a UUID)");
        out.replacesHoldId = *holdId;
    }
    return out;
}

Result<AllotmentBody> decodeAllotment(const nlohmann::json& body)
{
    const JsonCursor c(body, "");
    WIRE_TRY(ok, objectBody(c));
    AllotmentBody out;
    WIRE_TRY(show, id(c, "show_id"));
    WIRE_TRY(seats, seatList(c, "seats", false));
    out.showId = *show;
    out.seats = *seats;
    if (auto count = c.optionalField("count")) {
        WIRE_TRY(value, count->asInt());
        if (*value < 1 || *value > static_cast<std::int64_t>(kMaxSeatsPerRequest)) {
            return count->fail("must be from 1 to " + std::to_string(kMaxSeatsPerRequest));
        }
        if (!out.seats.empty())
            return count->fail("give either seats or count, not both");
        out.count = static_cast<int>(*value);
    } else if (out.seats.empty()) {
        return c.fail("give seats or count");
    }
    WIRE_TRY(lease, c.field("lease_s"));
    WIRE_TRY(leaseSeconds, lease->asInt());
    if (*leaseSeconds < 1)
        return lease->fail("must be at least 1 second");
    out.leaseSeconds = *leaseSeconds;
    return out;
}

Result<BookingBody> decodeBooking(const nlohmann::json& body)
{
    const JsonCursor c(body, "");
    WIRE_TRY(ok, objectBody(c));
    BookingBody out;
    WIRE_TRY(bookingId, id(c, "booking_id"));
    WIRE_TRY(holdId, optionalId(c, "hold_id"));
    WIRE_TRY(allotmentId, optionalId(c, "allotment_id"));
    WIRE_TRY(showId, id(c, "show_id"));
    out.bookingId = *bookingId;
    out.holdId = *holdId;
    out.allotmentId = *allotmentId;
    out.showId = *showId;
    if (out.holdId.empty() == out.allotmentId.empty())
        return c.fail("give exactly one of hold_id and allotment_id");
    WIRE_TRY(seatsField, c.field("seats"));
    WIRE_TRY(seats, seatsField->elements());
    if (seats->empty())
        return seatsField->fail("must list at least one seat");
    if (seats->size() > kMaxSeatsPerRequest)
        return seatsField->fail("too many seats");
    std::set<std::string> seen;
    for (const auto& s : *seats) {
        BookingSeat line;
        WIRE_TRY(seat, id(s, "seat"));
        WIRE_TRY(type, id(s, "ticket_type"));
        WIRE_TRY(price, nonNegative(s, "price_minor"));
        WIRE_TRY(reason, text(s, "price_override_reason", 500));
        if (!seen.insert(*seat).second)
            return s.fail("seat '" + *seat + "' is listed twice");
        line.seat = *seat;
        line.ticketType = *type;
        line.priceMinor = *price;
        line.priceOverrideReason = *reason;
        out.seats.push_back(std::move(line));
    }
    WIRE_TRY(paymentsField, c.field("payments"));
    WIRE_TRY(payments, paymentsField->elements());
    if (payments->size() > kMaxPaymentsPerBooking)
        return paymentsField->fail("too many payments");
    std::set<std::string> paymentIds;
    for (const auto& p : *payments) {
        BookingPayment payment;
        WIRE_TRY(paymentId, id(p, "payment_id"));
        WIRE_TRY(methodField, p.field("method"));
        WIRE_TRY(method, methodField->asString());
        if (*method != "CASH" && *method != "CARD_TERMINAL" && *method != "CARD_GATEWAY") {
            return methodField->fail("must be CASH, CARD_TERMINAL or CARD_GATEWAY");
        }
        WIRE_TRY(amountField, p.field("amount_minor"));
        WIRE_TRY(amount, amountField->asInt());
        if (*amount <= 0)
            return amountField->fail("must be more than zero");
        if (auto tendered = p.optionalField("tendered_minor")) {
            WIRE_TRY(value, tendered->asInt());
            if (*method != "CASH")
                return tendered->fail("only cash is tendered");
            if (*value < *amount)
                return tendered->fail("must cover the amount");
            payment.tenderedMinor = *value;
        }
        WIRE_TRY(reference, text(p, "reference", 200));
        if (!paymentIds.insert(*paymentId).second)
            return p.fail("payment id '" + *paymentId + "' is listed twice");
        payment.paymentId = *paymentId;
        payment.method = *method;
        payment.amountMinor = *amount;
        payment.reference = *reference;
        out.payments.push_back(std::move(payment));
    }
    WIRE_TRY(soldAtField, c.field("sold_at"));
    WIRE_TRY(soldAtText, soldAtField->asString());
    auto soldAt = parseIso8601(*soldAtText);
    if (!soldAt)
        return soldAtField->fail("not an RFC 3339 time");
    out.soldAt = *soldAt;
    WIRE_TRY(staff, text(c, "staff", 200));
    out.staff = *staff;
    return out;
}

Result<RefundBody> decodeRefund(const nlohmann::json& body)
{
    const JsonCursor c(body, "");
    WIRE_TRY(ok, objectBody(c));
    RefundBody out;
    WIRE_TRY(refundId, id(c, "refund_id"));
    WIRE_TRY(seats, seatList(c, "seats", false));
    WIRE_TRY(reasonField, c.field("reason"));
    WIRE_TRY(reason, reasonField->asNonEmptyString());
    if (reason->size() > 500)
        return reasonField->fail("is longer than 500 characters");
    WIRE_TRY(staff, text(c, "staff", 200));
    out.refundId = *refundId;
    out.seats = *seats;
    out.reason = *reason;
    out.staff = *staff;
    return out;
}

Result<PaymentIntentBody> decodePaymentIntent(const nlohmann::json& body)
{
    const JsonCursor c(body, "");
    WIRE_TRY(ok, objectBody(c));
    PaymentIntentBody out;
    WIRE_TRY(intentId, id(c, "intent_id"));
    WIRE_TRY(bookingId, optionalId(c, "booking_id"));
    WIRE_TRY(holdId, optionalId(c, "hold_id"));
    WIRE_TRY(currencyField, c.field("currency"));
    WIRE_TRY(currency, currencyField->asString());
    if (currency->size() != 3)
        return currencyField->fail("must be a three-letter ISO 4217 code");
    WIRE_TRY(amountField, c.field("amount_minor"));
    WIRE_TRY(amount, amountField->asInt());
    if (*amount <= 0)
        return amountField->fail("must be more than zero");
    out.intentId = *intentId;
    out.bookingId = *bookingId;
    out.holdId = *holdId;
    out.currency = *currency;
    out.amountMinor = *amount;
    return out;
}

Result<PaymentEventBody> decodePaymentEvent(const nlohmann::json& body)
{
    const JsonCursor c(body, "");
    WIRE_TRY(ok, objectBody(c));
    PaymentEventBody out;
    WIRE_TRY(txn, id(c, "gateway_txn_id"));
    WIRE_TRY(typeField, c.field("type"));
    WIRE_TRY(type, typeField->asString());
    static const std::set<std::string> kTypes = {"AUTHORIZED", "CAPTURED", "VOIDED", "REFUNDED", "FAILED"};
    if (!kTypes.contains(*type))
        return typeField->fail("must be AUTHORIZED, CAPTURED, VOIDED, REFUNDED or FAILED");
    WIRE_TRY(amount, nonNegative(c, "amount_minor"));
    WIRE_TRY(gatewayIntent, optionalId(c, "gateway_intent_id"));
    out.gatewayTxnId = *txn;
    out.type = *type;
    out.amountMinor = *amount;
    out.gatewayIntentId = *gatewayIntent;
    return out;
}

nlohmann::json toJson(const HoldBody& body)
{
    nlohmann::json j = {{"show_id", body.showId}, {"seats", body.seats}};
    if (body.ttlSeconds)
        j["ttl_s"] = *body.ttlSeconds;
    if (!body.replacesHoldId.empty())
        j["replaces_hold_id"] = body.replacesHoldId;
    return j;
}

nlohmann::json toJson(const AllotmentBody& body)
{
    nlohmann::json j = {{"show_id", body.showId}, {"lease_s", body.leaseSeconds}};
    if (body.count)
        j["count"] = *body.count;
    else
        j["seats"] = body.seats;
    return j;
}

nlohmann::json toJson(const BookingBody& body)
{
    nlohmann::json seats = nlohmann::json::array();
    for (const auto& s : body.seats) {
        nlohmann::json line = {{"seat", s.seat}, {"ticket_type", s.ticketType}, {"price_minor", s.priceMinor}};
        if (!s.priceOverrideReason.empty())
            line["price_override_reason"] = s.priceOverrideReason;
        seats.push_back(std::move(line));
    }
    nlohmann::json payments = nlohmann::json::array();
    for (const auto& p : body.payments) {
        nlohmann::json payment = {{"payment_id", p.paymentId}, {"method", p.method}, {"amount_minor", p.amountMinor}};
        if (p.tenderedMinor)
            payment["tendered_minor"] = *p.tenderedMinor;
        if (!p.reference.empty())
            payment["reference"] = p.reference;
        payments.push_back(std::move(payment));
    }
    nlohmann::json j = {
        {"booking_id", body.bookingId},          {"show_id", body.showId}, {"seats", seats}, {"payments", payments},
        {"sold_at", formatIso8601(body.soldAt)}, {"staff", body.staff}};
    if (!body.holdId.empty())
        j["hold_id"] = body.holdId;
    if (!body.allotmentId.empty())
        j["allotment_id"] = body.allotmentId;
    return j;
}

nlohmann::json toJson(const RefundBody& body)
{
    return {{"refund_id", body.refundId}, {"seats", body.seats}, {"reason", body.reason}, {"staff", body.staff}};
}

nlohmann::json toJson(const PaymentIntentBody& body)
{
    nlohmann::json j = {{"intent_id", body.intentId}, {"currency", body.currency}, {"amount_minor", body.amountMinor}};
    if (!body.bookingId.empty())
        j["booking_id"] = body.bookingId;
    if (!body.holdId.empty())
        j["hold_id"] = body.holdId;
    return j;
}

nlohmann::json toJson(const PaymentEventBody& body)
{
    nlohmann::json j = {{"gateway_txn_id", body.gatewayTxnId}, {"type", body.type}, {"amount_minor", body.amountMinor}};
    if (!body.gatewayIntentId.empty())
        j["gateway_intent_id"] = body.gatewayIntentId;
    return j;
}

} // namespace marquee::wire
