#include "BookingService.h"

#include "HoldService.h"
#include "LocalStore.h"
#include "Sql.h"
#include "Statements.h"

#include <algorithm>
#include <map>
#include <set>

namespace marquee::server {

namespace {

const std::string kIso = "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'";

std::string isoOf(const std::string& column)
{
    return "to_char(" + column + " AT TIME ZONE 'UTC', " + kIso + ")";
}

const std::string kBookingJson =
    "SELECT json_build_object("
    " 'booking_id', b.booking_id, 'reference', b.reference, 'show_id', b.show_id, 'hold_id', b.hold_id,"
    " 'allotment_id', b.allotment_id, 'state', b.state, 'currency', b.currency, 'total_minor', b.total_minor,"
    " 'tax_minor', b.tax_minor, 'sold_at', " +
    isoOf("b.sold_at") +
    ", 'staff', b.staff, 'device_id', b.device_id,"
    " 'seats', (SELECT coalesce(json_agg(json_build_object('seat', t.seat_id, 'ticket_type', t.ticket_type,"
    "    'category', t.category, 'price_minor', t.price_minor, 'tax_minor', t.tax_minor, 'tax_rate_bp', t.tax_rate_bp,"
    "    'price_override_reason', t.price_override_reason, 'state', t.state, 'refund_id', t.refund_id)"
    "    ORDER BY t.seat_id), '[]') FROM ticket_lines t WHERE t.booking_id = b.booking_id),"
    " 'payments', (SELECT coalesce(json_agg(json_build_object('payment_id', p.payment_id, 'method', p.method,"
    "    'amount_minor', p.amount_minor, 'tendered_minor', p.tendered_minor, 'reference', p.reference)"
    "    ORDER BY p.payment_id), '[]') FROM payments p WHERE p.booking_id = b.booking_id),"
    " 'refunds', (SELECT coalesce(json_agg(json_build_object('refund_id', r.refund_id, 'seats', r.seats,"
    "    'amount_minor', r.amount_minor, 'tax_minor', r.tax_minor, 'reason', r.reason, 'staff', r.staff,"
    "    'created_at', " +
    isoOf("r.created_at") +
    ","
    "    'parts', (SELECT coalesce(json_agg(json_build_object('payment_id', rp.payment_id, 'method', rp.method,"
    "       'amount_minor', rp.amount_minor) ORDER BY rp.payment_id), '[]') FROM refund_payments rp"
    "       WHERE rp.refund_id = r.refund_id)) ORDER BY r.created_at, r.refund_id), '[]')"
    "    FROM refunds r WHERE r.booking_id = b.booking_id)"
    ")::text FROM bookings b WHERE b.booking_id = $1";

std::vector<std::string> seatIds(const wire::BookingBody& body)
{
    std::vector<std::string> out;
    for (const auto& s : body.seats)
        out.push_back(s.seat);
    return out;
}

} // namespace

std::optional<nlohmann::json> BookingService::load(pqxx::work& db, const std::string& bookingId)
{
    auto rows = sql::prepared(db, kBookingJson, bookingId);
    if (rows.empty())
        return std::nullopt;
    return nlohmann::json::parse(rows[0][0].c_str());
}

Result<PricedBooking> BookingService::price(const Device& device, const wire::BookingBody& body, Reply& refusal)
{
    auto refuse = [&](Reply reply) -> Result<PricedBooking> {
        refusal = std::move(reply);
        return fail(ErrorCode::InvalidArgument, "refused");
    };
    auto snapshot = m_catalog.current();
    if (!snapshot)
        return refuse(problem(503, "database_unavailable", snapshot.error().message).header("Retry-After", "1"));
    const Catalog& catalog = (*snapshot)->catalog;
    const Show* show = catalog.show(body.showId);
    if (!show)
        return refuse(problem(404, "unknown_show", "no show '" + body.showId + "'", {{"field", "show_id"}}));
    auto layout = catalog.screen(show->screenId);
    const PriceList* list = catalog.priceList(show->priceListId);
    if (!layout || !list)
        return refuse(problem(500, "internal_error", "the show's screen or price list is missing"));
    PricedBooking out;
    out.body = body;
    out.currency = std::string(list->currency.code());
    for (std::size_t i = 0; i < body.seats.size(); ++i) {
        const auto& line = body.seats[i];
        const std::string where = "seats[" + std::to_string(i) + "]";
        auto index = layout->indexOf(line.seat);
        if (!index || !layout->seat(*index).isSellable()) {
            return refuse(problem(422, "unknown_seat", "no sellable seat '" + line.seat + "' in " + layout->id(),
                                  {{"field", where + ".seat"}}));
        }
        const std::string& category = layout->categories()[static_cast<std::size_t>(layout->seat(*index).category)].id;
        auto listPrice = list->price(line.ticketType, category);
        if (!listPrice) {
            return refuse(problem(422, "unknown_ticket_type",
                                  "ticket type '" + line.ticketType + "' is not sold for " + category + " seats",
                                  {{"field", where + ".ticket_type"}}));
        }
        if (line.priceMinor != listPrice->minor()) {
            const bool mayOverride = device.role == Role::Counter || device.role == Role::Manager;
            if (!mayOverride || line.priceOverrideReason.empty()) {
                return refuse(problem(422, "price_mismatch",
                                      where + ".price_minor: " + std::to_string(line.priceMinor) +
                                          " but the price list says " + std::to_string(listPrice->minor()) +
                                          (mayOverride ? "; a changed price needs price_override_reason" : ""),
                                      {{"field", where + ".price_minor"}, {"list_price_minor", listPrice->minor()}}));
            }
        }
        const Money price(line.priceMinor, list->currency);
        const int rate = list->taxRateFor(price);
        const std::int64_t tax = price.taxPartInclusive(rate).minor();
        out.categories.push_back(category);
        out.taxes.push_back(tax);
        out.taxRates.push_back(rate);
        if (__builtin_add_overflow(out.total, line.priceMinor, &out.total)) {
            return refuse(problem(422, "invalid_field", "the total is too large", {{"field", where + ".price_minor"}}));
        }
        out.tax += tax;
    }
    std::int64_t paid = 0;
    for (std::size_t i = 0; i < body.payments.size(); ++i) {
        if (__builtin_add_overflow(paid, body.payments[i].amountMinor, &paid)) {
            return refuse(problem(422, "invalid_field", "payments are too large",
                                  {{"field", "payments[" + std::to_string(i) + "].amount_minor"}}));
        }
    }
    if (paid != out.total) {
        return refuse(
            problem(422, "payment_mismatch",
                    "payments add up to " + std::to_string(paid) + " but the seats cost " + std::to_string(out.total),
                    {{"field", "payments"}, {"total_minor", out.total}, {"paid_minor", paid}}));
    }
    return out;
}

KeyedOutcome BookingService::book(pqxx::nontransaction& db, const KeyScope& key, const PricedBooking& priced)
{
    const wire::BookingBody& body = priced.body;
    const std::vector<std::string> seats = seatIds(body);
    // The refusals as this server renders them; book_sale (Migrations.cpp, kBookSale) picks
    // one by reason and fills in lease_expires_at.
    nlohmann::json refused = {
        {"booking_id_conflict",
         problem(409, "booking_id_conflict", "booking id '" + body.bookingId + "' belongs to another sale",
                 {{"field", "booking_id"}})
             .body},
        {"seat_unavailable",
         problem(409, "seat_unavailable", "some seats are no longer held for this sale; nothing was booked",
                 {{"field", "seats"}})
             .body}};
    if (!body.holdId.empty()) {
        refused["unknown_hold"] =
            problem(404, "unknown_hold", "no hold '" + body.holdId + "' for this device", {{"field", "hold_id"}}).body;
        refused["show_mismatch"] =
            problem(422, "show_mismatch", "the hold is for another show", {{"field", "show_id"}}).body;
        refused["hold_used"] =
            problem(409, "hold_used", "the hold was already booked by another booking id", {{"field", "hold_id"}}).body;
        refused["hold_expired"] =
            problem(409, "hold_expired", "the hold has run out or was released; choose the seats again",
                    {{"field", "hold_id"}})
                .body;
        refused["seats_mismatch"] =
            problem(422, "seats_mismatch", "the seats are not the seats of the hold", {{"field", "seats"}}).body;
        refused["hold_ended"] =
            problem(409, "hold_expired", "the hold ended before the booking", {{"field", "hold_id"}}).body;
    } else {
        refused["unknown_allotment"] =
            problem(404, "unknown_allotment", "no allotment '" + body.allotmentId + "' for this device",
                    {{"field", "allotment_id"}})
                .body;
        refused["show_mismatch"] =
            problem(422, "show_mismatch", "the allotment is for another show", {{"field", "show_id"}}).body;
        refused["sold_at_in_future"] =
            problem(422, "sold_at_in_future", "sold_at is in the future", {{"field", "sold_at"}}).body;
        refused["lease_expired"] = problem(409, "lease_expired", "the sale was made after the allotment lease ended",
                                           {{"field", "sold_at"}, {"lease_expires_at", "@lease_expires_at@"}})
                                       .body;
    }

    std::vector<std::string> types, categories, reasons;
    std::vector<std::string> prices, taxes, rates;
    for (std::size_t i = 0; i < body.seats.size(); ++i) {
        types.push_back(body.seats[i].ticketType);
        categories.push_back(priced.categories[i]);
        reasons.push_back(body.seats[i].priceOverrideReason);
        prices.push_back(std::to_string(body.seats[i].priceMinor));
        taxes.push_back(std::to_string(priced.taxes[i]));
        rates.push_back(std::to_string(priced.taxRates[i]));
    }
    std::vector<std::string> paymentIds, methods, amounts, tendered, references;
    for (const auto& p : body.payments) {
        paymentIds.push_back(p.paymentId);
        methods.push_back(p.method);
        amounts.push_back(std::to_string(p.amountMinor));
        tendered.push_back(p.tenderedMinor ? std::to_string(*p.tenderedMinor) : std::string());
        references.push_back(p.reference);
    }
    const std::string audit = nlohmann::json{
        {"seats", seats},
        {"total_minor", priced.total},
        {"hold_id", body.holdId},
        {"allotment_id",
         body.allotmentId}}.dump();
    const pqxx::row row = db.exec_prepared1(
        statements::kBook, key.deviceId, key.key, key.fingerprint, key.lockId(), body.bookingId,
        bookingReferenceFor(body.bookingId), body.showId, body.holdId, body.allotmentId, priced.currency,
        static_cast<long long>(priced.total), static_cast<long long>(priced.tax),
        static_cast<long long>(toEpochMs(body.soldAt)), body.staff, sql::textArray(seats), sql::textArray(categories),
        sql::textArray(types), sql::textArray(prices), sql::textArray(taxes), sql::textArray(rates),
        sql::textArray(reasons), sql::textArray(paymentIds), sql::textArray(methods), sql::textArray(amounts),
        sql::textArray(tendered), sql::textArray(references), audit, refused.dump());
    KeyedOutcome answer = KeyedOutcome::fromRow(row);
    if (answer.fresh()) {
        if (answer.status == 201)
            m_metrics.bookingConfirmed();
        else if (!row[4].is_null() && row[4].as<bool>())
            m_metrics.bookingConflict();
    }
    return answer;
}

Reply BookingService::get(Transaction& tx, const std::string& bookingId)
{
    auto booking = load(tx.db(), bookingId);
    if (!booking)
        return problem(404, "unknown_booking", "no booking '" + bookingId + "'");
    return Reply::json(200, *booking);
}

Reply BookingService::refund(Transaction& tx, const Device& device, const std::string& bookingId,
                             const wire::RefundBody& body)
{
    auto& db = tx.db();
    auto booking =
        sql::prepared(db, "SELECT show_id, currency FROM bookings WHERE booking_id = $1 FOR UPDATE", bookingId);
    if (booking.empty())
        return problem(404, "unknown_booking", "no booking '" + bookingId + "'");
    const std::string showId = booking[0][0].c_str();

    auto existing = sql::prepared(db, "SELECT booking_id FROM refunds WHERE refund_id = $1", body.refundId);
    if (!existing.empty()) {
        if (existing[0][0].c_str() != bookingId) {
            return problem(409, "refund_id_conflict", "refund id '" + body.refundId + "' belongs to another booking",
                           {{"field", "refund_id"}});
        }
        return Reply::json(200, {{"refund_id", body.refundId}, {"booking", *load(db, bookingId)}});
    }

    std::vector<std::string> seats = body.seats;
    auto lines = sql::prepared(db, "SELECT seat_id, state FROM ticket_lines WHERE booking_id = $1", bookingId);
    std::map<std::string, std::string> stateOf;
    for (const auto& row : lines)
        stateOf[row[0].c_str()] = row[1].c_str();
    if (seats.empty()) {
        for (const auto& [seat, state] : stateOf) {
            if (state == "BOOKED")
                seats.push_back(seat);
        }
        if (seats.empty())
            return problem(409, "already_refunded", "every seat of the booking was already refunded");
    }
    for (std::size_t i = 0; i < seats.size(); ++i) {
        auto it = stateOf.find(seats[i]);
        if (it == stateOf.end()) {
            return problem(422, "unknown_seat", "seat '" + seats[i] + "' is not in this booking",
                           {{"field", "seats[" + std::to_string(i) + "]"}});
        }
        if (it->second != "BOOKED") {
            return problem(409, "already_refunded", "seat '" + seats[i] + "' was already refunded",
                           {{"field", "seats[" + std::to_string(i) + "]"}});
        }
    }
    std::sort(seats.begin(), seats.end());
    auto refunded = sql::prepared(db,
                                  "UPDATE ticket_lines SET state = 'REFUNDED', refund_id = $3 "
                                  "WHERE booking_id = $1 AND seat_id = ANY($2::text[]) AND state = 'BOOKED' "
                                  "RETURNING price_minor, tax_minor",
                                  bookingId, sql::textArray(seats), body.refundId);
    if (refunded.size() != seats.size()) {
        return problem(409, "already_refunded", "some seats were refunded meanwhile; nothing was refunded");
    }
    std::int64_t amount = 0;
    std::int64_t tax = 0;
    for (const auto& row : refunded) {
        amount += row[0].as<std::int64_t>();
        tax += row[1].as<std::int64_t>();
    }
    auto freed = sql::prepared(db,
                               "DELETE FROM claims WHERE show_id = $1 AND owner_id = $2 AND state = 'BOOKED' "
                               "AND seat_id = ANY($3::text[]) RETURNING seat_id",
                               showId, bookingId, sql::textArray(seats));
    sql::prepared(
        db,
        "INSERT INTO refunds(refund_id, booking_id, seats, amount_minor, tax_minor, reason, staff, device_id) "
        "VALUES($1, $2, $3::text[], $4, $5, $6, $7, $8)",
        body.refundId, bookingId, sql::textArray(seats), static_cast<long long>(amount), static_cast<long long>(tax),
        body.reason, body.staff, device.id);
    // Money goes back to the original payments, card before cash, never more than each paid.
    auto payments = sql::prepared(
        db,
        "SELECT p.payment_id, p.method, p.amount_minor - coalesce((SELECT sum(rp.amount_minor) FROM refund_payments rp "
        "WHERE rp.payment_id = p.payment_id), 0) FROM payments p WHERE p.booking_id = $1 "
        "ORDER BY p.method <> 'CARD_GATEWAY', p.method <> 'CARD_TERMINAL', p.payment_id",
        bookingId);
    std::int64_t remaining = amount;
    for (const auto& row : payments) {
        if (remaining <= 0)
            break;
        const std::int64_t part = std::min(remaining, row[2].as<std::int64_t>());
        if (part <= 0)
            continue;
        sql::prepared(db,
                      "INSERT INTO refund_payments(refund_id, payment_id, method, amount_minor) VALUES($1, $2, $3, $4)",
                      body.refundId, row[0].c_str(), row[1].c_str(), static_cast<long long>(part));
        remaining -= part;
    }
    sql::prepared(db,
                  "UPDATE bookings SET state = CASE WHEN EXISTS (SELECT 1 FROM ticket_lines WHERE booking_id = $1 "
                  "AND state = 'BOOKED') THEN 'PARTLY_REFUNDED' ELSE 'REFUNDED' END WHERE booking_id = $1",
                  bookingId);
    std::vector<SeatChangeRow> changes;
    for (const auto& row : freed)
        changes.push_back({row[0].c_str(), "AVAILABLE"});
    if (!changes.empty())
        recordSeatChanges(db, showId, changes);
    sql::prepared(
        db, "INSERT INTO audit_log(device_id, staff, action, entity, detail) VALUES($1, $2, 'booking.refund', $3, $4)",
        device.id, body.staff, bookingId,
        nlohmann::json{
            {"refund_id", body.refundId}, {"seats", seats}, {"amount_minor", amount}, {"reason", body.reason}}
            .dump());
    return Reply::json(201, {{"refund_id", body.refundId},
                             {"amount_minor", amount},
                             {"tax_minor", tax},
                             {"seats", seats},
                             {"booking", *load(db, bookingId)}});
}

} // namespace marquee::server
