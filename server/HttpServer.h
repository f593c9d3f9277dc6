#pragma once
// The HTTP face of the server: routes of API v1 (docs/api.md) on cpp-httplib, over TLS
// unless told otherwise. Every request goes through the same steps: authenticate the
// bearer token, check the device's role for the route, admit through the rate limiters,
// decode the body (problem+json naming the field when it is wrong), then run the effect in
// one transaction with its idempotency record. Nothing thrown below reaches cpp-httplib.

#include "Auth.h"
#include "BookingService.h"
#include "CatalogService.h"
#include "ConnectionPool.h"
#include "HoldService.h"
#include "IdempotencyStore.h"
#include "Metrics.h"
#include "PaymentService.h"
#include "RateLimiter.h"
#include "Reconciler.h"
#include "ReportService.h"
#include "ServerOptions.h"
#include "Sweeper.h"

#include <initializer_list>
#include <memory>
#include <regex>
#include <utility>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace marquee::server {

class HttpServer
{
public:
    HttpServer(ServerOptions options, ConnectionPool& pool);
    ~HttpServer();

    // Binds the listening socket (port 0 picks a free one); returns the port.
    Result<int> bind();
    // Serves until stop(); starts the sweeper and the periodic reconcile.
    void run();
    void stop();

private:
    using Handler = std::function<Reply(const httplib::Request&)>;
    void route(const char* method, const char* pattern, const std::string& name, Handler handler);
    void install();
    // The methods routed for `path` ("GET, HEAD"), empty for an unknown path.
    std::string allowedMethods(const std::string& path) const;
    void respond(const httplib::Request& request, httplib::Response& response, const std::string& name,
                 const Handler& handler);

    // Sets `device` or returns the 401/403 to send.
    std::optional<Reply> authorize(const httplib::Request& request, std::initializer_list<Role> roles, Device& device);
    std::optional<Reply> admitShow(const std::string& showId);
    // Reads the request's Idempotency-Key into `scope`, or returns the 400 when it is missing
    // or too long.
    std::optional<Reply> keyScope(const httplib::Request& request, const Device& device, KeyScope& scope);
    // Runs `effect` under the request's Idempotency-Key (400 when it is missing).
    Reply idempotent(const httplib::Request& request, const Device& device, const IdempotencyStore::Effect& effect);

    Reply health();
    Reply postHold(const httplib::Request& request);
    Reply deleteHold(const httplib::Request& request);
    Reply getSeats(const httplib::Request& request);
    Reply postAllotment(const httplib::Request& request);
    Reply deleteAllotment(const httplib::Request& request);
    Reply postBooking(const httplib::Request& request);
    Reply postBookingBatch(const httplib::Request& request);
    // One booking of a batch, exactly as if it had been POSTed alone with its key.
    nlohmann::json batchItem(const Device& device, const nlohmann::json& item, std::size_t index);
    Reply getBooking(const httplib::Request& request);
    Reply postRefund(const httplib::Request& request);
    Reply postPaymentIntent(const httplib::Request& request);
    Reply postPaymentEvent(const httplib::Request& request);
    Reply getDailyReport(const httplib::Request& request);
    Reply getReconciliationFlags(const httplib::Request& request);

    ServerOptions m_options;
    ConnectionPool& m_pool;
    Metrics m_metrics;
    Auth m_auth;
    CatalogService m_catalog;
    IdempotencyStore m_keys;
    HoldService m_holds;
    BookingService m_bookings;
    PaymentService m_payments;
    ReportService m_reports;
    RateLimiter m_deviceLimiter;
    RateLimiter m_showLimiter;
    Sweeper m_sweeper;
    std::unique_ptr<ConnectionPool> m_reconcilePool;
    std::unique_ptr<Reconciler> m_reconciler; // null with --reconcile-every 0
    std::unique_ptr<httplib::Server> m_http;
    std::vector<std::pair<std::regex, std::string>> m_routes; // pattern, method: for 405's Allow
};

} // namespace marquee::server
