#pragma once
// marquee-gateway-sim's HTTP face: the PaymentIntents routes over cpp-httplib (TLS when a
// certificate is given, plain HTTP only on loopback), the /_sim control routes, and the
// order every API request goes through:
//   authenticate (Bearer secret key) -> injected failure (5xx/429, nothing done, nothing
//   kept) -> parse the body (form or JSON) -> Idempotency-Key (replay, mismatch, in
//   progress) -> latency (while the key is held) -> the IntentLedger operation -> keep the
//   answer under the key -> send the events -> timeout-after-success (the effect stays, the
//   answer is dropped or held back).
// Each request runs on a pool thread; the ledger, the keys and the faults are thread-safe.

#include "FaultSwitches.h"
#include "IdempotencyRecords.h"
#include "IntentLedger.h"
#include "SimOptions.h"
#include "WebhookDispatcher.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace marquee::gatewaysim {

class GatewaySim
{
public:
    // Fails when the options cannot work: plain HTTP on a non-loopback address, an unreadable
    // certificate, a fault that does not exist.
    static Result<std::unique_ptr<GatewaySim>> create(SimOptions options);
    ~GatewaySim();

    Result<int> bind();
    void run(); // serves until stop()
    void stop();

private:
    explicit GatewaySim(SimOptions options);
    using Operation = std::function<SimReply(const Params&, std::vector<SimEvent>&)>;
    void install();
    bool authorized(const httplib::Request& request, httplib::Response& response);
    void addLatency();
    bool injectedTrouble(const httplib::Request& request, httplib::Response& response);
    void apiPost(const httplib::Request& request, httplib::Response& response, const Operation& operation);
    bool admitGet(const httplib::Request& request, httplib::Response& response);
    void apiGet(const httplib::Request& request, httplib::Response& response, const SimReply& reply);
    void send(httplib::Response& response, int status, const std::string& body);
    void logRequest(const httplib::Request& request, int status, bool replayed, const std::string& fault);
    // Waits, unless the simulator is stopping.
    void pause(Duration duration);

    SimOptions m_options;
    SystemClock m_clock;
    FaultSwitches m_faults;
    IntentLedger m_ledger;
    IdempotencyRecords m_keys;
    WebhookDispatcher m_webhooks;
    std::mutex m_logMutex;
    nlohmann::json m_requests = nlohmann::json::array();
    std::mutex m_stopMutex;
    std::condition_variable m_stopWake;
    bool m_stopping = false;
    std::unique_ptr<httplib::Server> m_http;
};

} // namespace marquee::gatewaysim
