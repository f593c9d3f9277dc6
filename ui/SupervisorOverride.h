#pragma once
// The gate in front of every protected action on the counter. approve() shows the
// OverrideDialog (a supervisor's or manager's PIN and a reason, the cashier stays signed
// in) and, once approved, writes the override to the audit log before the caller acts.
// Tests script the answer with setNextAnswer(): the PIN is still checked by the roster and
// the audit row still written; only the dialog is not shown.

#include "Money.h"
#include "StaffRoster.h"

#include <QObject>
#include <QString>
#include <optional>

class QWidget;

namespace marquee {

class StaffSession;

struct OverrideApproval
{
    StaffMember approver;
    QString reason;
    std::optional<Money> price; // for a price change
};

class SupervisorOverride : public QObject
{
    Q_OBJECT
public:
    SupervisorOverride(StaffSession& session, QObject* parent = nullptr);

    // nullopt when cancelled or refused (lastError() says why). `entity` names what is
    // approved in the audit log (a booking id, a business date).
    std::optional<OverrideApproval> approve(ProtectedAction action, const QString& what, const std::string& entity,
                                            QWidget* parent, std::optional<Money> listPrice = std::nullopt);

    struct Answer
    {
        QString staffId; // empty: cancel
        QString pin;
        QString reason;
        QString price;
    };
    void setNextAnswer(Answer answer) { m_next = std::move(answer); }
    int requests() const { return m_requests; }
    QString lastError() const { return m_lastError; }

private:
    StaffSession& m_session;
    std::optional<Answer> m_next;
    int m_requests = 0;
    QString m_lastError;
};

} // namespace marquee
