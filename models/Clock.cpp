#include "Clock.h"

#include <charconv>
#include <cstdio>

namespace marquee {

using namespace std::chrono;

Timestamp SystemClock::now() const
{
    return time_point_cast<milliseconds>(system_clock::now());
}

std::string formatIso8601(Timestamp t)
{
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    char buffer[40];
    const auto ms = hms.subseconds().count();
    if (ms != 0) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", int(ymd.year()),
                      unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                      long(hms.minutes().count()), long(hms.seconds().count()), long(ms));
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(ymd.year()),
                      unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                      long(hms.minutes().count()), long(hms.seconds().count()));
    }
    return buffer;
}

namespace {
bool readInt(std::string_view text, std::size_t pos, std::size_t width, int& out)
{
    if (pos + width > text.size()) {
        return false;
    }
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
    }
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + width, out);
    return ec == std::errc{};
}
} // namespace

Result<Timestamp> parseIso8601(std::string_view text)
{
    auto bad = [&] { return fail(ErrorCode::ParseError, "not an RFC 3339 time: '" + std::string(text) + "'"); };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (text.size() < 20 || !readInt(text, 0, 4, y) || text[4] != '-' || !readInt(text, 5, 2, mo) || text[7] != '-' ||
        !readInt(text, 8, 2, d) || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
        !readInt(text, 11, 2, h) || text[13] != ':' || !readInt(text, 14, 2, mi) || text[16] != ':' ||
        !readInt(text, 17, 2, s)) {
        return bad();
    }
    const year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60) {
        return bad();
    }
    std::size_t pos = 19;
    int ms = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (digits < 3) {
                ms = ms * 10 + (text[pos] - '0');
            }
            ++digits;
            ++pos;
        }
        if (digits == 0) {
            return bad();
        }
        for (int i = digits; i < 3; ++i) {
            ms *= 10;
        }
    }
    int offsetMinutes = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        int oh = 0, om = 0;
        if (!readInt(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
            !readInt(text, pos + 4, 2, om) || oh > 23 || om > 59) {
            return bad();
        }
        offsetMinutes = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return bad();
    }
    if (pos != text.size()) {
        return bad();
    }
    const auto local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms};
    return Timestamp(local - minutes{offsetMinutes});
}

} // namespace marquee
