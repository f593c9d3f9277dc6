#pragma once
// The business day: sales after midnight but before the cut-off (default 06:00 local)
// belong to the day before, so the 00:30 show is on yesterday's Z-report.

#include "Clock.h"
#include "TimeZone.h"

#include <chrono>
#include <string>

namespace marquee {

using BusinessDate = std::chrono::year_month_day;

struct BusinessDayRule
{
    TimeZone zone = TimeZone::utc();
    std::chrono::minutes cutoff{6 * 60};

    BusinessDate dateOf(Timestamp t) const;
    // [start, end) in UTC.
    Timestamp start(BusinessDate date) const;
    Timestamp end(BusinessDate date) const;
};

std::string formatDate(BusinessDate date); // 2026-12-03
Result<BusinessDate> parseDate(const std::string& text);
// "06:00" <-> minutes after midnight.
Result<std::chrono::minutes> parseCutoff(const std::string& text);

} // namespace marquee
