#include "OverrideDialog.h"

#include "MoneyText.h"
#include "PinPad.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace marquee {

namespace {

QString roleName(StaffRole role)
{
    switch (role) {
    case StaffRole::Cashier:
        return OverrideDialog::tr("cashier");
    case StaffRole::Supervisor:
        return OverrideDialog::tr("supervisor");
    case StaffRole::Manager:
        return OverrideDialog::tr("manager");
    }
    return {};
}

} // namespace

OverrideDialog::OverrideDialog(StaffRoster& roster, ProtectedAction action, const QString& what,
                               std::optional<Money> price, QWidget* parent)
    : QDialog(parent)
    , m_roster(roster)
    , m_action(action)
    , m_price(price)
{
    setObjectName(QStringLiteral("overrideDialog"));
    const StaffRole needed = requiredRole(action);
    setWindowTitle(tr("Approval by a %1").arg(roleName(needed)));
    auto* heading = new QLabel(tr("<b>%1</b><br>needs a %2 or above. The cashier stays signed in.")
                                   .arg(what.toHtmlEscaped(), roleName(needed)),
                               this);
    heading->setWordWrap(true);

    m_approverBox = new QComboBox(this);
    m_approverBox->setObjectName(QStringLiteral("approverBox"));
    if (auto staff = roster.list()) {
        for (const auto& member : *staff) {
            if (member.active && member.role >= needed) {
                m_approverBox->addItem(tr("%1 (%2)").arg(QString::fromStdString(member.name), roleName(member.role)),
                                       QString::fromStdString(member.id));
            }
        }
    }
    m_pin = new PinPad(this);
    m_pin->setObjectName(QStringLiteral("overridePinPad"));
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("overrideReason"));
    m_reason->setMaxLength(200);
    m_reason->setPlaceholderText(tr("Why (goes into the audit log)"));
    auto* form = new QFormLayout;
    form->addRow(tr("&Approved by"), m_approverBox);
    if (price) {
        m_priceField = new QLineEdit(this);
        m_priceField->setObjectName(QStringLiteral("overridePrice"));
        m_priceField->setPlaceholderText(tr("List price %1").arg(MoneyText::format(*price)));
        form->addRow(tr("New &price"), m_priceField);
    }
    form->addRow(tr("&Reason"), m_reason);
    form->addRow(tr("P&IN"), m_pin);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("overrideMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("QLabel { color: #b71c1c; font-weight: bold; }"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Approve"));
    buttons->button(QDialogButtonBox::Ok)->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &OverrideDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_pin, &PinPad::submitted, this, &OverrideDialog::accept);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    // Tab goes down the form: approver, new price, reason, PIN.
    QWidget* previous = m_approverBox;
    for (QWidget* next : {static_cast<QWidget*>(m_priceField), static_cast<QWidget*>(m_reason),
                          static_cast<QWidget*>(m_pin->field())}) {
        if (next) {
            setTabOrder(previous, next);
            previous = next;
        }
    }
    setTabOrder(previous, buttons->button(QDialogButtonBox::Ok));
    (m_priceField ? static_cast<QWidget*>(m_priceField) : m_reason)->setFocus(Qt::OtherFocusReason);
    if (m_approverBox->count() == 0) {
        m_message->setText(tr("No member of staff may approve this."));
    }
}

QString OverrideDialog::reason() const
{
    return m_reason->text().trimmed();
}

QString OverrideDialog::message() const
{
    return m_message->text();
}

void OverrideDialog::fill(const QString& staffId, const QString& pin, const QString& reason, const QString& price)
{
    const int index = m_approverBox->findData(staffId);
    if (index >= 0) {
        m_approverBox->setCurrentIndex(index);
    } else {
        // Someone who may not approve: still checked by the roster, so the refusal is real.
        m_approverBox->addItem(staffId, staffId);
        m_approverBox->setCurrentIndex(m_approverBox->count() - 1);
    }
    m_pin->field()->setText(pin);
    m_reason->setText(reason);
    if (m_priceField) {
        m_priceField->setText(price);
    }
}

void OverrideDialog::accept()
{
    if (m_priceField) {
        auto parsed = MoneyText::parse(m_priceField->text(), m_price->currency());
        if (!parsed || parsed->isNegative()) {
            m_message->setText(tr("Type the new price, for example 150 or 150.50."));
            m_priceField->setFocus(Qt::OtherFocusReason);
            return;
        }
        m_newPrice = *parsed;
    }
    if (reason().isEmpty()) {
        m_message->setText(tr("Say why: the reason goes into the audit log."));
        m_reason->setFocus(Qt::OtherFocusReason);
        return;
    }
    if (m_pin->pin().isEmpty()) {
        m_message->setText(tr("The approver enters their PIN."));
        m_pin->field()->setFocus(Qt::OtherFocusReason);
        return;
    }
    const std::string id = m_approverBox->currentData().toString().toStdString();
    auto member = m_roster.authorize(id, m_pin->pin().toStdString(), m_action);
    m_pin->clear();
    if (!member) {
        m_message->setText(member.error().code == ErrorCode::Unauthorized
                               ? tr("Wrong PIN.")
                               : QString::fromStdString(member.error().message));
        m_pin->field()->setFocus(Qt::OtherFocusReason);
        return;
    }
    m_approver = *member;
    QDialog::accept();
}

} // namespace marquee
