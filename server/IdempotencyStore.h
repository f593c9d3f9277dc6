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
//
// The hot path (holds) does all of that inside one database function instead (schema
// version 2): lock, lookup, effect and stored outcome in one call, which is its own
// transaction, so a request costs one round trip; runCall() maps what it answered.

#include "ConnectionPool.h"
#include "Metrics.h"
#include "Problem.h"

#include <chrono>
#include <functional>
#include <pqxx/nontransaction>
#include <pqxx/row>
#include <string>

namespace marquee::server {

class Transaction;

// The Idempotency-Key of a request and what it is checked against.
struct KeyScope
{
    std::string deviceId;
    std::string key;
    std::string fingerprint;
    // The transaction-scoped advisory lock that marks the key as running.
    long long lockId() const;
};

// What an idempotent database function answered: outcome is "in_progress", "reused",
// "replay" or "fresh" (the effect ran now and its reply was stored with it).
struct KeyedOutcome
{
    std::string outcome;
    int status = 0;
    std::string contentType;
    std::string body;
    bool fresh() const { return outcome == "fresh"; }
    // Reads the (outcome, status, content_type, body) row of such a function.
    static KeyedOutcome fromRow(const pqxx::row& row);
};

class IdempotencyStore
{
public:
    using Effect = std::function<Reply(Transaction&)>;
    using Call = std::function<Reply(pqxx::nontransaction&)>;
    using KeyedCall = std::function<KeyedOutcome(pqxx::nontransaction&)>;

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
    // One statement that is its own transaction (no BEGIN/COMMIT round trips), same retries.
    Reply single(const Call& call);
    // One call of an idempotent database function (see above) for the request's key.
    Reply runCall(const KeyedCall& call);
    // Deletes records older than `retention`; returns how many went.
    Result<long long> sweep(std::chrono::seconds retention);

private:
    Reply attempt(const Effect& effect, const std::string* deviceId, const std::string* key,
                  const std::string* fingerprint);
    // Borrows a connection and runs `work`, retrying serialization failures, deadlocks and
    // key races, reopening a broken connection once, and mapping every database error to a
    // problem reply.
    Reply inProgress();
    static Reply keyReused();
    Reply withRetries(const std::function<Reply(ConnectionPool::Lease&)>& work);

    ConnectionPool& m_pool;
    Metrics& m_metrics;
};

} // namespace marquee::server
