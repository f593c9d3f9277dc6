#pragma once
// Time inside Marquee is UTC milliseconds. Everything that depends on "now" takes a
// Clock, so tests drive hold expiry and business days with ManualClock, never sleeps.

#include "Error.h"

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

namespace marquee {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;
using Duration = std::chrono::milliseconds;

inline std::int64_t toEpochMs(Timestamp t)
{
    return t.time_since_epoch().count();
}
inline Timestamp fromEpochMs(std::int64_t ms)
{
    return Timestamp(Duration(ms));
}

// RFC 3339 in UTC with millisecond precision when non-zero: 2026-12-03T14:30:00Z.
std::string formatIso8601(Timestamp t);
// Accepts 2026-12-03T14:30:00Z, with optional .fff and a Z or +hh:mm / -hh:mm offset.
Result<Timestamp> parseIso8601(std::string_view text);

class Clock
{
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock
{
public:
    Timestamp now() const override;
};

// A clock that only moves when told to. Safe to read from many threads while one advances it.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(Timestamp start = fromEpochMs(1'780'000'000'000))
        : m_ms(toEpochMs(start))
    {
    }
    Timestamp now() const override { return fromEpochMs(m_ms.load()); }
    void set(Timestamp t) { m_ms.store(toEpochMs(t)); }
    void advance(Duration d) { m_ms.fetch_add(d.count()); }

private:
    std::atomic<std::int64_t> m_ms;
};

} // namespace marquee
