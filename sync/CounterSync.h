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
// One CounterSync per thread (it uses the thread's LocalStore and ServerApi).

#include "LocalStore.h"
#include "ServerApi.h"

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

    // All-or-nothing, like LocalStore::hold. `online` in the outcome's hold tells the caller
    // which way it went (HoldOrigin::Server or HoldOrigin::Lease).
    Result<HoldOutcome> hold(const std::string& showId, const std::vector<std::string>& seats,
                             const std::string& staff);
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
    Result<HoldOutcome> holdFromLease(const Lease& lease, const std::string& showId,
                                      const std::vector<std::string>& seats, const std::string& staff);

    LocalStore& m_store;
    ServerApi& m_api;
    Options m_options;
};

} // namespace marquee
