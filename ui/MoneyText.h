#pragma once
// Money on screen and on paper: always through QLocale, from integer minor units, so the
// cashier sees "₹1,250.00" in English and the Hindi locale's digits and grouping in Hindi.
// Parsing accepts what a cashier types into an amount field ("500", "1250.50", "1,250").

#include "Money.h"

#include <QLocale>
#include <QString>
#include <optional>

namespace marquee {

class MoneyText
{
public:
    static QString format(const Money& money, const QLocale& locale = QLocale());
    // Amount typed by a cashier in major units; nullopt when it is not a number.
    static std::optional<Money> parse(const QString& text, Currency currency, const QLocale& locale = QLocale());
    static QString currencySymbol(Currency currency, const QLocale& locale = QLocale());
};

} // namespace marquee
