#pragma once
// How a connected counter takes seats: online, a hold on the server mirrored in the local
// store; offline (no answer from the server), a hold on seats of the counter's own lease.
// Seats of a lease are always sold from the lease, online or not: the server keeps them
// for this counter, and selling them locally needs no round trip.
//
// The server's hold ends at its own clock's time; the local mirror ends earlier by the
// clock offset's uncertainty and a margin, so the counter never confirms a sale locally
// that the server would find expired.
//
// A basket keeps one hold and changes its seats by replacing it (hold() with
// `replacesHoldId`), all or nothing, never losing its own seats to anyone in between:
//   - the new seats are all in a lease: LocalStore::changeHold from the lease, one local
//     transaction that releases the old hold (reason "replaced") only if the lease hold is
//     granted. An old server mirror's server hold is then released, best effort (it expires
//     by itself when the server cannot be reached).
//   - otherwise the server: POST /v1/holds with replaces_hold_id when the old hold is a live
//     server mirror (the server treats its seats as free and releases it in the same
//     transaction); a lease or expired old hold is not the server's, so a plain hold is
//     asked for. Granted: LocalStore::changeHold releases the old local hold and mirrors the
//     new one in one local transaction. Refused (seats taken): nothing changes, here or on
//     the server. When the server no longer has the old hold (it ran out there), a plain
//     hold is asked for instead.
//   - no answer from the server: nothing changes locally, and the error is Network. The
//     server may still have made the replacement and lost the reply, so the request is kept
//     (in memory) and sent again with the same Idempotency-Key before the next replacement
//     of the same old hold: the server answers it as it did the first time, and what it
//     granted is mirrored before the new request goes out (release() of the old hold sends
//     it again too, and releases what it made). Until then the old mirror may
//     name a hold the server has released: a sale from it would be refused by the server
//     (hold_expired) and surface as a sync conflict, never as a double sale.
//   - if the server granted a replacement but the counter cannot mirror it (local store
//     error), the new server hold is released (best effort) and so is the old local mirror,
//     whose server hold is gone: the counter never sells from a hold the server ended.
//
// One CounterSync per thread (it uses the thread's LocalStore and ServerApi).

#include "LocalStore.h"
#include "ServerApi.h"

#include <map>

namespace marquee {

class CounterSync
{
public:
    struct Options
    {
        Duration holdTtl = std::chrono::minutes(5);
        Duration mirrorMargin = std::chrono::seconds(5);
        // A hold request that got no answer is sent again (same key) this many times
        // before the counter sells offline.
        int holdAttempts = 2;
    };

    CounterSync(LocalStore& store, ServerApi& api, Options options);
    CounterSync(LocalStore& store, ServerApi& api)
        : CounterSync(store, api, Options{})
    {
    }

    // All-or-nothing, like LocalStore::hold. `origin` in the outcome's hold tells the caller
    // which way it went (HoldOrigin::Server or HoldOrigin::Lease). With `replacesHoldId`, the
    // new hold replaces that local hold (of the same show) in one step (see above); a
    // booked one cannot be replaced (Conflict).
    Result<HoldOutcome> hold(const std::string& showId, const std::vector<std::string>& seats, const std::string& staff,
                             const std::string& replacesHoldId = {});
    // Releases locally at once and tells the server when it can (a hold the server never
    // hears about ends by itself).
    Result<bool> release(const std::string& holdId);
    // Asks the server for a lease of `count` seats of the show and keeps it locally.
    Result<Lease> takeLease(const std::string& showId, int count, Duration length);
    // Gives a lease back (after its sales are delivered) on the server and locally.
    Result<void> returnLease(const std::string& allotmentId);
    // Pulls the catalog when it changed on the server (ETag) and imports it into the local
    // store (upserts; sales are never touched). True when something was imported.
    Result<bool> pullCatalog();

private:
    HoldRequest leaseRequest(const Lease& lease, const std::string& showId, const std::vector<std::string>& seats,
                             const std::string& staff) const;
    // Sends a hold (replacing `replaces` on the server when not empty) with `key`, again on
    // no answer up to Options::holdAttempts.
    Result<ServerHoldAnswer> askServer(const std::string& showId, const std::vector<std::string>& seats,
                                       const std::string& key, const std::string& replaces);
    // Mirrors a granted server hold, replacing the local hold `replaces` (if any) in the same
    // local transaction; see the class comment for when that fails.
    Result<HoldOutcome> mirror(const ServerHoldAnswer& answer, const std::string& key, const std::string& showId,
                               const std::vector<std::string>& seats, const std::string& staff,
                               const std::optional<Hold>& replaces, bool replacedOnServer);

    // A server hold for a replacement that got no answer: sent again with its key (and the
    // same body) before the next replacement or the release of the same old hold.
    struct UnansweredReplace
    {
        std::string key;
        std::string showId;
        std::vector<std::string> seats;
        std::string staff;
        std::string replaces; // the server hold it replaces; empty when it was a plain hold
    };

    LocalStore& m_store;
    ServerApi& m_api;
    Options m_options;
    std::map<std::string, UnansweredReplace> m_unanswered; // by the replaced hold's id
};

} // namespace marquee
