#include "Cli.h"

#include "Auth.h"
#include "CatalogService.h"
#include "ConnectionPool.h"
#include "DemoCinema.h"
#include "HttpServer.h"
#include "Migrations.h"
#include "Reconciler.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <pthread.h>
#include <thread>

namespace marquee::server {

namespace {

constexpr const char* kUsage = R"(usage: marquee-server <command> [options]

commands:
  migrate                                  apply the missing schema migrations
  serve --tls-cert FILE --tls-key FILE     serve API v1 over HTTPS
        [--listen HOST:PORT]               default 127.0.0.1:8443 (port 0 picks a free one)
        [--insecure-http]                  serve plain HTTP instead (testing only; warns)
        [--pool N] [--threads N]           database connections (16), HTTP workers (96)
        [--max-body BYTES]                 request body limit (1048576)
        [--device-rate R] [--device-burst B]  per-device token bucket (50/s, 100); 0 turns it off
        [--show-rate R] [--show-burst B]      per-show token bucket for holds/bookings (500/s, 1000)
        [--hold-ttl S] [--max-hold-ttl S]     default and maximum hold TTL (300, 900)
        [--max-lease S] [--lease-grace S]     maximum allotment lease (86400), claim kept after its end (900)
        [--key-retention S]                idempotency keys kept at least this long (86400)
        [--sweep-interval-ms MS]           expiry sweep interval (5000)
        [--business-day-cutoff HH:MM]      when a business day ends (06:00)
        [--auth-cache-ms MS]               reuse a token lookup this long (2000); revocation
                                           takes effect within it
        [--gateway-url URL --gateway-key KEY [--gateway-ca FILE]]
                                           card gateway for reconcile (or MARQUEE_GATEWAY_URL,
                                           MARQUEE_GATEWAY_KEY): the periodic reconcile
                                           refunds through it (without: flags only)
        [--reconcile-every S] [--reconcile-grace S]  reconcile every S seconds (300; 0: never),
                                           grace period (1800)
  reconcile [--gateway-url URL --gateway-key KEY [--gateway-ca FILE]] [--grace S] [--dry-run]
                                           refund captures no booking claims after the grace
                                           period (1800 s), flag bookings without a capture
  device add --name NAME --role counter|kiosk|manager|channel   prints the token once
  device list
  device revoke NAME|ID
  catalog import FILE [--demo-days N]      import a marquee-catalog/1 file (with --demo-days,
                                           build N days of shows from its programme)

every command takes --db URL (or the MARQUEE_DB environment variable)
)";

struct UsageError
{
    std::string message;
};

class Args
{
public:
    explicit Args(std::vector<std::string> args)
        : m_args(std::move(args))
    {
    }

    // Flags that take a value and flags that do not; anything else is a usage error.
    std::optional<UsageError> parse(const std::vector<std::string>& valued, const std::vector<std::string>& switches,
                                    std::size_t maxPositional)
    {
        for (std::size_t i = 0; i < m_args.size(); ++i) {
            const std::string& a = m_args[i];
            if (a.rfind("--", 0) == 0) {
                std::string name = a;
                std::optional<std::string> inlineValue;
                if (auto eq = a.find('='); eq != std::string::npos) {
                    name = a.substr(0, eq);
                    inlineValue = a.substr(eq + 1);
                }
                if (std::find(switches.begin(), switches.end(), name) != switches.end() && !inlineValue) {
                    m_values[name] = "1";
                } else if (std::find(valued.begin(), valued.end(), name) != valued.end()) {
                    if (inlineValue) {
                        m_values[name] = *inlineValue;
                    } else if (i + 1 < m_args.size()) {
                        m_values[name] = m_args[++i];
                    } else {
                        return UsageError{name + " needs a value"};
                    }
                } else {
                    return UsageError{"unknown option " + name};
                }
            } else {
                m_positional.push_back(a);
            }
        }
        if (m_positional.size() > maxPositional)
            return UsageError{"unexpected argument '" + m_positional.back() + "'"};
        return std::nullopt;
    }

    bool has(const std::string& name) const { return m_values.contains(name); }
    std::string value(const std::string& name, const std::string& fallback = {}) const
    {
        auto it = m_values.find(name);
        return it == m_values.end() ? fallback : it->second;
    }
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    std::vector<std::string> m_args;
    std::map<std::string, std::string> m_values;
    std::vector<std::string> m_positional;
};

int usage(const std::string& message)
{
    std::fprintf(stderr, "marquee-server: %s (see marquee-server --help)\n", message.c_str());
    return 2;
}

int failure(const std::string& message)
{
    std::fprintf(stderr, "marquee-server: %s\n", message.c_str());
    return 1;
}

std::optional<double> number(const Args& args, const std::string& name, double fallback, double min, double max,
                             std::string& error)
{
    if (!args.has(name))
        return fallback;
    const std::string text = args.value(name);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v >= min && v <= max)) {
        error = name + " needs a number from " + std::to_string(static_cast<long long>(min)) + " to " +
                std::to_string(static_cast<long long>(max)) + ", not '" + text + "'";
        return std::nullopt;
    }
    return v;
}

Result<std::unique_ptr<ConnectionPool>> openDatabase(const Args& args, int poolSize, bool requireSchema)
{
    std::string url = args.value("--db");
    if (url.empty()) {
        if (const char* env = std::getenv("MARQUEE_DB"))
            url = env;
    }
    if (url.empty())
        return fail(ErrorCode::InvalidArgument, "no database: give --db URL or set MARQUEE_DB");
    auto pool = ConnectionPool::open(url, poolSize);
    if (!pool)
        return std::unexpected(pool.error());
    if (requireSchema) {
        auto lease = (*pool)->acquire();
        if (!lease)
            return std::unexpected(lease.error());
        auto version = Migrations::currentVersion(lease->connection());
        if (!version)
            return std::unexpected(version.error());
        if (*version < Migrations::latestVersion()) {
            return fail(ErrorCode::Storage, "the database schema is at version " + std::to_string(*version) + " of " +
                                                std::to_string(Migrations::latestVersion()) +
                                                "; run 'marquee-server migrate' first");
        }
    }
    return pool;
}

int migrate(Args& args)
{
    if (auto bad = args.parse({"--db"}, {}, 0))
        return usage(bad->message);
    auto pool = openDatabase(args, 1, false);
    if (!pool)
        return failure(pool.error().message);
    auto lease = (*pool)->acquire();
    if (!lease)
        return failure(lease.error().message);
    auto version = Migrations::apply(lease->connection());
    if (!version)
        return failure(version.error().message);
    std::printf("schema at version %d\n", *version);
    return 0;
}

int deviceCommand(Args& args)
{
    if (auto bad = args.parse({"--db", "--name", "--role"}, {}, 2))
        return usage(bad->message);
    const auto& pos = args.positional();
    if (pos.empty())
        return usage("device needs add, list or revoke");
    const std::string& action = pos[0];
    if (action == "add") {
        if (pos.size() > 1)
            return usage("unexpected argument '" + pos[1] + "'");
        if (args.value("--name").empty())
            return usage("device add needs --name NAME");
        auto role = roleFromString(args.value("--role"));
        if (!role)
            return usage("device add needs --role counter, kiosk, manager or channel");
        auto pool = openDatabase(args, 1, true);
        if (!pool)
            return failure(pool.error().message);
        Auth auth(**pool);
        auto added = auth.addDevice(args.value("--name"), *role);
        if (!added)
            return failure(added.error().message);
        std::printf("device_id: %s\nname: %s\nrole: %s\ntoken: %s\n", added->device.id.c_str(),
                    added->device.name.c_str(), std::string(toString(added->device.role)).c_str(),
                    added->token.c_str());
        std::fprintf(stderr, "marquee-server: store the token now (in the device's keychain); it is not shown again\n");
        return 0;
    }
    if (action == "list") {
        if (pos.size() > 1)
            return usage("unexpected argument '" + pos[1] + "'");
        auto pool = openDatabase(args, 1, true);
        if (!pool)
            return failure(pool.error().message);
        auto devices = Auth(**pool).listDevices();
        if (!devices)
            return failure(devices.error().message);
        for (const auto& d : *devices) {
            std::printf("%s\t%s\t%s\t%s\t%s\n", d.id.c_str(), d.name.c_str(), std::string(toString(d.role)).c_str(),
                        d.createdAt.c_str(), d.revoked ? "revoked" : "active");
        }
        return 0;
    }
    if (action == "revoke") {
        std::string who = pos.size() > 1 ? pos[1] : args.value("--name");
        if (who.empty())
            return usage("device revoke needs a device name or id");
        auto pool = openDatabase(args, 1, true);
        if (!pool)
            return failure(pool.error().message);
        auto revoked = Auth(**pool).revokeDevice(who);
        if (!revoked)
            return failure(revoked.error().message);
        std::printf("revoked %s (%s)\n", revoked->name.c_str(), revoked->id.c_str());
        return 0;
    }
    return usage("unknown device command '" + action + "'");
}

int catalogCommand(Args& args)
{
    if (auto bad = args.parse({"--db", "--demo-days"}, {}, 2))
        return usage(bad->message);
    const auto& pos = args.positional();
    if (pos.size() != 2 || pos[0] != "import")
        return usage("use: catalog import FILE");
    const std::string file = pos[1];
    Result<Catalog> catalog = fail(ErrorCode::Io, "");
    if (args.has("--demo-days")) {
        std::string error;
        auto days = number(args, "--demo-days", 7, 1, 60, error);
        if (!days)
            return usage(error);
        const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
        catalog = buildDemoCatalog(std::filesystem::path(file).parent_path().string(),
                                   std::chrono::year_month_day(today), static_cast<int>(*days));
    } else {
        catalog = Catalog::load(file);
    }
    if (!catalog)
        return failure(catalog.error().message);
    auto pool = openDatabase(args, 1, true);
    if (!pool)
        return failure(pool.error().message);
    CatalogService service(**pool);
    auto shows = service.import(*catalog);
    if (!shows)
        return failure(shows.error().message);
    std::printf("imported %zu screens, %zu films, %zu price lists, %d shows\n", catalog->screens().size(),
                catalog->films().size(), catalog->priceLists().size(), *shows);
    return 0;
}

// The card gateway from --gateway-url/--gateway-key/--gateway-ca or MARQUEE_GATEWAY_URL and
// MARQUEE_GATEWAY_KEY (so the secret key need not appear in the process list).
std::optional<UsageError> gatewayOptions(const Args& args, GatewayOptions& out)
{
    auto fromEnv = [](const char* name) {
        const char* value = std::getenv(name);
        return value ? std::string(value) : std::string();
    };
    out.baseUrl = args.has("--gateway-url") ? args.value("--gateway-url") : fromEnv("MARQUEE_GATEWAY_URL");
    out.secretKey = args.has("--gateway-key") ? args.value("--gateway-key") : fromEnv("MARQUEE_GATEWAY_KEY");
    out.caFile = args.value("--gateway-ca");
    if (out.baseUrl.empty() && (args.has("--gateway-key") || args.has("--gateway-ca")))
        return UsageError{"--gateway-key and --gateway-ca need --gateway-url"};
    if (!out.baseUrl.empty() && out.secretKey.empty())
        return UsageError{"--gateway-url needs --gateway-key (or MARQUEE_GATEWAY_KEY)"};
    return std::nullopt;
}

int reconcile(Args& args)
{
    if (auto bad = args.parse({"--db", "--gateway-url", "--gateway-key", "--gateway-ca", "--grace"}, {"--dry-run"}, 0))
        return usage(bad->message);
    GatewayOptions gatewayConfig;
    if (auto bad = gatewayOptions(args, gatewayConfig))
        return usage(bad->message);
    std::string error;
    auto grace = number(args, "--grace", 1800, 0, 30.0 * 86400, error);
    if (!grace)
        return usage(error);
    std::unique_ptr<GatewayRefunds> gateway;
    if (gatewayConfig.configured()) {
        auto created = GatewayRefunds::create(gatewayConfig);
        if (!created)
            return failure(created.error().message);
        gateway = std::move(*created);
    }
    auto pool = openDatabase(args, 1, true);
    if (!pool)
        return failure(pool.error().message);
    ReconcileOptions options;
    options.grace = std::chrono::seconds(static_cast<long long>(*grace));
    options.dryRun = args.has("--dry-run");
    Reconciler reconciler(**pool, std::move(gateway), options);
    auto report = reconciler.runOnce();
    if (!report)
        return failure(report.error().message);
    for (const auto& finding : report->findings)
        std::printf("%s\n", finding.line().c_str());
    std::printf("%s\n", report->summary().c_str());
    return 0;
}

int serve(Args& args)
{
    if (auto bad = args.parse({"--db",
                               "--listen",
                               "--tls-cert",
                               "--tls-key",
                               "--pool",
                               "--threads",
                               "--max-body",
                               "--device-rate",
                               "--device-burst",
                               "--show-rate",
                               "--show-burst",
                               "--hold-ttl",
                               "--max-hold-ttl",
                               "--max-lease",
                               "--lease-grace",
                               "--key-retention",
                               "--sweep-interval-ms",
                               "--business-day-cutoff",
                               "--auth-cache-ms",
                               "--gateway-url",
                               "--gateway-key",
                               "--gateway-ca",
                               "--reconcile-every",
                               "--reconcile-grace"},
                              {"--insecure-http"}, 0)) {
        return usage(bad->message);
    }
    ServerOptions options;
    options.insecureHttp = args.has("--insecure-http");
    options.tlsCert = args.value("--tls-cert");
    options.tlsKey = args.value("--tls-key");
    if (!options.insecureHttp && (options.tlsCert.empty() || options.tlsKey.empty())) {
        return usage("serve needs --tls-cert and --tls-key (or --insecure-http for plain HTTP in tests)");
    }
    if (args.has("--listen")) {
        const std::string listen = args.value("--listen");
        const auto colon = listen.rfind(':');
        if (colon == std::string::npos || colon == 0)
            return usage("--listen needs HOST:PORT, not '" + listen + "'");
        options.host = listen.substr(0, colon);
        if (options.host.size() > 2 && options.host.front() == '[' && options.host.back() == ']') {
            options.host = options.host.substr(1, options.host.size() - 2);
        }
        const std::string port = listen.substr(colon + 1);
        char* end = nullptr;
        const long p = std::strtol(port.c_str(), &end, 10);
        if (port.empty() || *end != '\0' || p < 0 || p > 65535)
            return usage("--listen has a bad port '" + port + "'");
        options.port = static_cast<int>(p);
    }
    std::string error;
    auto pool = number(args, "--pool", options.poolSize, 1, 500, error);
    auto threads = number(args, "--threads", options.threads, 1, 4096, error);
    auto maxBody =
        number(args, "--max-body", static_cast<double>(options.maxBodyBytes), 1024, 64.0 * 1024 * 1024, error);
    auto deviceRate = number(args, "--device-rate", options.deviceRate, 0, 1e9, error);
    auto deviceBurst = number(args, "--device-burst", options.deviceBurst, 1, 1e9, error);
    auto showRate = number(args, "--show-rate", options.showRate, 0, 1e9, error);
    auto showBurst = number(args, "--show-burst", options.showBurst, 1, 1e9, error);
    auto holdTtl = number(args, "--hold-ttl", 300, 1, 86400, error);
    auto maxHoldTtl = number(args, "--max-hold-ttl", 900, 1, 86400, error);
    auto maxLease = number(args, "--max-lease", 86400, 1, 30 * 86400, error);
    auto leaseGrace = number(args, "--lease-grace", 900, 0, 7 * 86400, error);
    auto retention = number(args, "--key-retention", 86400, 1, 365.0 * 86400, error);
    auto sweep = number(args, "--sweep-interval-ms", 5000, 10, 3600 * 1000, error);
    auto authCache = number(args, "--auth-cache-ms", 2000, 0, 3600 * 1000, error);
    auto reconcileEvery = number(args, "--reconcile-every", 300, 0, 86400, error);
    auto reconcileGrace = number(args, "--reconcile-grace", 1800, 0, 30.0 * 86400, error);
    if (!error.empty())
        return usage(error);
    if (auto bad = gatewayOptions(args, options.gateway))
        return usage(bad->message);
    if (options.gateway.configured()) {
        if (auto checked = GatewayRefunds::create(options.gateway); !checked)
            return failure(checked.error().message);
    }
    options.reconcileEvery = std::chrono::seconds(static_cast<long long>(*reconcileEvery));
    options.reconcileGrace = std::chrono::seconds(static_cast<long long>(*reconcileGrace));
    options.poolSize = static_cast<int>(*pool);
    options.threads = static_cast<int>(*threads);
    options.maxBodyBytes = static_cast<std::size_t>(*maxBody);
    options.deviceRate = *deviceRate;
    options.deviceBurst = *deviceBurst;
    options.showRate = *showRate;
    options.showBurst = *showBurst;
    options.holds.defaultTtl = std::chrono::seconds(static_cast<long long>(*holdTtl));
    options.holds.maxTtl = std::chrono::seconds(static_cast<long long>(*maxHoldTtl));
    options.holds.maxLease = std::chrono::seconds(static_cast<long long>(*maxLease));
    options.holds.leaseGrace = std::chrono::seconds(static_cast<long long>(*leaseGrace));
    options.keyRetention = std::chrono::seconds(static_cast<long long>(*retention));
    options.sweepInterval = std::chrono::milliseconds(static_cast<long long>(*sweep));
    options.authCache = std::chrono::milliseconds(static_cast<long long>(*authCache));
    if (options.holds.defaultTtl > options.holds.maxTtl)
        return usage("--hold-ttl is longer than --max-hold-ttl");
    if (args.has("--business-day-cutoff")) {
        unsigned h = 0, m = 0;
        char tail = 0;
        const std::string text = args.value("--business-day-cutoff");
        if (std::sscanf(text.c_str(), "%2u:%2u%c", &h, &m, &tail) != 2 || h > 23 || m > 59) {
            return usage("--business-day-cutoff needs HH:MM, not '" + text + "'");
        }
        options.businessDayCutoff = std::chrono::minutes(h * 60 + m);
    }

    // Signals are taken by one thread with sigwait, so every other thread never sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    auto database = openDatabase(args, options.poolSize, true);
    if (!database)
        return failure(database.error().message);
    options.databaseUrl = (*database)->url();
    HttpServer server(options, **database);
    auto port = server.bind();
    if (!port)
        return failure(port.error().message);
    if (options.insecureHttp) {
        std::fprintf(stderr, "marquee-server: WARNING: serving plain HTTP (--insecure-http); device tokens and sales "
                             "cross the network unencrypted. Use only for tests on loopback.\n");
    }
    std::fprintf(stderr, "marquee-server: listening on %s://%s:%d\n", options.insecureHttp ? "http" : "https",
                 options.host.c_str(), *port);
    std::fflush(stderr);

    std::thread waiter([&] {
        int received = 0;
        sigwait(&signals, &received);
        std::fprintf(stderr, "marquee-server: stopping (signal %d)\n", received);
        server.stop();
    });
    server.run();
    // run() returns after stop(); wake the waiter if it is still waiting.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return 0;
}

} // namespace

int runCli(const std::vector<std::string>& args)
{
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    const std::string command = args[0];
    Args rest(std::vector<std::string>(args.begin() + 1, args.end()));
    if (command == "migrate")
        return migrate(rest);
    if (command == "serve")
        return serve(rest);
    if (command == "device")
        return deviceCommand(rest);
    if (command == "catalog")
        return catalogCommand(rest);
    if (command == "reconcile")
        return reconcile(rest);
    return usage("unknown command '" + command + "'");
}

} // namespace marquee::server
