#include "RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace marquee::server {

bool RateLimiter::admitAt(const std::string& key, Clock::time_point now, int& retryAfterSeconds)
{
    if (m_rate <= 0)
        return true;
    std::lock_guard lock(m_mutex);
    if (m_buckets.size() > 100'000)
        m_buckets.clear(); // bound memory against key floods
    auto [it, fresh] = m_buckets.try_emplace(key, Bucket{m_burst, now});
    Bucket& bucket = it->second;
    if (!fresh) {
        const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
        bucket.tokens = std::min(m_burst, bucket.tokens + std::max(0.0, elapsed) * m_rate);
        bucket.updated = now;
    }
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return true;
    }
    retryAfterSeconds = std::max(1, static_cast<int>(std::ceil((1.0 - bucket.tokens) / m_rate)));
    return false;
}

} // namespace marquee::server
