#include "BusinessDay.h"

#include <charconv>
#include <cstdio>

namespace marquee {

using namespace std::chrono;

BusinessDate BusinessDayRule::dateOf(Timestamp t) const
{
    const LocalTime local = zone.toLocal(t) - cutoff;
    return year_month_day{floor<days>(local)};
}

Timestamp BusinessDayRule::start(BusinessDate date) const
{
    return zone.fromLocal(LocalTime(local_days{date}.time_since_epoch() + cutoff));
}

Timestamp BusinessDayRule::end(BusinessDate date) const
{
    return start(year_month_day{sys_days{date} + days{1}});
}

std::string formatDate(BusinessDate date)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", int(date.year()), unsigned(date.month()),
                  unsigned(date.day()));
    return buffer;
}

Result<BusinessDate> parseDate(const std::string& text)
{
    int y = 0;
    unsigned m = 0, d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
        std::from_chars(text.data(), text.data() + 4, y).ec != std::errc{} ||
        std::from_chars(text.data() + 5, text.data() + 7, m).ec != std::errc{} ||
        std::from_chars(text.data() + 8, text.data() + 10, d).ec != std::errc{}) {
        return fail(ErrorCode::InvalidArgument, "a date looks like 2026-12-03: '" + text + "'");
    }
    const year_month_day date{year{y}, month{m}, day{d}};
    if (!date.ok())
        return fail(ErrorCode::InvalidArgument, "no such date: '" + text + "'");
    return date;
}

Result<minutes> parseCutoff(const std::string& text)
{
    int h = 0, m = 0;
    if (text.size() != 5 || text[2] != ':' || std::from_chars(text.data(), text.data() + 2, h).ec != std::errc{} ||
        std::from_chars(text.data() + 3, text.data() + 5, m).ec != std::errc{} || h > 12 || m > 59) {
        return fail(ErrorCode::InvalidArgument, "a cut-off is a time between 00:00 and 12:00, like 06:00");
    }
    return minutes(h * 60 + m);
}

} // namespace marquee
