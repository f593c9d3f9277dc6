// Token buckets of admission control: bursts pass, a steady flood is refused with a
// Retry-After, keys do not share buckets, and time refills them.

#include "RateLimiter.h"

#include <QtTest>

using marquee::server::RateLimiter;

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void burstPassesThenRefusesWithRetryAfter()
    {
        RateLimiter limiter(2, 5);
        const auto t0 = RateLimiter::Clock::now();
        int retry = 0;
        for (int i = 0; i < 5; ++i)
            QVERIFY(limiter.admitAt("device-1", t0, retry));
        QVERIFY(!limiter.admitAt("device-1", t0, retry));
        QCOMPARE(retry, 1);
        QVERIFY(limiter.admitAt("device-2", t0, retry)); // another key, another bucket
    }

    void timeRefillsUpToTheBurst()
    {
        RateLimiter limiter(1, 2);
        const auto t0 = RateLimiter::Clock::now();
        int retry = 0;
        QVERIFY(limiter.admitAt("k", t0, retry));
        QVERIFY(limiter.admitAt("k", t0, retry));
        QVERIFY(!limiter.admitAt("k", t0, retry));
        QVERIFY(limiter.admitAt("k", t0 + std::chrono::seconds(1), retry));
        QVERIFY(!limiter.admitAt("k", t0 + std::chrono::seconds(1), retry));
        // A long pause refills only to the burst.
        const auto later = t0 + std::chrono::hours(1);
        QVERIFY(limiter.admitAt("k", later, retry));
        QVERIFY(limiter.admitAt("k", later, retry));
        QVERIFY(!limiter.admitAt("k", later, retry));
    }

    void slowRateGivesLongerRetryAfter()
    {
        RateLimiter limiter(0.1, 1);
        const auto t0 = RateLimiter::Clock::now();
        int retry = 0;
        QVERIFY(limiter.admitAt("k", t0, retry));
        QVERIFY(!limiter.admitAt("k", t0, retry));
        QCOMPARE(retry, 10);
    }

    void zeroRateIsOff()
    {
        RateLimiter limiter(0, 1);
        int retry = 0;
        for (int i = 0; i < 100; ++i)
            QVERIFY(limiter.admit("k", retry));
    }
};

QTEST_APPLESS_MAIN(TestRateLimiter)
#include "tst_RateLimiter.moc"
