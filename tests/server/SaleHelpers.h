#pragma once
// Seats and prices of the test catalog's 400-seat show (rows A-J standard, K-T premium),
// shared by the load tests and the benchmarks.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace marquee::test {

inline std::vector<std::string> bigShowSeats()
{
    std::vector<std::string> seats;
    for (char row = 'A'; row <= 'T'; ++row) {
        for (int n = 1; n <= 20; ++n)
            seats.push_back(std::string(1, row) + std::to_string(n));
    }
    return seats;
}

inline std::int64_t adultPrice(const std::string& seat)
{
    return seat[0] <= 'J' ? 25000 : 32000;
}

inline nlohmann::json saleBody(const std::string& bookingId, const std::string& holdId, const std::string& showId,
                               const std::vector<std::string>& seats, const std::string& paymentId)
{
    nlohmann::json lines = nlohmann::json::array();
    std::int64_t total = 0;
    for (const auto& s : seats) {
        lines.push_back({{"seat", s}, {"ticket_type", "adult"}, {"price_minor", adultPrice(s)}});
        total += adultPrice(s);
    }
    return {{"booking_id", bookingId},
            {"hold_id", holdId},
            {"show_id", showId},
            {"seats", lines},
            {"payments", {{{"payment_id", paymentId}, {"method", "CASH"}, {"amount_minor", total}}}},
            {"sold_at", "2030-01-10T10:00:00Z"},
            {"staff", "load"}};
}

} // namespace marquee::test
