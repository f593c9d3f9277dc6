#include "Money.h"

#include <QtTest>

using namespace marquee;

class TestMoney : public QObject
{
    Q_OBJECT
private slots:
    void addsSameCurrency()
    {
        const auto inr = *Currency::fromCode("INR");
        auto sum = Money(25000, inr).plus(Money(150, inr));
        QVERIFY(sum);
        QCOMPARE(sum->minor(), 25150);
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_Money.moc"
