#pragma once
// Helpers for the staff and report GUI tests: a sale paid partly by card, and amounts
// written the way the reports print them, computed here without the report code.

#include "BookingLookupScreen.h"
#include "CounterFixture.h"

#include <QLineEdit>

namespace marquee::test {

// "2,109.00", "-250.00": English grouping, two decimals (INR).
inline QString printed(std::int64_t minor)
{
    const std::int64_t magnitude = minor < 0 ? -minor : minor;
    QString whole = QString::number(magnitude / 100);
    for (qsizetype i = whole.size() - 3; i > 0; i -= 3) {
        whole.insert(i, QLatin1Char(','));
    }
    return (minor < 0 ? QStringLiteral("-") : QString()) + whole + QLatin1Char('.') +
           QString::number(magnitude % 100).rightJustified(2, QLatin1Char('0'));
}

// Sells seats through the sales screen, `cardMinor` of it by card and the rest in exact cash.
inline QString sellSplit(CounterFixture& counter, const QString& showId, const QStringList& seats,
                         std::int64_t cardMinor)
{
    counter.window->openShow(showId);
    SalesScreen* sales = counter.window->sales();
    auto held = sales->basket().setSeats(seatIndices(*sales->basket().layout(), seats));
    if (!held || !held->empty()) {
        return {};
    }
    sales->startPayment();
    PaymentDialog* dialog = sales->paymentDialog();
    if (!dialog) {
        return {};
    }
    const std::int64_t cash = dialog->due().minor() - cardMinor;
    dialog->findChild<QLineEdit*>(QStringLiteral("cardAmount"))->setText(printed(cardMinor).remove(QLatin1Char(',')));
    dialog->findChild<QLineEdit*>(QStringLiteral("cardApproval"))->setText(QStringLiteral("A12345"));
    dialog->findChild<QLineEdit*>(QStringLiteral("cashTendered"))->setText(printed(cash).remove(QLatin1Char(',')));
    dialog->accept();
    const QRegularExpression ref(QStringLiteral("([0-9A-Z]{5}-[0-9A-Z]{5})"));
    return ref.match(counter.window->bannerText()).captured(1);
}

// The figures after `label` on the first line of pdftotext -layout output that starts with it.
inline QStringList pdfRow(const QString& text, const QString& label)
{
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(label)) {
            return trimmed.mid(label.size()).split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        }
    }
    return {};
}

} // namespace marquee::test
