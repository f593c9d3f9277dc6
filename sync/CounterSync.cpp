#include "CounterSync.h"

#include "Uuid.h"

#include <nlohmann/json.hpp>

namespace marquee {

CounterSync::CounterSync(LocalStore& store, ServerApi& api, Options options)
    : m_store(store)
    , m_api(api)
    , m_options(options)
{
}

Result<HoldOutcome> CounterSync::holdFromLease(const Lease& lease, const std::string& showId,
                                               const std::vector<std::string>& seats, const std::string& staff)
{
    HoldRequest request;
    request.requestId = newUuid();
    request.showId = showId;
    request.seats = seats;
    request.ttl = m_options.holdTtl;
    request.staff = staff;
    request.allotmentId = lease.allotmentId;
    return m_store.hold(request);
}

Result<HoldOutcome> CounterSync::hold(const std::string& showId, const std::vector<std::string>& seats,
                                      const std::string& staff)
{
    auto lease = m_store.sellableLeaseFor(showId, seats);
    if (!lease)
        return errorOf(lease);
    if (*lease)
        return holdFromLease(**lease, showId, seats, staff);

    const std::string key = newUuid();
    Result<ServerHoldAnswer> answer = fail(ErrorCode::Network, "not sent");
    for (int attempt = 0; attempt < std::max(1, m_options.holdAttempts); ++attempt) {
        answer = m_api.hold(showId, seats, m_options.holdTtl, key);
        if (answer || answer.error().code != ErrorCode::Network)
            break;
    }
    if (!answer) {
        if (answer.error().code == ErrorCode::Network) {
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
    const ServerClock& clock = m_api.serverClock();
    HoldRequest request;
    request.requestId = key;
    request.showId = showId;
    request.seats = seats;
    request.staff = staff;
    request.mirror = ServerHoldMirror{answer->hold->holdId, clock.toLocal(answer->hold->expiresAt) -
                                                                clock.uncertainty() - m_options.mirrorMargin};
    auto outcome = m_store.hold(request);
    if (!outcome || !outcome->granted()) {
        (void)m_api.release(answer->hold->holdId); // best effort: it expires anyway
    }
    return outcome;
}

Result<bool> CounterSync::release(const std::string& holdId)
{
    auto hold = m_store.findHold(holdId);
    if (!hold)
        return errorOf(hold);
    auto released = m_store.release(holdId);
    if (released && hold->origin == HoldOrigin::Server)
        (void)m_api.release(holdId); // best effort: an unreleased server hold expires by itself
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
