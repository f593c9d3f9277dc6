#pragma once
// The counter's local database: catalog, the seat state machine, bookings, payments,
// refunds and the audit log, in one SQLite file.
//
// Invariants kept here (DESIGN.md): a (show, seat) has at most one claim row, so a seat is
// held or booked by at most one hold or booking; every transition is a conditional UPDATE
// checked by its row count, so repeating one changes nothing; an expired hold never blocks
// a new hold, even before the sweeper runs.
//
// Threading: one LocalStore per thread (it owns one connection). Many LocalStores, in
// threads or processes, may share a file: writes take BEGIN IMMEDIATE and WAL keeps
// readers going.

#include "Catalog.h"
#include "Clock.h"
#include "Database.h"
#include "Outbox.h"
#include "Sale.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace marquee {

struct ShowSummary
{
    Show show;
    int capacity = 0; // sellable seats
    int booked = 0;
    int held = 0; // live holds only
    int seatsLeft() const { return capacity - booked - held; }
};

class LocalStore
{
public:
    static constexpr int kSchemaVersion = 5;

    struct Options
    {
        std::string device = "counter"; // recorded in the audit log and on bookings
        int busyTimeoutMs = 30'000;
        // Holds commit without an fsync by default (see setDurable); true makes every commit FULL.
        bool durableHolds = false;
        // A counter connected to marquee-server: holds must mirror a server hold or use seats
        // of a lease, and every sale and refund writes its outbox row in its own transaction.
        bool connected = false;
        // Offline sales of a lease stop this long before the lease ends (clock skew against
        // the server plus the time a sale takes).
        Duration leaseSafetyMargin = std::chrono::minutes(2);
    };

    static Result<std::unique_ptr<LocalStore>> open(const std::string& path, const Clock& clock, Options options);
    static Result<std::unique_ptr<LocalStore>> open(const std::string& path, const Clock& clock)
    {
        return open(path, clock, Options{});
    }

    Database& database() { return *m_db; }
    const Clock& clock() const { return m_clock; }
    int schemaVersion();
    const std::string& device() const { return m_options.device; }

    // Counter settings (business day cut-off, ticket key...), audited when changed.
    Result<std::optional<std::string>> setting(const std::string& key);
    Result<void> setSetting(const std::string& key, const std::string& value);
    Result<Cinema> cinema();

    // Catalog: upserts screens, films, price lists and shows. Never removes a show that has sales.
    Result<void> importCatalog(const Catalog& catalog);
    // The whole catalog, or without its shows: a year of shows is slow to parse, and screens,
    // films and price lists are what most screens need (shows come from showsBetween).
    enum class CatalogPart
    {
        WithShows,
        WithoutShows
    };
    Result<Catalog> catalog(CatalogPart part = CatalogPart::WithShows);
    Result<std::shared_ptr<const SeatLayout>> layoutForShow(const std::string& showId);
    Result<Show> show(const std::string& showId);
    Result<PriceList> priceListForShow(const std::string& showId);
    // Shows starting in [from, to), with seat counts, ordered by start time.
    Result<std::vector<ShowSummary>> showsBetween(Timestamp from, Timestamp to);

    // The seat state machine.
    Result<HoldOutcome> hold(const HoldRequest& request);
    // Replaces a live hold's seats with the request's seats in one step (the basket grew or
    // shrank). All or nothing: if a new seat is taken, the old hold stays as it was. The old
    // hold ends RELEASED with `reason` (a connected counter's replaced mirror: "replaced").
    Result<HoldOutcome> changeHold(const std::string& holdId, const HoldRequest& request,
                                   const std::string& reason = "changed");
    // Idempotent: releasing a released or expired hold returns false and changes nothing.
    // Conflict when the hold already became a booking; NotFound for an unknown hold.
    Result<bool> release(const std::string& holdId, const std::string& reason = "cancelled");
    Result<Hold> findHold(const std::string& holdId);
    // HELD -> BOOKED when the hold is live and the sale matches it. The same booking id
    // returns the same booking (replayed = true).
    Result<Booking> confirm(const std::string& holdId, const Sale& sale);
    // BOOKED -> AVAILABLE for the seats, with the money recorded as returned.
    Result<Refund> refund(const RefundRequest& request);
    // Returns seats of a booking and confirms a new hold as one transaction (see ExchangeRequest).
    Result<Booking> exchange(const ExchangeRequest& request);
    // Releases every expired hold; returns how many it released.
    Result<int> sweepExpired();

    // Allotment leases (connected counters). Storing one the server granted is idempotent;
    // a returned lease sells no more. leases() lists those not yet returned.
    Result<void> storeLease(const Lease& lease);
    Result<std::vector<Lease>> leases(const std::string& showId);
    Result<void> returnLease(const std::string& allotmentId);
    // The lease of `showId` whose seats include all `seats` and that may still sell now.
    Result<std::optional<Lease>> sellableLeaseFor(const std::string& showId, const std::vector<std::string>& seats);

    // The outbox on this store's connection (read it, or let a worker record outcomes).
    Outbox outbox() { return Outbox(*m_db, m_clock); }
    bool connected() const { return m_options.connected; }

    Result<Availability> availability(const std::string& showId);
    Result<SeatChanges> changesSince(const std::string& showId, std::int64_t version);

    Result<Booking> booking(const std::string& bookingId);
    Result<Booking> bookingByReference(const std::string& reference);
    Result<Booking> bookingForSeat(const std::string& showId, const std::string& seatId);

    // Computes the lines of a sale from the price list: category, tax and rate per seat.
    Result<std::vector<TicketLine>> priceLines(const std::string& showId, const std::vector<TicketLine>& lines);

    struct AuditEntry
    {
        std::int64_t seq = 0;
        Timestamp at;
        std::string device;
        std::string staff;
        std::string action;
        std::string entity;
        std::string detail;
        std::string prevHash;
        std::string hash;
    };
    Result<std::vector<AuditEntry>> auditLog(std::int64_t afterSeq = 0, int limit = 1000);

    // Each audit row carries the SHA-256 of its content and of the row before it, so an
    // edited, removed or inserted row breaks the chain from that row on.
    struct AuditCheck
    {
        std::int64_t rows = 0;
        std::optional<std::int64_t> firstBrokenSeq;
        std::string problem;
        bool intact() const { return !firstBrokenSeq; }
    };
    Result<AuditCheck> verifyAuditChain();

    // Appends to the audit log inside the caller's write transaction (used by the staff,
    // shift and report classes that share this connection).
    Result<void> audit(const std::string& staff, const std::string& action, const std::string& entity,
                       const std::string& detail);

    ~LocalStore();

private:
    LocalStore(std::unique_ptr<Database> db, const Clock& clock, Options options);
    Result<void> configure();
    Result<std::int64_t> bumpVersion(const std::string& showId, const std::vector<SeatChange>& changes);
    Result<HoldOutcome> holdLocked(const HoldRequest& request);
    Result<Booking> confirmLocked(const std::string& holdId, const Sale& sale, std::optional<Money> creditLimit);
    Result<Refund> refundLocked(const RefundRequest& request, const std::optional<RefundPart>& credit);
    Result<void> enqueueBooking(const Booking& booking, const Hold& hold);
    Result<void> enqueueRefund(const Booking& booking, const Refund& refund);
    Result<std::optional<Lease>> loadLease(const std::string& allotmentId);
    Result<bool> releaseLocked(const std::string& holdId, const std::string& reason, bool onlyIfExpired);
    Result<Hold> loadHold(const std::string& holdId);
    Result<Booking> loadBooking(const std::string& bookingId);
    Result<void> sealLegacyAuditRows();
    Result<void> setDurable(bool durable);

    std::unique_ptr<Database> m_db;
    const Clock& m_clock;
    Options m_options;
    bool m_durable = true;
    std::map<std::string, std::shared_ptr<const SeatLayout>> m_layouts;    // by screen id
    std::map<std::string, std::pair<std::string, PriceList>> m_priceLists; // id -> (stored text, parsed)
};

// Short booking reference derived from the booking id (Crockford base32, 10 characters).
std::string bookingReferenceFor(const std::string& bookingId);

} // namespace marquee
