#pragma once
// A card through the gateway (GatewayClient): authorize creates a payment intent with manual
// capture and confirms it with the card; capture, void (cancel) and refund act on that
// intent, whose id is the payment's reference and the gateway's transaction id.
//
// authorize() is two gateway calls under one caller key: the intent is created under
// "<key>:create" and confirmed under "<key>:confirm", so repeating authorize() with the same
// key after any failure between or during them replays both and ends at the same intent,
// with one authorization. The intent carries the payment id (and the caller's metadata) so
// the gateway's records can be matched to the sale.
//
// A replayed answer (`replayed`) is the answer the first call got, not the state now (an
// authorization replayed after a void still says Authorized): status() reads the state now.

#include "GatewayClient.h"
#include "PaymentProvider.h"

namespace marquee {

class GatewayCardProvider final : public PaymentProvider
{
public:
    explicit GatewayCardProvider(GatewayClient& client);

    PaymentMethod method() const override { return PaymentMethod::CardGateway; }
    PaymentResult authorize(const AuthorizeRequest& request, const std::string& idempotencyKey) override;
    PaymentResult capture(const std::string& reference, const Money& amount,
                          const std::string& idempotencyKey) override;
    PaymentResult voidAuthorization(const std::string& reference, const Money& amount,
                                    const std::string& idempotencyKey) override;
    PaymentResult refund(const std::string& reference, const Money& amount, const std::string& idempotencyKey) override;
    PaymentResult status(const std::string& reference) override;

    // The stage a gateway intent stands at (requires_capture: Authorized, succeeded:
    // Captured, canceled: Voided, declined and waiting for another card: Failed).
    static PaymentStage stageOf(const GatewayIntent& intent);

private:
    PaymentResult fromGateway(const GatewayResult& result, const std::string& reference, const Money& requested) const;

    GatewayClient& m_client;
};

} // namespace marquee
