#pragma once
// The cinema's time zone, read from the system's TZif files (/usr/share/zoneinfo), so the
// Qt-free layers can turn "20:30 local on the 5th" into UTC and find the business day.
// Screens use QTimeZone for display; both read the same tz database.

#include "Clock.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace marquee {

using LocalTime = std::chrono::local_time<std::chrono::milliseconds>;

class TimeZone
{
public:
    // "Asia/Kolkata", "Europe/Berlin", "UTC", or a fixed offset "UTC+05:30".
    static Result<TimeZone> load(const std::string& name);
    static TimeZone utc();

    const std::string& name() const { return m_name; }
    std::chrono::seconds offsetAt(Timestamp utc) const;
    LocalTime toLocal(Timestamp utc) const;
    // A local wall-clock time to UTC. In a DST gap the time is moved forward by the gap;
    // in an overlap the earlier of the two instants is taken.
    Timestamp fromLocal(LocalTime local) const;

private:
    struct Transition
    {
        std::int64_t at;     // UTC seconds
        std::int32_t offset; // seconds east of UTC from `at` on
    };
    std::string m_name;
    std::int32_t m_initialOffset = 0;
    std::vector<Transition> m_transitions;
};

} // namespace marquee
