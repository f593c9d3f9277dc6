#pragma once
// Cash at the counter. Authorizing is taking the notes (refused when fewer were handed over
// than the amount), capturing is keeping them once the booking is confirmed, voiding is
// handing them back when it is not, a refund is paying out of the drawer. Nothing leaves the
// counter, so every answer is immediate and a repeated call simply answers again.

#include "PaymentProvider.h"

namespace marquee {

class CashProvider final : public PaymentProvider
{
public:
    PaymentMethod method() const override { return PaymentMethod::Cash; }
    PaymentResult authorize(const AuthorizeRequest& request, const std::string& idempotencyKey) override;
    PaymentResult capture(const std::string& reference, const Money& amount,
                          const std::string& idempotencyKey) override;
    PaymentResult voidAuthorization(const std::string& reference, const Money& amount,
                                    const std::string& idempotencyKey) override;
    PaymentResult refund(const std::string& reference, const Money& amount, const std::string& idempotencyKey) override;
    PaymentResult status(const std::string& reference) override;
};

} // namespace marquee
