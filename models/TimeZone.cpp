#include "TimeZone.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>

namespace marquee {

using namespace std::chrono;

namespace {
std::int64_t readBigEndian(const unsigned char* p, int bytes)
{
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) {
        v = (v << 8) | p[i];
    }
    if (bytes == 4) {
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    }
    return static_cast<std::int64_t>(v);
}
} // namespace

TimeZone TimeZone::utc()
{
    TimeZone zone;
    zone.m_name = "UTC";
    return zone;
}

Result<TimeZone> TimeZone::load(const std::string& name)
{
    if (name == "UTC" || name == "Etc/UTC") {
        return utc();
    }
    if (name.starts_with("UTC+") || name.starts_with("UTC-")) {
        int h = 0, m = 0;
        const char* begin = name.data() + 4;
        const char* end = name.data() + name.size();
        auto [p, ec] = std::from_chars(begin, end, h);
        if (ec != std::errc{} || p == end || *p != ':' || std::from_chars(p + 1, end, m).ec != std::errc{} || h > 14 ||
            m > 59) {
            return fail(ErrorCode::InvalidArgument, "time zone offset must look like UTC+05:30: '" + name + "'");
        }
        TimeZone zone;
        zone.m_name = name;
        zone.m_initialOffset = (h * 3600 + m * 60) * (name[3] == '-' ? -1 : 1);
        return zone;
    }
    if (name.empty() || name.find("..") != std::string::npos || name.front() == '/') {
        return fail(ErrorCode::InvalidArgument, "not a time zone name: '" + name + "'");
    }
    const std::string path = "/usr/share/zoneinfo/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::NotFound, "unknown time zone '" + name + "' (no " + path + "; is tzdata installed?)");
    }
    std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto bad = [&] { return fail(ErrorCode::ParseError, path + ": not a TZif file"); };
    if (data.size() < 44 || data[0] != 'T' || data[1] != 'Z' || data[2] != 'i' || data[3] != 'f') {
        return bad();
    }
    // Header counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
    auto counts = [&](std::size_t at, std::int64_t out[6]) {
        for (int i = 0; i < 6; ++i) {
            out[i] = readBigEndian(&data[at + 20 + 4 * i], 4);
        }
    };
    std::int64_t c[6];
    counts(0, c);
    const bool v2 = data[4] >= '2';
    std::size_t pos = 44;
    int timeSize = 4;
    if (v2) {
        // Skip the 32-bit block and read the 64-bit one that follows it.
        pos += c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
        if (data.size() < pos + 44) {
            return bad();
        }
        counts(pos, c);
        pos += 44;
        timeSize = 8;
    }
    const std::int64_t timecnt = c[3], typecnt = c[4];
    if (typecnt <= 0 || data.size() < pos + timecnt * (timeSize + 1) + typecnt * 6) {
        return bad();
    }
    std::vector<std::int32_t> typeOffsets;
    std::vector<bool> typeIsDst;
    const std::size_t typesAt = pos + timecnt * (timeSize + 1);
    for (std::int64_t i = 0; i < typecnt; ++i) {
        typeOffsets.push_back(static_cast<std::int32_t>(readBigEndian(&data[typesAt + 6 * i], 4)));
        typeIsDst.push_back(data[typesAt + 6 * i + 4] != 0);
    }
    TimeZone zone;
    zone.m_name = name;
    // Before the first transition: the first non-DST type, as RFC 8536 suggests.
    zone.m_initialOffset = typeOffsets[0];
    for (std::size_t i = 0; i < typeOffsets.size(); ++i) {
        if (!typeIsDst[i]) {
            zone.m_initialOffset = typeOffsets[i];
            break;
        }
    }
    for (std::int64_t i = 0; i < timecnt; ++i) {
        const std::int64_t at = readBigEndian(&data[pos + i * timeSize], timeSize);
        const unsigned type = data[pos + timecnt * timeSize + i];
        if (type >= typeOffsets.size()) {
            return bad();
        }
        zone.m_transitions.push_back({at, typeOffsets[type]});
    }
    return zone;
}

seconds TimeZone::offsetAt(Timestamp utcTime) const
{
    const std::int64_t s = floor<seconds>(utcTime).time_since_epoch().count();
    auto it = std::upper_bound(m_transitions.begin(), m_transitions.end(), s,
                               [](std::int64_t value, const Transition& t) { return value < t.at; });
    if (it == m_transitions.begin()) {
        return seconds(m_initialOffset);
    }
    return seconds(std::prev(it)->offset);
}

LocalTime TimeZone::toLocal(Timestamp utcTime) const
{
    return LocalTime((utcTime + offsetAt(utcTime)).time_since_epoch());
}

Timestamp TimeZone::fromLocal(LocalTime local) const
{
    // Try the offsets in force a day either side; take the earliest instant that maps back.
    const Timestamp guess(local.time_since_epoch());
    const seconds before = offsetAt(guess - hours(24));
    const seconds after = offsetAt(guess + hours(24));
    const Timestamp a = guess - before;
    const Timestamp b = guess - after;
    const Timestamp first = std::min(a, b);
    const Timestamp second = std::max(a, b);
    if (toLocal(first) == local) {
        return first;
    }
    if (toLocal(second) == local) {
        return second;
    }
    // In a gap: interpret with the offset from before the gap, which moves the time forward.
    return guess - before;
}

} // namespace marquee
