#include "Clock.h"
#include "TimeZone.h"

#include <QtTest>

using namespace marquee;
using namespace std::chrono;

class TestTime : public QObject
{
    Q_OBJECT
private slots:
    void iso8601RoundTrips()
    {
        auto t = parseIso8601("2026-12-03T14:30:00Z");
        QVERIFY(t);
        QCOMPARE(formatIso8601(*t), std::string("2026-12-03T14:30:00Z"));
        auto ms = parseIso8601("2026-12-03T14:30:00.250Z");
        QCOMPARE(formatIso8601(*ms), std::string("2026-12-03T14:30:00.250Z"));
        QCOMPARE(*parseIso8601("2026-12-03T20:00:00+05:30"), *t);
        QCOMPARE(*parseIso8601("2026-12-03T09:30:00-05:00"), *t);
    }

    void iso8601RejectsWhatIsNotATime()
    {
        for (const char* bad :
             {"", "2026-12-03", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-12-03T24:00:00Z",
              "2026-12-03T10:00:00", "2026-12-03T10:00:00Zjunk", "2026-12-03T10:00:00.Z", "2026-12-03T10:00:00+5:30"}) {
            QVERIFY2(!parseIso8601(bad), bad);
        }
    }

    void manualClockMovesOnlyWhenTold()
    {
        ManualClock clock(*parseIso8601("2026-12-03T10:00:00Z"));
        const auto start = clock.now();
        QCOMPARE(clock.now(), start);
        clock.advance(minutes(5));
        QCOMPARE(clock.now() - start, Duration(minutes(5)));
    }

    void kolkataIsFiveThirtyAheadAllYear()
    {
        auto zone = TimeZone::load("Asia/Kolkata");
        QVERIFY2(zone, zone ? "" : zone.error().message.c_str());
        QCOMPARE(zone->offsetAt(*parseIso8601("2026-01-15T00:00:00Z")), seconds(19800));
        QCOMPARE(zone->offsetAt(*parseIso8601("2026-07-15T00:00:00Z")), seconds(19800));
        const LocalTime local{local_days{year{2026} / 12 / 3}.time_since_epoch() + hours(20) + minutes(30)};
        QCOMPARE(zone->fromLocal(local), *parseIso8601("2026-12-03T15:00:00Z"));
    }

    void daylightSavingGapsAndOverlapsResolve()
    {
        auto berlin = TimeZone::load("Europe/Berlin");
        QVERIFY(berlin);
        // 2026-03-29 02:30 does not exist in Berlin: moved forward to 03:30 CEST = 01:30Z.
        const LocalTime gap{local_days{year{2026} / 3 / 29}.time_since_epoch() + hours(2) + minutes(30)};
        QCOMPARE(berlin->fromLocal(gap), *parseIso8601("2026-03-29T01:30:00Z"));
        // 2026-10-25 02:30 happens twice: the earlier (CEST) one is taken.
        const LocalTime overlap{local_days{year{2026} / 10 / 25}.time_since_epoch() + hours(2) + minutes(30)};
        QCOMPARE(berlin->fromLocal(overlap), *parseIso8601("2026-10-25T00:30:00Z"));
        QCOMPARE(berlin->offsetAt(*parseIso8601("2026-07-01T12:00:00Z")), seconds(7200));
    }

    void unknownZonesAndFixedOffsets()
    {
        QVERIFY(!TimeZone::load("Mars/Olympus_Mons"));
        QVERIFY(!TimeZone::load("../../etc/passwd"));
        auto fixed = TimeZone::load("UTC+05:45");
        QVERIFY(fixed);
        QCOMPARE(fixed->offsetAt(Timestamp{}), seconds(5 * 3600 + 45 * 60));
        QVERIFY(!TimeZone::load("UTC+5"));
    }
};

QTEST_GUILESS_MAIN(TestTime)
#include "tst_Time.moc"
