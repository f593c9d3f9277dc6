#include "Money.h"

#include <cstdlib>

namespace marquee {

namespace {
__extension__ typedef __int128 Wide; // exact product of an amount and a rate

int minorDigitsFor(std::string_view code)
{
    // The exceptions to two minor digits among currencies a cinema is likely to see.
    static constexpr std::string_view zeroDigits[] = {"JPY", "KRW", "VND", "CLP", "ISK", "XOF", "XAF", "UGX"};
    static constexpr std::string_view threeDigits[] = {"BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD"};
    for (auto c : zeroDigits) {
        if (c == code) {
            return 0;
        }
    }
    for (auto c : threeDigits) {
        if (c == code) {
            return 3;
        }
    }
    return 2;
}
} // namespace

Result<Currency> Currency::fromCode(std::string_view code)
{
    if (code.size() != 3) {
        return fail(ErrorCode::InvalidArgument, "currency code must have three letters: '" + std::string(code) + "'");
    }
    Currency c;
    for (std::size_t i = 0; i < 3; ++i) {
        if (code[i] < 'A' || code[i] > 'Z') {
            return fail(ErrorCode::InvalidArgument,
                        "currency code must be three upper-case letters: '" + std::string(code) + "'");
        }
        c.m_code[i] = code[i];
    }
    c.m_minorDigits = minorDigitsFor(code);
    return c;
}

Result<Money> Money::plus(const Money& other) const
{
    if (!(m_currency == other.m_currency)) {
        return fail(ErrorCode::CurrencyMismatch,
                    "cannot add " + std::string(other.m_currency.code()) + " to " + std::string(m_currency.code()));
    }
    std::int64_t result = 0;
    if (__builtin_add_overflow(m_minor, other.m_minor, &result)) {
        return fail(ErrorCode::Overflow, "amount too large");
    }
    return Money(result, m_currency);
}

Result<Money> Money::minus(const Money& other) const
{
    if (!(m_currency == other.m_currency)) {
        return fail(ErrorCode::CurrencyMismatch, "cannot subtract " + std::string(other.m_currency.code()) + " from " +
                                                     std::string(m_currency.code()));
    }
    std::int64_t result = 0;
    if (__builtin_sub_overflow(m_minor, other.m_minor, &result)) {
        return fail(ErrorCode::Overflow, "amount too large");
    }
    return Money(result, m_currency);
}

Result<Money> Money::times(std::int64_t factor) const
{
    std::int64_t result = 0;
    if (__builtin_mul_overflow(m_minor, factor, &result)) {
        return fail(ErrorCode::Overflow, "amount too large");
    }
    return Money(result, m_currency);
}

Money Money::taxPartInclusive(int rateBasisPoints) const
{
    if (rateBasisPoints <= 0) {
        return Money::zero(m_currency);
    }
    // 128-bit intermediate: the product of a large amount and a rate must not overflow.
    const Wide numerator = static_cast<Wide>(m_minor) * rateBasisPoints;
    const Wide denominator = 10000 + rateBasisPoints;
    Wide quotient = numerator / denominator;
    const Wide remainder = numerator % denominator;
    const Wide twice = remainder < 0 ? -2 * remainder : 2 * remainder;
    if (twice >= denominator) {
        quotient += numerator < 0 ? -1 : 1;
    }
    return Money(static_cast<std::int64_t>(quotient), m_currency);
}

std::string Money::toString() const
{
    const int digits = m_currency.minorDigits();
    std::int64_t scale = 1;
    for (int i = 0; i < digits; ++i) {
        scale *= 10;
    }
    const bool negative = m_minor < 0;
    // Work in unsigned to survive INT64_MIN.
    const std::uint64_t magnitude =
        negative ? static_cast<std::uint64_t>(-(m_minor + 1)) + 1 : static_cast<std::uint64_t>(m_minor);
    std::string out = negative ? "-" : "";
    out += std::to_string(magnitude / static_cast<std::uint64_t>(scale));
    if (digits > 0) {
        std::string fraction = std::to_string(magnitude % static_cast<std::uint64_t>(scale));
        out += '.';
        out += std::string(static_cast<std::size_t>(digits) - fraction.size(), '0') + fraction;
    }
    out += ' ';
    out += m_currency.code();
    return out;
}

} // namespace marquee
