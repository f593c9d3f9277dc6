#pragma once
// A counter database as after a year of a busy cinema: the demo cinema's shows from a year
// ago to a week ahead, and about `seats` booked seats in the past shows (bookings of up to
// four seats, ticket lines, claims and cash payments), written with direct SQL in one
// transaction so a million seats take seconds, not the hours a million confirm() calls would.

#include "Clock.h"
#include "Error.h"

#include <cstdint>
#include <string>

namespace marquee::bench {

struct BusyYearStats
{
    std::int64_t shows = 0;
    std::int64_t bookings = 0;
    std::int64_t seats = 0;
};

Result<BusyYearStats> writeBusyYearDatabase(const std::string& path, Timestamp today, std::int64_t seats);

} // namespace marquee::bench
