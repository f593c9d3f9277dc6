#include "PaymentEventDeduper.h"

#include <algorithm>

namespace marquee {

namespace {
// Position on the forward path; Voided is a side branch checked separately.
int rankOf(PaymentStage stage)
{
    switch (stage) {
    case PaymentStage::Created:
        return 0;
    case PaymentStage::Failed:
        return 1;
    case PaymentStage::Authorized:
        return 2;
    case PaymentStage::Captured:
        return 3;
    case PaymentStage::PartlyRefunded:
        return 4;
    case PaymentStage::Refunded:
        return 5;
    case PaymentStage::Voided:
        return 3;
    }
    return 0;
}

bool moneyTaken(PaymentStage stage)
{
    return stage == PaymentStage::Captured || stage == PaymentStage::PartlyRefunded || stage == PaymentStage::Refunded;
}
} // namespace

std::string_view nameOf(PaymentStage stage)
{
    switch (stage) {
    case PaymentStage::Created:
        return "CREATED";
    case PaymentStage::Failed:
        return "FAILED";
    case PaymentStage::Authorized:
        return "AUTHORIZED";
    case PaymentStage::Captured:
        return "CAPTURED";
    case PaymentStage::PartlyRefunded:
        return "PARTLY_REFUNDED";
    case PaymentStage::Refunded:
        return "REFUNDED";
    case PaymentStage::Voided:
        return "VOIDED";
    }
    return "CREATED";
}

std::string_view nameOf(ObservationEffect effect)
{
    switch (effect) {
    case ObservationEffect::Changed:
        return "changed";
    case ObservationEffect::Unchanged:
        return "unchanged";
    case ObservationEffect::Duplicate:
        return "duplicate";
    case ObservationEffect::Conflict:
        return "conflict";
    }
    return "unchanged";
}

PaymentState PaymentEventDeduper::merge(PaymentState state, const PaymentObservation& observation,
                                        ObservationEffect* effect)
{
    const PaymentState before = state;
    const PaymentStage seen = observation.stage;
    if (state.intentId.empty())
        state.intentId = observation.intentId;

    // Amounts are cumulative in every observation, so the largest seen is the truth.
    switch (seen) {
    case PaymentStage::Authorized:
        state.authorizedMinor = std::max(state.authorizedMinor, observation.amountMinor);
        break;
    case PaymentStage::Captured:
        state.capturedMinor = std::max(state.capturedMinor, observation.amountMinor);
        state.authorizedMinor = std::max(state.authorizedMinor, observation.amountMinor);
        break;
    case PaymentStage::PartlyRefunded:
    case PaymentStage::Refunded:
        state.refundedMinor = std::max(state.refundedMinor, observation.amountMinor);
        state.capturedMinor = std::max(state.capturedMinor, observation.capturedMinor);
        break;
    case PaymentStage::Created:
    case PaymentStage::Failed:
    case PaymentStage::Voided:
        break;
    }

    bool conflict = false;
    if (seen == PaymentStage::Voided) {
        if (moneyTaken(state.stage))
            conflict = true;
        else if (state.stage != PaymentStage::Voided)
            state.stage = PaymentStage::Voided;
    } else if (state.stage == PaymentStage::Voided) {
        conflict = moneyTaken(seen);
    } else if (rankOf(seen) > rankOf(state.stage)) {
        state.stage = seen;
    }
    if (moneyTaken(state.stage) && state.refundedMinor > 0) {
        state.stage =
            state.refundedMinor >= state.capturedMinor ? PaymentStage::Refunded : PaymentStage::PartlyRefunded;
    }

    const bool changed = state.stage != before.stage || state.authorizedMinor != before.authorizedMinor ||
                         state.capturedMinor != before.capturedMinor || state.refundedMinor != before.refundedMinor;
    if (changed) {
        ++state.applied;
        state.lastChangeAt = observation.at;
        if (!observation.detail.empty())
            state.lastDetail = observation.detail;
    }
    if (conflict)
        state.conflict = true;
    if (effect)
        *effect = conflict ? ObservationEffect::Conflict
                           : (changed ? ObservationEffect::Changed : ObservationEffect::Unchanged);
    return state;
}

ObservationEffect PaymentEventDeduper::observe(const PaymentObservation& observation)
{
    if (!observation.eventId.empty() && !m_seenEvents.insert(observation.eventId).second)
        return ObservationEffect::Duplicate;
    ObservationEffect effect = ObservationEffect::Unchanged;
    auto [it, inserted] = m_states.try_emplace(observation.intentId);
    it->second = merge(std::move(it->second), observation, &effect);
    return effect;
}

std::optional<PaymentState> PaymentEventDeduper::state(std::string_view intentId) const
{
    const auto it = m_states.find(std::string(intentId));
    if (it == m_states.end())
        return std::nullopt;
    return it->second;
}

} // namespace marquee
