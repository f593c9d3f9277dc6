#include "Metrics.h"

#include <cstdio>

namespace marquee::server {

void Metrics::observeRequest(const std::string& route, int status, double seconds)
{
    std::lock_guard lock(m_mutex);
    ++m_requests[{route, status}];
    Histogram& h = m_latency[route];
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i])
            ++h.buckets[i];
    }
    ++h.count;
    h.sum += seconds;
}

void Metrics::rateLimited(const std::string& scope)
{
    std::lock_guard lock(m_mutex);
    ++m_rateLimited[scope];
}

std::string Metrics::render(int poolSize, int poolInUse) const
{
    std::string out;
    auto line = [&](const std::string& text) { out += text + "\n"; };
    auto number = [](double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return std::string(buf);
    };
    std::lock_guard lock(m_mutex);
    line("# HELP marquee_http_requests_total HTTP requests by route and status.");
    line("# TYPE marquee_http_requests_total counter");
    for (const auto& [key, n] : m_requests) {
        line("marquee_http_requests_total{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"} " +
             std::to_string(n));
    }
    line("# HELP marquee_http_request_duration_seconds Request latency by route.");
    line("# TYPE marquee_http_request_duration_seconds histogram");
    for (const auto& [route, h] : m_latency) {
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            line("marquee_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" + number(kBuckets[i]) +
                 "\"} " + std::to_string(h.buckets[i]));
        }
        line("marquee_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} " +
             std::to_string(h.count));
        line("marquee_http_request_duration_seconds_sum{route=\"" + route + "\"} " + number(h.sum));
        line("marquee_http_request_duration_seconds_count{route=\"" + route + "\"} " + std::to_string(h.count));
    }
    auto counter = [&](const char* name, const char* help, std::uint64_t value) {
        line(std::string("# HELP ") + name + " " + help);
        line(std::string("# TYPE ") + name + " counter");
        line(std::string(name) + " " + std::to_string(value));
    };
    counter("marquee_holds_granted_total", "Holds granted.", m_holdsGranted.load());
    counter("marquee_hold_conflicts_total", "Holds refused because a seat was taken.", m_holdConflicts.load());
    counter("marquee_booking_conflicts_total", "Bookings refused (hold expired or seat unavailable).",
            m_bookingConflicts.load());
    counter("marquee_bookings_confirmed_total", "Bookings confirmed.", m_bookingsConfirmed.load());
    counter("marquee_idempotent_replays_total", "Requests answered from a stored outcome.", m_replays.load());
    counter("marquee_idempotency_in_progress_total", "Requests refused because the same key was running.",
            m_inProgress.load());
    counter("marquee_transaction_retries_total", "Transactions retried after a deadlock or serialization failure.",
            m_txRetries.load());
    line("# HELP marquee_rate_limited_total Requests refused by admission control.");
    line("# TYPE marquee_rate_limited_total counter");
    for (const auto& [scope, n] : m_rateLimited) {
        line("marquee_rate_limited_total{scope=\"" + scope + "\"} " + std::to_string(n));
    }
    line("# HELP marquee_db_pool_connections Database connections in the pool.");
    line("# TYPE marquee_db_pool_connections gauge");
    line("marquee_db_pool_connections " + std::to_string(poolSize));
    line("# HELP marquee_db_pool_in_use Database connections lent out now.");
    line("# TYPE marquee_db_pool_in_use gauge");
    line("marquee_db_pool_in_use " + std::to_string(poolInUse));
    return out;
}

} // namespace marquee::server
