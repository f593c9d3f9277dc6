#pragma once
// Runs a request's effect in one PostgreSQL transaction together with its idempotency
// record, so an outcome is stored exactly when its effect is (DESIGN.md, Server API).
//
// Per (device, key): a transaction-scoped advisory lock marks the key as running; a second
// request with the key while it is held gets 409 + Retry-After. Inside the lock the stored
// outcome decides: same fingerprint -> the stored reply with Idempotent-Replayed: true;
// different fingerprint -> 422. Otherwise the effect runs behind a savepoint: a refused
// effect (4xx) is rolled back but its reply is stored; 5xx and 429 are never stored.
// The primary key on (device, key) backs the lock up: a lost race ends in a retry.

#include "ConnectionPool.h"
#include "Metrics.h"
#include "Problem.h"

#include <chrono>
#include <functional>
#include <string>

namespace marquee::server {

class Transaction;

class IdempotencyStore
{
public:
    using Effect = std::function<Reply(Transaction&)>;

    IdempotencyStore(ConnectionPool& pool, Metrics& metrics)
        : m_pool(pool)
        , m_metrics(metrics)
    {
    }

    // The request fingerprint: SHA-256 of method, path and body.
    static std::string fingerprint(const std::string& method, const std::string& path, const std::string& body);

    Reply run(const std::string& deviceId, const std::string& key, const std::string& fingerprint,
              const Effect& effect);
    // A transaction without an idempotency record (DELETE, reads), with the same retries
    // and error mapping.
    Reply transact(const Effect& effect);
    // Deletes records older than `retention`; returns how many went.
    Result<long long> sweep(std::chrono::seconds retention);

private:
    Reply attempt(const Effect& effect, const std::string* deviceId, const std::string* key,
                  const std::string* fingerprint);

    ConnectionPool& m_pool;
    Metrics& m_metrics;
};

} // namespace marquee::server
