// The cinema's clock face: local times in the cinema's zone, and the business day that
// ends at the cut-off, so a 00:30 show belongs to the day before.

#include "CinemaTime.h"

#include <QtTest>

using namespace marquee;

class TestCinemaTime : public QObject
{
    Q_OBJECT
private slots:
    void showsLocalTimeInTheCinemasZone()
    {
        const CinemaTime time("Asia/Kolkata");
        const QDateTime local = time.toLocal(fromEpochMs(1'796'266'800'000)); // 2026-12-03 03:00 UTC
        QCOMPARE(local.time(), QTime(8, 30));
        QCOMPARE(local.date(), QDate(2026, 12, 3));
    }

    void earlyMorningBelongsToTheDayBefore()
    {
        const CinemaTime time("Asia/Kolkata");
        const Timestamp halfPastMidnight = time.fromLocal(QDateTime(QDate(2026, 12, 4), QTime(0, 30), time.zone()));
        QCOMPARE(time.businessDate(halfPastMidnight), QDate(2026, 12, 3));
        const Timestamp sixAm = time.fromLocal(QDateTime(QDate(2026, 12, 4), QTime(6, 0), time.zone()));
        QCOMPARE(time.businessDate(sixAm), QDate(2026, 12, 4));
        QVERIFY(time.businessDayStart(QDate(2026, 12, 4)) == sixAm);
        QVERIFY(time.businessDayEnd(QDate(2026, 12, 3)) == sixAm);
    }

    void cutOffIsConfigurable()
    {
        const CinemaTime time("Europe/Berlin", QTime(4, 0));
        const Timestamp fiveAm = time.fromLocal(QDateTime(QDate(2026, 12, 4), QTime(5, 0), time.zone()));
        QCOMPARE(time.businessDate(fiveAm), QDate(2026, 12, 4));
    }

    void unknownZoneFallsBackToUtc()
    {
        const CinemaTime time("Not/AZone");
        QCOMPARE(time.zone(), QTimeZone::utc());
    }
};

QTEST_MAIN(TestCinemaTime)
#include "tst_CinemaTime.moc"
