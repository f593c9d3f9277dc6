#include "DayReport.h"

#include "CashRegister.h"
#include "Crypto.h"
#include "StaffRoster.h"

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace marquee {

namespace {

// Runs a query bound to the day's [from, to) as ?1 and ?2, calling `row` for each result row.
template <typename F> Result<void> eachRow(Database& db, std::string_view sql, Timestamp from, Timestamp to, F&& row)
{
    auto& stmt = db.cached(sql);
    stmt.bind(1, toEpochMs(from)).bind(2, toEpochMs(to));
    return stmt.each(row);
}

std::vector<ReportLine> linesFrom(Database& db, std::string_view sql, Timestamp from, Timestamp to,
                                  Result<void>& status)
{
    std::vector<ReportLine> out;
    status = eachRow(db, sql, from, to, [&](Statement& s) {
        out.push_back({s.text(0), s.text(1), s.integer(2), s.integer(3), s.integer(4)});
    });
    return out;
}

nlohmann::json linesJson(const std::vector<ReportLine>& lines)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& l : lines) {
        out.push_back(
            {{"key", l.key}, {"label", l.label}, {"tickets", l.tickets}, {"gross", l.grossMinor}, {"tax", l.taxMinor}});
    }
    return out;
}

std::vector<ReportLine> linesFromJson(const nlohmann::json& a)
{
    std::vector<ReportLine> out;
    for (const auto& l : a) {
        out.push_back({l.at("key"), l.at("label"), l.at("tickets"), l.at("gross"), l.at("tax")});
    }
    return out;
}

std::string csvField(const std::string& text)
{
    // Quote every text field; neutralise spreadsheet formulas in text that came from people.
    std::string out = "\"";
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@'))
        out += '\'';
    for (char c : text) {
        out += c;
        if (c == '"')
            out += '"';
    }
    return out + "\"";
}

// Plain decimal amounts for spreadsheets, with the currency's minor digits.
std::string decimal(std::int64_t minor, Currency currency)
{
    std::string text = Money(minor, currency).toString();
    return text.substr(0, text.find(' '));
}

} // namespace

Result<DayReport> DayReports::build(BusinessDate date)
{
    CashRegister drawer(m_store);
    auto rule = drawer.businessDayRule();
    if (!rule)
        return errorOf(rule);
    auto cinema = m_store.cinema();
    if (!cinema)
        return errorOf(cinema);
    auto& db = m_store.database();
    DayReport r;
    r.businessDate = formatDate(date);
    r.cinema = cinema->name;
    r.currency = std::string(cinema->currency.code());
    r.from = rule->start(date);
    r.to = rule->end(date);
    r.createdAt = m_store.clock().now();
    const Timestamp from = r.from, to = r.to;

    Result<void> status;
    auto check = [&]() -> bool { return status.has_value(); };

    status = eachRow(db,
                     "SELECT count(*), coalesce(sum(t.price_minor), 0), coalesce(sum(t.tax_minor), 0) "
                     "FROM bookings AS b JOIN ticket_lines AS t USING (booking_id) "
                     "WHERE b.sold_at >= ?1 AND b.sold_at < ?2",
                     from, to, [&](Statement& s) {
                         r.tickets = s.integer(0);
                         r.grossMinor = s.integer(1);
                         r.taxMinor = s.integer(2);
                     });
    if (!check())
        return errorOf(status);
    status = eachRow(db,
                     "SELECT coalesce(sum(json_array_length(seats)), 0), coalesce(sum(amount_minor), 0), "
                     "coalesce(sum(tax_minor), 0) FROM refunds WHERE created_at >= ?1 AND created_at < ?2",
                     from, to, [&](Statement& s) {
                         r.refundedTickets = s.integer(0);
                         r.refundsMinor = s.integer(1);
                         r.refundTaxMinor = s.integer(2);
                     });
    if (!check())
        return errorOf(status);

    constexpr std::string_view salesFrom = "FROM bookings AS b JOIN ticket_lines AS t USING (booking_id) "
                                           "JOIN shows AS sh ON sh.show_id = b.show_id "
                                           "WHERE b.sold_at >= ?1 AND b.sold_at < ?2 ";
    const std::string figures = "count(*), sum(t.price_minor), sum(t.tax_minor) ";
    r.byFilm = linesFrom(db,
                         "SELECT sh.film_id, coalesce((SELECT json_extract(body, '$.title') FROM films AS f "
                         "WHERE f.film_id = sh.film_id), sh.film_id), " +
                             figures + std::string(salesFrom) + "GROUP BY sh.film_id ORDER BY 4 DESC, 1",
                         from, to, status);
    if (!check())
        return errorOf(status);
    r.byShow = linesFrom(db,
                         "SELECT sh.show_id, coalesce((SELECT json_extract(body, '$.title') FROM films AS f "
                         "WHERE f.film_id = sh.film_id), sh.film_id) || ' ' || sh.starts_at, " +
                             figures + std::string(salesFrom) + "GROUP BY sh.show_id ORDER BY sh.starts_at, 1",
                         from, to, status);
    if (!check())
        return errorOf(status);
    r.byScreen = linesFrom(db,
                           "SELECT sh.screen_id, coalesce((SELECT json_extract(layout, '$.name') FROM screens AS s "
                           "WHERE s.screen_id = sh.screen_id), sh.screen_id), " +
                               figures + std::string(salesFrom) + "GROUP BY sh.screen_id ORDER BY 1",
                           from, to, status);
    if (!check())
        return errorOf(status);
    r.byTicketType = linesFrom(db,
                               "SELECT t.ticket_type, t.ticket_type, " + figures + std::string(salesFrom) +
                                   "GROUP BY t.ticket_type ORDER BY 4 DESC, 1",
                               from, to, status);
    if (!check())
        return errorOf(status);
    r.byCashier = linesFrom(db,
                            "SELECT b.staff, coalesce((SELECT name FROM staff AS st WHERE st.staff_id = b.staff), "
                            "b.staff), " +
                                figures + std::string(salesFrom) + "GROUP BY b.staff ORDER BY 2",
                            from, to, status);
    if (!check())
        return errorOf(status);
    // Show labels carry the start time in milliseconds from SQL; make them local and readable.
    for (auto& line : r.byShow) {
        const auto space = line.label.rfind(' ');
        if (space == std::string::npos)
            continue;
        const auto local = rule->zone.toLocal(fromEpochMs(std::stoll(line.label.substr(space + 1))));
        const auto minutes =
            std::chrono::floor<std::chrono::minutes>(local - std::chrono::floor<std::chrono::days>(local));
        char hhmm[32];
        std::snprintf(hhmm, sizeof hhmm, "%02ld:%02ld", long(minutes.count() / 60), long(minutes.count() % 60));
        line.label = line.label.substr(0, space) + " " + hhmm;
    }
    // Hours in the cinema's local time.
    std::map<int, ReportLine> hours;
    status = eachRow(
        db,
        "SELECT b.sold_at, count(*), sum(t.price_minor), sum(t.tax_minor) FROM bookings AS b "
        "JOIN ticket_lines AS t USING (booking_id) WHERE b.sold_at >= ?1 AND b.sold_at < ?2 "
        "GROUP BY b.booking_id",
        from, to, [&](Statement& s) {
            const auto local = rule->zone.toLocal(fromEpochMs(s.integer(0)));
            const int hour = int(
                std::chrono::floor<std::chrono::hours>(local - std::chrono::floor<std::chrono::days>(local)).count());
            auto& line = hours[hour];
            char label[16];
            std::snprintf(label, sizeof label, "%02d:00", hour);
            line.key = std::to_string(hour);
            line.label = label;
            line.tickets += s.integer(1);
            line.grossMinor += s.integer(2);
            line.taxMinor += s.integer(3);
        });
    if (!check())
        return errorOf(status);
    // Business hours run from the cut-off round to the next cut-off.
    const int cutoffHour = int(rule->cutoff.count() / 60);
    for (int i = 0; i < 24; ++i) {
        auto it = hours.find((cutoffHour + i) % 24);
        if (it != hours.end())
            r.byHour.push_back(it->second);
    }

    std::map<std::string, PaymentLine> methods;
    auto methodName = [](const std::string& text) {
        std::string lower;
        for (char c : text)
            lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        return lower;
    };
    status = eachRow(db,
                     "SELECT p.method, sum(p.amount_minor) FROM bookings AS b JOIN payments AS p USING (booking_id) "
                     "WHERE b.sold_at >= ?1 AND b.sold_at < ?2 GROUP BY p.method",
                     from, to, [&](Statement& s) {
                         auto& line = methods[s.text(0)];
                         line.method = methodName(s.text(0));
                         line.takenMinor = s.integer(1);
                     });
    if (!check())
        return errorOf(status);
    status =
        eachRow(db,
                "SELECT p.method, sum(rp.amount_minor) FROM refunds AS r JOIN refund_payments AS rp USING (refund_id) "
                "JOIN payments AS p USING (payment_id) WHERE r.created_at >= ?1 AND r.created_at < ?2 "
                "GROUP BY p.method",
                from, to, [&](Statement& s) {
                    auto& line = methods[s.text(0)];
                    line.method = methodName(s.text(0));
                    line.refundedMinor = s.integer(1);
                });
    if (!check())
        return errorOf(status);
    for (auto& [_, line] : methods)
        r.byPaymentMethod.push_back(line);

    std::map<int, TaxLine> rates;
    status = eachRow(db,
                     "SELECT t.tax_rate_bp, sum(t.price_minor), sum(t.tax_minor) FROM bookings AS b "
                     "JOIN ticket_lines AS t USING (booking_id) WHERE b.sold_at >= ?1 AND b.sold_at < ?2 "
                     "GROUP BY t.tax_rate_bp",
                     from, to, [&](Statement& s) {
                         auto& line = rates[int(s.integer(0))];
                         line.rateBasisPoints = int(s.integer(0));
                         line.grossMinor += s.integer(1);
                         line.taxMinor += s.integer(2);
                     });
    if (!check())
        return errorOf(status);
    status = eachRow(db,
                     "SELECT t.tax_rate_bp, sum(t.price_minor), sum(t.tax_minor) FROM refunds AS r "
                     "JOIN ticket_lines AS t ON t.refund_id = r.refund_id "
                     "WHERE r.created_at >= ?1 AND r.created_at < ?2 GROUP BY t.tax_rate_bp",
                     from, to, [&](Statement& s) {
                         auto& line = rates[int(s.integer(0))];
                         line.rateBasisPoints = int(s.integer(0));
                         line.grossMinor -= s.integer(1);
                         line.taxMinor -= s.integer(2);
                     });
    if (!check())
        return errorOf(status);
    for (auto& [_, line] : rates)
        r.byTaxRate.push_back(line);

    status = eachRow(
        db,
        "SELECT r.refund_id, b.reference, r.amount_minor, json_array_length(r.seats), r.reason, "
        "coalesce((SELECT name FROM staff AS st WHERE st.staff_id = r.staff), r.staff), "
        "r.created_at FROM refunds AS r JOIN bookings AS b USING (booking_id) "
        "WHERE r.created_at >= ?1 AND r.created_at < ?2 ORDER BY r.created_at",
        from, to, [&](Statement& s) {
            RefundLine line{
                s.text(0), s.text(1), s.integer(2), s.integer(3), s.text(4), s.text(5), fromEpochMs(s.integer(6))};
            if (line.reason.starts_with(CashRegister::kVoidReasonPrefix)) {
                line.isVoid = true;
                line.reason.erase(0, CashRegister::kVoidReasonPrefix.size());
                r.voidedTickets += line.seats;
                r.voidsMinor += line.amountMinor;
            }
            r.refunds.push_back(std::move(line));
        });
    if (!check())
        return errorOf(status);
    status = eachRow(db,
                     "SELECT b.reference, t.seat_id, t.price_minor, t.price_override_reason, "
                     "coalesce((SELECT name FROM staff AS st WHERE st.staff_id = b.staff), b.staff) "
                     "FROM bookings AS b JOIN ticket_lines AS t USING (booking_id) "
                     "WHERE b.sold_at >= ?1 AND b.sold_at < ?2 AND t.price_override_reason <> '' ORDER BY b.sold_at",
                     from, to, [&](Statement& s) {
                         r.overrides.push_back({s.text(0), s.text(1), s.integer(2), s.text(3), s.text(4)});
                     });
    if (!check())
        return errorOf(status);

    std::vector<std::pair<std::string, std::string>> shows;
    status = eachRow(db,
                     "SELECT sh.show_id, coalesce((SELECT json_extract(body, '$.title') FROM films AS f "
                     "WHERE f.film_id = sh.film_id), sh.film_id) FROM shows AS sh "
                     "WHERE sh.starts_at >= ?1 AND sh.starts_at < ?2 ORDER BY sh.starts_at, sh.show_id",
                     from, to, [&](Statement& s) {
                         shows.push_back({s.text(0), s.text(1)});
                     });
    if (!check())
        return errorOf(status);
    for (const auto& [showId, film] : shows) {
        auto show = m_store.show(showId);
        auto layout = m_store.layoutForShow(showId);
        if (!show)
            return errorOf(show);
        if (!layout)
            return errorOf(layout);
        OccupancyLine line{showId, film, (*layout)->name(), show->start, 0, 0};
        for (const auto& seat : (*layout)->seats())
            line.capacity += seat.isSellable() ? 1 : 0;
        auto& sold = db.cached("SELECT count(*) FROM claims WHERE show_id = ?1 AND state = 'BOOKED'");
        sold.bind(1, showId);
        auto row = sold.step();
        if (!row)
            return errorOf(row);
        line.sold = int(sold.integer(0));
        sold.reset();
        r.occupancy.push_back(line);
    }

    std::vector<std::string> shiftIds;
    {
        auto& stmt = db.cached("SELECT shift_id FROM shifts WHERE business_date = ?1 ORDER BY opened_at");
        stmt.bind(1, r.businessDate);
        MQ_TRY(stmt.each([&](Statement& s) { shiftIds.push_back(s.text(0)); }));
    }
    for (const auto& id : shiftIds) {
        auto shift = drawer.shift(id);
        auto cash = drawer.cashOf(id);
        if (!shift)
            return errorOf(shift);
        if (!cash)
            return errorOf(cash);
        ShiftLine line;
        line.shiftId = id;
        line.staff = shift->staffId;
        if (auto who = StaffRoster(m_store).find(shift->staffId))
            line.staff = who->name;
        line.device = shift->device;
        line.open = shift->open;
        line.floatMinor = cash->floatMinor;
        line.cashSalesMinor = cash->cashSalesMinor;
        line.cashRefundsMinor = cash->cashRefundsMinor;
        line.cashMovementsMinor = cash->cashInMinor - cash->cashOutMinor;
        line.expectedMinor = shift->open ? cash->expectedMinor() : shift->expectedMinor.value_or(0);
        line.countedMinor = shift->countedMinor;
        if (!shift->open)
            line.varianceMinor = shift->varianceMinor();
        r.shifts.push_back(line);
    }

    auto& head = db.cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    auto row = head.step();
    if (!row)
        return errorOf(row);
    if (*row) {
        r.auditSeq = head.integer(0);
        r.auditHash = head.text(1);
    }
    head.reset();
    return r;
}

Result<DayReport> DayReports::xReport(BusinessDate date, const std::string& staffId)
{
    auto report = build(date);
    if (!report)
        return report;
    report->createdBy = staffId;
    auto tx = Transaction::begin(m_store.database());
    if (!tx)
        return errorOf(tx);
    if (auto a = m_store.audit(staffId, "x_report", report->businessDate,
                               nlohmann::json{{"gross", report->grossMinor}, {"refunds", report->refundsMinor}}.dump());
        !a)
        return errorOf(a);
    if (auto c = tx->commit(); !c)
        return errorOf(c);
    return report;
}

Result<DayReport> DayReports::closeDay(BusinessDate date, const std::string& staffId)
{
    auto& db = m_store.database();
    // One writer at a time: the number is taken and used inside this transaction, so two
    // managers closing at once get consecutive numbers or a clear refusal, never a gap.
    auto tx = Transaction::begin(db);
    if (!tx)
        return errorOf(tx);
    auto member = StaffRoster(m_store).find(staffId);
    if (!member)
        return fail(ErrorCode::Forbidden, "only a manager can close the business day");
    if (member->role != StaffRole::Manager)
        return fail(ErrorCode::Forbidden, "only a manager can close the business day; " + member->name + " is a " +
                                              std::string(nameOf(member->role)));
    const std::string day = formatDate(date);
    auto& closed = db.cached("SELECT z_number FROM z_reports WHERE business_date = ?1");
    closed.bind(1, day);
    auto row = closed.step();
    if (!row)
        return errorOf(row);
    if (*row) {
        const auto number = closed.integer(0);
        closed.reset();
        return fail(ErrorCode::Conflict,
                    "business day " + day + " is already closed (Z-report " + std::to_string(number) + ")");
    }
    closed.reset();
    auto& open = db.cached("SELECT count(*) FROM shifts WHERE state = 'OPEN' AND business_date <= ?1");
    open.bind(1, day);
    row = open.step();
    if (!row)
        return errorOf(row);
    const auto openShifts = open.integer(0);
    open.reset();
    if (openShifts > 0)
        return fail(ErrorCode::Conflict,
                    "close every shift of " + day + " first (" + std::to_string(openShifts) + " still open)");
    auto& next = db.cached("SELECT coalesce(max(z_number), 0) + 1 FROM z_reports");
    row = next.step();
    if (!row)
        return errorOf(row);
    const std::int64_t number = next.integer(0);
    next.reset();

    auto report = build(date);
    if (!report)
        return report;
    report->zNumber = number;
    report->createdBy = staffId;
    const std::string body = toJson(*report).dump();
    auto stored = db.cached("INSERT INTO z_reports(z_number, business_date, created_at, staff_id, body, hash) "
                            "VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
                      .bind(1, number)
                      .bind(2, day)
                      .bind(3, toEpochMs(report->createdAt))
                      .bind(4, staffId)
                      .bind(5, body)
                      .bind(6, sha256Hex(body))
                      .exec();
    if (!stored)
        return errorOf(stored);
    if (auto a = m_store.audit(staffId, "z_report", day,
                               nlohmann::json{{"z", number},
                                              {"gross", report->grossMinor},
                                              {"refunds", report->refundsMinor},
                                              {"hash", sha256Hex(body)}}
                                   .dump());
        !a)
        return errorOf(a);
    if (auto c = tx->commit(); !c)
        return errorOf(c);
    return report;
}

Result<DayReport> DayReports::zReport(std::int64_t number)
{
    auto& stmt = m_store.database().cached("SELECT body FROM z_reports WHERE z_number = ?1");
    stmt.bind(1, number);
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "there is no Z-report " + std::to_string(number));
    const std::string body = stmt.text(0);
    stmt.reset();
    auto doc = nlohmann::json::parse(body, nullptr, false);
    return dayReportFromJson(doc);
}

Result<std::optional<DayReport>> DayReports::zReportFor(BusinessDate date)
{
    auto& stmt = m_store.database().cached("SELECT z_number FROM z_reports WHERE business_date = ?1");
    stmt.bind(1, formatDate(date));
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row) {
        stmt.reset();
        return std::optional<DayReport>();
    }
    const auto number = stmt.integer(0);
    stmt.reset();
    auto report = zReport(number);
    if (!report)
        return errorOf(report);
    return std::optional<DayReport>(*report);
}

Result<std::string> DayReports::verifyZReports()
{
    auto& db = m_store.database();
    auto stmt = db.prepare("SELECT z_number, body, hash FROM z_reports ORDER BY z_number");
    if (!stmt)
        return errorOf(stmt);
    std::int64_t expected = 1;
    std::vector<std::pair<std::int64_t, std::pair<std::int64_t, std::string>>> heads;
    MQ_TRY(stmt->each([&](Statement& s) -> Result<void> {
        const std::int64_t number = s.integer(0);
        if (number != expected)
            return fail(ErrorCode::Conflict, "Z-report " + std::to_string(expected) + " is missing");
        if (sha256Hex(s.text(1)) != s.text(2))
            return fail(ErrorCode::Conflict, "Z-report " + std::to_string(number) + " was changed after it was made");
        auto doc = nlohmann::json::parse(s.text(1), nullptr, false);
        heads.push_back({number, {doc.value("auditSeq", std::int64_t(0)), doc.value("auditHash", std::string())}});
        ++expected;
        return {};
    }));
    for (const auto& [number, head] : heads) {
        if (head.first == 0)
            continue;
        auto& row = db.cached("SELECT hash FROM audit_log WHERE seq = ?1");
        row.bind(1, head.first);
        auto found = row.step();
        if (!found)
            return errorOf(found);
        const bool matches = *found && row.text(0) == head.second;
        row.reset();
        if (!matches)
            return fail(ErrorCode::Conflict, "the audit log no longer matches Z-report " + std::to_string(number));
    }
    return "Z-reports 1 to " + std::to_string(expected - 1) + " are intact";
}

nlohmann::json toJson(const DayReport& r)
{
    nlohmann::json doc;
    if (r.zNumber)
        doc["zNumber"] = *r.zNumber;
    doc["businessDate"] = r.businessDate;
    doc["cinema"] = r.cinema;
    doc["currency"] = r.currency;
    doc["from"] = formatIso8601(r.from);
    doc["to"] = formatIso8601(r.to);
    doc["createdAt"] = formatIso8601(r.createdAt);
    doc["createdBy"] = r.createdBy;
    doc["tickets"] = r.tickets;
    doc["gross"] = r.grossMinor;
    doc["tax"] = r.taxMinor;
    doc["refundedTickets"] = r.refundedTickets;
    doc["refunds"] = r.refundsMinor;
    doc["refundTax"] = r.refundTaxMinor;
    doc["voidedTickets"] = r.voidedTickets;
    doc["voids"] = r.voidsMinor;
    doc["net"] = r.netMinor();
    doc["byFilm"] = linesJson(r.byFilm);
    doc["byShow"] = linesJson(r.byShow);
    doc["byScreen"] = linesJson(r.byScreen);
    doc["byTicketType"] = linesJson(r.byTicketType);
    doc["byCashier"] = linesJson(r.byCashier);
    doc["byHour"] = linesJson(r.byHour);
    auto& methods = doc["byPaymentMethod"] = nlohmann::json::array();
    for (const auto& m : r.byPaymentMethod)
        methods.push_back({{"method", m.method}, {"taken", m.takenMinor}, {"refunded", m.refundedMinor}});
    auto& rates = doc["byTaxRate"] = nlohmann::json::array();
    for (const auto& t : r.byTaxRate)
        rates.push_back({{"rateBasisPoints", t.rateBasisPoints}, {"gross", t.grossMinor}, {"tax", t.taxMinor}});
    auto& occupancy = doc["occupancy"] = nlohmann::json::array();
    for (const auto& o : r.occupancy) {
        occupancy.push_back({{"show", o.showId},
                             {"film", o.film},
                             {"screen", o.screen},
                             {"start", formatIso8601(o.start)},
                             {"capacity", o.capacity},
                             {"sold", o.sold}});
    }
    auto& refunds = doc["refundList"] = nlohmann::json::array();
    for (const auto& f : r.refunds) {
        refunds.push_back({{"refund", f.refundId},
                           {"booking", f.bookingReference},
                           {"amount", f.amountMinor},
                           {"seats", f.seats},
                           {"reason", f.reason},
                           {"staff", f.staff},
                           {"at", formatIso8601(f.at)},
                           {"void", f.isVoid}});
    }
    auto& overrides = doc["overrides"] = nlohmann::json::array();
    for (const auto& o : r.overrides) {
        overrides.push_back({{"booking", o.bookingReference},
                             {"seat", o.seat},
                             {"price", o.priceMinor},
                             {"reason", o.reason},
                             {"staff", o.staff}});
    }
    auto& shifts = doc["shifts"] = nlohmann::json::array();
    for (const auto& s : r.shifts) {
        nlohmann::json j{{"shift", s.shiftId},
                         {"staff", s.staff},
                         {"device", s.device},
                         {"open", s.open},
                         {"float", s.floatMinor},
                         {"cashSales", s.cashSalesMinor},
                         {"cashRefunds", s.cashRefundsMinor},
                         {"cashMovements", s.cashMovementsMinor}};
        if (s.expectedMinor)
            j["expected"] = *s.expectedMinor;
        if (s.countedMinor)
            j["counted"] = *s.countedMinor;
        if (s.varianceMinor)
            j["variance"] = *s.varianceMinor;
        shifts.push_back(j);
    }
    doc["auditSeq"] = r.auditSeq;
    doc["auditHash"] = r.auditHash;
    return doc;
}

Result<DayReport> dayReportFromJson(const nlohmann::json& doc)
{
    try {
        DayReport r;
        if (doc.contains("zNumber"))
            r.zNumber = doc.at("zNumber").get<std::int64_t>();
        r.businessDate = doc.at("businessDate");
        r.cinema = doc.at("cinema");
        r.currency = doc.at("currency");
        r.from = *parseIso8601(doc.at("from").get<std::string>());
        r.to = *parseIso8601(doc.at("to").get<std::string>());
        r.createdAt = *parseIso8601(doc.at("createdAt").get<std::string>());
        r.createdBy = doc.at("createdBy");
        r.tickets = doc.at("tickets");
        r.grossMinor = doc.at("gross");
        r.taxMinor = doc.at("tax");
        r.refundedTickets = doc.at("refundedTickets");
        r.refundsMinor = doc.at("refunds");
        r.refundTaxMinor = doc.at("refundTax");
        // Z-reports made before voids were told apart have neither field.
        r.voidedTickets = doc.value("voidedTickets", std::int64_t(0));
        r.voidsMinor = doc.value("voids", std::int64_t(0));
        r.byFilm = linesFromJson(doc.at("byFilm"));
        r.byShow = linesFromJson(doc.at("byShow"));
        r.byScreen = linesFromJson(doc.at("byScreen"));
        r.byTicketType = linesFromJson(doc.at("byTicketType"));
        r.byCashier = linesFromJson(doc.at("byCashier"));
        r.byHour = linesFromJson(doc.at("byHour"));
        for (const auto& m : doc.at("byPaymentMethod"))
            r.byPaymentMethod.push_back({m.at("method"), m.at("taken"), m.at("refunded")});
        for (const auto& t : doc.at("byTaxRate"))
            r.byTaxRate.push_back({t.at("rateBasisPoints"), t.at("gross"), t.at("tax")});
        for (const auto& o : doc.at("occupancy")) {
            r.occupancy.push_back({o.at("show"), o.at("film"), o.at("screen"),
                                   *parseIso8601(o.at("start").get<std::string>()), o.at("capacity"), o.at("sold")});
        }
        for (const auto& f : doc.at("refundList")) {
            r.refunds.push_back({f.at("refund"), f.at("booking"), f.at("amount"), f.at("seats"), f.at("reason"),
                                 f.at("staff"), *parseIso8601(f.at("at").get<std::string>()), f.value("void", false)});
        }
        for (const auto& o : doc.at("overrides"))
            r.overrides.push_back({o.at("booking"), o.at("seat"), o.at("price"), o.at("reason"), o.at("staff")});
        for (const auto& s : doc.at("shifts")) {
            ShiftLine line;
            line.shiftId = s.at("shift");
            line.staff = s.at("staff");
            line.device = s.at("device");
            line.open = s.at("open");
            line.floatMinor = s.at("float");
            line.cashSalesMinor = s.at("cashSales");
            line.cashRefundsMinor = s.at("cashRefunds");
            line.cashMovementsMinor = s.at("cashMovements");
            if (s.contains("expected"))
                line.expectedMinor = s.at("expected").get<std::int64_t>();
            if (s.contains("counted"))
                line.countedMinor = s.at("counted").get<std::int64_t>();
            if (s.contains("variance"))
                line.varianceMinor = s.at("variance").get<std::int64_t>();
            r.shifts.push_back(line);
        }
        r.auditSeq = doc.at("auditSeq");
        r.auditHash = doc.at("auditHash");
        return r;
    } catch (const std::exception& e) {
        return fail(ErrorCode::ParseError, std::string("a stored report is damaged: ") + e.what());
    }
}

std::string toCsv(const DayReport& r)
{
    const Currency currency = Currency::fromCode(r.currency).value_or(Currency());
    auto amount = [&](std::int64_t minor) { return decimal(minor, currency); };
    std::ostringstream out;
    out << "section,key,label,tickets,gross,tax,extra\n";
    auto row = [&](const std::string& section, const std::string& key, const std::string& label, std::int64_t tickets,
                   std::int64_t gross, std::int64_t tax, const std::string& extra = {}) {
        out << section << ',' << csvField(key) << ',' << csvField(label) << ',' << tickets << ',' << amount(gross)
            << ',' << amount(tax) << ',' << csvField(extra) << '\n';
    };
    row("summary", r.zNumber ? "Z" + std::to_string(*r.zNumber) : "X", r.cinema + " " + r.businessDate, r.tickets,
        r.grossMinor, r.taxMinor, r.currency);
    row("refunds_total", "", "refunds", r.refundedTickets, -r.refundsMinor, -r.refundTaxMinor);
    row("voids_total", "", "of which voids", r.voidedTickets, -r.voidsMinor, 0);
    row("net", "", "net sales", r.tickets - r.refundedTickets, r.netMinor(), r.taxMinor - r.refundTaxMinor);
    const std::pair<const char*, const std::vector<ReportLine>*> sections[] = {
        {"film", &r.byFilm},       {"show", &r.byShow}, {"screen", &r.byScreen}, {"ticket_type", &r.byTicketType},
        {"cashier", &r.byCashier}, {"hour", &r.byHour}};
    for (const auto& [name, lines] : sections) {
        for (const auto& l : *lines)
            row(name, l.key, l.label, l.tickets, l.grossMinor, l.taxMinor);
    }
    for (const auto& m : r.byPaymentMethod)
        row("payment", m.method, m.method, 0, m.netMinor(), 0,
            "taken " + amount(m.takenMinor) + " refunded " + amount(m.refundedMinor));
    for (const auto& t : r.byTaxRate) {
        char rate[16];
        std::snprintf(rate, sizeof rate, "%d.%02d%%", t.rateBasisPoints / 100, t.rateBasisPoints % 100);
        row("tax_rate", std::to_string(t.rateBasisPoints), rate, 0, t.grossMinor, t.taxMinor,
            "net " + amount(t.netMinor()));
    }
    for (const auto& o : r.occupancy)
        row("occupancy", o.showId, o.film + " " + o.screen, o.sold, 0, 0,
            std::to_string(o.sold) + "/" + std::to_string(o.capacity));
    for (const auto& f : r.refunds)
        row(f.isVoid ? "void" : "refund", f.bookingReference, f.reason, f.seats, -f.amountMinor, 0, f.staff);
    for (const auto& o : r.overrides)
        row("override", o.bookingReference, o.reason, 1, o.priceMinor, 0, o.seat + " by " + o.staff);
    for (const auto& s : r.shifts) {
        row("shift", s.shiftId, s.staff + " on " + s.device, 0, s.expectedMinor.value_or(0), 0,
            s.varianceMinor ? "counted " + amount(s.countedMinor.value_or(0)) + " variance " + amount(*s.varianceMinor)
                            : std::string("open"));
    }
    return out.str();
}

} // namespace marquee
