#pragma once
// The demo cinema of resources/demo/: three screens, films and INR prices from
// cinema.json, and a week of shows from a given day laid out by its "programme"
// (each screen rotates its films from the first show to the last start of the day).

#include "Catalog.h"

#include <chrono>
#include <string>

namespace marquee {

// `dir` holds cinema.json and its layout files. Shows are made for `days` days starting
// on `firstDay` in the cinema's own time zone.
Result<Catalog> buildDemoCatalog(const std::string& dir, std::chrono::year_month_day firstDay, int days = 7);

// The demo directory of a source checkout or an installed package, whichever exists.
std::string defaultDemoDirectory();

} // namespace marquee
