#include "FaultSwitches.h"

namespace marquee::gatewaysim {

namespace {
Result<int> intField(const nlohmann::json& value, const std::string& name, int low, int high)
{
    if (!value.is_number_integer() || value.get<std::int64_t>() < low || value.get<std::int64_t>() > high) {
        return fail(ErrorCode::InvalidArgument,
                    name + " must be a whole number from " + std::to_string(low) + " to " + std::to_string(high));
    }
    return static_cast<int>(value.get<std::int64_t>());
}
} // namespace

nlohmann::json FaultSwitches::toJson(const Faults& f)
{
    return {{"latency_ms", f.latencyMs},
            {"decline_next", f.declineNext},
            {"decline_code", f.declineCode},
            {"timeout_after_success_next", f.timeoutAfterSuccessNext},
            {"timeout_mode", f.timeoutMode},
            {"hang_ms", f.hangMs},
            {"fail_next", f.failNext},
            {"fail_status", f.failStatus},
            {"fail_rate", f.failRate},
            {"webhook_duplicates", f.webhookDuplicates},
            {"webhook_delay_ms", f.webhookDelayMs},
            {"webhook_delay_next", f.webhookDelayNext}};
}

Result<Faults> FaultSwitches::update(const nlohmann::json& patch)
{
    if (!patch.is_object())
        return fail(ErrorCode::InvalidArgument, "faults must be a JSON object");
    std::lock_guard lock(m_mutex);
    Faults next = m_faults;
    constexpr int kMax = 1'000'000;
    for (const auto& [name, value] : patch.items()) {
        Result<int> number = 0;
        if (name == "latency_ms" && (number = intField(value, name, 0, 600'000)))
            next.latencyMs = *number;
        else if (name == "decline_next" && (number = intField(value, name, 0, kMax)))
            next.declineNext = *number;
        else if (name == "timeout_after_success_next" && (number = intField(value, name, 0, kMax)))
            next.timeoutAfterSuccessNext = *number;
        else if (name == "hang_ms" && (number = intField(value, name, 0, 600'000)))
            next.hangMs = *number;
        else if (name == "fail_next" && (number = intField(value, name, 0, kMax)))
            next.failNext = *number;
        else if (name == "fail_status" && (number = intField(value, name, 429, 599))) {
            if (*number != 429 && *number < 500)
                return fail(ErrorCode::InvalidArgument, "fail_status must be 429 or from 500 to 599");
            next.failStatus = *number;
        } else if (name == "webhook_duplicates" && (number = intField(value, name, 0, 10)))
            next.webhookDuplicates = *number;
        else if (name == "webhook_delay_ms" && (number = intField(value, name, 0, 600'000)))
            next.webhookDelayMs = *number;
        else if (name == "webhook_delay_next" && (number = intField(value, name, 0, kMax)))
            next.webhookDelayNext = *number;
        else if (name == "decline_code") {
            if (!value.is_string() || value.get<std::string>().empty())
                return fail(ErrorCode::InvalidArgument, "decline_code must be a non-empty string");
            next.declineCode = value.get<std::string>();
        } else if (name == "timeout_mode") {
            if (value != "drop" && value != "hang")
                return fail(ErrorCode::InvalidArgument, "timeout_mode must be \"drop\" or \"hang\"");
            next.timeoutMode = value.get<std::string>();
        } else if (name == "fail_rate") {
            if (!value.is_number() || value.get<double>() < 0.0 || value.get<double>() > 1.0)
                return fail(ErrorCode::InvalidArgument, "fail_rate must be a number from 0 to 1");
            next.failRate = value.get<double>();
        } else if (!number) {
            return std::unexpected(number.error());
        } else {
            return fail(ErrorCode::InvalidArgument, "unknown fault '" + name + "'");
        }
    }
    m_faults = next;
    return next;
}

void FaultSwitches::reset()
{
    std::lock_guard lock(m_mutex);
    m_faults = Faults{};
}

Faults FaultSwitches::current() const
{
    std::lock_guard lock(m_mutex);
    return m_faults;
}

nlohmann::json FaultSwitches::toJson() const
{
    return toJson(current());
}

std::optional<int> FaultSwitches::takeFailure()
{
    std::lock_guard lock(m_mutex);
    if (m_faults.failNext > 0) {
        --m_faults.failNext;
        return m_faults.failStatus;
    }
    if (m_faults.failRate > 0.0 && std::uniform_real_distribution<double>(0.0, 1.0)(m_random) < m_faults.failRate)
        return m_faults.failStatus;
    return std::nullopt;
}

std::optional<std::string> FaultSwitches::takeDecline()
{
    std::lock_guard lock(m_mutex);
    if (m_faults.declineNext <= 0)
        return std::nullopt;
    --m_faults.declineNext;
    return m_faults.declineCode;
}

bool FaultSwitches::takeTimeoutAfterSuccess()
{
    std::lock_guard lock(m_mutex);
    if (m_faults.timeoutAfterSuccessNext <= 0)
        return false;
    --m_faults.timeoutAfterSuccessNext;
    return true;
}

Duration FaultSwitches::takeWebhookDelay()
{
    std::lock_guard lock(m_mutex);
    if (m_faults.webhookDelayMs <= 0)
        return Duration(0);
    if (m_faults.webhookDelayNext == 0)
        return Duration(m_faults.webhookDelayMs);
    if (--m_faults.webhookDelayNext == 0) {
        // The last delayed event: later ones go out on time again.
        const int delay = m_faults.webhookDelayMs;
        m_faults.webhookDelayMs = 0;
        return Duration(delay);
    }
    return Duration(m_faults.webhookDelayMs);
}

} // namespace marquee::gatewaysim
