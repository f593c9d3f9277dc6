// Money on screen goes through QLocale from minor units; what a cashier types parses back.

#include "MoneyText.h"

#include <QtTest>

using namespace marquee;

class TestMoneyText : public QObject
{
    Q_OBJECT
private slots:
    void formatsRupeesWithIndianGrouping()
    {
        const Currency inr = *Currency::fromCode("INR");
        const QLocale en(QStringLiteral("en_IN"));
        QCOMPARE(MoneyText::format(Money(123456789, inr), en), QStringLiteral("₹12,34,567.89"));
        QCOMPARE(MoneyText::format(Money(5, inr), en), QStringLiteral("₹0.05"));
        QCOMPARE(MoneyText::format(Money(-25000, inr), en), QStringLiteral("-₹250.00"));
    }

    void parsesWhatACashierTypes()
    {
        const Currency inr = *Currency::fromCode("INR");
        const QLocale en(QStringLiteral("en_IN"));
        QCOMPARE(MoneyText::parse(QStringLiteral("1000"), inr, en)->minor(), 100000);
        QCOMPARE(MoneyText::parse(QStringLiteral("1,250.5"), inr, en)->minor(), 125050);
        QCOMPARE(MoneyText::parse(QStringLiteral("₹ 99.99"), inr, en)->minor(), 9999);
        QVERIFY(!MoneyText::parse(QStringLiteral("12.345"), inr, en).has_value());
        QVERIFY(!MoneyText::parse(QStringLiteral("abc"), inr, en).has_value());
        QVERIFY(!MoneyText::parse(QString(), inr, en).has_value());
    }

    void zeroDigitCurrencies()
    {
        const Currency jpy = *Currency::fromCode("JPY");
        QCOMPARE(MoneyText::parse(QStringLiteral("1500"), jpy, QLocale::c())->minor(), 1500);
        QVERIFY(MoneyText::format(Money(1500, jpy), QLocale::c()).endsWith(QStringLiteral("1,500")) ||
                MoneyText::format(Money(1500, jpy), QLocale::c()).endsWith(QStringLiteral("1500")));
    }
};

QTEST_MAIN(TestMoneyText)
#include "tst_MoneyText.moc"
