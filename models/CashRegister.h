#pragma once
// Shifts at a counter's cash drawer: open with a float, cash in and out with a reason,
// close with a blind count by denomination. Expected cash = float + cash taken - cash
// refunded + cash in - cash out; the variance (expected minus counted) is stored.
// Sales and refunds are stamped with the shift open on their counter when they happen.

#include "BusinessDay.h"
#include "LocalStore.h"

#include <map>
#include <optional>
#include <string>

namespace marquee {

struct Shift
{
    std::string id;
    std::string staffId;
    std::string device;
    std::string businessDate;
    bool open = true;
    Timestamp openedAt;
    std::int64_t floatMinor = 0;
    std::optional<Timestamp> closedAt;
    std::optional<std::int64_t> expectedMinor;
    std::optional<std::int64_t> countedMinor;
    std::int64_t varianceMinor() const { return expectedMinor.value_or(0) - countedMinor.value_or(0); }
};

struct ShiftCash
{
    std::int64_t floatMinor = 0;
    std::int64_t cashSalesMinor = 0;
    std::int64_t cashRefundsMinor = 0;
    std::int64_t cashInMinor = 0;
    std::int64_t cashOutMinor = 0;
    std::int64_t expectedMinor() const
    {
        return floatMinor + cashSalesMinor - cashRefundsMinor + cashInMinor - cashOutMinor;
    }
};

class CashRegister
{
public:
    explicit CashRegister(LocalStore& store)
        : m_store(store)
    {
    }

    Result<BusinessDayRule> businessDayRule();
    Result<Shift> openShift(const std::string& staffId, std::int64_t floatMinor);
    Result<std::optional<Shift>> currentShift();
    Result<Shift> shift(const std::string& shiftId);
    // Positive: cash put in the drawer; negative: taken out (to the safe, petty cash...).
    Result<void> moveCash(const std::string& shiftId, std::int64_t amountMinor, const std::string& reason,
                          const std::string& staffId);
    Result<ShiftCash> cashOf(const std::string& shiftId);
    // counts: denomination in minor units -> number of notes or coins.
    Result<Shift> closeShift(const std::string& shiftId, const std::map<std::int64_t, std::int64_t>& counts,
                             const std::string& staffId);

    // A void cancels a sale made in the shift still open on this counter, before its show
    // starts and before any of it was refunded: every seat goes back on sale and all the money
    // goes back to the methods it was paid with. It is stored as a refund whose reason starts
    // with kVoidReasonPrefix, so reports can tell voids from refunds.
    static constexpr std::string_view kVoidReasonPrefix = "void: ";
    // Ok when the booking can be voided now; otherwise Conflict saying why not.
    Result<void> checkVoidable(const std::string& bookingId);
    Result<Refund> voidSale(const std::string& bookingId, const std::string& reason, const std::string& staffId);

private:
    LocalStore& m_store;
};

} // namespace marquee
