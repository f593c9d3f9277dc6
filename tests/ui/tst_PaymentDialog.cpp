// Taking the money: cash with change, card with an approval code, a split between them,
// and payment ids that stay the same for the life of the dialog (a retry replays).

#include "PaymentDialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

using namespace marquee;

class TestPaymentDialog : public QObject
{
    Q_OBJECT

    static Money rupees(std::int64_t minor) { return Money(minor, *Currency::fromCode("INR")); }

private slots:
    void cashGivesChangeAndNeedsEnoughTendered()
    {
        PaymentDialog dialog(rupees(93000));
        auto* tendered = dialog.findChild<QLineEdit*>(QStringLiteral("cashTendered"));
        auto* confirm = dialog.findChild<QPushButton*>(QStringLiteral("confirmPaymentButton"));
        QVERIFY(!confirm->isEnabled());
        tendered->setText(QStringLiteral("500"));
        QVERIFY(!confirm->isEnabled());
        tendered->setText(QStringLiteral("1000"));
        QVERIFY(confirm->isEnabled());
        QCOMPARE(dialog.changeDue().minor(), 7000);
        const auto payments = dialog.payments();
        QCOMPARE(int(payments.size()), 1);
        QVERIFY(payments[0].method == PaymentMethod::Cash);
        QCOMPARE(payments[0].amount.minor(), 93000);
        QCOMPARE(payments[0].tendered->minor(), 100000);
    }

    void quickCashButtonsRoundUp()
    {
        PaymentDialog dialog(rupees(93000));
        const auto amounts = dialog.quickCashAmounts();
        QCOMPARE(amounts[0].minor(), 93000);
        QCOMPARE(amounts[1].minor(), 100000);
        QCOMPARE(amounts[2].minor(), 100000 < amounts[2].minor() ? amounts[2].minor() : 100000);
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("quickCash1")), Qt::LeftButton);
        QCOMPARE(dialog.changeDue().minor(), 7000);
    }

    void cardNeedsAnApprovalCode()
    {
        PaymentDialog dialog(rupees(65000));
        auto* confirm = dialog.findChild<QPushButton*>(QStringLiteral("confirmPaymentButton"));
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("cardAllButton")), Qt::LeftButton);
        QVERIFY(!confirm->isEnabled());
        dialog.findChild<QLineEdit*>(QStringLiteral("cardApproval"))->setText(QStringLiteral("A1B2C3"));
        QVERIFY(confirm->isEnabled());
        const auto payments = dialog.payments();
        QCOMPARE(int(payments.size()), 1);
        QVERIFY(payments[0].method == PaymentMethod::CardTerminal);
        QCOMPARE(payments[0].amount.minor(), 65000);
        QCOMPARE(payments[0].reference, std::string("A1B2C3"));
    }

    void splitBetweenCardAndCash()
    {
        PaymentDialog dialog(rupees(93000));
        dialog.findChild<QLineEdit*>(QStringLiteral("cardAmount"))->setText(QStringLiteral("600"));
        dialog.findChild<QLineEdit*>(QStringLiteral("cardApproval"))->setText(QStringLiteral("778899"));
        auto* cashPart = dialog.findChild<QLabel*>(QStringLiteral("cashPart"));
        QVERIFY2(cashPart->text().contains(QStringLiteral("330")), qPrintable(cashPart->text()));
        dialog.findChild<QLineEdit*>(QStringLiteral("cashTendered"))->setText(QStringLiteral("500"));
        QVERIFY(dialog.findChild<QPushButton*>(QStringLiteral("confirmPaymentButton"))->isEnabled());
        const auto payments = dialog.payments();
        QCOMPARE(int(payments.size()), 2);
        QCOMPARE(payments[0].amount.minor() + payments[1].amount.minor(), 93000);
        QCOMPARE(dialog.changeDue().minor(), 17000);
        // The same ids every time: confirming again replays the same sale.
        const auto again = dialog.payments();
        QCOMPARE(again[0].id, payments[0].id);
        QCOMPARE(again[1].id, payments[1].id);
        QVERIFY(payments[0].id != payments[1].id);
    }

    void cardCannotPayMoreThanDue()
    {
        PaymentDialog dialog(rupees(25000));
        dialog.findChild<QLineEdit*>(QStringLiteral("cardAmount"))->setText(QStringLiteral("300"));
        dialog.findChild<QLineEdit*>(QStringLiteral("cardApproval"))->setText(QStringLiteral("1"));
        QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("confirmPaymentButton"))->isEnabled());
    }
};

QTEST_MAIN(TestPaymentDialog)
#include "tst_PaymentDialog.moc"
