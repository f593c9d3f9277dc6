#include "WebhookDispatcher.h"

#include "WebhookSignature.h"

#include <algorithm>
#include <httplib.h>

namespace marquee::gatewaysim {

WebhookDispatcher::WebhookDispatcher(WebhookSettings settings)
    : m_settings(std::move(settings))
    , m_thread([this] { run(); })
{
}

WebhookDispatcher::~WebhookDispatcher()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void WebhookDispatcher::setUrl(std::string url)
{
    std::lock_guard lock(m_mutex);
    m_settings.url = std::move(url);
}

void WebhookDispatcher::enqueue(const SimEvent& event, Duration delay, int copies)
{
    const auto due = std::chrono::steady_clock::now() + delay;
    {
        std::lock_guard lock(m_mutex);
        m_events.push_back({{"id", event.id},
                            {"type", event.type},
                            {"payment_intent", event.payload["data"]["object"].value("payment_intent", "") == ""
                                                   ? event.payload["data"]["object"].value("id", "")
                                                   : event.payload["data"]["object"].value("payment_intent", "")},
                            {"delay_ms", delay.count()},
                            {"copies", copies}});
        const std::string payload = event.payload.dump();
        for (int copy = 0; copy < copies; ++copy) {
            // Duplicates trail the first delivery a little, as a retried delivery would.
            m_queue.push_back({due + Duration(20 * copy), event.id, event.type, payload, copy, 1});
        }
    }
    m_wake.notify_all();
}

nlohmann::json WebhookDispatcher::log() const
{
    std::lock_guard lock(m_mutex);
    return {{"events", m_events},
            {"deliveries", m_attempts},
            {"pending", static_cast<int>(m_queue.size()) + m_inFlight},
            {"url", m_settings.url}};
}

void WebhookDispatcher::reset()
{
    std::lock_guard lock(m_mutex);
    m_queue.clear();
    m_events = nlohmann::json::array();
    m_attempts = nlohmann::json::array();
}

int WebhookDispatcher::post(const std::string& url, const std::string& payload)
{
    // "scheme://host:port/path": the client takes the part before the path.
    const auto schemeEnd = url.find("://");
    const auto pathStart = schemeEnd == std::string::npos ? std::string::npos : url.find('/', schemeEnd + 3);
    const std::string origin = url.substr(0, pathStart);
    const std::string path = pathStart == std::string::npos ? "/" : url.substr(pathStart);
    httplib::Client client(origin);
    if (!client.is_valid())
        return 0;
    client.set_connection_timeout(2, 0);
    client.set_read_timeout(5, 0);
    if (!m_settings.caFile.empty())
        client.set_ca_cert_path(m_settings.caFile.c_str());
    httplib::Headers headers = {
        {std::string(kWebhookSignatureHeader), signWebhook(m_settings.secret, payload, SystemClock().now())},
        {"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks) marquee-gateway-sim"}};
    const auto result = client.Post(path.c_str(), headers, payload, "application/json; charset=utf-8");
    return result ? result->status : 0;
}

void WebhookDispatcher::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        if (m_queue.empty()) {
            m_wake.wait(lock);
            continue;
        }
        const auto next = std::min_element(m_queue.begin(), m_queue.end(),
                                           [](const Delivery& a, const Delivery& b) { return a.due < b.due; });
        if (next->due > std::chrono::steady_clock::now()) {
            m_wake.wait_until(lock, next->due);
            continue;
        }
        Delivery delivery = std::move(*next);
        m_queue.erase(next);
        const std::string url = m_settings.url;
        if (url.empty()) {
            m_attempts.push_back({{"event", delivery.eventId},
                                  {"type", delivery.type},
                                  {"copy", delivery.copy},
                                  {"attempt", delivery.attempt},
                                  {"status", nullptr},
                                  {"skipped", "no endpoint"}});
            continue;
        }
        ++m_inFlight;
        lock.unlock();
        const int status = post(url, delivery.payload);
        lock.lock();
        --m_inFlight;
        m_attempts.push_back({{"event", delivery.eventId},
                              {"type", delivery.type},
                              {"copy", delivery.copy},
                              {"attempt", delivery.attempt},
                              {"status", status}});
        if ((status < 200 || status >= 300) && delivery.attempt < m_settings.attempts) {
            delivery.due = std::chrono::steady_clock::now() + m_settings.backoff * (1 << (delivery.attempt - 1));
            ++delivery.attempt;
            m_queue.push_back(std::move(delivery));
        }
    }
}

} // namespace marquee::gatewaysim
