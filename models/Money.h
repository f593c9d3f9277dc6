#pragma once
// Money as integer minor units plus an ISO 4217 currency. Never floating point.
// Arithmetic that mixes currencies or overflows 64 bits returns an error instead
// of a wrong amount.

#include "Error.h"

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace marquee {

class Currency
{
public:
    constexpr Currency() = default;
    // A three-letter upper-case ISO 4217 code; minor digits as the standard says (INR 2, JPY 0, ...).
    static Result<Currency> fromCode(std::string_view code);

    std::string_view code() const { return {m_code.data(), 3}; }
    int minorDigits() const { return m_minorDigits; }
    bool isValid() const { return m_code[0] != '\0'; }

    bool operator==(const Currency& other) const { return m_code == other.m_code; }

private:
    std::array<char, 4> m_code{};
    int m_minorDigits = 2;
};

class Money
{
public:
    constexpr Money() = default;
    Money(std::int64_t minor, Currency currency)
        : m_minor(minor)
        , m_currency(currency)
    {
    }
    static Money zero(Currency currency) { return Money(0, currency); }

    std::int64_t minor() const { return m_minor; }
    Currency currency() const { return m_currency; }
    bool isNegative() const { return m_minor < 0; }
    bool isZero() const { return m_minor == 0; }

    Result<Money> plus(const Money& other) const;
    Result<Money> minus(const Money& other) const;
    Result<Money> times(std::int64_t factor) const;
    Money negated() const { return Money(-m_minor, m_currency); }

    // The tax contained in this tax-inclusive amount at rate basis points (1800 = 18 %),
    // rounded half away from zero to the minor unit: amount * rate / (10000 + rate).
    Money taxPartInclusive(int rateBasisPoints) const;

    // Plain "1234.50 INR" form for logs and files; screens format through QLocale.
    std::string toString() const;

    // Same currency compares by amount; different currencies are never equal.
    bool operator==(const Money& other) const = default;

private:
    std::int64_t m_minor = 0;
    Currency m_currency;
};

// Sums a range of Money values of one currency, failing on a mismatch or overflow.
template <typename Range> Result<Money> sum(const Range& values, Currency currency)
{
    Money total = Money::zero(currency);
    for (const Money& value : values) {
        auto next = total.plus(value);
        if (!next) {
            return next;
        }
        total = *next;
    }
    return total;
}

} // namespace marquee
