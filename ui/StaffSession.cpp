#include "StaffSession.h"

#include <QApplication>
#include <QEvent>
#include <QSettings>
#include <QTimer>

namespace marquee {

StaffSession::StaffSession(LocalStore& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_roster(store)
{
    m_idle = new QTimer(this);
    m_idle->setSingleShot(true);
    connect(m_idle, &QTimer::timeout, this, &StaffSession::onIdle);
    const int minutes = QSettings().value(QStringLiteral("staff/idleMinutes"), kDefaultIdleMinutes).toInt();
    setIdleTimeout(minutes > 0 ? minutes * 60'000 : 0);
    qApp->installEventFilter(this);
}

StaffSession::~StaffSession()
{
    qApp->removeEventFilter(this);
}

QString StaffSession::staffName() const
{
    return m_member ? QString::fromStdString(m_member->name) : QString();
}

QString StaffSession::nameFor(LocalStore& store, const std::string& staffId)
{
    auto member = StaffRoster(store).find(staffId);
    return QString::fromStdString(member ? member->name : staffId);
}

Result<StaffMember> StaffSession::signIn(const std::string& staffId, const std::string& pin)
{
    auto member = m_roster.signIn(staffId, pin);
    if (member) {
        m_member = *member;
        if (m_idleMs > 0) {
            m_idle->start(m_idleMs);
        }
        emit signedIn(*m_member);
    }
    return member;
}

Result<StaffMember> StaffSession::signInByName(const QString& name)
{
    auto staff = m_roster.list();
    if (!staff) {
        return errorOf(staff);
    }
    for (const auto& member : *staff) {
        if (QString::fromStdString(member.name).compare(name, Qt::CaseInsensitive) == 0 ||
            QString::fromStdString(member.id) == name) {
            if (!member.active) {
                return fail(ErrorCode::Forbidden, "this account is disabled; ask a manager");
            }
            auto tx = Transaction::begin(m_store.database());
            if (!tx) {
                return errorOf(tx);
            }
            if (auto a = m_store.audit(member.id, "sign_in", member.id, R"({"via":"command line"})"); !a) {
                return errorOf(a);
            }
            if (auto c = tx->commit(); !c) {
                return errorOf(c);
            }
            m_member = member;
            if (m_idleMs > 0) {
                m_idle->start(m_idleMs);
            }
            emit signedIn(*m_member);
            return member;
        }
    }
    return fail(ErrorCode::NotFound, "no member of staff is called " + name.toStdString());
}

void StaffSession::signOut()
{
    endSession(false);
}

void StaffSession::endSession(bool idle)
{
    if (!m_member) {
        return;
    }
    m_idle->stop();
    if (auto tx = Transaction::begin(m_store.database())) {
        if (m_store.audit(m_member->id, idle ? "sign_out_idle" : "sign_out", m_member->id, "{}")) {
            (void)tx->commit();
        }
    }
    m_member.reset();
    emit signedOut(idle);
}

void StaffSession::setIdleTimeout(int milliseconds)
{
    m_idleMs = std::max(0, milliseconds);
    if (m_idleMs == 0) {
        m_idle->stop();
    } else if (m_member) {
        m_idle->start(m_idleMs);
    }
}

bool StaffSession::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        if (m_member && m_idleMs > 0) {
            m_idle->start(m_idleMs);
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void StaffSession::onIdle()
{
    if (!m_member) {
        return;
    }
    // A payment or count in progress is never cut off: look again once it has closed.
    if (QApplication::activeModalWidget()) {
        m_idle->start(std::min(m_idleMs, 10'000));
        return;
    }
    endSession(true);
}

} // namespace marquee
