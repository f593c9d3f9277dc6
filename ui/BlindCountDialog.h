#pragma once
// Closing a shift: the cashier counts the drawer note by note and coin by coin without
// seeing what the till expects (a blind count), so the count is honest. Rows are the
// currency's notes and coins (INR: ₹2000 down to ₹10 notes, ₹20 down to ₹1 coins); Tab
// moves from row to row, digits type the number of pieces, Enter closes the shift.

#include "Money.h"

#include <QDialog>
#include <map>
#include <vector>

class QLabel;
class QSpinBox;

namespace marquee {

class BlindCountDialog : public QDialog
{
    Q_OBJECT
public:
    struct Denomination
    {
        std::int64_t minor = 0;
        bool coin = false;
    };
    static std::vector<Denomination> denominationsOf(Currency currency);

    explicit BlindCountDialog(Currency currency, QWidget* parent = nullptr);

    // Pieces per denomination in minor units (notes and coins of one value added together).
    std::map<std::int64_t, std::int64_t> counts() const;
    std::int64_t countedMinor() const;
    void setCount(std::int64_t minor, bool coin, int pieces);

private:
    void updateTotal();

    Currency m_currency;
    std::vector<std::pair<Denomination, QSpinBox*>> m_rows;
    QLabel* m_total = nullptr;
};

} // namespace marquee
