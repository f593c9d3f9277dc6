// The counter-side payment kinds: cash and a card on a stand-alone terminal. No network.

#include "CardTerminalProvider.h"
#include "CashProvider.h"
#include "TestPrinters.h"

#include <QtTest>

using namespace marquee;

namespace {
const Currency kInr = *Currency::fromCode("INR");
const Currency kEur = *Currency::fromCode("EUR");
} // namespace

class TestPaymentProviders : public QObject
{
    Q_OBJECT

private slots:
    void cashTakenKeptHandedBackAndPaidOut()
    {
        CashProvider cash;
        QCOMPARE(cash.method(), PaymentMethod::Cash);
        AuthorizeRequest request;
        request.amount = Money(33000, kInr);
        request.tendered = Money(35000, kInr);
        auto taken = cash.authorize(request, "k1");
        QCOMPARE(taken.outcome, PaymentOutcome::Approved);
        QCOMPARE(taken.stage, PaymentStage::Authorized);
        QCOMPARE(cash.capture({}, Money(33000, kInr), "k2").stage, PaymentStage::Captured);
        auto handedBack = cash.voidAuthorization({}, Money(33000, kInr), "k3");
        QCOMPARE(handedBack.stage, PaymentStage::Voided);
        QVERIFY2(handedBack.message.find("back to the customer") != std::string::npos, handedBack.message.c_str());
        auto paidOut = cash.refund({}, Money(8000, kInr), "k4");
        QCOMPARE(paidOut.stage, PaymentStage::Refunded);
        QCOMPARE(paidOut.amount, Money(8000, kInr));
        QCOMPARE(cash.status({}).outcome, PaymentOutcome::Failed);
    }

    void tooLittleCashIsDeclined()
    {
        CashProvider cash;
        AuthorizeRequest request;
        request.amount = Money(33000, kInr);
        request.tendered = Money(30000, kInr);
        auto short_ = cash.authorize(request, "k");
        QCOMPARE(short_.outcome, PaymentOutcome::Declined);
        QCOMPARE(short_.declineCode, std::string("insufficient_cash"));
        request.tendered = Money(40000, kEur);
        QCOMPARE(cash.authorize(request, "k").outcome, PaymentOutcome::Failed);
        request.tendered.reset();
        request.amount = Money(0, kInr);
        QCOMPARE(cash.authorize(request, "k").outcome, PaymentOutcome::Failed);
    }

    void terminalNeedsTheApprovalCode()
    {
        CardTerminalProvider terminal;
        QCOMPARE(terminal.method(), PaymentMethod::CardTerminal);
        AuthorizeRequest request;
        request.amount = Money(45000, kInr);
        QCOMPARE(terminal.authorize(request, "k").outcome, PaymentOutcome::Failed);
        request.approvalCode = "12 34";
        QCOMPARE(terminal.authorize(request, "k").outcome, PaymentOutcome::Failed);
        request.approvalCode = "A1B2C3";
        auto approved = terminal.authorize(request, "k");
        QCOMPARE(approved.outcome, PaymentOutcome::Approved);
        QCOMPARE(approved.reference, std::string("A1B2C3"));
        QCOMPARE(approved.stage, PaymentStage::Authorized);
        QCOMPARE(terminal.capture("A1B2C3", Money(45000, kInr), "k").stage, PaymentStage::Captured);
        auto voided = terminal.voidAuthorization("A1B2C3", Money(45000, kInr), "k");
        QCOMPARE(voided.stage, PaymentStage::Voided);
        QVERIFY2(voided.message.find("on the card terminal") != std::string::npos, voided.message.c_str());
        auto refunded = terminal.refund("A1B2C3", Money(5000, kInr), "k");
        QCOMPARE(refunded.stage, PaymentStage::Refunded);
        QVERIFY(refunded.message.find("A1B2C3") != std::string::npos);
        QVERIFY(CardTerminalProvider::isApprovalCode("1234"));
        QVERIFY(!CardTerminalProvider::isApprovalCode("123"));
        QVERIFY(!CardTerminalProvider::isApprovalCode("1234567890123"));
    }
};

QTEST_GUILESS_MAIN(TestPaymentProviders)
#include "tst_PaymentProviders.moc"
