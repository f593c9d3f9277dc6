#pragma once
// Reconciliation of card payments with bookings: invariant 3 of DESIGN.md ("money is never
// taken without a ticket, nor a ticket issued without money: every divergence ends in a
// booking or a refund/void, visible to staff") on the server's side.
//
// - A payment captured at the gateway that no booking claims after the grace period is
//   refunded through the gateway, under an Idempotency-Key made from the intent id, so a
//   repeated run, a lost answer or two servers reconciling at once refund it once. The
//   refund is recorded as the intent's REFUNDED event, and flagged for a manager.
// - A confirmed booking paid by gateway card whose payment no captured intent settles
//   after the grace period is flagged; the flag resolves itself when the capture arrives.
//   Cash and card-terminal payments are settled by being recorded with the booking.
//
// A run looks only at intents and bookings that changed since the last run (watermarks in
// reconciliation_marks, trailing by the grace period) plus the flags still pending, under a
// PostgreSQL advisory lock: several servers and a cron job may run it, one at a time.
// Threading: runOnce from one thread at a time (the lock makes concurrent runs skip);
// start() runs it every interval on its own thread.

#include "ConnectionPool.h"
#include "GatewayRefunds.h"
#include "Problem.h"
#include "Transaction.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace marquee::server {

struct ReconcileOptions
{
    std::chrono::seconds grace{1800};
    bool dryRun = false; // look and report only: no writes, no gateway calls
};

struct ReconcileFinding
{
    std::string kind;   // "captured_without_booking" or "booking_without_capture"
    std::string action; // refunded, refund_pending, refund_failed, flagged, resolved; "would_..." in a dry run
    std::string intentId;
    std::string bookingId;
    std::string gatewayIntentId;
    std::string gatewayRefundId;
    std::string currency;
    std::int64_t amountMinor = 0;
    std::string detail;

    // One line for the operator: "captured_without_booking intent=... amount=33000 INR: refunded re_...".
    std::string line() const;
};

struct ReconcileReport
{
    bool dryRun = false;
    bool skipped = false; // another reconcile held the lock; this one did nothing
    std::vector<ReconcileFinding> findings;
    long long needingAttention = 0; // flags refund_pending, refund_failed or open after the run

    int count(const std::string& action) const;
    std::string summary() const;
};

class Reconciler
{
public:
    // `gateway` may be null: captures without a booking are then flagged refund_pending and
    // refunded by a later run that has a gateway.
    Reconciler(ConnectionPool& pool, std::unique_ptr<GatewayRefunds> gateway, ReconcileOptions options);
    ~Reconciler();
    Reconciler(const Reconciler&) = delete;
    Reconciler& operator=(const Reconciler&) = delete;

    Result<ReconcileReport> runOnce();
    // Runs every `interval` on its own thread, logging findings to stderr, until stop().
    void start(std::chrono::milliseconds interval);
    void stop();

    // GET /v1/reconciliation/flags: newest first; `state` empty for every state.
    static Reply listFlags(Transaction& tx, const std::string& state, int limit);
    static bool knownFlagState(const std::string& state);

private:
    struct Marks
    {
        std::string cutoff; // now() - grace, as PostgreSQL wrote it
        std::string intentsFrom;
        std::string bookingsFrom;
    };
    // Flags and refunds one capture; an error only when the whole run must stop (the gateway
    // refuses our key, or cannot be trusted).
    std::optional<Error> reconcileIntent(pqxx::connection& connection, const std::string& intentId, bool pending,
                                         ReconcileReport& report);
    // Records a refund the gateway made as the intent's REFUNDED event `eventId` (see
    // refundEventId) and settles the flag.
    void recordRefund(pqxx::connection& connection, const std::string& intentId, const std::string& eventId,
                      std::int64_t amountMinor, const std::string& detail, ReconcileFinding& finding);
    void reconcileBookings(pqxx::connection& connection, const Marks& marks, ReconcileReport& report);
    Result<ReconcileReport> run(pqxx::connection& connection);

    ConnectionPool& m_pool;
    std::unique_ptr<GatewayRefunds> m_gateway;
    ReconcileOptions m_options;
    // Set when the gateway did not answer a refund of this run: the rest wait for the next run.
    std::string m_gatewayTrouble;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace marquee::server
