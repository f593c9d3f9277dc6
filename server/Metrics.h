#pragma once
// Counters and latency histograms in Prometheus text format (GET /metrics): requests by
// route and status, request latency by route, holds granted, seat conflicts, idempotent
// replays, rate-limited requests. Thread-safe; cheap enough to call on every request.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace marquee::server {

class Metrics
{
public:
    void observeRequest(const std::string& route, int status, double seconds);
    void holdGranted() { ++m_holdsGranted; }
    void holdConflict() { ++m_holdConflicts; }
    void bookingConflict() { ++m_bookingConflicts; }
    void bookingConfirmed() { ++m_bookingsConfirmed; }
    void idempotentReplay() { ++m_replays; }
    void idempotencyInProgress() { ++m_inProgress; }
    void rateLimited(const std::string& scope);
    void transactionRetry() { ++m_txRetries; }

    // Everything as Prometheus exposition text; gauges passed in by the caller.
    std::string render(int poolSize, int poolInUse) const;

    static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

private:
    struct Histogram
    {
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex m_mutex;
    std::map<std::pair<std::string, int>, std::uint64_t> m_requests;
    std::map<std::string, Histogram> m_latency;
    std::map<std::string, std::uint64_t> m_rateLimited;
    std::atomic<std::uint64_t> m_holdsGranted{0}, m_holdConflicts{0}, m_bookingConflicts{0}, m_bookingsConfirmed{0},
        m_replays{0}, m_inProgress{0}, m_txRetries{0};
};

} // namespace marquee::server
