#include "PaymentDialog.h"

#include "KeyShortcut.h"
#include "MoneyText.h"
#include "Uuid.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace marquee {

PaymentDialog::PaymentDialog(Money due, QWidget* parent)
    : QDialog(parent)
    , m_due(due)
    , m_cashPaymentId(newUuid())
    , m_cardPaymentId(newUuid())
{
    setObjectName(QStringLiteral("paymentDialog"));
    setWindowTitle(tr("Payment"));
    setModal(true);

    m_dueLabel = new QLabel(this);
    m_dueLabel->setObjectName(QStringLiteral("paymentDue"));
    QFont big = m_dueLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_dueLabel->setFont(big);
    m_dueLabel->setText(tr("To pay: %1").arg(MoneyText::format(m_due)));

    auto* amountValidator = new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9.,\\s]*")), this);

    auto* cardBox = new QGroupBox(tr("Card on the terminal"), this);
    m_card = new QLineEdit(cardBox);
    m_card->setObjectName(QStringLiteral("cardAmount"));
    m_card->setValidator(amountValidator);
    m_card->setPlaceholderText(MoneyText::format(Money::zero(m_due.currency())));
    m_card->setToolTip(tr("Part paid by card; leave empty for cash only"));
    m_approval = new QLineEdit(cardBox);
    m_approval->setObjectName(QStringLiteral("cardApproval"));
    m_approval->setToolTip(tr("Approval code printed by the card terminal"));
    auto* cardAll = new QPushButton(tr("Card pays &all"), cardBox);
    cardAll->setObjectName(QStringLiteral("cardAllButton"));
    cardAll->setToolTip(tr("The whole amount by card (Alt+A)"));
    cardAll->setAutoDefault(false);
    auto* cardForm = new QFormLayout(cardBox);
    cardForm->addRow(tr("Card a&mount:"), m_card);
    cardForm->addRow(tr("A&pproval code:"), m_approval);
    cardForm->addRow(QString(), cardAll);

    auto* cashBox = new QGroupBox(tr("Cash"), this);
    m_cashPart = new QLabel(cashBox);
    m_cashPart->setObjectName(QStringLiteral("cashPart"));
    m_tendered = new QLineEdit(cashBox);
    m_tendered->setObjectName(QStringLiteral("cashTendered"));
    m_tendered->setValidator(amountValidator);
    m_tendered->setToolTip(tr("Cash handed over by the customer"));
    m_change = new QLabel(cashBox);
    m_change->setObjectName(QStringLiteral("changeDue"));
    m_change->setFont(big);
    auto* quickRow = new QHBoxLayout;
    const auto amounts = quickCashAmounts();
    for (std::size_t i = 0; i < amounts.size(); ++i) {
        auto* button = new QPushButton(cashBox);
        button->setObjectName(QStringLiteral("quickCash%1").arg(i));
        button->setText(i == 0 ? tr("E&xact") : MoneyText::format(amounts[i]));
        const QString key = QStringLiteral("F%1").arg(5 + int(i));
        KeyShortcut::bind(QKeySequence(key), button);
        button->setToolTip(tr("Tendered: %1 (%2)").arg(MoneyText::format(amounts[i]), key));
        button->setAutoDefault(false);
        connect(button, &QPushButton::clicked, this, [this, i] { quickCash(int(i)); });
        quickRow->addWidget(button);
        m_quick.push_back(button);
    }
    auto* cashForm = new QFormLayout(cashBox);
    cashForm->addRow(tr("Cash part:"), m_cashPart);
    cashForm->addRow(tr("&Tendered:"), m_tendered);
    cashForm->addRow(QString(), quickRow);
    cashForm->addRow(tr("Change:"), m_change);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("paymentProblem"));
    m_problem->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(tr("&Confirm sale"), QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(QStringLiteral("confirmPaymentButton"));
    m_confirm->setToolTip(tr("Commit the booking and print tickets (Enter)"));
    m_confirm->setDefault(true);
    auto* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelPaymentButton"));
    cancel->setText(tr("Cancel"));
    cancel->setToolTip(tr("Back to the seats; nothing is charged (Esc)"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_confirm->isEnabled()) {
            accept();
        }
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(cardAll, &QPushButton::clicked, this, [this] {
        m_card->setText(MoneyText::format(m_due).remove(MoneyText::currencySymbol(m_due.currency())));
        m_tendered->clear();
        m_approval->setFocus();
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_dueLabel);
    layout->addWidget(cashBox);
    layout->addWidget(cardBox);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    for (QLineEdit* edit : {m_card, m_approval, m_tendered}) {
        connect(edit, &QLineEdit::textChanged, this, &PaymentDialog::updateState);
    }
    setTabOrder(m_tendered, m_quick.front());
    m_tendered->setFocus();
    updateState();
}

std::vector<Money> PaymentDialog::quickCashAmounts() const
{
    const Currency c = m_due.currency();
    std::int64_t unit = 1;
    for (int i = 0; i < c.minorDigits(); ++i) {
        unit *= 10;
    }
    const std::int64_t cash = cashPart().minor();
    auto roundUp = [cash](std::int64_t step) { return ((cash + step - 1) / step) * step; };
    std::vector<Money> out{Money(cash, c)};
    for (std::int64_t note : {100, 500, 2000}) {
        const std::int64_t v = roundUp(note * unit);
        if (v > out.back().minor()) {
            out.push_back(Money(v, c));
        }
    }
    while (out.size() < 4) {
        out.push_back(Money(out.back().minor() + 500 * unit, c));
    }
    return out;
}

void PaymentDialog::quickCash(int which)
{
    const auto amounts = quickCashAmounts();
    if (which >= 0 && std::size_t(which) < amounts.size()) {
        m_tendered->setText(
            MoneyText::format(amounts[std::size_t(which)]).remove(MoneyText::currencySymbol(m_due.currency())));
    }
}

std::optional<Money> PaymentDialog::cardAmount() const
{
    if (m_card->text().trimmed().isEmpty()) {
        return Money::zero(m_due.currency());
    }
    return MoneyText::parse(m_card->text(), m_due.currency());
}

std::optional<Money> PaymentDialog::tendered() const
{
    if (m_tendered->text().trimmed().isEmpty()) {
        return std::nullopt;
    }
    return MoneyText::parse(m_tendered->text(), m_due.currency());
}

Money PaymentDialog::cashPart() const
{
    const auto card = cardAmount();
    const std::int64_t cardMinor = card ? std::clamp<std::int64_t>(card->minor(), 0, m_due.minor()) : 0;
    return Money(m_due.minor() - cardMinor, m_due.currency());
}

Money PaymentDialog::changeDue() const
{
    const auto t = tendered();
    const Money cash = cashPart();
    if (!t || t->minor() < cash.minor()) {
        return Money::zero(m_due.currency());
    }
    return Money(t->minor() - cash.minor(), m_due.currency());
}

void PaymentDialog::updateState()
{
    const auto card = cardAmount();
    const Money cash = cashPart();
    const auto t = tendered();
    QString problem;
    if (!card || card->minor() > m_due.minor()) {
        problem = tr("The card amount must be between zero and %1.").arg(MoneyText::format(m_due));
    } else if (card->minor() > 0 && m_approval->text().trimmed().isEmpty()) {
        problem = tr("Enter the approval code from the card terminal.");
    } else if (cash.minor() > 0 && (!t || t->minor() < cash.minor())) {
        problem = tr("Cash tendered must cover %1.").arg(MoneyText::format(cash));
    }
    m_cashPart->setText(MoneyText::format(cash));
    m_change->setText(MoneyText::format(changeDue()));
    m_problem->setText(problem);
    m_confirm->setEnabled(problem.isEmpty());
    const auto amounts = quickCashAmounts();
    for (std::size_t i = 1; i < m_quick.size() && i < amounts.size(); ++i) {
        m_quick[i]->setText(MoneyText::format(amounts[i]));
        m_quick[i]->setToolTip(tr("Tendered: %1 (F%2)").arg(MoneyText::format(amounts[i])).arg(5 + int(i)));
    }
}

std::vector<Payment> PaymentDialog::payments() const
{
    std::vector<Payment> out;
    const auto card = cardAmount();
    if (card && card->minor() > 0) {
        Payment p;
        p.id = m_cardPaymentId;
        p.method = PaymentMethod::CardTerminal;
        p.amount = *card;
        p.reference = m_approval->text().trimmed().toStdString();
        out.push_back(p);
    }
    const Money cash = cashPart();
    if (cash.minor() > 0) {
        Payment p;
        p.id = m_cashPaymentId;
        p.method = PaymentMethod::Cash;
        p.amount = cash;
        p.tendered = tendered();
        out.push_back(p);
    }
    return out;
}

} // namespace marquee
