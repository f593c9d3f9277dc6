#include "CounterSync.h"

#include "Uuid.h"

#include <nlohmann/json.hpp>
#include <set>

namespace marquee {

CounterSync::CounterSync(LocalStore& store, ServerApi& api, Options options)
    : m_store(store)
    , m_api(api)
    , m_options(options)
{
}

HoldRequest CounterSync::leaseRequest(const Lease& lease, const std::string& showId,
                                      const std::vector<std::string>& seats, const std::string& staff) const
{
    HoldRequest request;
    request.requestId = newUuid();
    request.showId = showId;
    request.seats = seats;
    request.ttl = m_options.holdTtl;
    request.staff = staff;
    request.allotmentId = lease.allotmentId;
    return request;
}

Result<ServerHoldAnswer> CounterSync::askServer(const std::string& showId, const std::vector<std::string>& seats,
                                                const std::string& key, const std::string& replaces)
{
    Result<ServerHoldAnswer> answer = fail(ErrorCode::Network, "not sent");
    for (int attempt = 0; attempt < std::max(1, m_options.holdAttempts); ++attempt) {
        answer = m_api.hold(showId, seats, m_options.holdTtl, key, replaces);
        if (answer || answer.error().code != ErrorCode::Network)
            break;
    }
    return answer;
}

Result<HoldOutcome> CounterSync::mirror(const ServerHoldAnswer& answer, const std::string& key,
                                        const std::string& showId, const std::vector<std::string>& seats,
                                        const std::string& staff, const std::optional<Hold>& replaces,
                                        bool replacedOnServer)
{
    const ServerClock& clock = m_api.serverClock();
    HoldRequest request;
    request.requestId = key;
    request.showId = showId;
    request.seats = seats;
    request.staff = staff;
    request.mirror = ServerHoldMirror{answer.hold->holdId, clock.toLocal(answer.hold->expiresAt) - clock.uncertainty() -
                                                               m_options.mirrorMargin};
    auto outcome = replaces ? m_store.changeHold(replaces->id, request, "replaced") : m_store.hold(request);
    if (!outcome || !outcome->granted()) {
        (void)m_api.release(answer.hold->holdId); // best effort: it expires anyway
        // The server ended the old hold with the replacement: its mirror must not sell.
        if (replacedOnServer)
            (void)m_store.release(replaces->id, "replaced");
    }
    return outcome;
}

Result<HoldOutcome> CounterSync::hold(const std::string& showId, const std::vector<std::string>& seats,
                                      const std::string& staff, const std::string& replacesHoldId)
{
    std::optional<Hold> old;
    if (!replacesHoldId.empty()) {
        auto found = m_store.findHold(replacesHoldId);
        if (!found)
            return errorOf(found);
        if (found->showId != showId)
            return fail(ErrorCode::InvalidArgument, "a hold can only be replaced by a hold of the same show");
        if (found->state == HoldState::Booked)
            return fail(ErrorCode::Conflict, "hold '" + replacesHoldId + "' is already a booking");
        old = *found;
    }

    // A replacement of this old hold that got no answer goes first, with its key: the server
    // answers it as it did (or makes it now), and what it granted is the hold to replace.
    if (old) {
        if (auto pending = m_unanswered.find(old->id); pending != m_unanswered.end()) {
            const UnansweredReplace unanswered = pending->second;
            auto answer = askServer(unanswered.showId, unanswered.seats, unanswered.key, unanswered.replaces);
            if (!answer) {
                if (answer.error().code == ErrorCode::Network) {
                    return fail(ErrorCode::Network, "the server cannot be reached to change this hold's seats; "
                                                    "try again");
                }
                m_unanswered.erase(old->id);
                return errorOf(answer);
            }
            m_unanswered.erase(old->id);
            if (answer->hold) {
                auto mirrored = mirror(*answer, unanswered.key, unanswered.showId, unanswered.seats, unanswered.staff,
                                       old, !unanswered.replaces.empty());
                if (!mirrored || !mirrored->granted())
                    return mirrored;
                if (std::set<std::string>(seats.begin(), seats.end()) ==
                    std::set<std::string>(unanswered.seats.begin(), unanswered.seats.end())) {
                    return mirrored;
                }
                return hold(showId, seats, staff, mirrored->hold->id);
            }
            // Refused, or the old hold had already gone: nothing was made; go on as asked.
        }
    }
    const bool oldLive = old && old->state == HoldState::Held && old->expiresAt > m_store.clock().now();

    auto lease = m_store.sellableLeaseFor(showId, seats);
    if (!lease)
        return errorOf(lease);
    if (*lease) {
        const HoldRequest request = leaseRequest(**lease, showId, seats, staff);
        if (!old)
            return m_store.hold(request);
        auto outcome = m_store.changeHold(old->id, request, "replaced");
        if (outcome && outcome->granted() && !outcome->replayed && oldLive && old->origin == HoldOrigin::Server)
            (void)m_api.release(old->id); // best effort: the server's hold expires by itself
        return outcome;
    }

    // Only a live server mirror is the server's to replace; a lease hold's seats are the
    // lease's claims on the server, and an expired hold blocks nothing.
    const bool replaceOnServer = oldLive && old->origin == HoldOrigin::Server;
    std::string key = newUuid();
    auto answer = askServer(showId, seats, key, replaceOnServer ? old->id : std::string());
    bool replacedOnServer = replaceOnServer;
    if (answer && answer->replacedHoldGone) {
        // The server has no live hold to replace (it ran out there first): a plain hold.
        replacedOnServer = false;
        key = newUuid();
        answer = askServer(showId, seats, key, {});
    }
    if (!answer) {
        if (answer.error().code == ErrorCode::Network) {
            // The server may have made the hold (and ended the old one) and lost the reply.
            if (replaceOnServer)
                m_unanswered[old->id] =
                    UnansweredReplace{key, showId, seats, staff, replacedOnServer ? old->id : std::string()};
            return fail(ErrorCode::Network, "the server cannot be reached, and these seats are not in this "
                                            "counter's allotment: only allotment seats can be sold offline");
        }
        return errorOf(answer);
    }
    if (!answer->hold) {
        HoldOutcome outcome;
        outcome.unavailable = answer->unavailable;
        return outcome;
    }
    return mirror(*answer, key, showId, seats, staff, old, replacedOnServer);
}

Result<bool> CounterSync::release(const std::string& holdId)
{
    auto hold = m_store.findHold(holdId);
    if (!hold)
        return errorOf(hold);
    auto released = m_store.release(holdId);
    if (released && hold->origin == HoldOrigin::Server)
        (void)m_api.release(holdId); // best effort: an unreleased server hold expires by itself
    // A replacement of this hold that got no answer may have made a hold on the server: ask
    // once more with its key and release what it made (best effort: it expires anyway).
    if (auto pending = m_unanswered.find(holdId); released && pending != m_unanswered.end()) {
        const UnansweredReplace unanswered = pending->second;
        m_unanswered.erase(pending);
        auto answer =
            m_api.hold(unanswered.showId, unanswered.seats, m_options.holdTtl, unanswered.key, unanswered.replaces);
        if (answer && answer->hold)
            (void)m_api.release(answer->hold->holdId);
    }
    return released;
}

Result<Lease> CounterSync::takeLease(const std::string& showId, int count, Duration length)
{
    // The server picks the seats; two counters asking at once may reach for the same ones,
    // and the loser is refused as a whole. Ask again (a new request) a few times.
    Result<Lease> lease = fail(ErrorCode::Conflict, "not asked");
    for (int attempt = 0; attempt < 5; ++attempt) {
        lease = m_api.lease(showId, count, length, newUuid());
        if (lease || lease.error().code != ErrorCode::Conflict)
            break;
    }
    if (!lease)
        return errorOf(lease);
    // Kept in local time, early by the clock's uncertainty.
    const ServerClock& clock = m_api.serverClock();
    lease->expiresAt = clock.toLocal(lease->expiresAt) - clock.uncertainty();
    MQ_TRY(m_store.storeLease(*lease));
    return lease;
}

Result<void> CounterSync::returnLease(const std::string& allotmentId)
{
    MQ_TRY(m_api.returnLease(allotmentId));
    return m_store.returnLease(allotmentId);
}

Result<bool> CounterSync::pullCatalog()
{
    static const std::string kEtagSetting = "sync/catalog_etag";
    auto etag = m_store.setting(kEtagSetting);
    if (!etag)
        return errorOf(etag);
    auto answer = m_api.catalog(etag->value_or(""));
    if (!answer)
        return errorOf(answer);
    if (answer->notModified)
        return false;
    auto document = nlohmann::json::parse(answer->body, nullptr, false);
    if (document.is_discarded())
        return fail(ErrorCode::ParseError, "the server's catalog is not JSON");
    auto catalog = Catalog::fromJson(document, "the server's catalog");
    if (!catalog)
        return errorOf(catalog);
    MQ_TRY(m_store.importCatalog(*catalog));
    if (!answer->etag.empty())
        MQ_TRY(m_store.setSetting(kEtagSetting, answer->etag));
    return true;
}

} // namespace marquee
