#pragma once
// Delivers the outbox to the server from a thread of its own (DESIGN.md, Sync).
//
// Each pass takes the rows that are due (oldest first, one per aggregate so a refund never
// overtakes its booking and a payment event never overtakes its intent), sends bookings in
// batches of up to 100 and everything else (refunds, payment intents, payment events) one by
// one as written, and records every outcome:
//   2xx                                   done
//   no answer, 5xx, 429, 408, 401,
//   409 request_in_progress               retried with the same key: exponential backoff with
//                                         full jitter, never sooner than Retry-After
//   any other 409                         conflict, for a manager to resolve
//   any other 4xx                         failed, shown in the sync problems panel
// When no answer comes the worker stops the pass and backs off as a whole (the server is
// unreachable: the counter is offline). Nothing is dropped: a row leaves PENDING only with
// an answer from the server.
//
// The worker owns its database connection and its ServerApi (made by `connect` on the
// worker thread, so the libcurl handle never crosses threads).

#include "LocalStore.h"
#include "ServerApi.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

namespace marquee {

struct SyncStatus
{
    bool online = false;     // the last exchange got an answer from the server
    bool contacted = false;  // at least one answer since start
    int pending = 0;         // rows waiting to be delivered
    int conflicts = 0;       // rows a manager must resolve
    int failed = 0;          // rows the server refused for good
    std::string lastProblem; // the last reason a delivery did not go through, for people
    std::optional<Timestamp> lastContact;
};

// What one answer means for its row (see the table above).
struct DeliveryVerdict
{
    OutboxState state = OutboxState::Pending;
    std::optional<Duration> retryAfter; // the server's Retry-After
    std::string problem;                // a sentence when not done
};
DeliveryVerdict classifyAnswer(int status, const std::string& body, const std::optional<std::string>& retryAfter);

class OutboxWorker
{
public:
    struct Options
    {
        std::string databasePath;
        std::string device = "counter";
        // Makes the connection to the server; called on the worker thread.
        std::function<Result<std::unique_ptr<ServerApi>>()> connect;
        Duration baseDelay = std::chrono::milliseconds(500);
        Duration maxDelay = std::chrono::seconds(60);
        // The outbox is also looked at this often without a wake() (another process, a
        // manager's retry).
        Duration idleCheck = std::chrono::seconds(2);
        int batchSize = 100;
        // Booking batches sent at once over separate connections when many rows wait.
        int parallelRequests = 2;
        std::uint64_t seed = 0; // jitter; 0 picks a random seed
    };

    OutboxWorker(Options options, const Clock& clock);
    ~OutboxWorker();
    OutboxWorker(const OutboxWorker&) = delete;
    OutboxWorker& operator=(const OutboxWorker&) = delete;

    // Opens the database and starts the thread.
    Result<void> start();
    // Finishes the exchange in flight, then stops. Rows not yet answered stay pending.
    void stop();
    // A new row was written: look now rather than at the next idle check.
    void wake();

    SyncStatus status() const;
    // Called on the worker thread after every pass that changed something.
    void onStatus(std::function<void(const SyncStatus&)> callback);

    // One pass on the calling thread (tests, benchmarks, the command line): sends what is
    // due now and returns how many rows it finished. Not while the thread runs.
    Result<int> runOnce();

private:
    Result<void> open();
    Result<int> pass();
    Result<int> deliverBookings(const std::vector<OutboxItem>& items);
    Result<int> deliverBookingChunks(const std::vector<std::vector<OutboxItem>>& chunks);
    Result<int> applyBatch(const std::vector<OutboxItem>& items, Result<std::vector<ServerApi::ItemAnswer>> answers);
    Result<int> deliverOne(const OutboxItem& item);
    OutboxOutcome outcomeFor(const OutboxItem& item, int status, const std::string& body,
                             const std::optional<std::string>& retryAfter);
    OutboxOutcome unreachable(const OutboxItem& item, const Error& error);
    Duration backoff(int attempts, std::optional<Duration> atLeast);
    void refreshStatus(bool answered, const std::string& problem);
    void loop();

    Options m_options;
    const Clock& m_clock;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<ServerApi> m_api;
    std::vector<std::unique_ptr<ServerApi>> m_extraApis; // for parallel booking batches
    std::mt19937_64 m_random;
    Timestamp m_notBefore{}; // after an unreachable server, the whole outbox waits until then
    int m_unreachableStreak = 0;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_woken = false;
    bool m_stopping = false;
    SyncStatus m_status;
    std::function<void(const SyncStatus&)> m_callback;
    std::thread m_thread;
};

} // namespace marquee
