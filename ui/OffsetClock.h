#pragma once
// A clock that runs like another one but from a chosen start (`marquee --now ...`), so a
// demo or a screenshot can be made "this morning" at any hour while holds still expire.

#include "Clock.h"

namespace marquee {

class OffsetClock final : public Clock
{
public:
    OffsetClock(const Clock& base, Timestamp startAt)
        : m_base(base)
        , m_offset(startAt - base.now())
    {
    }
    Timestamp now() const override { return m_base.now() + m_offset; }

private:
    const Clock& m_base;
    Duration m_offset;
};

} // namespace marquee
