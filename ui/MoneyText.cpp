#include "MoneyText.h"

#include <cmath>
#include <cstdint>

namespace marquee {

namespace {

std::int64_t powerOfTen(int digits)
{
    std::int64_t factor = 1;
    for (int i = 0; i < digits; ++i) {
        factor *= 10;
    }
    return factor;
}

} // namespace

QString MoneyText::currencySymbol(Currency currency, const QLocale& locale)
{
    const QString code = QString::fromLatin1(currency.code().data(), qsizetype(currency.code().size()));
    if (code == QLatin1String("INR")) {
        return QStringLiteral("₹");
    }
    if (locale.currencySymbol(QLocale::CurrencyIsoCode) == code) {
        return locale.currencySymbol(QLocale::CurrencySymbol);
    }
    return code + QLatin1Char(' ');
}

QString MoneyText::format(const Money& money, const QLocale& locale)
{
    if (!money.currency().isValid()) {
        return locale.toString(static_cast<qlonglong>(money.minor()));
    }
    const int digits = money.currency().minorDigits();
    const std::int64_t factor = powerOfTen(digits);
    const std::int64_t minor = money.minor();
    // Whole and fractional parts separately: a double is exact for the division only when
    // amounts are small, and a till total must never show a rounding artefact.
    const std::int64_t whole = minor / factor;
    const std::int64_t frac = std::llabs(minor % factor);
    QString text = locale.toString(static_cast<qlonglong>(std::llabs(whole)));
    if (digits > 0) {
        text += locale.decimalPoint() +
                locale.toString(static_cast<qlonglong>(frac)).rightJustified(digits, locale.zeroDigit().at(0));
    }
    const QString sign = minor < 0 ? locale.negativeSign() : QString();
    return sign + currencySymbol(money.currency(), locale) + text;
}

std::optional<Money> MoneyText::parse(const QString& text, Currency currency, const QLocale& locale)
{
    QString cleaned = text.trimmed();
    cleaned.remove(currencySymbol(currency, locale).trimmed());
    cleaned.remove(QString::fromLatin1(currency.code().data(), qsizetype(currency.code().size())));
    cleaned = cleaned.trimmed();
    if (cleaned.isEmpty()) {
        return std::nullopt;
    }
    const int digits = currency.minorDigits();
    const std::int64_t factor = powerOfTen(digits);
    // Try the locale first (grouping, native digits), then the C locale ("1250.50").
    for (const QLocale& l : {locale, QLocale::c()}) {
        QString s = cleaned;
        s.remove(l.groupSeparator());
        const QString point = l.decimalPoint();
        const qsizetype dot = s.indexOf(point);
        const QString wholePart = dot < 0 ? s : s.left(dot);
        QString fracPart = dot < 0 ? QString() : s.mid(dot + point.size());
        if (fracPart.size() > digits) {
            continue;
        }
        bool okWhole = wholePart.isEmpty();
        const qlonglong whole = wholePart.isEmpty() ? 0 : l.toLongLong(wholePart, &okWhole);
        bool okFrac = true;
        qlonglong frac = 0;
        if (!fracPart.isEmpty()) {
            fracPart = fracPart.leftJustified(digits, l.zeroDigit().at(0));
            frac = l.toLongLong(fracPart, &okFrac);
        }
        if (okWhole && okFrac && whole >= 0 && frac >= 0) {
            return Money(static_cast<std::int64_t>(whole) * factor + static_cast<std::int64_t>(frac), currency);
        }
    }
    return std::nullopt;
}

} // namespace marquee
