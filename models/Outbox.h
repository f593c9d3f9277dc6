#pragma once
// The outbox of a connected counter: every change the server must hear of (a booking, a
// refund, a payment intent or event) is a row here, written in the same local transaction
// as the change itself, with an idempotency key made at that moment and reused on every
// retry. The sync worker delivers the rows; this class is its bookkeeping.
//
// Order: rows of one aggregate (a booking and what follows it) are delivered in the order
// they were written, and a row waits while an earlier row of its aggregate is undelivered,
// in conflict or failed (a refund never overtakes its booking).
//
// Outcomes (DESIGN.md, Sync): DONE on 2xx; retried later on a network error, 5xx, 429 or
// 409 "in progress"; CONFLICT on any other 409, for a manager to resolve; FAILED on any
// other 4xx, shown in the sync problems panel. Nothing is ever deleted unseen: DONE rows
// are pruned only after a retention period.
//
// Threading: an Outbox works on the connection it is given, like LocalStore. The worker
// thread opens its own connection to the same file.

#include "Clock.h"
#include "Database.h"
#include "Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee {

enum class OutboxKind : std::uint8_t
{
    Booking,
    Refund,
    PaymentIntent,
    PaymentEvent
};

enum class OutboxState : std::uint8_t
{
    Pending,
    Done,
    Conflict,
    Failed
};

std::string_view nameOf(OutboxKind kind);
std::string_view nameOf(OutboxState state);

struct OutboxItem
{
    std::int64_t seq = 0;
    std::string aggregate; // the booking id for bookings, refunds and payments of a sale
    OutboxKind kind = OutboxKind::Booking;
    std::string method; // HTTP method and path on the server, body as JSON text
    std::string path;
    std::string idempotencyKey;
    std::string body;
    OutboxState state = OutboxState::Pending;
    int attempts = 0;
    Timestamp nextAttemptAt;
    Timestamp createdAt;
    std::optional<Timestamp> doneAt;
    int lastStatus = 0; // 0: no answer yet (or a network error)
    std::string lastError;
    std::string response; // the server's last answer body
};

// What became of one delivery attempt. Pending means "try again at retryAt".
struct OutboxOutcome
{
    std::int64_t seq = 0;
    OutboxState state = OutboxState::Pending;
    int status = 0; // HTTP status, 0 for a network error
    std::string response;
    std::string error;   // for a retry: why (a sentence)
    Timestamp retryAt{}; // for a retry
};

struct OutboxCounts
{
    int pending = 0;
    int conflicts = 0;
    int failed = 0;
    std::optional<Timestamp> oldestPending;
};

class Outbox
{
public:
    Outbox(Database& db, const Clock& clock)
        : m_db(db)
        , m_clock(clock)
    {
    }

    // Appends a row inside the caller's write transaction and returns it (key made here).
    Result<OutboxItem> enqueue(std::string aggregate, OutboxKind kind, std::string method, std::string path,
                               std::string body);

    // Rows that may be sent now: pending, due, and first undelivered of their aggregate,
    // oldest first.
    Result<std::vector<OutboxItem>> due(int limit);
    // When the next pending row becomes due (nullopt: nothing pending).
    Result<std::optional<Timestamp>> nextDueAt();

    // Records outcomes in one transaction of its own (the worker's connection). A booking
    // row's final outcome is also the booking's sync state. A row that is no longer pending
    // (a manager decided meanwhile) is left as it is.
    Result<void> record(const std::vector<OutboxOutcome>& outcomes);

    Result<OutboxCounts> counts();
    Result<std::optional<OutboxItem>> find(std::int64_t seq);
    Result<std::vector<OutboxItem>> forAggregate(const std::string& aggregate);
    // Conflicts and failures, for the manager's queue and the sync problems panel.
    Result<std::vector<OutboxItem>> problems();
    // A manager sends a failed or conflicting row again (after fixing its cause), due now.
    Result<void> retry(std::int64_t seq);
    // A manager settled a conflict or failure by other means (the customer was refunded,
    // reseated...): the row leaves the queue with the note, never to be sent again.
    Result<void> resolve(std::int64_t seq, const std::string& note);
    // Removes delivered rows older than `before`; returns how many.
    Result<int> pruneDone(Timestamp before);

private:
    Result<void> recordOne(const OutboxOutcome& outcome);

    Database& m_db;
    const Clock& m_clock;
};

} // namespace marquee
