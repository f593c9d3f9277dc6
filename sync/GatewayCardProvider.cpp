#include "GatewayCardProvider.h"

namespace marquee {

namespace {
std::string cashierMessage(const GatewayResult& result)
{
    switch (result.outcome) {
    case GatewayOutcome::Approved:
        return {};
    case GatewayOutcome::Declined:
        if (result.declineCode == "insufficient_funds")
            return "The card was declined: insufficient funds. Ask for another card or cash.";
        if (result.declineCode == "authentication_required")
            return "The card needs extra authentication, which this counter cannot do. Ask for another card.";
        return "The card was declined (" + result.declineCode + "). Ask for another card or cash.";
    case GatewayOutcome::Unknown:
        return "The card gateway did not answer (" + result.message +
               ") It is not known whether the card was charged; the payment will be checked again.";
    case GatewayOutcome::Retryable:
        return "The card gateway is busy (" + result.message + "). Trying again.";
    case GatewayOutcome::Failed:
        return "The card gateway refused the request: " + result.message;
    }
    return result.message;
}
} // namespace

GatewayCardProvider::GatewayCardProvider(GatewayClient& client)
    : m_client(client)
{
}

PaymentStage GatewayCardProvider::stageOf(const GatewayIntent& intent)
{
    switch (intent.status) {
    case GatewayIntentStatus::RequiresCapture:
        return PaymentStage::Authorized;
    case GatewayIntentStatus::Succeeded:
        return PaymentStage::Captured;
    case GatewayIntentStatus::Canceled:
        return PaymentStage::Voided;
    case GatewayIntentStatus::RequiresPaymentMethod:
        return intent.lastErrorCode.empty() ? PaymentStage::Created : PaymentStage::Failed;
    case GatewayIntentStatus::RequiresConfirmation:
    case GatewayIntentStatus::RequiresAction:
    case GatewayIntentStatus::Processing:
    case GatewayIntentStatus::Unrecognised:
        return PaymentStage::Created;
    }
    return PaymentStage::Created;
}

PaymentResult GatewayCardProvider::fromGateway(const GatewayResult& result, const std::string& reference,
                                               const Money& requested) const
{
    PaymentResult out;
    out.outcome = result.outcome;
    out.method = PaymentMethod::CardGateway;
    out.reference = result.intent ? result.intent->id : reference;
    out.amount = requested;
    out.declineCode = result.declineCode;
    out.message = cashierMessage(result);
    out.retryAfter = result.retryAfter;
    out.replayed = result.replayed;
    if (result.intent)
        out.stage = stageOf(*result.intent);
    if (result.refund) {
        out.stage = PaymentStage::Refunded; // this refund went through; the payment's total is the caller's sum
        out.reference = result.refund->paymentIntent.empty() ? reference : result.refund->paymentIntent;
        out.amount = Money(result.refund->amountMinor, requested.currency());
    } else if (result.intent && result.approved()) {
        const std::int64_t minor = out.stage == PaymentStage::Authorized ? result.intent->amountCapturableMinor
                                   : out.stage == PaymentStage::Captured ? result.intent->amountReceivedMinor
                                                                         : requested.minor();
        out.amount = Money(minor, requested.currency());
    }
    return out;
}

PaymentResult GatewayCardProvider::authorize(const AuthorizeRequest& request, const std::string& idempotencyKey)
{
    std::map<std::string, std::string> metadata = request.metadata;
    if (!request.paymentId.empty())
        metadata["payment_id"] = request.paymentId;
    const GatewayResult created = m_client.createIntent(request.amount, metadata, idempotencyKey + ":create");
    if (!created.approved() || !created.intent)
        return fromGateway(created, {}, request.amount);
    const GatewayResult confirmed = m_client.confirm(created.intent->id, request.card, idempotencyKey + ":confirm");
    return fromGateway(confirmed, created.intent->id, request.amount);
}

PaymentResult GatewayCardProvider::capture(const std::string& reference, const Money& amount,
                                           const std::string& idempotencyKey)
{
    return fromGateway(m_client.capture(reference, amount.minor(), idempotencyKey), reference, amount);
}

PaymentResult GatewayCardProvider::voidAuthorization(const std::string& reference, const Money& amount,
                                                     const std::string& idempotencyKey)
{
    return fromGateway(m_client.cancel(reference, idempotencyKey), reference, amount);
}

PaymentResult GatewayCardProvider::refund(const std::string& reference, const Money& amount,
                                          const std::string& idempotencyKey)
{
    return fromGateway(m_client.refund(reference, amount.minor(), idempotencyKey), reference, amount);
}

PaymentResult GatewayCardProvider::status(const std::string& reference)
{
    const GatewayResult result = m_client.retrieve(reference);
    Money amount;
    if (result.intent) {
        if (auto currency = Currency::fromCode(result.intent->currency))
            amount = Money(result.intent->amountMinor, *currency);
    }
    return fromGateway(result, reference, amount);
}

} // namespace marquee
