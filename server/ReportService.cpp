#include "ReportService.h"

#include "TimeZone.h"

#include <cstdio>
#include <map>

namespace marquee::server {

Reply ReportService::daily(Transaction& tx, const std::string& businessDate)
{
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (businessDate.size() != 10 || std::sscanf(businessDate.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
        return badField(400, "business_date", "business_date: expected YYYY-MM-DD");
    }
    const std::chrono::year_month_day day{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
    if (!day.ok())
        return badField(400, "business_date", "business_date: not a calendar date");
    auto snapshot = m_catalog.current();
    if (!snapshot)
        return problem(503, "database_unavailable", snapshot.error().message).header("Retry-After", "1");
    auto zone = TimeZone::load((*snapshot)->catalog.cinema().timeZone);
    if (!zone)
        zone = TimeZone::utc();
    const LocalTime localStart = LocalTime(std::chrono::local_days(day).time_since_epoch()) + m_cutoff;
    const Timestamp from = zone->fromLocal(localStart);
    const Timestamp to = zone->fromLocal(localStart + std::chrono::days(1));
    const auto fromMs = static_cast<long long>(toEpochMs(from));
    const auto toMs = static_cast<long long>(toEpochMs(to));
    auto& db = tx.db();
    const std::string range =
        "to_timestamp($1::double precision / 1000) AND b.sold_at < to_timestamp($2::double precision / 1000)";

    nlohmann::json shows = nlohmann::json::array();
    long long tickets = 0, gross = 0, tax = 0;
    for (const auto& row : db.exec_params("SELECT t.show_id, count(*), sum(t.price_minor), sum(t.tax_minor) "
                                          "FROM ticket_lines t JOIN bookings b USING (booking_id) "
                                          "WHERE b.sold_at >= " +
                                              range + " GROUP BY t.show_id ORDER BY t.show_id",
                                          fromMs, toMs)) {
        shows.push_back({{"show_id", row[0].c_str()},
                         {"tickets", row[1].as<long long>()},
                         {"gross_minor", row[2].as<long long>()},
                         {"tax_minor", row[3].as<long long>()}});
        tickets += row[1].as<long long>();
        gross += row[2].as<long long>();
        tax += row[3].as<long long>();
    }
    std::map<std::string, nlohmann::json> methods;
    for (const auto& row : db.exec_params("SELECT p.method, count(*), sum(p.amount_minor) FROM payments p "
                                          "JOIN bookings b USING (booking_id) WHERE b.sold_at >= " +
                                              range + " GROUP BY p.method",
                                          fromMs, toMs)) {
        methods[row[0].c_str()] = {{"method", row[0].c_str()},
                                   {"count", row[1].as<long long>()},
                                   {"amount_minor", row[2].as<long long>()},
                                   {"refunded_minor", 0}};
    }
    long long refundedTotal = 0;
    for (const auto& row : db.exec_params("SELECT rp.method, sum(rp.amount_minor) FROM refund_payments rp "
                                          "JOIN refunds r USING (refund_id) WHERE r.created_at >= "
                                          "to_timestamp($1::double precision / 1000) AND "
                                          "r.created_at < to_timestamp($2::double precision / 1000) GROUP BY rp.method",
                                          fromMs, toMs)) {
        auto& entry = methods[row[0].c_str()];
        if (entry.is_null())
            entry = {{"method", row[0].c_str()}, {"count", 0}, {"amount_minor", 0}};
        entry["refunded_minor"] = row[1].as<long long>();
        refundedTotal += row[1].as<long long>();
    }
    nlohmann::json payments = nlohmann::json::array();
    for (auto& [method, entry] : methods) {
        entry["net_minor"] = entry["amount_minor"].get<long long>() - entry["refunded_minor"].get<long long>();
        payments.push_back(entry);
    }
    return Reply::json(200, {{"business_date", businessDate},
                             {"time_zone", zone->name()},
                             {"from", formatIso8601(from)},
                             {"to", formatIso8601(to)},
                             {"currency", std::string((*snapshot)->catalog.cinema().currency.code())},
                             {"shows", shows},
                             {"payments", payments},
                             {"totals",
                              {{"tickets", tickets},
                               {"gross_minor", gross},
                               {"tax_minor", tax},
                               {"refunded_minor", refundedTotal},
                               {"net_minor", gross - refundedTotal}}}});
}

} // namespace marquee::server
