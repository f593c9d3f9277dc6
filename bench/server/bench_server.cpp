// bench_server: how many seat holds per second marquee-server grants to 64 concurrent
// HTTPS clients on one 400-seat show, and how that compares with
//   - the same PostgreSQL's ceiling for a one-row UPDATE transaction at the same
//     concurrency (pgbench, custom script): server_vs_pg_ceiling_ratio, goal >= 0.5;
//   - a design that locks seat rows until a simulated 200 ms payment completes:
//     server_vs_lock_until_paid_ratio, goal >= 10;
//   - a Redis hot path (redis-server on loopback, a Lua script doing an all-or-nothing
//     multi-seat SET NX PX, no durability): server_vs_redis_ttl_ratio, no goal.
// The cluster is its own, with PostgreSQL's default durability (fsync and synchronous
// commit on). Each client holds 2-4 random seats, then releases them (80 %) or books them
// (20 %); when a tenth of the show is booked a reset refunds every seat by SQL, as a new day
// would, so the load keeps its shape.
//
// All at the same concurrency, one after the other in one run, on the same cluster.
// Options (environment): MARQUEE_BENCH_SECONDS (10), MARQUEE_BENCH_WARMUP (3 s of the
// server's load before its clock starts), MARQUEE_BENCH_CLIENTS (64),
// MARQUEE_BENCH_POOL (the server's database connections; half the clients: on two cores 16-32 backends
// served more holds than 64, which spent their time switching).

#include "SaleHelpers.h"
#include "ServerHarness.h"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pqxx/pqxx>
#include <random>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace marquee::test;
using Clock = std::chrono::steady_clock;

namespace {

int envInt(const char* name, int fallback)
{
    const char* v = std::getenv(name);
    return v && std::atoi(v) > 0 ? std::atoi(v) : fallback;
}

std::string run(const std::string& command)
{
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buf[4096];
        while (std::size_t n = fread(buf, 1, sizeof buf, pipe))
            out.append(buf, n);
        pclose(pipe);
    }
    return out;
}

void result(const char* name, double value, const char* unit)
{
    std::printf("RESULT %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

std::vector<std::string> randomSeats(std::mt19937& rng, const std::vector<std::string>& all)
{
    std::vector<std::string> seats;
    const int n = 2 + static_cast<int>(rng() % 3);
    while (static_cast<int>(seats.size()) < n) {
        const std::string& s = all[rng() % all.size()];
        if (std::find(seats.begin(), seats.end(), s) == seats.end())
            seats.push_back(s);
    }
    return seats;
}

struct HoldLoad
{
    double grantedPerSecond = 0;
    double answeredPerSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    long errors = 0;
};

HoldLoad holdLoad(TestDatabase& db, ServerProcess& server, const std::vector<std::string>& tokens, int clients,
                  int seconds, int warmup)
{
    const std::vector<std::string> all = bigShowSeats();
    std::atomic<long> granted{0}, answered{0}, errors{0};
    std::atomic<bool> stop{false}, measuring{false};
    std::mutex mutex;
    std::vector<double> latencies;
    std::vector<std::thread> threads;
    // Connections are opened (TCP + TLS) before the clock starts: cpp-httplib listens with a
    // backlog of 5, so 64 simultaneous connects lose SYNs and wait a 1 s retransmit, which
    // would otherwise be the p99 of a short run.
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            auto client = server.client(tokens[static_cast<std::size_t>(c) % tokens.size()]);
            std::mt19937 rng(static_cast<unsigned>(c) * 2654435761u + 7);
            std::vector<double> mine;
            client.get("/v1/health");
            ++ready;
            while (!go)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            while (!stop) {
                const auto seats = randomSeats(rng, all);
                const auto t0 = Clock::now();
                auto hold = client.post("/v1/holds", {{"show_id", "show-big"}, {"seats", seats}}, uuid());
                if (measuring)
                    mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                if (hold.status == 409) {
                    ++answered;
                    continue;
                }
                if (hold.status != 201) {
                    ++errors;
                    continue;
                }
                ++answered;
                ++granted;
                const std::string holdId = hold.json()["hold_id"];
                if (rng() % 5 != 0) {
                    client.del("/v1/holds/" + holdId);
                } else {
                    client.post("/v1/bookings", saleBody(uuid(), holdId, "show-big", seats, uuid()), uuid());
                }
            }
            std::lock_guard lock(mutex);
            latencies.insert(latencies.end(), mine.begin(), mine.end());
        });
    }
    while (ready < clients)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    go = true;
    // A new "day" when a tenth of the show is booked, so the load keeps its shape.
    pqxx::connection admin(db.url());
    // The clock starts after a warm-up under the same load: every pooled connection has then
    // prepared its statements and planned the hold functions, as in a server that has run for
    // a while, instead of the first seconds of a fresh one.
    auto started = Clock::now();
    auto end = started + std::chrono::seconds(warmup);
    for (int phase = 0; phase < 2; ++phase) {
        if (phase == 1) {
            granted = 0;
            answered = 0;
            errors = 0;
            measuring = true;
            started = Clock::now();
            end = started + std::chrono::seconds(seconds);
        }
        while (Clock::now() < end) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            try {
                pqxx::work tx(admin);
                if (tx.exec1("SELECT count(*) FROM claims WHERE state = 'BOOKED'")[0].as<int>() > 40) {
                    // Lock the claims in the order holds take them (byte order of seat ids), so the
                    // reset cannot deadlock with a hold.
                    tx.exec("DELETE FROM claims WHERE (show_id, seat_id) IN (SELECT show_id, seat_id FROM claims "
                            "WHERE state = 'BOOKED' ORDER BY show_id COLLATE \"C\", seat_id COLLATE \"C\" FOR UPDATE)");
                    tx.exec("UPDATE ticket_lines SET state = 'REFUNDED' WHERE state = 'BOOKED'");
                }
                tx.commit();
            } catch (const std::exception& e) {
                std::fprintf(stderr, "bench_server: reset skipped: %s\n", e.what()); // a deadlock with a booking
            }
        }
    }
    stop = true;
    for (auto& t : threads)
        t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    std::sort(latencies.begin(), latencies.end());
    HoldLoad load;
    load.grantedPerSecond = static_cast<double>(granted.load()) / elapsed;
    load.answeredPerSecond = static_cast<double>(answered.load()) / elapsed;
    load.errors = errors.load();
    if (!latencies.empty()) {
        load.p50Ms = latencies[latencies.size() / 2];
        load.p99Ms = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
    }
    return load;
}

// Runs pgbench with a custom script at `clients` connections for `seconds`; its output.
std::string pgbench(const std::string& url, int clients, int seconds, const std::string& name,
                    const std::string& script, const std::string& flags = "")
{
    const std::string path = std::string(MARQUEE_BENCH_DIR) + "-" + name + ".sql";
    FILE* f = std::fopen(path.c_str(), "w");
    std::fputs(script.c_str(), f);
    std::fclose(f);
    const std::string found = run("ls -d /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1");
    const std::string binary = found.empty() ? "pgbench" : found.substr(0, found.find('\n'));
    return run(binary + " -n -c " + std::to_string(clients) + " -j 2 -T " + std::to_string(seconds) + " " + flags +
               " -f " + path + " '" + url + "' 2>&1");
}

double pgbenchCeiling(const std::string& url, int clients, int seconds)
{
    {
        pqxx::connection c(url);
        pqxx::work tx(c);
        tx.exec("CREATE TABLE bench_rows(id int PRIMARY KEY, v bigint NOT NULL DEFAULT 0)");
        tx.exec("INSERT INTO bench_rows(id) SELECT generate_series(1, 400)");
        tx.commit();
    }
    const std::string out = pgbench(url, clients, seconds, "update",
                                    "\\set id random(1, 400)\nUPDATE bench_rows SET v = v + 1 WHERE id = :id;\n");
    const auto at = out.find("tps = ");
    if (at == std::string::npos) {
        std::fprintf(stderr, "pgbench failed: %s\n", out.substr(0, 600).c_str());
        return 0;
    }
    return std::atof(out.c_str() + at + 6);
}

// What PostgreSQL alone grants when pgbench calls the server's own hold and release
// functions (prepared, 2-4 random seats, then release) at the same concurrency: the
// ceiling of the database work, without HTTPS, JSON or bookings. Not a goal; it tells how
// much of the gap to the one-row UPDATE is the database's and how much the server's.
double databaseHolds(const std::string& url, int clients, int seconds)
{
    std::string device;
    {
        pqxx::connection c(url);
        pqxx::work tx(c);
        device = tx.exec1("SELECT device_id FROM devices ORDER BY name LIMIT 1")[0].c_str();
    }
    const std::string key = "'pgb' || :client_id || ':' || :r";
    const std::string script =
        "\\set k random(2, 4)\n\\set a random(1, 400)\n\\set b random(1, 400)\n"
        "\\set c random(1, 400)\n\\set d random(1, 400)\n\\set r random(1, 2000000000)\n"
        "SELECT status FROM hold_seats('" +
        device + "', " + key + ", 'fp', :r, 'show-big', " + key +
        ", ARRAY(SELECT DISTINCT chr(65 + (n - 1) / 20) || ((n - 1) % 20 + 1) "
        "FROM unnest((ARRAY[:a, :b, :c, :d]::int[])[1:(:k)::int]) n), 300, '{}', '{}', NULL, '{}');\n"
        "SELECT release_hold(" +
        key + ", '" + device + "', false);\n";
    const auto started = Clock::now();
    const std::string out = pgbench(url, clients, seconds, "holds", script, "-M prepared");
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    if (out.find("tps = ") == std::string::npos) {
        std::fprintf(stderr, "pgbench of the hold functions failed: %s\n", out.substr(0, 600).c_str());
        return 0;
    }
    pqxx::connection c(url);
    pqxx::work tx(c);
    const double granted =
        tx.exec1("SELECT count(*) FROM idempotency_keys WHERE key LIKE 'pgb%' AND status = 201")[0].as<double>();
    return granted / std::max(elapsed, 1.0);
}

// The design the hold avoids: a buyer's seat rows stay locked while the payment runs.
double lockUntilPaid(const std::string& url, int clients, int seconds)
{
    {
        pqxx::connection c(url);
        pqxx::work tx(c);
        tx.exec("CREATE TABLE locked_seats(seat_id text PRIMARY KEY, sold_to text)");
        for (const auto& s : bigShowSeats())
            tx.exec_params("INSERT INTO locked_seats(seat_id) VALUES($1)", s);
        tx.commit();
    }
    const std::vector<std::string> all = bigShowSeats();
    std::atomic<long> purchases{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    const auto started = Clock::now();
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            pqxx::connection connection(url);
            std::mt19937 rng(static_cast<unsigned>(c) * 40503u + 3);
            while (!stop) {
                auto seats = randomSeats(rng, all);
                std::sort(seats.begin(), seats.end());
                try {
                    pqxx::work tx(connection);
                    for (const auto& s : seats) {
                        tx.exec_params("SELECT 1 FROM locked_seats WHERE seat_id = $1 FOR UPDATE", s);
                    }
                    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the card payment
                    for (const auto& s : seats) {
                        tx.exec_params("UPDATE locked_seats SET sold_to = $2 WHERE seat_id = $1", s, std::to_string(c));
                    }
                    tx.commit();
                    ++purchases;
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "baseline: %s\n", e.what());
                }
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
    for (auto& t : threads)
        t.join();
    return static_cast<double>(purchases.load()) / std::chrono::duration<double>(Clock::now() - started).count();
}

// The Redis hot path the design does without: the same 64-client loop against redis-server
// on loopback (no TLS, no persistence: `--save "" --appendonly no`), where a hold is one Lua
// script doing an all-or-nothing SET NX PX of its seats. Releases and bookings are scripts
// too, and a reset frees the booked seats when a tenth of the show is booked, as above.
const char* kRedisHold = "for i, k in ipairs(KEYS) do "
                         "  if not redis.call('SET', k, ARGV[1], 'NX', 'PX', ARGV[2]) then "
                         "    for j = 1, i - 1 do redis.call('DEL', KEYS[j]) end "
                         "    return 0 "
                         "  end "
                         "end "
                         "return 1";
const char* kRedisRelease = "for _, k in ipairs(KEYS) do "
                            "  if redis.call('GET', k) == ARGV[1] then redis.call('DEL', k) end "
                            "end "
                            "return 1";
const char* kRedisBook = "for _, k in ipairs(KEYS) do "
                         "  if redis.call('GET', k) == ARGV[1] then "
                         "    redis.call('SET', k, 'booked:' .. ARGV[1]) redis.call('SADD', 'booked', k) "
                         "  end "
                         "end "
                         "return 1";
const char* kRedisReset = "if redis.call('SCARD', 'booked') > 40 then "
                          "  for _, k in ipairs(redis.call('SMEMBERS', 'booked')) do redis.call('DEL', k) end "
                          "  redis.call('DEL', 'booked') "
                          "end "
                          "return 1";

// A minimal RESP client: one connection, one command at a time, as each HTTPS client does.
class RedisConnection
{
public:
    explicit RedisConnection(int port)
    {
        m_fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int one = 1;
        setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error("cannot connect to redis-server");
    }
    ~RedisConnection() { close(m_fd); }
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // Sends a command; returns an integer reply, or the text of a bulk/simple reply.
    std::string command(const std::vector<std::string>& args)
    {
        std::string out = "*" + std::to_string(args.size()) + "\r\n";
        for (const auto& a : args)
            out += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
        for (std::size_t sent = 0; sent < out.size();) {
            const ssize_t n = send(m_fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
            if (n <= 0)
                throw std::runtime_error("redis: send failed");
            sent += static_cast<std::size_t>(n);
        }
        const std::string head = line();
        if (head.empty() || head[0] == '-')
            throw std::runtime_error("redis: " + head);
        if (head[0] == '$') {
            const long size = std::atol(head.c_str() + 1);
            if (size < 0)
                return {};
            while (m_buffer.size() < static_cast<std::size_t>(size) + 2)
                fill();
            std::string value = m_buffer.substr(0, static_cast<std::size_t>(size));
            m_buffer.erase(0, static_cast<std::size_t>(size) + 2);
            return value;
        }
        return head.substr(1);
    }

private:
    void fill()
    {
        char chunk[4096];
        const ssize_t n = recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            throw std::runtime_error("redis: connection closed");
        m_buffer.append(chunk, static_cast<std::size_t>(n));
    }
    std::string line()
    {
        std::size_t end;
        while ((end = m_buffer.find("\r\n")) == std::string::npos)
            fill();
        std::string text = m_buffer.substr(0, end);
        m_buffer.erase(0, end + 2);
        return text;
    }

    int m_fd = -1;
    std::string m_buffer;
};

double redisHolds(const std::string& dir, int clients, int seconds)
{
    const std::string binary = run("command -v redis-server");
    if (binary.empty()) {
        std::fprintf(stderr, "bench_server: no redis-server (apt-get install redis-server); Redis baseline skipped\n");
        return 0;
    }
    const int port = 20000 + static_cast<int>(std::random_device{}() % 12000);
    const std::string pidFile = dir + "/redis.pid";
    std::system(("mkdir -p " + dir).c_str());
    if (std::system(("redis-server --port " + std::to_string(port) +
                     " --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile " + pidFile + " --dir " +
                     dir + " --logfile " + dir + "/redis.log")
                        .c_str()) != 0) {
        std::fprintf(stderr, "bench_server: redis-server did not start\n");
        return 0;
    }
    double rate = 0;
    try {
        std::unique_ptr<RedisConnection> admin;
        for (int i = 0; i < 100 && !admin; ++i) {
            try {
                admin = std::make_unique<RedisConnection>(port);
                admin->command({"PING"});
            } catch (const std::exception&) {
                admin.reset();
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        if (!admin)
            throw std::runtime_error("redis-server does not answer");
        const std::string hold = admin->command({"SCRIPT", "LOAD", kRedisHold});
        const std::string release = admin->command({"SCRIPT", "LOAD", kRedisRelease});
        const std::string book = admin->command({"SCRIPT", "LOAD", kRedisBook});
        const std::string reset = admin->command({"SCRIPT", "LOAD", kRedisReset});
        const std::vector<std::string> all = bigShowSeats();
        std::atomic<long> granted{0};
        std::atomic<bool> stop{false}, go{false};
        std::atomic<int> ready{0};
        std::vector<std::thread> threads;
        for (int c = 0; c < clients; ++c) {
            threads.emplace_back([&, c] {
                try {
                    RedisConnection redis(port);
                    std::mt19937 rng(static_cast<unsigned>(c) * 2654435761u + 7);
                    ++ready;
                    while (!go)
                        std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    while (!stop) {
                        const auto seats = randomSeats(rng, all);
                        const std::string owner = uuid();
                        std::vector<std::string> args = {"EVALSHA", hold, std::to_string(seats.size())};
                        for (const auto& s : seats)
                            args.push_back("show-big:" + s);
                        args.push_back(owner);
                        args.push_back("300000");
                        if (redis.command(args) != "1")
                            continue;
                        ++granted;
                        args[1] = rng() % 5 != 0 ? release : book;
                        args.pop_back();
                        redis.command(args);
                    }
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "bench_server: redis client: %s\n", e.what());
                    ++ready;
                }
            });
        }
        while (ready < clients)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const auto started = Clock::now();
        go = true;
        while (Clock::now() < started + std::chrono::seconds(seconds)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            admin->command({"EVALSHA", reset, "0"});
        }
        stop = true;
        for (auto& t : threads)
            t.join();
        rate = static_cast<double>(granted.load()) / std::chrono::duration<double>(Clock::now() - started).count();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_server: Redis baseline: %s\n", e.what());
    }
    std::system(("kill $(cat " + pidFile + ") 2>/dev/null").c_str());
    return rate;
}

} // namespace

int main()
{
    const int seconds = envInt("MARQUEE_BENCH_SECONDS", 10);
    const int clients = envInt("MARQUEE_BENCH_CLIENTS", 64);
    const std::string dir = MARQUEE_BENCH_DIR;
    // PostgreSQL's default durability, unlike the tests' fsync=off cluster.
    if (std::system(("PG_EXTRA='-c synchronous_commit=on' " + std::string(MARQUEE_PG_FIXTURE_SCRIPT) + " start " + dir +
                     " >/dev/null")
                        .c_str()) != 0) {
        std::fprintf(stderr, "bench_server: cannot start PostgreSQL\n");
        return 1;
    }
    setenv("MARQUEE_SERVER_FIXTURE_DIR", dir.c_str(), 1);
    int status = 0;
    try {
        TestDatabase db("bench");
        std::vector<std::string> tokens;
        for (int i = 0; i < 8; ++i)
            tokens.push_back(db.addDevice("bench-" + std::to_string(i), "counter"));
        ServerProcess server(db.url(),
                             {"--device-rate", "0", "--show-rate", "0", "--threads", std::to_string(clients + 32),
                              "--pool", std::to_string(envInt("MARQUEE_BENCH_POOL", std::max(1, clients / 2)))});
        if (!server.start()) {
            std::fprintf(stderr, "bench_server: the server did not start:\n%s\n", server.log().c_str());
            throw std::runtime_error("server");
        }
        const HoldLoad load = holdLoad(db, server, tokens, clients, seconds, envInt("MARQUEE_BENCH_WARMUP", 3));
        const std::string metrics = server.client("").get("/metrics").body;
        for (const char* name : {"marquee_transaction_retries_total ", "marquee_hold_conflicts_total "}) {
            const auto at = metrics.find(std::string("\n") + name);
            if (at != std::string::npos)
                std::fprintf(stderr, "bench_server: %s\n",
                             metrics.substr(at + 1, metrics.find('\n', at + 1) - at - 1).c_str());
        }
        server.kill(SIGTERM);
        server.wait();
        std::fprintf(stderr,
                     "bench_server: %d clients, %.0f holds answered/s (granted or refused), p50 %.2f ms, "
                     "%ld errors\n",
                     clients, load.answeredPerSecond, load.p50Ms, load.errors);
        result("server_holds_per_s", load.grantedPerSecond, "holds/s");
        result("server_hold_p99_ms", load.p99Ms, "ms");

        const double ceiling = pgbenchCeiling(db.url(), clients, seconds);
        std::fprintf(stderr, "bench_server: pgbench one-row UPDATE at %d clients: %.0f tps\n", clients, ceiling);
        if (ceiling > 0)
            result("server_vs_pg_ceiling_ratio", load.grantedPerSecond / ceiling, "ratio");

        const double database = databaseHolds(db.url(), clients, seconds);
        std::fprintf(stderr, "bench_server: PostgreSQL alone calling hold_seats/release_hold: %.0f holds/s\n",
                     database);
        if (database > 0) {
            result("pg_hold_functions_holds_per_s", database, "holds/s");
            result("server_vs_pg_hold_functions_ratio", load.grantedPerSecond / database, "ratio");
        }

        const double baseline = lockUntilPaid(db.url(), clients, seconds);
        std::fprintf(stderr, "bench_server: lock-until-paid baseline: %.1f purchases/s\n", baseline);
        if (baseline > 0)
            result("server_vs_lock_until_paid_ratio", load.grantedPerSecond / baseline, "ratio");

        const double redis = redisHolds(dir + "-redis", clients, seconds);
        std::fprintf(stderr, "bench_server: Redis Lua SET NX PX holds at %d clients: %.0f holds/s\n", clients, redis);
        if (redis > 0)
            result("server_vs_redis_ttl_ratio", load.grantedPerSecond / redis, "ratio");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_server: %s\n", e.what());
        status = 1;
    }
    std::system((std::string(MARQUEE_PG_FIXTURE_SCRIPT) + " stop " + dir + " >/dev/null").c_str());
    return status;
}
