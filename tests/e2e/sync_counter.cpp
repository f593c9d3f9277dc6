// A headless counter in its own process, driving the sync library as the app does: it
// takes a lease, sells seats online (server holds) and offline (its lease), and lets the
// outbox worker deliver the sales. The end-to-end tests run several of these at once and
// kill them with SIGKILL.
//
//   sync_counter --db FILE --device NAME --token TOKEN --port PORT --ca FILE --catalog FILE
//                --show SHOW [--lease N] [--offline N] [--online] [--drain] [--no-worker]
//                [--batch N] [--seed N] [--hold-ttl SECONDS]
//
// --lease N     take a lease of N seats first (retried until the server answers)
// --offline N   sell N seats of the lease, one to three per sale
// --online      then sell free seats of the show through server holds until none is left
// --drain       at the end, wait until the outbox is empty
// --no-worker   write sales only (the outbox fills; nothing is sent)
// Prints "SOLD <bookings> <seats>" after selling and "DRAINED" when the outbox is empty.

#include "CashSale.h"
#include "Catalog.h"
#include "CounterSync.h"
#include "CurlTransport.h"
#include "LocalStore.h"
#include "OutboxWorker.h"
#include "Uuid.h"

#include <QCoreApplication>
#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>

using namespace marquee;
using namespace std::chrono_literals;

namespace {

struct Args
{
    std::map<std::string, std::string> values;
    std::set<std::string> flags;
    std::string get(const std::string& name, const std::string& fallback = {}) const
    {
        auto it = values.find(name);
        return it == values.end() ? fallback : it->second;
    }
};

[[noreturn]] void die(const std::string& message)
{
    std::fprintf(stderr, "sync_counter: %s\n", message.c_str());
    std::fflush(stderr);
    std::exit(2);
}

Result<std::unique_ptr<ServerApi>> connect(const Args& args, const Clock& clock)
{
    CurlTransportOptions options;
    options.baseUrl = "https://127.0.0.1:" + args.get("--port");
    options.caFile = args.get("--ca");
    options.connectTimeout = 1s;
    options.totalTimeout = 2s;
    auto transport = CurlTransport::create(options);
    if (!transport)
        return errorOf(transport);
    return std::make_unique<ServerApi>(std::move(*transport), args.get("--token"), clock, nullptr);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv); // qtkeychain-free, but the sync library logs through Qt
    Args args;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--online" || a == "--drain" || a == "--no-worker")
            args.flags.insert(a);
        else if (i + 1 < argc)
            args.values[a] = argv[++i];
        else
            die("missing value for " + a);
    }
    SystemClock clock;
    LocalStore::Options storeOptions;
    storeOptions.device = args.get("--device", "e2e");
    storeOptions.connected = true;
    auto opened = LocalStore::open(args.get("--db"), clock, storeOptions);
    if (!opened)
        die(opened.error().message);
    auto& store = **opened;
    if (auto catalog = Catalog::load(args.get("--catalog")); !catalog || !store.importCatalog(*catalog))
        die("cannot import the catalog");
    auto api = connect(args, clock);
    if (!api)
        die(api.error().message);
    const std::string show = args.get("--show");
    std::mt19937 random(static_cast<unsigned>(std::stoul(args.get("--seed", "1"))));

    std::unique_ptr<OutboxWorker> worker;
    if (!args.flags.contains("--no-worker")) {
        OutboxWorker::Options options;
        options.databasePath = args.get("--db");
        options.device = storeOptions.device;
        options.baseDelay = 50ms;
        options.maxDelay = 1s;
        options.batchSize = std::stoi(args.get("--batch", "100"));
        options.connect = [&args, &clock] { return connect(args, clock); };
        worker = std::make_unique<OutboxWorker>(options, clock);
        if (auto started = worker->start(); !started)
            die(started.error().message);
    }

    CounterSync::Options syncOptions;
    syncOptions.holdTtl = std::chrono::seconds(std::stoi(args.get("--hold-ttl", "300")));
    syncOptions.holdAttempts = 3;
    CounterSync sync(store, **api, syncOptions);
    int bookings = 0;
    int seats = 0;
    auto sell = [&](const Hold& hold) {
        auto sale = test::adultCashSale(store, hold, "e2e");
        if (!sale)
            die(sale.error().message);
        if (auto booked = store.confirm(hold.id, *sale); !booked)
            die("confirm: " + booked.error().message);
        ++bookings;
        seats += static_cast<int>(hold.seats.size());
        if (worker)
            worker->wake();
    };

    // Leases of up to 100 seats each (the server's limit per request).
    for (int wanted = std::stoi(args.get("--lease", "0")); wanted > 0;) {
        const int size = std::min(wanted, 100);
        Result<Lease> lease = fail(ErrorCode::Network, "not asked");
        for (int attempt = 0; attempt < 200 && !lease; ++attempt) {
            lease = sync.takeLease(show, size, 2h);
            if (!lease && lease.error().code != ErrorCode::Network)
                die("lease: " + lease.error().message);
            if (!lease)
                std::this_thread::sleep_for(100ms);
        }
        if (!lease)
            die("no lease: the server never answered");
        wanted -= size;
    }

    if (const int offline = std::stoi(args.get("--offline", "0")); offline > 0) {
        auto leases = store.leases(show);
        if (!leases || leases->empty())
            die("--offline needs a lease");
        int sold = 0;
        for (const auto& lease : *leases) {
            std::vector<std::string> free = lease.seats;
            while (sold < offline && !free.empty()) {
                const int n = std::min<int>(
                    {std::uniform_int_distribution<int>(1, 3)(random), offline - sold, static_cast<int>(free.size())});
                std::vector<std::string> picked(free.begin(), free.begin() + n);
                free.erase(free.begin(), free.begin() + n);
                HoldRequest request;
                request.requestId = newUuid();
                request.showId = show;
                request.seats = picked;
                request.staff = "e2e";
                request.allotmentId = lease.allotmentId;
                auto held = store.hold(request);
                if (!held || !held->granted())
                    die("lease hold refused: " + (held ? std::string("seat taken") : held.error().message));
                sell(*held->hold);
                sold += n;
            }
        }
    }

    if (args.flags.contains("--online")) {
        int refusedInARow = 0;
        for (;;) {
            auto map = (*api)->seats(show, std::nullopt);
            if (!map) {
                std::this_thread::sleep_for(100ms); // the network is down: try again
                continue;
            }
            auto layout = store.layoutForShow(show);
            std::set<std::string> taken;
            bool held = false;
            for (const auto& [seat, state] : map->seats) {
                if (state != "AVAILABLE")
                    taken.insert(seat);
                held = held || state == "HELD";
            }
            std::vector<std::string> free;
            for (const auto& seat : (*layout)->seats()) {
                if (seat.isSellable() && !taken.contains(seat.id))
                    free.push_back(seat.id);
            }
            if (free.empty() && !held)
                break; // every seat is booked or leased
            if (free.empty()) {
                std::this_thread::sleep_for(200ms); // held by someone: sold soon, or back when it expires
                continue;
            }
            std::shuffle(free.begin(), free.end(), random);
            const int n =
                std::min<int>(std::uniform_int_distribution<int>(1, 2)(random), static_cast<int>(free.size()));
            std::vector<std::string> picked(free.begin(), free.begin() + n);
            auto outcome = sync.hold(show, picked, "e2e");
            if (!outcome) {
                if (outcome.error().code != ErrorCode::Network && outcome.error().code != ErrorCode::Conflict)
                    die("hold: " + outcome.error().message);
                std::this_thread::sleep_for(50ms);
                continue;
            }
            if (!outcome->granted()) {
                if (++refusedInARow > 1000)
                    die("a thousand refused holds in a row");
                continue; // someone was quicker: look at the map again
            }
            refusedInARow = 0;
            sell(*outcome->hold);
        }
    }
    std::printf("SOLD %d %d\n", bookings, seats);
    std::fflush(stdout);

    if (worker && args.flags.contains("--drain")) {
        for (;;) {
            worker->wake();
            auto counts = store.outbox().counts();
            if (counts && counts->pending == 0)
                break;
            std::this_thread::sleep_for(50ms);
        }
        worker->stop();
        auto counts = store.outbox().counts();
        std::printf("DRAINED conflicts=%d failed=%d\n", counts->conflicts, counts->failed);
        std::fflush(stdout);
    }
    return 0;
}
