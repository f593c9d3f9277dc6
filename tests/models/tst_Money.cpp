#include "Money.h"
#include "TestPrinters.h"

#include <QtTest>
#include <limits>

using namespace marquee;

class TestMoney : public QObject
{
    Q_OBJECT
    Currency inr = *Currency::fromCode("INR");
    Currency eur = *Currency::fromCode("EUR");

private slots:
    void addsAndSubtractsInOneCurrency()
    {
        QCOMPARE(Money(25000, inr).plus(Money(150, inr))->minor(), 25150);
        QCOMPARE(Money(25000, inr).minus(Money(30000, inr))->minor(), -5000);
        QCOMPARE(Money(999, inr).times(3)->minor(), 2997);
    }

    void mixingCurrenciesIsAnError()
    {
        auto sum = Money(100, inr).plus(Money(100, eur));
        QVERIFY(!sum);
        QCOMPARE(sum.error().code, ErrorCode::CurrencyMismatch);
        QVERIFY(!Money(100, inr).minus(Money(1, eur)));
    }

    void overflowIsAnErrorNotAWrongAmount()
    {
        const auto max = std::numeric_limits<std::int64_t>::max();
        QCOMPARE(Money(max, inr).plus(Money(1, inr)).error().code, ErrorCode::Overflow);
        QCOMPARE(Money(-max, inr).minus(Money(2, inr)).error().code, ErrorCode::Overflow);
        QCOMPARE(Money(max / 2 + 1, inr).times(2).error().code, ErrorCode::Overflow);
    }

    void taxPartOfInclusivePriceRoundsHalfAwayFromZero_data()
    {
        QTest::addColumn<qint64>("price");
        QTest::addColumn<int>("rate");
        QTest::addColumn<qint64>("tax");
        QTest::newRow("250 at 18%") << qint64(25000) << 1800 << qint64(3814); // 3813.56
        QTest::newRow("99 at 12%") << qint64(9900) << 1200 << qint64(1061);   // 1060.71
        QTest::newRow("exact") << qint64(11800) << 1800 << qint64(1800);
        QTest::newRow("half rounds up") << qint64(21) << 10000 << qint64(11); // 10.5
        QTest::newRow("zero rate") << qint64(50000) << 0 << qint64(0);
        QTest::newRow("refund is negative") << qint64(-25000) << 1800 << qint64(-3814);
        QTest::newRow("huge amount") << qint64(9'000'000'000'000'000'000LL) << 1800
                                     << qint64(1'372'881'355'932'203'390LL);
    }

    void taxPartOfInclusivePriceRoundsHalfAwayFromZero()
    {
        QFETCH(qint64, price);
        QFETCH(int, rate);
        QFETCH(qint64, tax);
        QCOMPARE(Money(price, inr).taxPartInclusive(rate).minor(), tax);
    }

    void currencyCodesAreValidated()
    {
        QVERIFY(!Currency::fromCode("inr"));
        QVERIFY(!Currency::fromCode("RUPEE"));
        QVERIFY(!Currency::fromCode(""));
        QCOMPARE(Currency::fromCode("JPY")->minorDigits(), 0);
        QCOMPARE(Currency::fromCode("KWD")->minorDigits(), 3);
        QCOMPARE(Currency::fromCode("INR")->minorDigits(), 2);
    }

    void plainTextKeepsEveryMinorUnit()
    {
        QCOMPARE(Money(25005, inr).toString(), std::string("250.05 INR"));
        QCOMPARE(Money(-7, inr).toString(), std::string("-0.07 INR"));
        QCOMPARE(Money(1500, *Currency::fromCode("JPY")).toString(), std::string("1500 JPY"));
        QCOMPARE(Money(std::numeric_limits<std::int64_t>::min(), inr).toString(),
                 std::string("-92233720368547758.08 INR"));
    }

    void equalityNeedsSameCurrency()
    {
        QVERIFY(Money(100, inr) == Money(100, inr));
        QVERIFY(!(Money(100, inr) == Money(100, eur)));
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_Money.moc"
