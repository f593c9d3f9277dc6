// Day report benchmark. Prints:
//   RESULT zreport_1m_lines_ms <median> ms   Z-report for one day from a database holding
//                                            1,000,000 ticket lines over a year
// and, as a baseline in the same run, the time of one bare aggregate over that day's
// lines (zreport_baseline_sum_ms).
#include "CashRegister.h"
#include "DayReport.h"
#include "DemoCinema.h"
#include "StaffRoster.h"
#include "Uuid.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

using namespace marquee;
using namespace std::chrono;
using Steady = steady_clock;

namespace {
void check(const Result<int>& r)
{
    if (!r) {
        std::fprintf(stderr, "generating the database failed: %s\n", r.error().message.c_str());
        std::exit(1);
    }
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
} // namespace

int main()
{
    const auto dir = std::filesystem::temp_directory_path() / ("marquee-bench-" + newUuid());
    std::filesystem::create_directories(dir);
    const year_month_day first{year{2026}, month{1}, day{1}};
    ManualClock clock(*parseIso8601("2026-12-31T12:00:00Z"));
    auto store = *LocalStore::open((dir / "year.sqlite").string(), clock);
    const auto t0 = Steady::now();
    auto catalog = buildDemoCatalog(MARQUEE_SOURCE_DIR "/resources/demo", first, 365);
    if (!catalog) {
        std::fprintf(stderr, "%s\n", catalog.error().message.c_str());
        return 1;
    }
    (void)store->importCatalog(*catalog);
    auto manager = *StaffRoster(*store).add("Meera", StaffRole::Manager, "3333");

    // A year of sales written directly: the report's cost is reading, not how rows came.
    auto& db = store->database();
    (void)db.exec("BEGIN");
    std::mt19937 random(42);
    const auto& shows = catalog->shows();
    const std::int64_t target = 1'000'000;
    std::int64_t lines = 0;
    std::size_t showIndex = 0;
    const char* types[] = {"adult", "adult", "adult", "child", "senior"};
    while (lines < target) {
        const Show& show = shows[showIndex++ % shows.size()];
        auto layout = *store->layoutForShow(show.id);
        const bool lounge = show.screenId == "screen-1";
        // Sell a share of the house, two seats per booking, in the hours before the show.
        const std::size_t seats = std::min<std::size_t>(layout->seatCount(), std::size_t(target - lines));
        const std::size_t sold = seats * (40 + random() % 50) / 100;
        for (std::size_t i = 0; i + 1 < sold; i += 2) {
            const std::string bookingId = newUuid();
            const std::int64_t soldAt = toEpochMs(show.start) - std::int64_t(random() % (6 * 3600)) * 1000;
            struct Line
            {
                const Seat* seat;
                std::string type;
                std::int64_t price, tax;
            } pair[2];
            std::int64_t total = 0, tax = 0;
            for (std::size_t k = 0; k < 2; ++k) {
                const Seat& seat = layout->seat(int(i + k));
                const std::string type = lounge ? "adult" : types[random() % 5];
                const std::int64_t price = lounge ? 65000 : (type == "adult" ? 25000 : 18000);
                pair[k] = {&seat, type, price, Money(price, catalog->cinema().currency).taxPartInclusive(1800).minor()};
                total += price;
                tax += pair[k].tax;
            }
            check(db.cached("INSERT INTO bookings(booking_id, reference, show_id, state, currency, total_minor, "
                            "tax_minor, sold_at, staff, device) VALUES(?1, ?2, ?3, 'CONFIRMED', 'INR', ?4, ?5, ?6, "
                            "?7, 'counter')")
                      .bind(1, bookingId)
                      .bind(2, bookingReferenceFor(bookingId))
                      .bind(3, show.id)
                      .bind(4, total)
                      .bind(5, tax)
                      .bind(6, soldAt)
                      .bind(7, manager.id)
                      .exec());
            for (const Line& line : pair) {
                check(db.cached("INSERT INTO ticket_lines(booking_id, show_id, seat_id, category, ticket_type, "
                                "price_minor, tax_minor, tax_rate_bp, state) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 1800, "
                                "'BOOKED')")
                          .bind(1, bookingId)
                          .bind(2, show.id)
                          .bind(3, line.seat->id)
                          .bind(4, layout->categories()[std::size_t(line.seat->category)].id)
                          .bind(5, line.type)
                          .bind(6, line.price)
                          .bind(7, line.tax)
                          .exec());
                check(db.cached("INSERT INTO claims(show_id, seat_id, state, booking_id) VALUES(?1, ?2, 'BOOKED', ?3)")
                          .bind(1, show.id)
                          .bind(2, line.seat->id)
                          .bind(3, bookingId)
                          .exec());
                ++lines;
            }
            check(db.cached("INSERT INTO payments(payment_id, booking_id, method, amount_minor, created_at) "
                            "VALUES(?1, ?2, ?3, ?4, ?5)")
                      .bind(1, newUuid())
                      .bind(2, bookingId)
                      .bind(3, random() % 3 == 0 ? "CASH" : "CARD_TERMINAL")
                      .bind(4, total)
                      .bind(5, soldAt)
                      .exec());
        }
        if (showIndex > shows.size() * 4)
            break;
    }
    (void)db.exec("COMMIT; ANALYZE");
    std::fprintf(stderr, "generated %lld ticket lines in %.1f s\n", static_cast<long long>(lines),
                 duration<double>(Steady::now() - t0).count());

    DayReports reports(*store);
    std::vector<double> times, baseline;
    for (int d = 100; d < 107; ++d) {
        const BusinessDate date{sys_days{first} + days{d}};
        auto rule = CashRegister(*store).businessDayRule();
        const auto b0 = Steady::now();
        auto& sum = db.cached("SELECT count(*), sum(t.price_minor) FROM bookings AS b JOIN ticket_lines AS t "
                              "USING (booking_id) WHERE b.sold_at >= ?1 AND b.sold_at < ?2");
        sum.bind(1, toEpochMs(rule->start(date))).bind(2, toEpochMs(rule->end(date)));
        (void)sum.step();
        sum.reset();
        baseline.push_back(duration<double, std::milli>(Steady::now() - b0).count());
        const auto z0 = Steady::now();
        auto z = reports.closeDay(date, manager.id);
        times.push_back(duration<double, std::milli>(Steady::now() - z0).count());
        if (!z || z->tickets == 0) {
            std::fprintf(stderr, "Z-report failed: %s\n", z ? "no sales" : z.error().message.c_str());
            return 1;
        }
    }
    std::printf("RESULT zreport_baseline_sum_ms %.3f ms\n", median(baseline));
    std::printf("RESULT zreport_1m_lines_ms %.3f ms\n", median(times));
    store.reset();
    std::filesystem::remove_all(dir);
    return 0;
}
