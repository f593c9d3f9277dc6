#pragma once
// The simulator's fault switches: what goes wrong, and how many more times. Set at start
// from the command line and at run time through POST /_sim/faults, both through update()
// so there is one set of names and one validation. Counters ("next N") are consumed as
// faults fire; a rate is rolled with a seeded generator, so a run can be repeated.
// Thread-safe: every request thread consults it.

#include "Clock.h"
#include "Error.h"

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>

namespace marquee::gatewaysim {

struct Faults
{
    int latencyMs = 0;                           // latency_ms: added before every /v1 request
    int declineNext = 0;                         // decline_next: the next N confirmations are declined
    std::string declineCode = "generic_decline"; // decline_code: with this decline code
    int timeoutAfterSuccessNext = 0;  // timeout_after_success_next: the effect happens, the answer never comes
    std::string timeoutMode = "drop"; // timeout_mode: "drop" the connection or "hang"
    int hangMs = 30'000;              // hang_ms: how long "hang" holds the answer back
    int failNext = 0;                 // fail_next: the next N /v1 requests fail before doing anything
    int failStatus = 500;             // fail_status: with this status (500-599 or 429)
    double failRate = 0.0;            // fail_rate: 0..1, each /v1 request fails so with this chance
    int webhookDuplicates = 0;        // webhook_duplicates: extra deliveries of every event
    int webhookDelayMs = 0;           // webhook_delay_ms: events are delivered this late
    int webhookDelayNext = 0;         // webhook_delay_next: only the next N events are late (0: all)
};

class FaultSwitches
{
public:
    explicit FaultSwitches(std::uint64_t seed = 1)
        : m_random(seed)
    {
    }

    // Merges the fields present in `patch` (names as in Faults' comments); fails naming the
    // first field that is unknown or out of range, and then changes nothing.
    Result<Faults> update(const nlohmann::json& patch);
    void reset();
    Faults current() const;
    nlohmann::json toJson() const;

    // Each of these consumes the fault when it fires.
    std::optional<int> takeFailure();
    std::optional<std::string> takeDecline();
    bool takeTimeoutAfterSuccess();
    Duration takeWebhookDelay();

    static nlohmann::json toJson(const Faults& faults);

private:
    mutable std::mutex m_mutex;
    Faults m_faults;
    std::mt19937_64 m_random;
};

} // namespace marquee::gatewaysim
