#include "CounterDatabase.h"

#include "CashRegister.h"
#include "CinemaTime.h"
#include "DemoCinema.h"
#include "StaffRoster.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace marquee {

QString CounterDatabase::defaultPath(bool demo)
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           (demo ? QStringLiteral("/demo.sqlite") : QStringLiteral("/marquee.sqlite"));
}

Result<std::unique_ptr<LocalStore>> CounterDatabase::open(const QString& path, const Clock& clock, bool connected,
                                                          const std::string& device)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        return fail(ErrorCode::Io, "cannot create the folder for " + path.toStdString());
    }
    // The UI thread calls the store: if another process holds the write lock, give up after
    // two seconds and say so (the sale can be retried with the same ids) instead of freezing.
    LocalStore::Options options;
    options.busyTimeoutMs = kBusyTimeoutMs;
    options.connected = connected;
    options.device = device;
    return LocalStore::open(QFile::encodeName(path).toStdString(), clock, options);
}

Result<bool> CounterDatabase::ensureDemoWeek(LocalStore& store, const Clock& clock)
{
    auto catalog = store.catalog(LocalStore::CatalogPart::WithoutShows);
    const bool fresh = !catalog || catalog->screens().empty();
    if (!fresh && catalog->cinema().id != "demo") {
        return false;
    }
    std::string zone = fresh ? std::string() : catalog->cinema().timeZone;
    if (zone.empty()) {
        // The demo's own zone: read it from the demo files.
        auto probe = buildDemoCatalog(
            defaultDemoDirectory(),
            std::chrono::year_month_day(std::chrono::year(2026), std::chrono::December, std::chrono::day(1)), 1);
        if (!probe) {
            return std::unexpected(probe.error());
        }
        zone = probe->cinema().timeZone;
    }
    // The engine's business day (cut-off setting), in the demo's zone even before it is imported.
    BusinessDayRule rule;
    if (auto stored = CashRegister(store).businessDayRule()) {
        rule = *stored;
    }
    if (auto demoZone = TimeZone::load(zone)) {
        rule.zone = *demoZone;
    }
    const CinemaTime time(rule);
    const QDate today = time.businessDate(clock.now());
    if (!fresh) {
        auto shows = store.showsBetween(time.businessDayStart(today), time.businessDayEnd(today));
        if (shows && !shows->empty()) {
            return false;
        }
    }
    auto demo = buildDemoCatalog(defaultDemoDirectory(), CinemaTime::toYmd(today));
    if (!demo) {
        return std::unexpected(demo.error());
    }
    if (auto imported = store.importCatalog(*demo); !imported) {
        return std::unexpected(imported.error());
    }
    return true;
}

Result<bool> CounterDatabase::ensureDemoStaff(LocalStore& store)
{
    auto cinema = store.cinema();
    if (!cinema || cinema->id != "demo") {
        return false;
    }
    StaffRoster roster(store);
    auto staff = roster.list();
    if (!staff) {
        return std::unexpected(staff.error());
    }
    if (!staff->empty()) {
        return false;
    }
    const struct
    {
        const char* name;
        StaffRole role;
        const char* pin;
    } demo[] = {{"Meera", StaffRole::Manager, "2468"},
                {"Ravi", StaffRole::Supervisor, "1357"},
                {"Asha", StaffRole::Cashier, "1111"},
                {"Kabir", StaffRole::Cashier, "2222"}};
    for (const auto& member : demo) {
        if (auto added = roster.add(member.name, member.role, member.pin); !added) {
            return std::unexpected(added.error());
        }
    }
    return true;
}

} // namespace marquee
