#include "HttpServer.h"

#include "Migrations.h"
#include "RequestJson.h"
#include "Sql.h"

#include <atomic>
#include <cstdio>
#include <ctime>
#include <httplib.h>
#include <pqxx/pqxx>
#include <set>
#include <thread>

namespace marquee::server {

namespace {

constexpr std::size_t kMaxBatchItems = 100;

Reply fromError(const Error& error)
{
    const std::string field = wire::fieldOf(error);
    nlohmann::json extra = nlohmann::json::object();
    if (!field.empty())
        extra["field"] = field;
    return problem(400, "invalid_request", error.message, extra);
}

bool jsonContentType(const httplib::Request& request)
{
    if (!request.has_header("Content-Type"))
        return true;
    const std::string type = request.get_header_value("Content-Type");
    return type.rfind("application/json", 0) == 0;
}

// RFC 9110 asks a server with a clock to send Date; counters track server time from it to
// judge lease expiry with their own clock skew taken out. Built by hand: strftime's names
// follow the locale.
std::string httpDate()
{
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[40];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[utc.tm_wday], utc.tm_mday,
                  kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return text;
}

} // namespace

HttpServer::HttpServer(ServerOptions options, ConnectionPool& pool)
    : m_options(std::move(options))
    , m_pool(pool)
    , m_auth(pool, m_options.authCache)
    , m_catalog(pool)
    , m_keys(pool, m_metrics)
    , m_holds(m_catalog, m_metrics, m_options.holds)
    , m_bookings(m_catalog, m_metrics)
    , m_reports(m_catalog, m_options.businessDayCutoff)
    , m_deviceLimiter(m_options.deviceRate, m_options.deviceBurst)
    , m_showLimiter(m_options.showRate, m_options.showBurst)
    , m_sweeper(pool, m_keys, m_options.keyRetention)
{
    if (m_options.reconcileEvery.count() > 0) {
        // Without a gateway, reconcile still flags; the refunds wait for one (pending).
        std::unique_ptr<GatewayRefunds> gateway;
        if (m_options.gateway.configured()) {
            if (auto created = GatewayRefunds::create(m_options.gateway))
                gateway = std::move(*created);
            else
                std::fprintf(stderr, "marquee.server.reconcile: no refunds: %s\n", created.error().message.c_str());
        }
        // A connection of its own: a run holds it while it waits for the gateway, which must
        // not cost the requests one of theirs.
        if (auto own = ConnectionPool::open(pool.url(), 1)) {
            m_reconcilePool = std::move(*own);
            m_reconciler = std::make_unique<Reconciler>(*m_reconcilePool, std::move(gateway),
                                                        ReconcileOptions{m_options.reconcileGrace, false});
        } else {
            std::fprintf(stderr, "marquee.server.reconcile: not running: %s\n", own.error().message.c_str());
        }
    }
    if (m_options.insecureHttp) {
        m_http = std::make_unique<httplib::Server>();
    } else {
        m_http = std::make_unique<httplib::SSLServer>(m_options.tlsCert.c_str(), m_options.tlsKey.c_str());
    }
    const int threads = m_options.threads;
    m_http->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    m_http->set_payload_max_length(m_options.maxBodyBytes);
    m_http->set_keep_alive_max_count(100'000);
    m_http->set_keep_alive_timeout(10);
    m_http->set_read_timeout(10, 0);
    m_http->set_write_timeout(10, 0);
    m_http->set_tcp_nodelay(true);
    install();
}

HttpServer::~HttpServer()
{
    stop();
}

Result<int> HttpServer::bind()
{
    if (!m_options.insecureHttp) {
        auto* tls = dynamic_cast<httplib::SSLServer*>(m_http.get());
        if (!tls || !tls->is_valid()) {
            return fail(ErrorCode::InvalidArgument, "cannot load the TLS certificate '" + m_options.tlsCert +
                                                        "' and key '" + m_options.tlsKey + "'");
        }
    }
    int port = m_options.port;
    if (port == 0) {
        port = m_http->bind_to_any_port(m_options.host);
        if (port < 0)
            return fail(ErrorCode::Io, "cannot listen on " + m_options.host);
    } else if (!m_http->bind_to_port(m_options.host, port)) {
        return fail(ErrorCode::Io, "cannot listen on " + m_options.host + ":" + std::to_string(port) +
                                       " (in use, or not an address of this machine)");
    }
    return port;
}

void HttpServer::run()
{
    m_sweeper.start(m_options.sweepInterval);
    if (m_reconciler)
        m_reconciler->start(m_options.reconcileEvery);
    m_http->listen_after_bind();
    if (m_reconciler)
        m_reconciler->stop();
    m_sweeper.stop();
}

void HttpServer::stop()
{
    if (m_http)
        m_http->stop();
}

void HttpServer::route(const char* method, const char* pattern, const std::string& name, Handler handler)
{
    auto wrapped = [this, name, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
        respond(req, res, name, handler);
    };
    const std::string m = method;
    m_routes.push_back({std::regex(pattern), m});
    if (m == "GET")
        m_http->Get(pattern, wrapped);
    else if (m == "POST")
        m_http->Post(pattern, wrapped);
    else if (m == "DELETE")
        m_http->Delete(pattern, wrapped);
}

void HttpServer::respond(const httplib::Request& request, httplib::Response& response, const std::string& name,
                         const Handler& handler)
{
    const auto started = std::chrono::steady_clock::now();
    Reply reply;
    try {
        reply = handler(request);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "marquee.server.http: %s %s failed: %s\n", request.method.c_str(), request.path.c_str(),
                     sql::describe(e).c_str());
        reply = problem(500, "internal_error", "the server could not complete the request");
    } catch (...) {
        reply = problem(500, "internal_error", "the server could not complete the request");
    }
    response.status = reply.status;
    response.set_header("Date", httpDate());
    for (const auto& [header, value] : reply.headers)
        response.set_header(header.c_str(), value);
    if (!reply.body.empty())
        response.set_content(reply.body, reply.contentType.c_str());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    m_metrics.observeRequest(name, reply.status, seconds);
}

void HttpServer::install()
{
    // Errors cpp-httplib produces itself (no route, body too large, bad request line) get a
    // problem+json body too.
    m_http->set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                          httplib::Response& res) {
        if (!res.body.empty())
            return httplib::Server::HandlerResponse::Unhandled;
        Reply reply;
        std::string allowed;
        if (res.status == 404 && !(allowed = allowedMethods(req.path)).empty()) {
            // cpp-httplib answers 404 when a known path has no handler for the method.
            res.status = 405;
            res.set_header("Allow", allowed);
        }
        switch (res.status) {
        case 404:
            reply = problem(404, "not_found", "no such endpoint: " + req.method + " " + req.path);
            break;
        case 405:
            reply = problem(405, "method_not_allowed",
                            req.path + " does not take " + req.method + "; it takes " + allowed, {{"allow", allowed}});
            break;
        case 413:
            reply = problem(413, "body_too_large",
                            "the body is larger than " + std::to_string(m_options.maxBodyBytes) + " bytes");
            break;
        case 414:
            reply = problem(414, "uri_too_long", "the request URI is too long");
            break;
        case 431:
            reply = problem(431, "headers_too_large", "the request headers are too large");
            break;
        default:
            reply = problem(res.status, "bad_request", "the request could not be read");
            break;
        }
        res.set_header("Date", httpDate());
        res.set_content(reply.body, reply.contentType.c_str());
        m_metrics.observeRequest("error", res.status, 0);
        return httplib::Server::HandlerResponse::Handled;
    }));
    m_http->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        const Reply reply = problem(500, "internal_error", "the server could not complete the request");
        res.status = 500;
        res.set_header("Date", httpDate());
        res.set_content(reply.body, reply.contentType.c_str());
    });

    route("GET", "/v1/health", "health", [this](const httplib::Request&) { return health(); });
    route("GET", "/metrics", "metrics", [this](const httplib::Request&) {
        Reply reply{200, m_metrics.render(m_pool.size(), m_pool.inUse()), "text/plain; version=0.0.4", {}};
        return reply;
    });
    route("GET", "/v1/catalog", "catalog", [this](const httplib::Request& req) {
        Device device;
        if (auto refusal = authorize(req, {Role::Counter, Role::Kiosk, Role::Manager, Role::Channel}, device))
            return *refusal;
        return m_catalog.get(req.get_header_value("If-None-Match"));
    });
    route("GET", R"(/v1/shows/([^/]+)/seats)", "seats", [this](const httplib::Request& req) { return getSeats(req); });
    route("POST", "/v1/holds", "holds.create", [this](const httplib::Request& req) { return postHold(req); });
    route("DELETE", R"(/v1/holds/([^/]+))", "holds.release",
          [this](const httplib::Request& req) { return deleteHold(req); });
    route("POST", "/v1/allotments", "allotments.create",
          [this](const httplib::Request& req) { return postAllotment(req); });
    route("DELETE", R"(/v1/allotments/([^/]+))", "allotments.return",
          [this](const httplib::Request& req) { return deleteAllotment(req); });
    route("POST", "/v1/bookings", "bookings.create", [this](const httplib::Request& req) { return postBooking(req); });
    route("POST", "/v1/bookings:batch", "bookings.batch",
          [this](const httplib::Request& req) { return postBookingBatch(req); });
    route("GET", R"(/v1/bookings/([^/]+))", "bookings.get",
          [this](const httplib::Request& req) { return getBooking(req); });
    route("POST", R"(/v1/bookings/([^/]+)/refunds)", "refunds.create",
          [this](const httplib::Request& req) { return postRefund(req); });
    route("POST", "/v1/payment-intents", "payment_intents.create",
          [this](const httplib::Request& req) { return postPaymentIntent(req); });
    route("POST", R"(/v1/payment-intents/([^/]+)/events)", "payment_events.create",
          [this](const httplib::Request& req) { return postPaymentEvent(req); });
    route("GET", "/v1/reports/daily", "reports.daily",
          [this](const httplib::Request& req) { return getDailyReport(req); });
    route("GET", "/v1/reconciliation/flags", "reconciliation.flags",
          [this](const httplib::Request& req) { return getReconciliationFlags(req); });
}

std::string HttpServer::allowedMethods(const std::string& path) const
{
    std::string allowed;
    auto add = [&](const std::string& method) {
        if (allowed.find(method) == std::string::npos)
            allowed += (allowed.empty() ? "" : ", ") + method;
    };
    for (const auto& [pattern, method] : m_routes) {
        if (std::regex_match(path, pattern)) {
            add(method);
            if (method == "GET")
                add("HEAD"); // cpp-httplib answers HEAD from the GET handler
        }
    }
    return allowed;
}

std::optional<Reply> HttpServer::authorize(const httplib::Request& request, std::initializer_list<Role> roles,
                                           Device& device)
{
    const std::string header = request.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0) {
        return problem(401, "unauthenticated", "send the device token as Authorization: Bearer <token>")
            .header("WWW-Authenticate", "Bearer realm=\"marquee\"");
    }
    auto found = m_auth.authenticate(std::string_view(header).substr(kBearer.size()));
    if (!found) {
        if (found.error().code == ErrorCode::Storage) {
            return problem(503, "database_unavailable", "the database cannot be reached; retry later")
                .header("Retry-After", "2");
        }
        return problem(401, "unauthenticated", "the device token is unknown or was revoked")
            .header("WWW-Authenticate", "Bearer realm=\"marquee\", error=\"invalid_token\"");
    }
    device = *found;
    bool allowed = false;
    for (Role role : roles)
        allowed = allowed || role == device.role;
    if (!allowed) {
        return problem(403, "forbidden", "a " + std::string(toString(device.role)) + " device may not do this",
                       {{"role", toString(device.role)}});
    }
    int retryAfter = 1;
    if (!m_deviceLimiter.admit(device.id, retryAfter)) {
        m_metrics.rateLimited("device");
        return problem(429, "rate_limited", "this device is sending too many requests; slow down",
                       {{"scope", "device"}})
            .header("Retry-After", std::to_string(retryAfter));
    }
    return std::nullopt;
}

std::optional<Reply> HttpServer::admitShow(const std::string& showId)
{
    int retryAfter = 1;
    if (!m_showLimiter.admit(showId, retryAfter)) {
        m_metrics.rateLimited("show");
        return problem(429, "rate_limited", "this show is taking too many requests right now; retry shortly",
                       {{"scope", "show"}})
            .header("Retry-After", std::to_string(retryAfter));
    }
    return std::nullopt;
}

std::optional<Reply> HttpServer::keyScope(const httplib::Request& request, const Device& device, KeyScope& scope)
{
    const std::string key = request.get_header_value("Idempotency-Key");
    if (key.empty()) {
        return problem(400, "missing_idempotency_key", "every POST needs an Idempotency-Key header (a UUID)",
                       {{"field", "Idempotency-Key"}});
    }
    if (key.size() > 255) {
        return problem(400, "invalid_idempotency_key", "the Idempotency-Key is longer than 255 characters",
                       {{"field", "Idempotency-Key"}});
    }
    scope = {device.id, key, IdempotencyStore::fingerprint(request.method, request.path, request.body)};
    return std::nullopt;
}

Reply HttpServer::idempotent(const httplib::Request& request, const Device& device,
                             const IdempotencyStore::Effect& effect)
{
    KeyScope scope;
    if (auto refusal = keyScope(request, device, scope))
        return *refusal;
    return m_keys.run(scope.deviceId, scope.key, scope.fingerprint, effect);
}

Reply HttpServer::health()
{
    // A pooled connection that died with a database restart says nothing about the database
    // now: drop it (and the idle ones) and ask once more on a fresh connection.
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto lease = m_pool.acquire(std::chrono::seconds(2));
        if (!lease)
            break;
        try {
            pqxx::nontransaction tx(lease->connection());
            auto row = tx.exec1("SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 "
                                "ELSE (SELECT coalesce(max(version), 0) FROM schema_migrations) END");
            return Reply::json(200, {{"status", "ok"},
                                     {"database", "reachable"},
                                     {"schema_version", row[0].as<int>()},
                                     {"schema_latest", Migrations::latestVersion()}});
        } catch (const pqxx::broken_connection&) {
            lease->discard();
        } catch (const std::exception&) {
            break;
        }
    }
    Reply reply = Reply::json(503, {{"status", "degraded"}, {"database", "unreachable"}});
    reply.header("Retry-After", "5");
    return reply;
}

#define MQ_DECODE(var, decoder, request)                                                                               \
    auto var##Json = parseRequestJson((request).body);                                                                 \
    if (!var##Json)                                                                                                    \
        return problem(400, "malformed_json", var##Json.error().message);                                              \
    auto var = decoder(*var##Json);                                                                                    \
    if (!var)                                                                                                          \
    return fromError(var.error())

#define MQ_JSON_BODY(request)                                                                                          \
    if (!jsonContentType(request)) {                                                                                   \
        return problem(415, "unsupported_media_type", "send the body as application/json");                            \
    }

Reply HttpServer::postHold(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Kiosk, Role::Manager, Role::Channel}, device))
        return *refusal;
    MQ_JSON_BODY(req);
    MQ_DECODE(body, wire::decodeHold, req);
    if (auto refusal = m_holds.validateHold(*body))
        return *refusal;
    if (auto refusal = admitShow(body->showId))
        return *refusal;
    KeyScope key;
    if (auto refusal = keyScope(req, device, key))
        return *refusal;
    return m_keys.runCall([&](pqxx::nontransaction& db) { return m_holds.hold(db, key, *body); });
}

Reply HttpServer::deleteHold(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Kiosk, Role::Manager, Role::Channel}, device))
        return *refusal;
    const std::string holdId = req.matches[1];
    return m_keys.single([&](pqxx::nontransaction& db) { return m_holds.release(db, device, holdId); });
}

Reply HttpServer::getSeats(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Kiosk, Role::Manager, Role::Channel}, device))
        return *refusal;
    const std::string showId = req.matches[1];
    std::optional<std::int64_t> since;
    if (req.has_param("since")) {
        const std::string text = req.get_param_value("since");
        char* end = nullptr;
        errno = 0;
        const long long value = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno != 0 || value < 0) {
            return badField(400, "since", "since: expected a version number (0 or more)");
        }
        since = value;
    }
    return m_keys.transact([&](Transaction& tx) { return m_holds.seats(tx, showId, since); });
}

Reply HttpServer::postAllotment(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Manager}, device))
        return *refusal;
    MQ_JSON_BODY(req);
    MQ_DECODE(body, wire::decodeAllotment, req);
    if (auto refusal = m_holds.validateAllotment(*body))
        return *refusal;
    if (auto refusal = admitShow(body->showId))
        return *refusal;
    return idempotent(req, device, [&](Transaction& tx) { return m_holds.allot(tx, device, *body); });
}

Reply HttpServer::deleteAllotment(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Manager}, device))
        return *refusal;
    const std::string allotmentId = req.matches[1];
    return m_keys.transact([&](Transaction& tx) { return m_holds.returnAllotment(tx, device, allotmentId); });
}

Reply HttpServer::postBooking(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Kiosk, Role::Manager, Role::Channel}, device))
        return *refusal;
    MQ_JSON_BODY(req);
    MQ_DECODE(body, wire::decodeBooking, req);
    Reply refusal;
    auto priced = m_bookings.price(device, *body, refusal);
    if (!priced)
        return refusal;
    if (auto limited = admitShow(body->showId))
        return *limited;
    KeyScope key;
    if (auto noKey = keyScope(req, device, key))
        return *noKey;
    return m_keys.runCall([&](pqxx::nontransaction& db) { return m_bookings.book(db, key, *priced); });
}

Reply HttpServer::postBookingBatch(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Kiosk, Role::Manager, Role::Channel}, device))
        return *refusal;
    MQ_JSON_BODY(req);
    auto document = parseRequestJson(req.body);
    if (!document)
        return problem(400, "malformed_json", document.error().message);
    if (!document->is_object() || !document->contains("items") || !(*document)["items"].is_array()) {
        return badField(400, "items", "items: expected an array of {idempotency_key, booking}");
    }
    const auto& items = (*document)["items"];
    if (items.empty() || items.size() > kMaxBatchItems) {
        return badField(400, "items", "items: from 1 to " + std::to_string(kMaxBatchItems) + " bookings");
    }
    // Items are independent bookings, each in its own transaction: a few at a time lets
    // PostgreSQL flush their commits together (one WAL fsync for several), which is what a
    // counter catching up on thousands of offline sales waits for. An item whose key came
    // earlier in the batch runs after the others, in order, so it replays as if sent alone.
    // Results keep the order of the items.
    std::vector<nlohmann::json> answers(items.size());
    std::vector<std::size_t> first, repeats;
    std::set<std::string> keys;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto key = items[i].is_object() ? items[i].find("idempotency_key") : items[i].end();
        const bool repeated = key != items[i].end() && key->is_string() && !keys.insert(key->get<std::string>()).second;
        (repeated ? repeats : first).push_back(i);
    }
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t n = next++; n < first.size(); n = next++)
            answers[first[n]] = batchItem(device, items[first[n]], first[n]);
    };
    const std::size_t helpers =
        std::min<std::size_t>(first.size(), static_cast<std::size_t>(std::max(1, m_options.poolSize / 2))) - 1;
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < helpers; ++t)
        threads.emplace_back(work);
    work();
    for (auto& t : threads)
        t.join();
    for (std::size_t i : repeats)
        answers[i] = batchItem(device, items[i], i);
    nlohmann::json results = nlohmann::json::array();
    for (auto& answer : answers)
        results.push_back(std::move(answer));
    return Reply::json(200, {{"results", results}});
}

nlohmann::json HttpServer::batchItem(const Device& device, const nlohmann::json& item, std::size_t index)
{
    const std::string where = "items[" + std::to_string(index) + "]";
    auto outcome = [&](const Reply& reply, const std::string& key) {
        nlohmann::json body = nlohmann::json::parse(reply.body, nullptr, false);
        bool replayed = false;
        for (const auto& [name, value] : reply.headers)
            replayed = replayed || (name == "Idempotent-Replayed" && value == "true");
        return nlohmann::json{{"idempotency_key", key},
                              {"status", reply.status},
                              {"replayed", replayed},
                              {"body", body.is_discarded() ? nlohmann::json() : body}};
    };
    if (!item.is_object() || !item.contains("idempotency_key") || !item["idempotency_key"].is_string() ||
        item["idempotency_key"].get<std::string>().empty() || item["idempotency_key"].get<std::string>().size() > 255) {
        return outcome(badField(400, where + ".idempotency_key",
                                where + ".idempotency_key: expected a key of 1 to 255 characters"),
                       "");
    }
    const std::string key = item["idempotency_key"].get<std::string>();
    if (!item.contains("booking"))
        return outcome(badField(400, where + ".booking", where + ".booking: is missing"), key);
    const nlohmann::json& bookingJson = item["booking"];
    auto body = wire::decodeBooking(bookingJson);
    if (!body) {
        Reply reply = fromError(body.error());
        return outcome(reply, key);
    }
    Reply refusal;
    auto priced = m_bookings.price(device, *body, refusal);
    if (!priced)
        return outcome(refusal, key);
    if (auto limited = admitShow(body->showId))
        return outcome(*limited, key);
    // The fingerprint of the same booking POSTed alone as compact JSON (what clients send).
    const std::string fingerprint = IdempotencyStore::fingerprint("POST", "/v1/bookings", bookingJson.dump());
    const KeyScope scope{device.id, key, fingerprint};
    Reply reply = m_keys.runCall([&](pqxx::nontransaction& db) { return m_bookings.book(db, scope, *priced); });
    return outcome(reply, key);
}

Reply HttpServer::getBooking(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Kiosk, Role::Manager, Role::Channel}, device))
        return *refusal;
    const std::string bookingId = req.matches[1];
    return m_keys.transact([&](Transaction& tx) { return m_bookings.get(tx, bookingId); });
}

Reply HttpServer::postRefund(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Manager}, device))
        return *refusal;
    MQ_JSON_BODY(req);
    MQ_DECODE(body, wire::decodeRefund, req);
    const std::string bookingId = req.matches[1];
    return idempotent(req, device, [&](Transaction& tx) { return m_bookings.refund(tx, device, bookingId, *body); });
}

Reply HttpServer::postPaymentIntent(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Kiosk, Role::Manager, Role::Channel}, device))
        return *refusal;
    MQ_JSON_BODY(req);
    MQ_DECODE(body, wire::decodePaymentIntent, req);
    return idempotent(req, device, [&](Transaction& tx) { return m_payments.createIntent(tx, device, *body); });
}

Reply HttpServer::postPaymentEvent(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Kiosk, Role::Manager, Role::Channel}, device))
        return *refusal;
    MQ_JSON_BODY(req);
    MQ_DECODE(body, wire::decodePaymentEvent, req);
    const std::string intentId = req.matches[1];
    return idempotent(req, device, [&](Transaction& tx) { return m_payments.addEvent(tx, device, intentId, *body); });
}

Reply HttpServer::getDailyReport(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Counter, Role::Manager}, device))
        return *refusal;
    if (!req.has_param("business_date")) {
        return badField(400, "business_date", "business_date: missing (YYYY-MM-DD)");
    }
    const std::string date = req.get_param_value("business_date");
    return m_keys.transact([&](Transaction& tx) { return m_reports.daily(tx, date); });
}

Reply HttpServer::getReconciliationFlags(const httplib::Request& req)
{
    Device device;
    if (auto refusal = authorize(req, {Role::Manager}, device))
        return *refusal;
    std::string state;
    if (req.has_param("state")) {
        state = req.get_param_value("state");
        if (!Reconciler::knownFlagState(state)) {
            return badField(400, "state", "state: expected refund_pending, refunded, refund_failed, open or resolved");
        }
    }
    int limit = 100;
    if (req.has_param("limit")) {
        const std::string text = req.get_param_value("limit");
        char* end = nullptr;
        errno = 0;
        const long value = std::strtol(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno != 0 || value < 1 || value > 1000)
            return badField(400, "limit", "limit: expected a number from 1 to 1000");
        limit = static_cast<int>(value);
    }
    return m_keys.transact([&](Transaction& tx) { return Reconciler::listFlags(tx, state, limit); });
}

} // namespace marquee::server
