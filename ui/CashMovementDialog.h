#pragma once
// Cash put into or taken out of the drawer during a shift (change from the safe, a safe
// drop, petty cash), with the amount and a reason; both go into the shift and the audit log.

#include "Money.h"

#include <QDialog>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

namespace marquee {

class CashMovementDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CashMovementDialog(Currency currency, QWidget* parent = nullptr);

    // Positive: into the drawer; negative: out of it. Set once accepted.
    std::int64_t amountMinor() const { return m_amountMinor; }
    QString reason() const;
    void fill(bool in, const QString& amount, const QString& reason);

public slots:
    void accept() override;

private:
    Currency m_currency;
    QComboBox* m_direction = nullptr;
    QLineEdit* m_amount = nullptr;
    QLineEdit* m_reason = nullptr;
    QLabel* m_message = nullptr;
    std::int64_t m_amountMinor = 0;
};

} // namespace marquee
