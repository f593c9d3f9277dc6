// How fast a counter catches up after a long time offline: 10,000 offline sales (single
// seats from leases) wait in the outbox, then the server is back and the outbox worker
// delivers them over HTTPS on loopback. The baseline, measured in the same run against the
// same server, sends one request per sale on a fresh connection each (no keep-alive, no
// batch). Prints RESULT lines.
//   MARQUEE_BENCH_SALES (default 10000), MARQUEE_BENCH_NAIVE_SALES (default 1000)

#include "E2eHarness.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace marquee;
using namespace marquee::test;
using namespace std::chrono_literals;

namespace {

int envInt(const char* name, int fallback)
{
    const char* v = std::getenv(name);
    return v ? std::atoi(v) : fallback;
}

void result(const char* name, double value, const char* unit)
{
    std::printf("RESULT %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Fills a connected counter's outbox with `sales` single-seat offline sales over the huge shows.
void sellOffline(LocalStore& store, ServerApi& api, int sales, int firstShow)
{
    CounterSync sync(store, api);
    int sold = 0;
    for (int show = firstShow; sold < sales; ++show) {
        const std::string showId = show == 1 ? "show-huge" : "show-huge-" + std::to_string(show);
        for (int lease = 0; lease < 20 && sold < sales; ++lease) {
            auto granted = sync.takeLease(showId, 100, 2h);
            if (!granted)
                throw std::runtime_error("lease: " + granted.error().message);
            for (const auto& seat : granted->seats) {
                if (sold == sales)
                    break;
                auto held = sync.hold(showId, {seat}, "bench");
                if (!held || !held->granted())
                    throw std::runtime_error("hold refused");
                auto sale = adultCashSale(store, *held->hold);
                if (!sale || !store.confirm(held->hold->id, *sale))
                    throw std::runtime_error("sale refused");
                ++sold;
            }
        }
    }
}

} // namespace

int main()
{
    const int sales = envInt("MARQUEE_BENCH_SALES", 10000);
    const int naiveSales = envInt("MARQUEE_BENCH_NAIVE_SALES", 1000);
    const std::string dir = MARQUEE_BENCH_DIR;
    if (std::system(("PG_EXTRA='-c synchronous_commit=on' " + std::string(MARQUEE_PG_FIXTURE_SCRIPT) + " start " + dir +
                     " >/dev/null")
                        .c_str()) != 0) {
        std::fprintf(stderr, "bench_sync: cannot start PostgreSQL\n");
        return 1;
    }
    setenv("MARQUEE_SERVER_FIXTURE_DIR", dir.c_str(), 1);
    int status = 0;
    try {
        const Fixture fixture = Fixture::load();
        TestDatabase db("bench_sync");
        const int shows = (sales + naiveSales) / 2000 + 2;
        const std::string catalog = writeHugeCatalog(dir + "/huge.json", shows);
        if (auto imported = runServerTool({"catalog", "import", catalog, "--db", db.url()}); imported.exitCode != 0)
            throw std::runtime_error("catalog import: " + imported.err);
        ServerProcess server(db.url(), {"--device-rate", "0", "--show-rate", "0"});
        if (!server.start())
            throw std::runtime_error("the server did not start: " + server.log());
        SystemClock clock;

        // The counter that was offline.
        const std::string token = db.addDevice("drain", "counter");
        const std::string path = dir + "/drain.sqlite";
        std::remove(path.c_str());
        auto store = openCounterStore(path, "drain", clock, catalog);
        auto api = connectApi(server.port(), fixture.ca, token, 30s);
        if (!store || !api)
            throw std::runtime_error("counter set-up failed");
        auto start = std::chrono::steady_clock::now();
        sellOffline(**store, **api, sales, 1);
        std::fprintf(stderr, "bench_sync: %d offline sales written in %.1f s\n", sales, secondsSince(start));

        OutboxWorker::Options options;
        options.databasePath = path;
        options.device = "drain";
        options.connect = [&] { return connectApi(server.port(), fixture.ca, token, 30s); };
        OutboxWorker worker(options, clock);
        start = std::chrono::steady_clock::now();
        for (;;) {
            auto finished = worker.runOnce();
            if (!finished)
                throw std::runtime_error("drain: " + finished.error().message);
            if (worker.status().pending == 0)
                break;
        }
        const double drainSeconds = secondsSince(start);
        const SyncStatus after = worker.status();
        if (after.conflicts || after.failed)
            throw std::runtime_error("the drain left conflicts or failures");
        const double perSecond = sales / drainSeconds;
        std::fprintf(stderr, "bench_sync: drained %d sales in %.2f s\n", sales, drainSeconds);
        result("sync_drain_per_s", perSecond, "sales/s");

        // Baseline: one POST per sale, each on a new TLS connection.
        const std::string naiveToken = db.addDevice("naive", "counter");
        const std::string naivePath = dir + "/naive.sqlite";
        std::remove(naivePath.c_str());
        auto naiveStore = openCounterStore(naivePath, "naive", clock, catalog);
        auto naiveApi = connectApi(server.port(), fixture.ca, naiveToken, 30s);
        if (!naiveStore || !naiveApi)
            throw std::runtime_error("baseline set-up failed");
        sellOffline(**naiveStore, **naiveApi, naiveSales, (sales + 1999) / 2000 + 1);
        auto rows = (*naiveStore)->outbox().due(naiveSales + 10);
        if (!rows || static_cast<int>(rows->size()) != naiveSales)
            throw std::runtime_error("baseline outbox");
        start = std::chrono::steady_clock::now();
        for (const auto& row : *rows) {
            auto fresh = connectApi(server.port(), fixture.ca, naiveToken, 30s);
            auto answer = (*fresh)->send(row);
            if (!answer || answer->status != 201)
                throw std::runtime_error("baseline request failed");
        }
        const double naivePerSecond = naiveSales / secondsSince(start);
        std::fprintf(stderr, "bench_sync: baseline %.0f sales/s (one request per sale, new connection each)\n",
                     naivePerSecond);
        result("sync_drain_vs_naive_ratio", perSecond / naivePerSecond, "ratio");
        server.kill(SIGTERM);
        server.wait();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_sync: %s\n", e.what());
        status = 1;
    }
    std::system((std::string(MARQUEE_PG_FIXTURE_SCRIPT) + " stop " + dir + " >/dev/null").c_str());
    return status;
}
