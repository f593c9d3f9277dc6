#pragma once
// The Marquee server API v1 (docs/api.md) as typed calls over a Transport, for one thread.
// It adds the device token, JSON bodies and idempotency keys, turns problem+json answers
// into Errors whose message a cashier can read, and tracks the server's clock from the
// Date header of every answer (offline sales of a lease are timed in server time).
//
// Errors: ErrorCode::Network when no answer came, or the server was busy or failing (5xx,
// 429): worth retrying, or selling offline meanwhile. The server's refusals map to Conflict
// (409), NotFound (404), Unauthorized (401), Forbidden (403) and InvalidArgument (other
// 4xx), with the problem's detail as the message.

#include "Outbox.h"
#include "Sale.h"
#include "Transport.h"

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace marquee {

// Our clock against the server's, from Date headers (one-second precision). The estimate
// assumes the answer was dated at the end of the exchange; `uncertainty` covers the rest.
class ServerClock
{
public:
    void observe(Timestamp localBefore, Timestamp localAfter, Timestamp serverDate);
    // Server time minus local time; zero before the first observation.
    Duration offset() const { return Duration(m_offsetMs.load()); }
    bool known() const { return m_known.load(); }
    // How far off the estimate may be: the Date header's second plus the exchange's length.
    Duration uncertainty() const { return Duration(m_uncertaintyMs.load()); }
    Timestamp toLocal(Timestamp serverTime) const { return serverTime - offset(); }

private:
    std::atomic<std::int64_t> m_offsetMs{0};
    std::atomic<std::int64_t> m_uncertaintyMs{1000};
    std::atomic<bool> m_known{false};
};

// The server's answer to a hold: the hold (times in server time), or the taken seats.
struct ServerHoldAnswer
{
    std::optional<ServerHoldMirror> hold; // expiresAt in the server's clock
    std::vector<std::string> unavailable;
    // A replacement the server refused because the hold to replace is no longer live there
    // (409 replaced_hold_not_held) or unknown to it (422 unknown_replaced_hold): nothing
    // was held, and the old hold is not the server's any more.
    bool replacedHoldGone = false;
};

struct SeatDelta
{
    std::int64_t version = 0;
    bool snapshot = false;
    std::vector<std::pair<std::string, std::string>> seats; // seat id, state (AVAILABLE, HELD, ALLOTTED, BOOKED)
};

struct CatalogAnswer
{
    bool notModified = false;
    std::string etag;
    std::string body; // the catalog JSON when modified
};

// GET /v1/reports/daily: what every device of the chain sold on one business date.
struct ChainDailyReport
{
    struct Line
    {
        std::string key;        // the show id, or the payment method (CASH, CARD_TERMINAL...)
        std::int64_t count = 0; // tickets of a show, payments of a method
        std::int64_t grossMinor = 0;
        std::int64_t taxMinor = 0;      // shows only
        std::int64_t refundedMinor = 0; // payment methods only
        std::int64_t netMinor = 0;      // payment methods only
    };
    std::string businessDate; // YYYY-MM-DD
    std::string currency;
    std::vector<Line> shows;
    std::vector<Line> payments;
    std::int64_t tickets = 0;
    std::int64_t grossMinor = 0;
    std::int64_t taxMinor = 0;
    std::int64_t refundedMinor = 0;
    std::int64_t netMinor = 0;
};

class ServerApi
{
public:
    ServerApi(std::unique_ptr<Transport> transport, std::string token, const Clock& clock,
              std::shared_ptr<ServerClock> serverClock);

    // With `replacesHoldId`, the new hold replaces that hold of this device in one step on
    // the server (docs/api.md, replaces_hold_id): granted, the old one is released; refused,
    // it stays as it was.
    Result<ServerHoldAnswer> hold(const std::string& showId, const std::vector<std::string>& seats, Duration ttl,
                                  const std::string& idempotencyKey, const std::string& replacesHoldId = {});
    Result<void> release(const std::string& holdId);
    // A lease of `count` seats the server chooses (expiresAt in server time).
    Result<Lease> lease(const std::string& showId, int count, Duration length, const std::string& idempotencyKey);
    Result<void> returnLease(const std::string& allotmentId);
    Result<SeatDelta> seats(const std::string& showId, std::optional<std::int64_t> since);
    Result<CatalogAnswer> catalog(const std::string& etag);
    // `businessDate` as YYYY-MM-DD; every member of the answer is checked.
    Result<ChainDailyReport> dailyReport(const std::string& businessDate);
    Result<bool> health();

    // One outbox row as it was written (method, path, body, idempotency key).
    Result<HttpResponse> send(const OutboxItem& item);
    // Up to 100 booking rows in one POST /v1/bookings:batch; one response per item, in order,
    // as if each had been POSTed alone (status and body).
    struct ItemAnswer
    {
        int status = 0;
        std::string body;
    };
    Result<std::vector<ItemAnswer>> sendBookings(const std::vector<OutboxItem>& items);

    ServerClock& serverClock() { return *m_serverClock; }

private:
    Result<HttpResponse> exchange(HttpRequest request);

    std::unique_ptr<Transport> m_transport;
    std::string m_token;
    const Clock& m_clock;
    std::shared_ptr<ServerClock> m_serverClock;
};

// The `code` of a problem+json body ("hold_expired"), or "" when it is not one.
std::string problemCode(const std::string& body);
// An Error for a refused request: the problem's detail as the message, the code mapped.
Error problemError(int status, const std::string& body);

} // namespace marquee
