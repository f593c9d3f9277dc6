#pragma once
// Converges what a card gateway says about one payment into one state, however often and in
// whatever order it says it. Gateways deliver callbacks at least once, late, and out of
// order (a "captured" can arrive before the "authorized" that preceded it), and the counter
// also learns the same facts from its own synchronous calls. Every fact is an observation
// of the payment (by the gateway's transaction id, the intent id) with cumulative amounts;
// the state only moves forward:
//   Created -> Failed -> Authorized -> Captured -> (PartlyRefunded -> Refunded)
//                                   \-> Voided
// A later observation of an earlier stage (a late "authorized" after "captured") changes
// nothing; amounts only grow (the largest captured / refunded total seen wins), so a
// duplicate or reordered refund callback never counts twice. A payment seen both captured
// and voided keeps the first and is marked `conflict` for a manager.
//
// Events are deduplicated by their event id; observations without one (answers to our own
// calls) are always merged, which is harmless because merging is idempotent. Qt-free and
// network-free: the counter's store and the server can rebuild it by replaying stored events.
// Not thread-safe: one owner, or the caller's lock.

#include "Clock.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace marquee {

enum class PaymentStage : std::uint8_t
{
    Created,
    Failed, // the last authorization attempt was declined; another may follow
    Authorized,
    Captured,
    PartlyRefunded,
    Refunded,
    Voided
};

std::string_view nameOf(PaymentStage stage);

struct PaymentObservation
{
    std::string eventId;                        // the gateway's event id ("evt_..."); empty for our own calls' answers
    std::string intentId;                       // the gateway's transaction id ("pi_...")
    PaymentStage stage = PaymentStage::Created; // Failed, Authorized, Captured, Voided or (Partly)Refunded
    std::int64_t amountMinor = 0;               // authorized / captured amount; for refunds the refunded total so far
    std::int64_t capturedMinor = 0;             // for refunds: what was captured (to tell partly from fully refunded)
    std::string detail;                         // decline code, cancellation reason
    Timestamp at;
};

struct PaymentState
{
    std::string intentId;
    PaymentStage stage = PaymentStage::Created;
    std::int64_t authorizedMinor = 0;
    std::int64_t capturedMinor = 0;
    std::int64_t refundedMinor = 0;
    std::string lastDetail;
    bool conflict = false; // captured and voided were both reported
    int applied = 0;       // observations that changed something
    Timestamp lastChangeAt;
};

enum class ObservationEffect : std::uint8_t
{
    Changed,   // the state moved
    Unchanged, // already known (a late or repeated fact under a new event id)
    Duplicate, // this event id was seen before: ignored entirely
    Conflict   // contradicts the state (void after capture); recorded as `conflict`
};
std::string_view nameOf(ObservationEffect effect);

class PaymentEventDeduper
{
public:
    ObservationEffect observe(const PaymentObservation& observation);
    std::optional<PaymentState> state(std::string_view intentId) const;
    bool seen(std::string_view eventId) const { return m_seenEvents.contains(std::string(eventId)); }
    std::size_t eventCount() const { return m_seenEvents.size(); }

    // The state after one more observation; pure, for callers that keep the state themselves.
    static PaymentState merge(PaymentState state, const PaymentObservation& observation, ObservationEffect* effect);

private:
    std::unordered_set<std::string> m_seenEvents;
    std::unordered_map<std::string, PaymentState> m_states;
};

} // namespace marquee
