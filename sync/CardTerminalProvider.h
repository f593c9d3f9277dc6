#pragma once
// A card paid on a stand-alone terminal that Marquee does not talk to: the staff member runs
// the card there and keys the approval code from the slip into the till. Marquee records the
// code as the payment's reference; voids and refunds must also be done on the terminal, and
// the answer says so in the message the cashier sees.

#include "PaymentProvider.h"

namespace marquee {

class CardTerminalProvider final : public PaymentProvider
{
public:
    PaymentMethod method() const override { return PaymentMethod::CardTerminal; }
    // Fails when the approval code is not 4 to 12 letters or digits.
    PaymentResult authorize(const AuthorizeRequest& request, const std::string& idempotencyKey) override;
    PaymentResult capture(const std::string& reference, const Money& amount,
                          const std::string& idempotencyKey) override;
    PaymentResult voidAuthorization(const std::string& reference, const Money& amount,
                                    const std::string& idempotencyKey) override;
    PaymentResult refund(const std::string& reference, const Money& amount, const std::string& idempotencyKey) override;
    PaymentResult status(const std::string& reference) override;

    static bool isApprovalCode(const std::string& code);
};

} // namespace marquee
