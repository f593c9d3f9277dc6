#pragma once
// Holds, allotment leases and seat state of shows, over the claims table (one row per
// claimed (show, seat), primary key (show_id, seat_id); no row means AVAILABLE).
//
// Invariants: a multi-seat hold is all-or-nothing in one transaction and names exactly the
// seats it could not get; a claim of an expired hold or lease never blocks (a new hold takes
// it over in the same statement); every transition is a conditional UPDATE/DELETE checked
// by its row count; releasing twice changes nothing. Every change of a show's seats is
// logged in seat_changes with its transaction id for GET /v1/shows/{id}/seats?since=N; the
// version a reader gets is the oldest transaction still running, so versions need no
// per-show lock and a delta never misses a change that commits late.

#include "Auth.h"
#include "CatalogService.h"
#include "IdempotencyStore.h"
#include "Metrics.h"
#include "Problem.h"
#include "Transaction.h"
#include "Wire.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace marquee::server {

struct SeatChangeRow
{
    std::string seat;
    std::string state; // AVAILABLE, HELD, ALLOTTED, BOOKED
};

// Logs the changed seats of a show in the current transaction.
void recordSeatChanges(pqxx::transaction_base& db, const std::string& showId,
                       const std::vector<SeatChangeRow>& changes);

struct HoldLimits
{
    std::chrono::seconds defaultTtl{300};
    std::chrono::seconds maxTtl{900};
    std::chrono::seconds maxLease{24 * 3600};
    // How long after lease_expires_at the leased seats stay claimed, so that offline sales
    // made before the end can still arrive (DESIGN.md, offline commit point).
    std::chrono::seconds leaseGrace{900};
};

class HoldService
{
public:
    HoldService(CatalogService& catalog, Metrics& metrics, HoldLimits limits)
        : m_catalog(catalog)
        , m_metrics(metrics)
        , m_limits(limits)
    {
    }

    // Checks what can be checked without the database (show known, seats exist and are
    // sellable, ttl in range); a Reply when the request must be refused.
    std::optional<Reply> validateHold(const wire::HoldBody& body);
    // The hold, its audit row and its stored reply in one call (hold_seats, schema v2), for
    // the device of `key`. With body.replacesHoldId, the new hold replaces that hold of the
    // same device and show in the same call (kHoldReplace): all or nothing, the old hold's
    // seats count as free, and the old hold ends RELEASED with end_reason 'replaced'.
    KeyedOutcome hold(pqxx::nontransaction& db, const KeyScope& key, const wire::HoldBody& body);
    // One call of release_hold (schema v2).
    Reply release(pqxx::nontransaction& db, const Device& device, const std::string& holdId);
    Reply seats(Transaction& tx, const std::string& showId, std::optional<std::int64_t> since);

    std::optional<Reply> validateAllotment(const wire::AllotmentBody& body);
    Reply allot(Transaction& tx, const Device& device, const wire::AllotmentBody& body);
    Reply returnAllotment(Transaction& tx, const Device& device, const std::string& allotmentId);

    const HoldLimits& limits() const { return m_limits; }

private:
    std::optional<Reply> checkSeats(const std::string& showId, const std::vector<std::string>& seats);

    CatalogService& m_catalog;
    Metrics& m_metrics;
    HoldLimits m_limits;
};

} // namespace marquee::server
