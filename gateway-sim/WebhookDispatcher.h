#pragma once
// Delivers the simulator's events to the configured endpoint like Stripe does: a POST of the
// event JSON, signed in a Stripe-Signature header (t=<unix seconds>,v1=<HMAC-SHA256 of
// "<t>.<body>">, signed afresh for each attempt), retried with backoff while the endpoint
// does not answer 2xx. Faults shape it: an event may be held back (late) and sent several
// times (duplicates, with the same event id). Every attempt is logged for the ledger.
// One thread of its own; enqueue() is thread-safe and never blocks on the network.

#include "Clock.h"
#include "IntentLedger.h"

#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace marquee::gatewaysim {

struct WebhookSettings
{
    std::string url;    // "http://127.0.0.1:8099/hooks"; empty: events are only recorded
    std::string secret; // the endpoint's signing secret ("whsec_...")
    std::string caFile; // for an https:// endpoint
    int attempts = 3;   // deliveries tried per copy before giving up
    Duration backoff{200};
};

class WebhookDispatcher
{
public:
    explicit WebhookDispatcher(WebhookSettings settings);
    ~WebhookDispatcher();
    WebhookDispatcher(const WebhookDispatcher&) = delete;
    WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

    void setUrl(std::string url);
    // Sends `copies` deliveries of the event (the same id each time), the first after `delay`.
    void enqueue(const SimEvent& event, Duration delay, int copies);
    // Events created and delivery attempts so far; pending counts deliveries not yet done.
    nlohmann::json log() const;
    void reset();

private:
    struct Delivery
    {
        std::chrono::steady_clock::time_point due;
        std::string eventId;
        std::string type;
        std::string payload;
        int copy = 0;
        int attempt = 1;
    };
    void run();
    int post(const std::string& url, const std::string& payload);

    WebhookSettings m_settings;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<Delivery> m_queue;
    nlohmann::json m_events = nlohmann::json::array();
    nlohmann::json m_attempts = nlohmann::json::array();
    bool m_stop = false;
    int m_inFlight = 0;
    std::thread m_thread;
};

} // namespace marquee::gatewaysim
