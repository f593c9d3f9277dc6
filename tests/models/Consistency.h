#pragma once
// Checks a counter database for the invariants of DESIGN.md, so the contention and crash
// tests can say exactly what broke: a seat booked twice, a half-written booking, a claim
// without its hold, money that does not add up.

#include "Database.h"

#include <string>
#include <vector>

namespace marquee::test {

inline std::vector<std::string> consistencyProblems(Database& db)
{
    std::vector<std::string> problems;
    auto check = [&](const char* what, const char* sql) {
        auto stmt = db.prepare(sql);
        if (!stmt) {
            problems.push_back(std::string(what) + ": " + stmt.error().message);
            return;
        }
        auto row = stmt->step();
        if (!row) {
            problems.push_back(std::string(what) + ": " + row.error().message);
        } else if (*row) {
            problems.push_back(std::string(what) + " (e.g. " + stmt->text(0) + ")");
        }
    };
    {
        auto stmt = db.prepare("PRAGMA integrity_check");
        if (!stmt || !*stmt->step() || stmt->text(0) != "ok") {
            problems.push_back("integrity_check failed");
        }
    }
    check("a seat is in two live ticket lines",
          "SELECT show_id || '/' || seat_id FROM ticket_lines WHERE state = 'BOOKED' "
          "GROUP BY show_id, seat_id HAVING count(*) > 1");
    check("a booked ticket line has no matching claim",
          "SELECT t.booking_id FROM ticket_lines AS t LEFT JOIN claims AS c "
          "ON c.show_id = t.show_id AND c.seat_id = t.seat_id AND c.state = 'BOOKED' AND c.booking_id = t.booking_id "
          "WHERE t.state = 'BOOKED' AND c.seat_id IS NULL");
    check("a booked claim has no live ticket line",
          "SELECT c.booking_id FROM claims AS c LEFT JOIN ticket_lines AS t "
          "ON t.booking_id = c.booking_id AND t.seat_id = c.seat_id AND t.state = 'BOOKED' "
          "WHERE c.state = 'BOOKED' AND t.seat_id IS NULL");
    check("a held claim belongs to a hold that is not held", "SELECT c.hold_id FROM claims AS c JOIN holds AS h USING "
                                                             "(hold_id) WHERE c.state = 'HELD' AND h.state <> 'HELD'");
    check("a live hold is missing some of its seats",
          "SELECT h.hold_id FROM holds AS h WHERE h.state = 'HELD' AND json_array_length(h.seats) <> "
          "(SELECT count(*) FROM claims AS c WHERE c.hold_id = h.hold_id AND c.state = 'HELD')");
    check("a booked hold has no booking",
          "SELECT h.hold_id FROM holds AS h LEFT JOIN bookings AS b ON b.hold_id = h.hold_id "
          "WHERE h.state = 'BOOKED' AND b.booking_id IS NULL");
    check("a booking's hold is not booked",
          "SELECT b.booking_id FROM bookings AS b JOIN holds AS h ON h.hold_id = b.hold_id WHERE h.state <> 'BOOKED'");
    check("a booking has no ticket lines", "SELECT b.booking_id FROM bookings AS b WHERE NOT EXISTS "
                                           "(SELECT 1 FROM ticket_lines AS t WHERE t.booking_id = b.booking_id)");
    check("a booking's lines do not add up to its total",
          "SELECT b.booking_id FROM bookings AS b WHERE b.total_minor <> "
          "(SELECT coalesce(sum(price_minor), 0) FROM ticket_lines AS t WHERE t.booking_id = b.booking_id)");
    check("a booking's payments do not add up to its total",
          "SELECT b.booking_id FROM bookings AS b WHERE b.total_minor <> "
          "(SELECT coalesce(sum(amount_minor), 0) FROM payments AS p WHERE p.booking_id = b.booking_id)");
    check("a refund's amount is not its seats' value",
          "SELECT r.refund_id FROM refunds AS r WHERE r.amount_minor <> "
          "(SELECT coalesce(sum(price_minor), 0) FROM ticket_lines AS t WHERE t.refund_id = r.refund_id)");
    check("a refund's money back does not add up",
          "SELECT r.refund_id FROM refunds AS r WHERE r.amount_minor <> "
          "(SELECT coalesce(sum(amount_minor), 0) FROM refund_payments AS p WHERE p.refund_id = r.refund_id)");
    check("a refunded ticket line has no refund",
          "SELECT t.booking_id FROM ticket_lines AS t LEFT JOIN refunds AS r ON r.refund_id = t.refund_id "
          "WHERE t.state = 'REFUNDED' AND r.refund_id IS NULL");
    return problems;
}

} // namespace marquee::test
