#include "SupervisorOverride.h"

#include "OverrideDialog.h"
#include "StaffSession.h"

namespace marquee {

SupervisorOverride::SupervisorOverride(StaffSession& session, QObject* parent)
    : QObject(parent)
    , m_session(session)
{
}

std::optional<OverrideApproval> SupervisorOverride::approve(ProtectedAction action, const QString& what,
                                                            const std::string& entity, QWidget* parent,
                                                            std::optional<Money> listPrice)
{
    ++m_requests;
    m_lastError.clear();
    OverrideDialog dialog(m_session.roster(), action, what, listPrice, parent);
    if (m_next) {
        const Answer answer = std::move(*m_next);
        m_next.reset();
        if (answer.staffId.isEmpty()) {
            m_lastError = tr("Cancelled.");
            return std::nullopt;
        }
        dialog.fill(answer.staffId, answer.pin, answer.reason, answer.price);
        dialog.accept();
        if (dialog.result() != QDialog::Accepted) {
            m_lastError = dialog.message();
            return std::nullopt;
        }
    } else if (dialog.exec() != QDialog::Accepted) {
        m_lastError = dialog.message().isEmpty() ? tr("Cancelled.") : dialog.message();
        return std::nullopt;
    }
    OverrideApproval approval{*dialog.approver(), dialog.reason(), dialog.price()};
    auto recorded = m_session.roster().recordOverride(approval.approver, m_session.staffId(), action, entity,
                                                      approval.reason.toStdString());
    if (!recorded) {
        m_lastError = QString::fromStdString(recorded.error().message);
        return std::nullopt;
    }
    return approval;
}

} // namespace marquee
