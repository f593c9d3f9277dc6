#include "CashMovementDialog.h"

#include "MoneyText.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace marquee {

CashMovementDialog::CashMovementDialog(Currency currency, QWidget* parent)
    : QDialog(parent)
    , m_currency(currency)
{
    setObjectName(QStringLiteral("cashMovementDialog"));
    setWindowTitle(tr("Cash in or out"));
    m_direction = new QComboBox(this);
    m_direction->setObjectName(QStringLiteral("cashDirection"));
    m_direction->addItem(tr("Into the drawer"), 1);
    m_direction->addItem(tr("Out of the drawer"), -1);
    m_amount = new QLineEdit(this);
    m_amount->setObjectName(QStringLiteral("cashAmount"));
    m_amount->setPlaceholderText(MoneyText::currencySymbol(currency));
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("cashReason"));
    m_reason->setMaxLength(200);
    m_reason->setPlaceholderText(tr("Change from the safe, safe drop, petty cash…"));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("&Direction"), m_direction);
    form->addRow(tr("&Amount"), m_amount);
    form->addRow(tr("&Reason"), m_reason);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &CashMovementDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    m_direction->setFocus(Qt::OtherFocusReason);
}

QString CashMovementDialog::reason() const
{
    return m_reason->text().trimmed();
}

void CashMovementDialog::fill(bool in, const QString& amount, const QString& reason)
{
    m_direction->setCurrentIndex(in ? 0 : 1);
    m_amount->setText(amount);
    m_reason->setText(reason);
}

void CashMovementDialog::accept()
{
    auto amount = MoneyText::parse(m_amount->text(), m_currency);
    if (!amount || amount->minor() <= 0) {
        m_message->setText(tr("Type the amount, for example 500."));
        m_amount->setFocus(Qt::OtherFocusReason);
        return;
    }
    if (reason().isEmpty()) {
        m_message->setText(tr("Say why the cash moves."));
        m_reason->setFocus(Qt::OtherFocusReason);
        return;
    }
    m_amountMinor = amount->minor() * m_direction->currentData().toInt();
    QDialog::accept();
}

} // namespace marquee
