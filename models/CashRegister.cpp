#include "CashRegister.h"

#include "Uuid.h"

#include <nlohmann/json.hpp>

namespace marquee {

Result<BusinessDayRule> CashRegister::businessDayRule()
{
    BusinessDayRule rule;
    auto cinema = m_store.cinema();
    if (cinema) {
        auto zone = TimeZone::load(cinema->timeZone);
        if (!zone)
            return errorOf(zone);
        rule.zone = *zone;
    }
    auto cutoff = m_store.setting("business_day_cutoff");
    if (!cutoff)
        return errorOf(cutoff);
    if (*cutoff) {
        auto minutes = parseCutoff(**cutoff);
        if (!minutes)
            return errorOf(minutes);
        rule.cutoff = *minutes;
    }
    return rule;
}

Result<Shift> CashRegister::openShift(const std::string& staffId, std::int64_t floatMinor)
{
    if (floatMinor < 0)
        return fail(ErrorCode::InvalidArgument, "the float cannot be negative");
    auto rule = businessDayRule();
    if (!rule)
        return errorOf(rule);
    Shift s;
    s.id = newUuid();
    s.staffId = staffId;
    s.device = m_store.device();
    s.openedAt = m_store.clock().now();
    s.businessDate = formatDate(rule->dateOf(s.openedAt));
    s.floatMinor = floatMinor;
    auto& db = m_store.database();
    auto tx = Transaction::begin(db);
    if (!tx)
        return errorOf(tx);
    auto& existing = db.cached("SELECT shift_id FROM shifts WHERE device = ?1 AND state = 'OPEN'");
    existing.bind(1, s.device);
    auto row = existing.step();
    if (!row)
        return errorOf(row);
    existing.reset();
    if (*row)
        return fail(ErrorCode::Conflict, "a shift is already open on this counter; close it first");
    auto& closedDay = db.cached("SELECT z_number FROM z_reports WHERE business_date = ?1");
    closedDay.bind(1, s.businessDate);
    auto closed = closedDay.step();
    if (!closed)
        return errorOf(closed);
    closedDay.reset();
    if (*closed)
        return fail(ErrorCode::Conflict, "business day " + s.businessDate + " is already closed");
    auto inserted = db.cached("INSERT INTO shifts(shift_id, staff_id, device, business_date, state, opened_at, "
                              "float_minor) VALUES(?1, ?2, ?3, ?4, 'OPEN', ?5, ?6)")
                        .bind(1, s.id)
                        .bind(2, staffId)
                        .bind(3, s.device)
                        .bind(4, s.businessDate)
                        .bind(5, toEpochMs(s.openedAt))
                        .bind(6, floatMinor)
                        .exec();
    if (!inserted)
        return errorOf(inserted);
    if (auto a = m_store.audit(staffId, "shift_open", s.id, nlohmann::json{{"float", floatMinor}}.dump()); !a)
        return errorOf(a);
    if (auto c = tx->commit(); !c)
        return errorOf(c);
    return s;
}

Result<Shift> CashRegister::shift(const std::string& shiftId)
{
    auto& stmt = m_store.database().cached(
        "SELECT shift_id, staff_id, device, business_date, state, opened_at, float_minor, closed_at, expected_minor, "
        "counted_minor FROM shifts WHERE shift_id = ?1");
    stmt.bind(1, shiftId);
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "no such shift");
    Shift s;
    s.id = stmt.text(0);
    s.staffId = stmt.text(1);
    s.device = stmt.text(2);
    s.businessDate = stmt.text(3);
    s.open = stmt.text(4) == "OPEN";
    s.openedAt = fromEpochMs(stmt.integer(5));
    s.floatMinor = stmt.integer(6);
    if (auto t = stmt.optionalInteger(7))
        s.closedAt = fromEpochMs(*t);
    s.expectedMinor = stmt.optionalInteger(8);
    s.countedMinor = stmt.optionalInteger(9);
    stmt.reset();
    return s;
}

Result<std::optional<Shift>> CashRegister::currentShift()
{
    auto& stmt = m_store.database().cached("SELECT shift_id FROM shifts WHERE device = ?1 AND state = 'OPEN'");
    stmt.bind(1, m_store.device());
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row) {
        stmt.reset();
        return std::optional<Shift>();
    }
    const std::string id = stmt.text(0);
    stmt.reset();
    auto s = shift(id);
    if (!s)
        return errorOf(s);
    return std::optional<Shift>(*s);
}

Result<void> CashRegister::moveCash(const std::string& shiftId, std::int64_t amountMinor, const std::string& reason,
                                    const std::string& staffId)
{
    if (amountMinor == 0)
        return fail(ErrorCode::InvalidArgument, "a cash movement needs an amount");
    if (reason.empty())
        return fail(ErrorCode::InvalidArgument, "a cash movement needs a reason");
    auto& db = m_store.database();
    auto tx = Transaction::begin(db);
    if (!tx)
        return errorOf(tx);
    auto s = shift(shiftId);
    if (!s)
        return errorOf(s);
    if (!s->open)
        return fail(ErrorCode::Conflict, "the shift is closed");
    auto inserted = db.cached("INSERT INTO cash_movements(movement_id, shift_id, amount_minor, reason, staff_id, at) "
                              "VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
                        .bind(1, newUuid())
                        .bind(2, shiftId)
                        .bind(3, amountMinor)
                        .bind(4, reason)
                        .bind(5, staffId)
                        .bind(6, toEpochMs(m_store.clock().now()))
                        .exec();
    if (!inserted)
        return errorOf(inserted);
    if (auto a = m_store.audit(staffId, amountMinor > 0 ? "cash_in" : "cash_out", shiftId,
                               nlohmann::json{{"amount", amountMinor}, {"reason", reason}}.dump());
        !a)
        return a;
    return tx->commit();
}

Result<ShiftCash> CashRegister::cashOf(const std::string& shiftId)
{
    auto s = shift(shiftId);
    if (!s)
        return errorOf(s);
    ShiftCash cash;
    cash.floatMinor = s->floatMinor;
    auto& db = m_store.database();
    auto scalar = [&](std::string_view sql) -> Result<std::int64_t> {
        auto& stmt = db.cached(sql);
        stmt.bind(1, shiftId);
        auto row = stmt.step();
        if (!row)
            return errorOf(row);
        const std::int64_t v = stmt.integer(0);
        stmt.reset();
        return v;
    };
    auto sales =
        scalar("SELECT coalesce(sum(p.amount_minor), 0) FROM payments AS p JOIN bookings AS b USING (booking_id) "
               "WHERE b.shift_id = ?1 AND p.method = 'CASH'");
    auto refunds = scalar("SELECT coalesce(sum(rp.amount_minor), 0) FROM refund_payments AS rp "
                          "JOIN refunds AS r USING (refund_id) JOIN payments AS p USING (payment_id) "
                          "WHERE r.shift_id = ?1 AND p.method = 'CASH'");
    auto in =
        scalar("SELECT coalesce(sum(amount_minor), 0) FROM cash_movements WHERE shift_id = ?1 AND amount_minor > 0");
    auto out =
        scalar("SELECT coalesce(-sum(amount_minor), 0) FROM cash_movements WHERE shift_id = ?1 AND amount_minor < 0");
    for (const auto* r : {&sales, &refunds, &in, &out}) {
        if (!*r)
            return errorOf(*r);
    }
    cash.cashSalesMinor = *sales;
    cash.cashRefundsMinor = *refunds;
    cash.cashInMinor = *in;
    cash.cashOutMinor = *out;
    return cash;
}

Result<Shift> CashRegister::closeShift(const std::string& shiftId, const std::map<std::int64_t, std::int64_t>& counts,
                                       const std::string& staffId)
{
    std::int64_t counted = 0;
    nlohmann::json detail = nlohmann::json::object();
    for (const auto& [denomination, count] : counts) {
        if (denomination <= 0 || count < 0)
            return fail(ErrorCode::InvalidArgument, "denominations and counts must be positive");
        std::int64_t value = 0;
        if (__builtin_mul_overflow(denomination, count, &value) || __builtin_add_overflow(counted, value, &counted))
            return fail(ErrorCode::Overflow, "the count is too large");
        detail[std::to_string(denomination)] = count;
    }
    auto& db = m_store.database();
    auto tx = Transaction::begin(db);
    if (!tx)
        return errorOf(tx);
    auto cash = cashOf(shiftId);
    if (!cash)
        return errorOf(cash);
    const std::int64_t expected = cash->expectedMinor();
    auto closed =
        db.cached("UPDATE shifts SET state = 'CLOSED', closed_at = ?2, expected_minor = ?3, counted_minor = ?4, "
                  "count_detail = ?5 WHERE shift_id = ?1 AND state = 'OPEN'")
            .bind(1, shiftId)
            .bind(2, toEpochMs(m_store.clock().now()))
            .bind(3, expected)
            .bind(4, counted)
            .bind(5, detail.dump())
            .exec();
    if (!closed)
        return errorOf(closed);
    if (*closed != 1)
        return fail(ErrorCode::Conflict, "the shift is already closed");
    if (auto a = m_store.audit(
            staffId, "shift_close", shiftId,
            nlohmann::json{{"expected", expected}, {"counted", counted}, {"variance", expected - counted}}.dump());
        !a)
        return errorOf(a);
    if (auto c = tx->commit(); !c)
        return errorOf(c);
    return shift(shiftId);
}

Result<void> CashRegister::checkVoidable(const std::string& bookingId)
{
    auto booking = m_store.booking(bookingId);
    if (!booking)
        return errorOf(booking);
    if (booking->state != BookingState::Confirmed)
        return fail(ErrorCode::Conflict, "part of this sale was already refunded: refund the rest instead");
    auto& stmt = m_store.database().cached("SELECT shift_id FROM bookings WHERE booking_id = ?1");
    stmt.bind(1, bookingId);
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    const auto shiftId = *row ? stmt.optionalText(0) : std::nullopt;
    stmt.reset();
    auto current = currentShift();
    if (!current)
        return errorOf(current);
    if (!*current || !shiftId || *shiftId != (*current)->id)
        return fail(ErrorCode::Conflict, "only a sale of the shift open on this counter can be voided: refund it");
    auto show = m_store.show(booking->showId);
    if (!show)
        return errorOf(show);
    if (show->start <= m_store.clock().now())
        return fail(ErrorCode::Conflict, "the show has started: refund instead of voiding");
    return {};
}

Result<Refund> CashRegister::voidSale(const std::string& bookingId, const std::string& reason,
                                      const std::string& staffId)
{
    if (reason.empty())
        return fail(ErrorCode::InvalidArgument, "a void needs a reason");
    if (auto ok = checkVoidable(bookingId); !ok)
        return errorOf(ok);
    RefundRequest request;
    request.refundId = newUuid();
    request.bookingId = bookingId;
    request.reason = std::string(kVoidReasonPrefix) + reason;
    request.staff = staffId;
    return m_store.refund(request);
}

} // namespace marquee
