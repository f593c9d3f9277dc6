#pragma once
// A supervisor's or manager's approval for one protected action (refund, void, price
// change, late reprint, Z-report), given at the cashier's counter without signing the
// cashier out: the approver picks their name, enters their PIN and a reason. For a price
// change it also asks the new price. Keyboard: Tab moves, Enter approves, Esc cancels.

#include "Money.h"
#include "StaffRoster.h"

#include <QDialog>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace marquee {

class PinPad;

class OverrideDialog : public QDialog
{
    Q_OBJECT
public:
    OverrideDialog(StaffRoster& roster, ProtectedAction action, const QString& what,
                   std::optional<Money> price = std::nullopt, QWidget* parent = nullptr);

    // Set once accepted.
    const std::optional<StaffMember>& approver() const { return m_approver; }
    QString reason() const;
    std::optional<Money> price() const { return m_newPrice; }
    QString message() const;

    // Fills the form (tests, and the scripted answers of SupervisorOverride).
    void fill(const QString& staffId, const QString& pin, const QString& reason, const QString& price = {});

public slots:
    void accept() override;

private:
    StaffRoster& m_roster;
    ProtectedAction m_action;
    std::optional<Money> m_price;
    QComboBox* m_approverBox = nullptr;
    PinPad* m_pin = nullptr;
    QLineEdit* m_reason = nullptr;
    QLineEdit* m_priceField = nullptr;
    QLabel* m_message = nullptr;
    std::optional<StaffMember> m_approver;
    std::optional<Money> m_newPrice;
};

} // namespace marquee
