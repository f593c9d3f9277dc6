#pragma once
// The background sweep of `serve`: deletes claims of expired holds and of ended leases
// (logging the seats as AVAILABLE so seat-map deltas show it), marks expired holds
// RELEASED, and drops idempotency records past their retention. Expired claims never block
// anyone even before this runs; the sweep and an explicit release may race harmlessly,
// because both are conditional on the claim still being there.

#include "ConnectionPool.h"
#include "IdempotencyStore.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace marquee::server {

struct SweepCounts
{
    long long seatsFreed = 0;
    long long holdsExpired = 0;
    long long keysDropped = 0;
};

class Sweeper
{
public:
    Sweeper(ConnectionPool& pool, IdempotencyStore& keys, std::chrono::seconds keyRetention)
        : m_pool(pool)
        , m_keys(keys)
        , m_retention(keyRetention)
    {
    }
    ~Sweeper() { stop(); }

    Result<SweepCounts> sweepOnce();
    void start(std::chrono::milliseconds interval);
    void stop();

private:
    ConnectionPool& m_pool;
    IdempotencyStore& m_keys;
    std::chrono::seconds m_retention;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace marquee::server
