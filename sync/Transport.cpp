#include "Transport.h"

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace marquee {

namespace {
bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}
} // namespace

void HttpHeaders::add(std::string name, std::string value)
{
    m_fields.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> HttpHeaders::find(std::string_view name) const
{
    for (const auto& [fieldName, value] : m_fields) {
        if (equalsIgnoringCase(fieldName, name))
            return value;
    }
    return std::nullopt;
}

std::optional<Timestamp> parseHttpDate(std::string_view text)
{
    // Fixed layout: "Sun, 06 Nov 1994 08:49:37 GMT" is exactly 29 characters.
    if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT")
        return std::nullopt;
    static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::string_view monthName = text.substr(8, 3);
    unsigned month = 0;
    for (unsigned i = 0; i < kMonths.size(); ++i) {
        if (kMonths[i] == monthName)
            month = i + 1;
    }
    auto number = [&](std::size_t at, std::size_t length, int& out) {
        out = 0;
        for (std::size_t i = at; i < at + length; ++i) {
            if (!std::isdigit(static_cast<unsigned char>(text[i])))
                return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    int day = 0, year = 0, hour = 0, minute = 0, second = 0;
    if (month == 0 || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' || text[19] != ':' || text[22] != ':' ||
        !number(5, 2, day) || !number(12, 4, year) || !number(17, 2, hour) || !number(20, 2, minute) ||
        !number(23, 2, second) || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                           std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok())
        return std::nullopt;
    const auto seconds = std::chrono::sys_days(date).time_since_epoch() + std::chrono::hours(hour) +
                         std::chrono::minutes(minute) + std::chrono::seconds(second);
    return Timestamp(std::chrono::duration_cast<Duration>(seconds));
}

} // namespace marquee
