#include "BlindCountDialog.h"

#include "MoneyText.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace marquee {

std::vector<BlindCountDialog::Denomination> BlindCountDialog::denominationsOf(Currency currency)
{
    if (currency.code() == "INR") {
        return {{200000, false}, {50000, false}, {20000, false}, {10000, false}, {5000, false}, {2000, false},
                {1000, false},   {2000, true},   {1000, true},   {500, true},    {200, true},   {100, true}};
    }
    // Other currencies: one row counting the amount in minor units.
    return {{1, true}};
}

BlindCountDialog::BlindCountDialog(Currency currency, QWidget* parent)
    : QDialog(parent)
    , m_currency(currency)
{
    setObjectName(QStringLiteral("blindCountDialog"));
    setWindowTitle(tr("Close shift: count the drawer"));
    auto* intro = new QLabel(tr("Count every note and coin in the drawer. The expected amount is shown only "
                                "after the count is saved."),
                             this);
    intro->setWordWrap(true);
    auto* grid = new QGridLayout;
    int row = 0;
    QWidget* previous = nullptr;
    for (const auto& d : denominationsOf(currency)) {
        const QString value = MoneyText::format(Money(d.minor, currency));
        auto* label = new QLabel(d.coin ? tr("%1 coins").arg(value) : tr("%1 notes").arg(value), this);
        auto* pieces = new QSpinBox(this);
        pieces->setObjectName(
            QStringLiteral("count_%1_%2").arg(d.minor).arg(d.coin ? QStringLiteral("coin") : QStringLiteral("note")));
        pieces->setRange(0, 100'000);
        pieces->setButtonSymbols(QAbstractSpinBox::NoButtons);
        pieces->setAlignment(Qt::AlignRight);
        label->setBuddy(pieces);
        grid->addWidget(label, row, 0);
        grid->addWidget(pieces, row, 1);
        connect(pieces, &QSpinBox::valueChanged, this, &BlindCountDialog::updateTotal);
        if (previous) {
            setTabOrder(previous, pieces);
        }
        previous = pieces;
        m_rows.push_back({d, pieces});
        ++row;
    }
    m_total = new QLabel(this);
    m_total->setObjectName(QStringLiteral("countedTotal"));
    QFont bold = m_total->font();
    bold.setBold(true);
    m_total->setFont(bold);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Close shift"));
    buttons->button(QDialogButtonBox::Ok)->setDefault(true); // Enter in a count closes the shift
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(grid);
    layout->addWidget(m_total);
    layout->addWidget(buttons);
    if (!m_rows.empty()) {
        m_rows.front().second->setFocus(Qt::OtherFocusReason);
    }
    updateTotal();
}

std::map<std::int64_t, std::int64_t> BlindCountDialog::counts() const
{
    std::map<std::int64_t, std::int64_t> out;
    for (const auto& [d, pieces] : m_rows) {
        if (pieces->value() > 0) {
            out[d.minor] += pieces->value();
        }
    }
    return out;
}

std::int64_t BlindCountDialog::countedMinor() const
{
    std::int64_t total = 0;
    for (const auto& [minor, pieces] : counts()) {
        total += minor * pieces;
    }
    return total;
}

void BlindCountDialog::setCount(std::int64_t minor, bool coin, int pieces)
{
    for (auto& [d, box] : m_rows) {
        if (d.minor == minor && d.coin == coin) {
            box->setValue(pieces);
        }
    }
}

void BlindCountDialog::updateTotal()
{
    m_total->setText(tr("Counted: %1").arg(MoneyText::format(Money(countedMinor(), m_currency))));
}

} // namespace marquee
