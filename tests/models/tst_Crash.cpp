// A counter process killed with SIGKILL at random moments in the middle of sales, over
// and over: after each kill the database is intact and holds no half-written hold,
// booking, payment or refund.
#include "Consistency.h"
#include "TestSupport.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QtTest>
#include <csignal>
#include <sys/types.h>

using namespace marquee;

class TestCrash : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void killedMidSaleLeavesNothingHalfWritten()
    {
        const QString path = m_dir.filePath("crash.sqlite");
        SystemClock clock;
        test::openStore(path, clock); // seeded, then closed
        const std::string show = test::firstShowOn("screen-3");
        const int kills = qEnvironmentVariableIntValue("MARQUEE_CRASH_KILLS") > 0
                              ? qEnvironmentVariableIntValue("MARQUEE_CRASH_KILLS")
                              : 200;
        QRandomGenerator random(20261203);
        int killedWhileRunning = 0;
        for (int i = 0; i < kills; ++i) {
            QProcess process;
            process.start(SEAT_HAMMER, {path, QString::fromStdString(show), "60000", QString::number(i)});
            QVERIFY(process.waitForStarted());
            QVERIFY2(process.waitForReadyRead(10000), qPrintable(process.readAllStandardError()));
            QTest::qSleep(int(random.bounded(1, 40)));
            if (process.state() == QProcess::Running) {
                ::kill(pid_t(process.processId()), SIGKILL);
                ++killedWhileRunning;
            }
            QVERIFY(process.waitForFinished(10000));

            auto store = LocalStore::open(path.toStdString(), clock);
            QVERIFY2(store, store ? "" : store.error().message.c_str());
            const auto problems = test::consistencyProblems((*store)->database());
            QVERIFY2(problems.empty(),
                     qPrintable(QString("after kill %1: %2")
                                    .arg(i)
                                    .arg(problems.empty() ? "" : QString::fromStdString(problems.front()))));
            // Let the next round find seats: free what the dead counter held.
            auto stmt = (*store)->database().prepare("SELECT hold_id FROM holds WHERE state = 'HELD'");
            std::vector<std::string> live;
            while (*stmt->step())
                live.push_back(stmt->text(0));
            for (const auto& id : live)
                QVERIFY((*store)->release(id));
        }
        QCOMPARE(killedWhileRunning, kills);
        auto store = test::openStore(path, clock, false);
        auto stmt = store->database().prepare("SELECT count(*) FROM bookings");
        (void)stmt->step();
        qInfo("%d kills, %lld bookings survived", kills, static_cast<long long>(stmt->integer(0)));
        QVERIFY(stmt->integer(0) > 0);
    }
};

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_Crash.moc"
