#pragma once
// Taking the money for a sale: cash (amount tendered, quick-cash buttons, change due), card
// on an external terminal (amount and approval code), or a split between them. The payment
// ids are made when the dialog opens, i.e. when payment starts, so confirming the same sale
// again after an error replays it instead of charging twice.

#include "Sale.h"

#include <QDialog>
#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;

namespace marquee {

class PaymentDialog : public QDialog
{
    Q_OBJECT
public:
    // `due` is what the customer pays now (after any exchange credit).
    PaymentDialog(Money due, QWidget* parent = nullptr);

    Money due() const { return m_due; }
    // Valid after accept(): the cash and/or card parts, each with its own id.
    std::vector<Payment> payments() const;
    Money changeDue() const;
    // Fills the amount tendered with a quick-cash value (exact, or a round note amount).
    void quickCash(int which);
    std::vector<Money> quickCashAmounts() const;

private:
    void updateState();
    std::optional<Money> cardAmount() const;
    std::optional<Money> tendered() const;
    Money cashPart() const;

    Money m_due;
    std::string m_cashPaymentId;
    std::string m_cardPaymentId;
    QLabel* m_dueLabel = nullptr;
    QLineEdit* m_card = nullptr;
    QLineEdit* m_approval = nullptr;
    QLabel* m_cashPart = nullptr;
    QLineEdit* m_tendered = nullptr;
    QLabel* m_change = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_confirm = nullptr;
    std::vector<QPushButton*> m_quick;
};

} // namespace marquee
