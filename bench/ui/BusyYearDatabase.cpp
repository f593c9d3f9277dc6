#include "BusyYearDatabase.h"

#include "DemoCinema.h"
#include "LocalStore.h"
#include "TimeZone.h"
#include "Uuid.h"

#include <chrono>
#include <filesystem>

namespace marquee::bench {

#define MQ_BENCH_TRY(expr)                                                                                             \
    do {                                                                                                               \
        if (auto done = (expr); !done) {                                                                               \
            return std::unexpected(done.error());                                                                      \
        }                                                                                                              \
    } while (false)

Result<BusyYearStats> writeBusyYearDatabase(const std::string& path, Timestamp today, std::int64_t seats)
{
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    ManualClock clock(today);
    auto store = LocalStore::open(path, clock);
    if (!store) {
        return std::unexpected(store.error());
    }
    // The demo's zone decides which local day is "today".
    auto probe = buildDemoCatalog(
        defaultDemoDirectory(),
        std::chrono::year_month_day(std::chrono::year(2026), std::chrono::January, std::chrono::day(1)), 1);
    if (!probe) {
        return std::unexpected(probe.error());
    }
    auto zone = TimeZone::load(probe->cinema().timeZone);
    if (!zone) {
        return std::unexpected(zone.error());
    }
    const auto localToday = std::chrono::floor<std::chrono::days>(zone->toLocal(today));
    const std::chrono::year_month_day first{std::chrono::sys_days{localToday.time_since_epoch()} -
                                            std::chrono::days{365}};
    auto catalog = buildDemoCatalog(defaultDemoDirectory(), first, 365 + 8);
    if (!catalog) {
        return std::unexpected(catalog.error());
    }
    if (auto imported = (*store)->importCatalog(*catalog); !imported) {
        return std::unexpected(imported.error());
    }

    Database& db = (*store)->database();
    if (auto fast = db.exec("PRAGMA synchronous=OFF"); !fast) {
        return std::unexpected(fast.error());
    }
    auto tx = Transaction::begin(db);
    if (!tx) {
        return std::unexpected(tx.error());
    }
    auto booking = db.prepare("INSERT INTO bookings(booking_id, reference, show_id, hold_id, state, currency, "
                              "total_minor, tax_minor, sold_at, staff, device) "
                              "VALUES(?1, ?2, ?3, NULL, 'CONFIRMED', ?4, ?5, ?6, ?7, 'Bench', 'counter')");
    auto line = db.prepare("INSERT INTO ticket_lines(booking_id, show_id, seat_id, category, ticket_type, "
                           "price_minor, tax_minor, tax_rate_bp, state) VALUES(?1, ?2, ?3, ?4, 'adult', ?5, ?6, ?7, "
                           "'BOOKED')");
    auto claim = db.prepare("INSERT INTO claims(show_id, seat_id, state, booking_id) VALUES(?1, ?2, 'BOOKED', ?3)");
    auto payment = db.prepare("INSERT INTO payments(payment_id, booking_id, method, amount_minor, tendered_minor, "
                              "created_at) VALUES(?1, ?2, 'CASH', ?3, ?3, ?4)");
    for (auto* s : {&booking, &line, &claim, &payment}) {
        if (!*s) {
            return std::unexpected(s->error());
        }
    }

    // Past shows only, filled evenly up to the number of seats asked for.
    std::int64_t capacity = 0;
    std::vector<const Show*> past;
    for (const Show& show : catalog->shows()) {
        if (show.start < today) {
            past.push_back(&show);
            capacity += std::int64_t(catalog->screen(show.screenId)->seatCount());
        }
    }
    const double share = capacity > 0 ? std::min(1.0, double(seats) / double(capacity)) : 0.0;
    BusyYearStats stats;
    stats.shows = std::int64_t(catalog->shows().size());
    for (const Show* show : past) {
        if (stats.seats >= seats) {
            break;
        }
        auto layout = catalog->screen(show->screenId);
        const PriceList* prices = catalog->priceList(show->priceListId);
        const auto wanted = std::int64_t(double(layout->seatCount()) * share + 0.999);
        std::vector<const Seat*> chosen;
        for (const Seat& seat : layout->seats()) {
            if (std::int64_t(chosen.size()) >= wanted || stats.seats + std::int64_t(chosen.size()) >= seats) {
                break;
            }
            const auto& category = layout->categories()[std::size_t(seat.category)].id;
            if (seat.isSellable() && prices->price("adult", category)) {
                chosen.push_back(&seat);
            }
        }
        for (std::size_t from = 0; from < chosen.size(); from += 4) {
            const std::string bookingId = newUuid();
            const std::size_t to = std::min(chosen.size(), from + 4);
            struct Line
            {
                const Seat* seat;
                std::string category;
                Money price;
                int rate;
                Money tax;
            };
            std::vector<Line> lines;
            std::int64_t total = 0;
            std::int64_t tax = 0;
            for (std::size_t i = from; i < to; ++i) {
                const auto& category = layout->categories()[std::size_t(chosen[i]->category)].id;
                const Money price = *prices->price("adult", category);
                const int rate = prices->taxRateFor(price);
                lines.push_back({chosen[i], category, price, rate, price.taxPartInclusive(rate)});
                total += price.minor();
                tax += lines.back().tax.minor();
            }
            // The booking row first: ticket lines and payments refer to it.
            const std::int64_t soldAt = toEpochMs(show->start) - 3'600'000;
            MQ_BENCH_TRY(booking->bind(1, bookingId)
                             .bind(2, bookingReferenceFor(bookingId))
                             .bind(3, show->id)
                             .bind(4, std::string(prices->currency.code()))
                             .bind(5, total)
                             .bind(6, tax)
                             .bind(7, soldAt)
                             .exec());
            for (const Line& l : lines) {
                MQ_BENCH_TRY(line->bind(1, bookingId)
                                 .bind(2, show->id)
                                 .bind(3, l.seat->id)
                                 .bind(4, l.category)
                                 .bind(5, l.price.minor())
                                 .bind(6, l.tax.minor())
                                 .bind(7, l.rate)
                                 .exec());
                MQ_BENCH_TRY(claim->bind(1, show->id).bind(2, l.seat->id).bind(3, bookingId).exec());
            }
            MQ_BENCH_TRY(payment->bind(1, newUuid()).bind(2, bookingId).bind(3, total).bind(4, soldAt).exec());
            ++stats.bookings;
            stats.seats += std::int64_t(to - from);
        }
    }
    if (auto committed = tx->commit(); !committed) {
        return std::unexpected(committed.error());
    }
    return stats;
}

} // namespace marquee::bench
