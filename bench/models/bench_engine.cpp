// Seat engine benchmarks. Prints `RESULT <name> <value> <unit>` lines:
//   engine_sell_vs_insert_ratio   durable hold+confirm of 2 seats per second, divided by bare
//                                 one-row INSERT commits per second at the same settings
//   best_available_600_us         median time to pick 4 seats at 80 % occupancy, 600 seats
//   best_available_10000_us       the same for 10,000 seats
//   availability_10000_us         median snapshot time for a 10,000-seat show at 80 %
#include "BestSeats.h"
#include "Database.h"
#include "LocalStore.h"
#include "Uuid.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <sqlite3.h>
#include <vector>

using namespace marquee;
using Clock_ = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void result(const char* name, double value, const char* unit)
{
    std::printf("RESULT %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

// rows x perRow seats in three blocks with two aisles.
SeatLayout generatedLayout(const std::string& id, int rows, int perRow)
{
    nlohmann::json doc{{"id", id}, {"name", id}, {"categories", {{{"id", "standard"}}}}};
    auto& jsonRows = doc["rows"] = nlohmann::json::array();
    const int side = perRow / 4;
    const int middle = perRow - 2 * side;
    for (int r = 0; r < rows; ++r) {
        const std::string label = "R" + std::to_string(r + 1) + "-";
        jsonRows.push_back({{"label", label},
                            {"y", r * 1.1},
                            {"seats",
                             {{{"from", 1}, {"to", side}, {"x", 0}},
                              {{"from", side + 1}, {"to", side + middle}, {"x", side + 1}},
                              {{"from", side + middle + 1}, {"to", perRow}, {"x", side + middle + 2}}}}});
    }
    return *SeatLayout::fromJson(doc, id);
}

Catalog benchCatalog(const SeatLayout& layout, int shows)
{
    Catalog catalog;
    catalog.cinema() = Cinema{"bench", "Bench Cinema", "", "UTC", *Currency::fromCode("INR"), ""};
    catalog.addScreen(layout);
    catalog.addFilm(Film{"film", "Film", 120, "U", "en", {}});
    PriceList list{
        "p", "p", *Currency::fromCode("INR"), {{"adult", "Adult", {{"standard", 25000}}}}, {{std::nullopt, 1800}}};
    catalog.addPriceList(list);
    const Timestamp start = *parseIso8601("2030-01-01T10:00:00Z");
    for (int i = 0; i < shows; ++i) {
        catalog.addShow(Show{"show-" + std::to_string(i), "film", layout.id(), start + std::chrono::hours(3 * i),
                             start + std::chrono::hours(3 * i + 2), "en", "2D", "p"});
    }
    return catalog;
}

std::vector<SeatState> occupied(const SeatLayout& layout, double share, unsigned seed)
{
    std::vector<SeatState> states(layout.seatCount(), SeatState::Available);
    std::mt19937 random(seed);
    std::bernoulli_distribution taken(share);
    for (auto& s : states)
        s = taken(random) ? SeatState::Booked : SeatState::Available;
    return states;
}

void benchSellVsInsert(const std::filesystem::path& dir, bool durableHolds)
{
    SystemClock clock;
    const SeatLayout layout = generatedLayout("sell", 20, 30);
    LocalStore::Options options;
    options.durableHolds = durableHolds;
    const std::string suffix = durableHolds ? "-durable-holds" : "";
    auto store = *LocalStore::open((dir / ("sell" + suffix + ".sqlite")).string(), clock, options);
    (void)store->importCatalog(benchCatalog(layout, 4));

    // Baseline: one-row INSERT commits at the same settings (WAL, synchronous=FULL).
    auto plain = *Database::open((dir / ("insert" + suffix + ".sqlite")).string());
    (void)plain->exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(id TEXT PRIMARY KEY, v INTEGER)");
    // Inserts and sales alternate in small rounds, so both see the same disk and load.
    const int n = 400, round = 25;
    std::vector<std::string> seats;
    for (const auto& s : layout.seats())
        seats.push_back(s.id);
    int sold = 0, attempted = 0, inserted = 0;
    // Pages each side writes to the WAL (checkpoints not counted): what the fsyncs pay for.
    auto pagesWritten = [](Database& db) {
        int written = 0, hiwater = 0;
        sqlite3_db_status(db.handle(), SQLITE_DBSTATUS_CACHE_WRITE, &written, &hiwater, 1);
        return written;
    };
    (void)pagesWritten(store->database());
    (void)pagesWritten(*plain);
    long holdPages = 0, confirmPages = 0, insertPages = 0;
    double insertSeconds = 0, saleSeconds = 0;
    while (inserted < n) {
        auto t0 = Clock_::now();
        for (int i = 0; i < round; ++i, ++inserted) {
            (void)plain->exec("BEGIN IMMEDIATE");
            (void)plain->cached("INSERT INTO t(id, v) VALUES(?1, ?2)").bind(1, newUuid()).bind(2, inserted).exec();
            (void)plain->exec("COMMIT");
        }
        insertPages += pagesWritten(*plain);
        insertSeconds += std::chrono::duration<double>(Clock_::now() - t0).count();
        t0 = Clock_::now();
        for (int k = 0; k < round; ++k) {
            const int i = attempted + k;
            const std::string show = "show-" + std::to_string(i / 300);
            HoldRequest request{newUuid(),
                                show,
                                {seats[std::size_t(2 * (i % 300))], seats[std::size_t(2 * (i % 300) + 1)]},
                                std::chrono::minutes(5),
                                "bench",
                                std::nullopt,
                                {}};
            auto hold = store->hold(request);
            holdPages += pagesWritten(store->database());
            if (!hold || !hold->granted())
                continue;
            Sale sale;
            sale.bookingId = newUuid();
            for (const auto& seat : hold->hold->seats)
                sale.lines.push_back(TicketLine{seat, "adult", {}, {}, {}, 0, false, {}});
            sale.lines = *store->priceLines(show, sale.lines);
            sale.payments.push_back(
                {newUuid(), PaymentMethod::Cash, Money(50000, *Currency::fromCode("INR")), std::nullopt, ""});
            if (store->confirm(hold->hold->id, sale))
                ++sold;
            confirmPages += pagesWritten(store->database());
        }
        saleSeconds += std::chrono::duration<double>(Clock_::now() - t0).count();
        attempted += round;
    }
    const double insertsPerSecond = inserted / insertSeconds;
    const double salesPerSecond = sold / saleSeconds;
    if (sold != n)
        std::fprintf(stderr, "only %d of %d sales went through\n", sold, n);
    if (durableHolds) {
        // The same with every hold fsynced too: what the NORMAL commit of holds saves.
        result("engine_sell_vs_insert_ratio_durable_holds", salesPerSecond / insertsPerSecond, "x");
        return;
    }
    result("engine_wal_pages_per_hold", double(holdPages) / std::max(sold, 1), "pages");
    result("engine_wal_pages_per_confirm", double(confirmPages) / std::max(sold, 1), "pages");
    result("engine_wal_pages_per_sale", double(holdPages + confirmPages) / std::max(sold, 1), "pages");
    result("engine_wal_pages_per_insert", double(insertPages) / inserted, "pages");
    result("engine_insert_commits_per_s", insertsPerSecond, "1/s");
    result("engine_sales_per_s", salesPerSecond, "1/s");
    result("engine_sell_vs_insert_ratio", salesPerSecond / insertsPerSecond, "x");
}

void benchBestAvailable(const SeatLayout& layout, const char* name)
{
    std::vector<double> times;
    for (int run = 0; run < 301; ++run) {
        const auto states = occupied(layout, 0.8, unsigned(run));
        const auto t0 = Clock_::now();
        const auto best = pickBestSeats(layout, states, {4, std::nullopt, 0});
        times.push_back(std::chrono::duration<double, std::micro>(Clock_::now() - t0).count());
        if (!best.found())
            std::fprintf(stderr, "%s: no seats found\n", name);
    }
    result(name, median(times), "us");
}

void benchAvailability(const std::filesystem::path& dir)
{
    SystemClock clock;
    const SeatLayout layout = generatedLayout("big", 80, 125);
    auto store = *LocalStore::open((dir / "big.sqlite").string(), clock);
    (void)store->importCatalog(benchCatalog(layout, 1));
    // 80 % booked, written directly: the snapshot's cost is reading, not how the rows came.
    auto& db = store->database();
    (void)db.exec("BEGIN");
    const auto states = occupied(layout, 0.8, 7);
    for (std::size_t i = 0; i < states.size(); ++i) {
        if (states[i] != SeatState::Booked)
            continue;
        (void)db.cached("INSERT INTO claims(show_id, seat_id, state, booking_id) VALUES('show-0', ?1, 'BOOKED', ?2)")
            .bind(1, layout.seat(int(i)).id)
            .bind(2, "b" + std::to_string(i))
            .exec();
    }
    (void)db.exec("COMMIT");
    std::vector<double> times;
    for (int run = 0; run < 101; ++run) {
        const auto t0 = Clock_::now();
        auto a = store->availability("show-0");
        times.push_back(std::chrono::duration<double, std::micro>(Clock_::now() - t0).count());
        if (!a || a->booked == 0)
            std::fprintf(stderr, "availability failed\n");
    }
    result("availability_10000_us", median(times), "us");
}

} // namespace

int main()
{
    const auto dir = std::filesystem::temp_directory_path() / ("marquee-bench-" + newUuid());
    std::filesystem::create_directories(dir);
    benchSellVsInsert(dir, false);
    benchSellVsInsert(dir, true);
    benchBestAvailable(*SeatLayout::load(MARQUEE_SOURCE_DIR "/resources/demo/screen-3.json"), "best_available_600_us");
    benchBestAvailable(generatedLayout("ten-thousand", 80, 125), "best_available_10000_us");
    benchAvailability(dir);
    std::filesystem::remove_all(dir);
    return 0;
}
