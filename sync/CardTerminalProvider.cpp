#include "CardTerminalProvider.h"

#include <algorithm>
#include <cctype>

namespace marquee {

namespace {
PaymentResult terminalResult(PaymentOutcome outcome, PaymentStage stage, const std::string& reference,
                             const Money& amount, std::string message)
{
    PaymentResult result;
    result.outcome = outcome;
    result.method = PaymentMethod::CardTerminal;
    result.reference = reference;
    result.stage = stage;
    result.amount = amount;
    result.message = std::move(message);
    return result;
}
} // namespace

bool CardTerminalProvider::isApprovalCode(const std::string& code)
{
    return code.size() >= 4 && code.size() <= 12 &&
           std::all_of(code.begin(), code.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

PaymentResult CardTerminalProvider::authorize(const AuthorizeRequest& request, const std::string&)
{
    if (request.amount.minor() <= 0 || !request.amount.currency().isValid()) {
        return terminalResult(PaymentOutcome::Failed, PaymentStage::Created, {}, request.amount,
                              "A card amount must be above zero in a known currency.");
    }
    if (!isApprovalCode(request.approvalCode)) {
        return terminalResult(PaymentOutcome::Failed, PaymentStage::Created, {}, request.amount,
                              "Key in the approval code printed on the terminal's slip (4 to 12 letters or digits).");
    }
    return terminalResult(PaymentOutcome::Approved, PaymentStage::Authorized, request.approvalCode, request.amount,
                          "Card approved on the terminal, code " + request.approvalCode + ".");
}

PaymentResult CardTerminalProvider::capture(const std::string& reference, const Money& amount, const std::string&)
{
    return terminalResult(PaymentOutcome::Approved, PaymentStage::Captured, reference, amount,
                          "Card payment " + reference + " kept.");
}

PaymentResult CardTerminalProvider::voidAuthorization(const std::string& reference, const Money& amount,
                                                      const std::string&)
{
    return terminalResult(PaymentOutcome::Approved, PaymentStage::Voided, reference, amount,
                          "Void payment " + reference + " of " + amount.toString() + " on the card terminal too.");
}

PaymentResult CardTerminalProvider::refund(const std::string& reference, const Money& amount, const std::string&)
{
    return terminalResult(PaymentOutcome::Approved, PaymentStage::Refunded, reference, amount,
                          "Refund " + amount.toString() + " to the card on the terminal (original payment " +
                              reference + ").");
}

PaymentResult CardTerminalProvider::status(const std::string& reference)
{
    return terminalResult(PaymentOutcome::Failed, PaymentStage::Created, reference, Money(),
                          "The card terminal is not connected; check payment " + reference + " on its own report.");
}

} // namespace marquee
