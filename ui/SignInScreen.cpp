#include "SignInScreen.h"

#include "PinPad.h"
#include "StaffSession.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace marquee {

namespace {

QString roleText(StaffRole role)
{
    switch (role) {
    case StaffRole::Cashier:
        return SignInScreen::tr("cashier");
    case StaffRole::Supervisor:
        return SignInScreen::tr("supervisor");
    case StaffRole::Manager:
        return SignInScreen::tr("manager");
    }
    return {};
}

} // namespace

SignInScreen::SignInScreen(StaffSession& session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("signInScreen"));
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignCenter);

    m_staffLabel = new QLabel(this);
    m_staffField = new QLineEdit(this);
    m_staffField->setObjectName(QStringLiteral("staffField"));
    m_staffField->setClearButtonEnabled(true);
    m_staffLabel->setBuddy(m_staffField);
    m_staff = new QListWidget(this);
    m_staff->setObjectName(QStringLiteral("staffList"));
    m_staff->setMinimumWidth(320);
    QFont listFont = m_staff->font();
    listFont.setPointSizeF(listFont.pointSizeF() * 1.3);
    m_staff->setFont(listFont);

    m_pinLabel = new QLabel(this);
    m_pin = new PinPad(this);
    m_pin->setObjectName(QStringLiteral("signInPinPad"));
    m_pinLabel->setBuddy(m_pin->field());
    m_signIn = new QPushButton(this);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("signInMessage"));
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);

    auto* left = new QVBoxLayout;
    left->addWidget(m_staffLabel);
    left->addWidget(m_staffField);
    left->addWidget(m_staff, 1);
    auto* right = new QVBoxLayout;
    right->addWidget(m_pinLabel);
    right->addWidget(m_pin);
    right->addWidget(m_signIn);
    right->addStretch(1);
    auto* columns = new QHBoxLayout;
    columns->addStretch(1);
    columns->addLayout(left, 2);
    columns->addSpacing(24);
    columns->addLayout(right, 1);
    columns->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(m_title);
    layout->addSpacing(16);
    layout->addLayout(columns, 4);
    layout->addWidget(m_message);
    layout->addStretch(1);
    setTabOrder(m_staffField, m_staff);
    setTabOrder(m_staff, m_pin->field());
    setTabOrder(m_pin->field(), m_signIn);

    connect(m_staffField, &QLineEdit::textEdited, this, [this](const QString& text) { chooseStaff(text); });
    connect(m_staffField, &QLineEdit::returnPressed, this, [this] {
        if (chooseStaff(m_staffField->text()) || m_staff->currentItem()) {
            m_pin->field()->setFocus(Qt::TabFocusReason);
        }
    });
    connect(m_staff, &QListWidget::itemActivated, this, [this] { m_pin->field()->setFocus(Qt::TabFocusReason); });
    connect(m_pin, &PinPad::submitted, this, &SignInScreen::submit);
    connect(m_signIn, &QPushButton::clicked, this, &SignInScreen::submit);
    retranslate();
}

void SignInScreen::retranslate()
{
    m_title->setText(tr("Sign in"));
    m_staffLabel->setText(tr("&Name or staff number"));
    m_staffField->setPlaceholderText(tr("Type to find your name"));
    m_staff->setToolTip(tr("Arrows choose, Enter goes on to the PIN"));
    m_pinLabel->setText(tr("&PIN"));
    m_pin->field()->setToolTip(tr("Your 4 to 8 digit PIN; Enter signs in"));
    m_signIn->setText(tr("Sign in"));
}

void SignInScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void SignInScreen::reset(const QString& note)
{
    const QString previous = chosenStaffId();
    m_staff->clear();
    m_pin->clear();
    m_staffField->clear();
    m_message->setText(note);
    auto staff = m_session.roster().list();
    if (!staff) {
        m_message->setText(tr("The staff list cannot be read: %1").arg(QString::fromStdString(staff.error().message)));
        return;
    }
    for (const auto& member : *staff) {
        if (!member.active) {
            continue;
        }
        const QString id = QString::fromStdString(member.id);
        auto* item = new QListWidgetItem(
            tr("%1 — %2 (%3)").arg(QString::fromStdString(member.name), roleText(member.role), id.left(8)), m_staff);
        item->setData(Qt::UserRole, id);
        item->setData(Qt::UserRole + 1, QString::fromStdString(member.name));
        if (id == previous) {
            m_staff->setCurrentItem(item);
        }
    }
    if (m_staff->count() == 0) {
        m_message->setText(tr("There is no member of staff yet. Add one with: marquee staff add NAME ROLE"));
    } else if (!m_staff->currentItem()) {
        m_staff->setCurrentRow(0);
    }
}

bool SignInScreen::chooseStaff(const QString& nameOrId)
{
    const QString wanted = nameOrId.trimmed();
    if (wanted.isEmpty()) {
        return false;
    }
    QListWidgetItem* prefixMatch = nullptr;
    int prefixMatches = 0;
    for (int i = 0; i < m_staff->count(); ++i) {
        auto* item = m_staff->item(i);
        const QString id = item->data(Qt::UserRole).toString();
        const QString name = item->data(Qt::UserRole + 1).toString();
        if (id.compare(wanted, Qt::CaseInsensitive) == 0 || name.compare(wanted, Qt::CaseInsensitive) == 0 ||
            (wanted.size() >= 8 && id.startsWith(wanted, Qt::CaseInsensitive))) {
            m_staff->setCurrentItem(item);
            return true;
        }
        if (name.startsWith(wanted, Qt::CaseInsensitive)) {
            prefixMatch = prefixMatch ? prefixMatch : item;
            ++prefixMatches;
        }
    }
    if (prefixMatch) {
        m_staff->setCurrentItem(prefixMatch);
    }
    return prefixMatches == 1;
}

QString SignInScreen::chosenStaffId() const
{
    auto* item = m_staff->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

bool SignInScreen::submit()
{
    const QString id = chosenStaffId();
    if (id.isEmpty()) {
        m_message->setText(tr("Choose your name first."));
        m_staffField->setFocus(Qt::OtherFocusReason);
        return false;
    }
    if (m_pin->pin().isEmpty()) {
        m_message->setText(tr("Enter your PIN."));
        m_pin->field()->setFocus(Qt::OtherFocusReason);
        return false;
    }
    auto member = m_session.signIn(id.toStdString(), m_pin->pin().toStdString());
    m_pin->clear();
    if (!member) {
        switch (member.error().code) {
        case ErrorCode::Locked:
            m_message->setText(
                tr("Locked: %1. A manager can reset the PIN.").arg(QString::fromStdString(member.error().message)));
            break;
        case ErrorCode::Unauthorized:
            m_message->setText(tr("Wrong PIN. After five wrong PINs in a row the account is locked for a while."));
            break;
        default:
            m_message->setText(QString::fromStdString(member.error().message));
            break;
        }
        m_pin->field()->setFocus(Qt::OtherFocusReason);
        return false;
    }
    m_message->clear();
    return true;
}

QString SignInScreen::message() const
{
    return m_message->text();
}

void SignInScreen::focusStart()
{
    if (m_staff->currentItem()) {
        m_staff->setFocus(Qt::OtherFocusReason);
    } else {
        m_staffField->setFocus(Qt::OtherFocusReason);
    }
}

} // namespace marquee
