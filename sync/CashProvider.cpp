#include "CashProvider.h"

namespace marquee {

namespace {
PaymentResult cashResult(PaymentOutcome outcome, PaymentStage stage, const Money& amount, std::string message)
{
    PaymentResult result;
    result.outcome = outcome;
    result.method = PaymentMethod::Cash;
    result.stage = stage;
    result.amount = amount;
    result.message = std::move(message);
    return result;
}

std::optional<PaymentResult> invalidAmount(const Money& amount)
{
    if (amount.minor() > 0 && amount.currency().isValid())
        return std::nullopt;
    return cashResult(PaymentOutcome::Failed, PaymentStage::Created, amount,
                      "A cash amount must be above zero in a known currency.");
}
} // namespace

PaymentResult CashProvider::authorize(const AuthorizeRequest& request, const std::string&)
{
    if (auto invalid = invalidAmount(request.amount))
        return *invalid;
    if (request.tendered) {
        if (!(request.tendered->currency() == request.amount.currency())) {
            return cashResult(PaymentOutcome::Failed, PaymentStage::Created, request.amount,
                              "The cash handed over is in another currency than the sale.");
        }
        if (request.tendered->minor() < request.amount.minor()) {
            PaymentResult short_ = cashResult(PaymentOutcome::Declined, PaymentStage::Failed, request.amount,
                                              "Only " + request.tendered->toString() + " was handed over for " +
                                                  request.amount.toString() + ".");
            short_.declineCode = "insufficient_cash";
            return short_;
        }
    }
    return cashResult(PaymentOutcome::Approved, PaymentStage::Authorized, request.amount,
                      "Cash taken: " + request.amount.toString() + ".");
}

PaymentResult CashProvider::capture(const std::string&, const Money& amount, const std::string&)
{
    if (auto invalid = invalidAmount(amount))
        return *invalid;
    return cashResult(PaymentOutcome::Approved, PaymentStage::Captured, amount, "Cash kept in the drawer.");
}

PaymentResult CashProvider::voidAuthorization(const std::string&, const Money& amount, const std::string&)
{
    if (auto invalid = invalidAmount(amount))
        return *invalid;
    return cashResult(PaymentOutcome::Approved, PaymentStage::Voided, amount,
                      "Hand " + amount.toString() + " back to the customer.");
}

PaymentResult CashProvider::refund(const std::string&, const Money& amount, const std::string&)
{
    if (auto invalid = invalidAmount(amount))
        return *invalid;
    return cashResult(PaymentOutcome::Approved, PaymentStage::Refunded, amount,
                      "Pay " + amount.toString() + " out of the drawer to the customer.");
}

PaymentResult CashProvider::status(const std::string&)
{
    return cashResult(PaymentOutcome::Failed, PaymentStage::Created, Money(),
                      "A cash payment has no status anywhere but at this counter.");
}

} // namespace marquee
