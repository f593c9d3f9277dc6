#pragma once
// Opening the counter's database at start: where it lives (the user's data folder unless
// --database says otherwise), seeding a fresh one with the demo cinema, and keeping the
// demo's week of shows current (the demo has shows for a week from the day it was made,
// so a demo database without shows today gets the week from today re-imported; import
// upserts and never touches sales).

#include "LocalStore.h"

#include <QString>
#include <memory>

namespace marquee {

class CounterDatabase
{
public:
    static constexpr int kBusyTimeoutMs = 2000;
    // <AppDataLocation>/marquee.sqlite, or demo.sqlite for the demo cinema.
    static QString defaultPath(bool demo);
    // `connected`: the counter sells through marquee-server (LocalStore::Options::connected),
    // recorded as `device`.
    static Result<std::unique_ptr<LocalStore>> open(const QString& path, const Clock& clock, bool connected = false,
                                                    const std::string& device = "counter");
    // Imports the demo week from today (the cinema's business day) when the database has no
    // catalog yet, or is the demo cinema's and has no shows today. True when it imported.
    static Result<bool> ensureDemoWeek(LocalStore& store, const Clock& clock);
    // The demo cinema's staff, with PINs anyone may know (app/README.md), added when the
    // database is the demo's and has no staff: Meera (manager, 2468), Ravi (supervisor,
    // 1357), Asha and Kabir (cashiers, 1111 and 2222). True when it added them.
    static Result<bool> ensureDemoStaff(LocalStore& store);
};

} // namespace marquee
