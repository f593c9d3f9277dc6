#pragma once
// Admission control: token buckets per key (a device, a show), so one runaway client or
// one hot show gets 429 with Retry-After while everyone else is served. Buckets refill
// continuously at `rate` tokens per second up to `burst`. Thread-safe. A rate of 0 turns
// a limiter off.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace marquee::server {

class RateLimiter
{
public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(double ratePerSecond, double burst)
        : m_rate(ratePerSecond)
        , m_burst(burst)
    {
    }

    // Takes a token for `key`; when none is left, returns false and the whole seconds until
    // one will be there.
    bool admit(const std::string& key, int& retryAfterSeconds) { return admitAt(key, Clock::now(), retryAfterSeconds); }
    bool admitAt(const std::string& key, Clock::time_point now, int& retryAfterSeconds);
    bool enabled() const { return m_rate > 0; }

private:
    struct Bucket
    {
        double tokens = 0;
        Clock::time_point updated;
    };
    double m_rate;
    double m_burst;
    std::mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets;
};

} // namespace marquee::server
