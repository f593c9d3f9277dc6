// Many counters on one database file: 8 threads with their own connections and 4
// separate processes hammer holds, confirms and refunds on one show for several seconds.
// Afterwards no seat is in two bookings, every hold ended BOOKED or RELEASED, and the
// books balance.
#include "Consistency.h"
#include "SeatHammer.h"
#include "TestSupport.h"

#include <QProcess>
#include <QtTest>
#include <thread>

using namespace marquee;

class TestContention : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    static long field(const QString& line, const QString& name)
    {
        for (const auto& part : line.split(' ')) {
            if (part.startsWith(name + "="))
                return part.mid(name.size() + 1).toLong();
        }
        return -1;
    }

private slots:
    void threadsAndProcessesNeverSellASeatTwice()
    {
        const QString path = m_dir.filePath("shared.sqlite");
        SystemClock clock;
        auto setup = test::openStore(path, clock);
        const std::string show = test::firstShowOn("screen-2"); // 260 seats: plenty of collisions
        const int milliseconds = qEnvironmentVariableIntValue("MARQUEE_CONTENTION_MS") > 0
                                     ? qEnvironmentVariableIntValue("MARQUEE_CONTENTION_MS")
                                     : 4000;

        std::vector<std::unique_ptr<QProcess>> processes;
        for (int p = 0; p < 4; ++p) {
            auto process = std::make_unique<QProcess>();
            process->start(SEAT_HAMMER, {path, QString::fromStdString(show), QString::number(milliseconds + 500),
                                         QString::number(1000 + p)});
            QVERIFY(process->waitForStarted());
            processes.push_back(std::move(process));
        }
        for (auto& process : processes) {
            QVERIFY(process->waitForReadyRead(10000)); // "ready"
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
        std::vector<test::HammerStats> stats(8);
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&, t] {
                auto store = LocalStore::open(path.toStdString(), clock);
                if (!store) {
                    stats[std::size_t(t)].errors = 1;
                    return;
                }
                stats[std::size_t(t)] = test::hammer(**store, show, deadline, unsigned(t));
            });
        }
        for (auto& thread : threads)
            thread.join();

        long confirmed = 0, granted = 0, holds = 0, refunded = 0;
        for (const auto& s : stats) {
            QCOMPARE(s.errors, 0L);
            confirmed += s.confirmed;
            granted += s.granted;
            holds += s.holds;
            refunded += s.refunded;
        }
        for (auto& process : processes) {
            QVERIFY(process->waitForFinished(60000));
            const QString out = QString::fromUtf8(process->readAllStandardOutput());
            const QString last = out.trimmed().split('\n').last();
            const QString errors = QString::fromUtf8(process->readAllStandardError()).replace('\n', " | ");
            QVERIFY2(process->exitCode() == 0, qPrintable("seat_hammer failed: " + errors));
            QCOMPARE(field(last, "errors"), 0L);
            confirmed += field(last, "confirmed");
            granted += field(last, "granted");
            holds += field(last, "holds");
            refunded += field(last, "refunded");
        }
        qInfo("%ld hold attempts, %ld granted, %ld bookings, %ld refunds", holds, granted, confirmed, refunded);
        QVERIFY2(confirmed > 50, "too little work happened to prove anything");
        QVERIFY2(granted < holds, "no hold was ever refused: there was no contention");

        auto& db = setup->database();
        const auto problems = test::consistencyProblems(db);
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
        auto scalar = [&](const char* sql) {
            auto stmt = db.prepare(sql);
            (void)stmt->step();
            return stmt->integer(0);
        };
        QCOMPARE(scalar("SELECT count(*) FROM holds WHERE state NOT IN ('BOOKED', 'RELEASED')"), 0);
        QCOMPARE(scalar("SELECT count(*) FROM bookings"), confirmed);
        QCOMPARE(scalar("SELECT count(*) FROM holds WHERE state = 'BOOKED'"), confirmed);
        QCOMPARE(scalar("SELECT count(*) FROM holds"), granted);
        QCOMPARE(scalar("SELECT count(*) FROM refunds"), refunded);
        // The version log has one entry per transition, with no gaps.
        QCOMPARE(scalar("SELECT count(DISTINCT version) FROM seat_changes"), scalar("SELECT max(version) FROM shows"));
    }
};

QTEST_GUILESS_MAIN(TestContention)
#include "tst_Contention.moc"
