// A counter's backup is a consistent snapshot even while another connection sells, and a
// restore brings it back, keeps the previous database aside, and refuses files that are
// not Marquee databases, are damaged, are newer than this build, or while the database is
// in use.
#include "Backup.h"
#include "Consistency.h"
#include "Schema.h"
#include "TestSupport.h"

#include <QFile>
#include <QtTest>
#include <atomic>
#include <thread>

using namespace marquee;

namespace {

std::int64_t countOf(Database& db, const char* sql)
{
    auto stmt = db.prepare(sql);
    if (!stmt || !stmt->step()) {
        qFatal("count failed: %s", sql);
    }
    return stmt->integer(0);
}

std::int64_t bookingsIn(const QString& path)
{
    auto db = Database::open(path.toStdString(), Database::Options{5'000, true});
    if (!db) {
        qFatal("open %s: %s", qPrintable(path), db.error().message.c_str());
    }
    return countOf(**db, "SELECT count(*) FROM bookings");
}

std::string sellOne(LocalStore& store, const std::string& show, const std::string& seat)
{
    auto hold = store.hold(test::holdRequest(show, {seat}));
    if (!hold || !hold->granted()) {
        qFatal("hold %s failed", seat.c_str());
    }
    auto booking = store.confirm(hold->hold->id, test::cashSale(store, *hold->hold));
    if (!booking) {
        qFatal("confirm failed: %s", booking.error().message.c_str());
    }
    return booking->id;
}

std::vector<std::string> sellableSeats(const std::string& screenId)
{
    for (const auto& layout : test::demoCatalog().screens()) {
        if (layout->id() == screenId) {
            std::vector<std::string> ids;
            for (const auto& seat : layout->seats()) {
                if (seat.isSellable()) {
                    ids.push_back(seat.id);
                }
            }
            return ids;
        }
    }
    qFatal("no screen %s", screenId.c_str());
}

QByteArray contentsOf(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestBackup : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock{test::demoMorning()};

    QString path(const char* name) const { return m_dir->filePath(QString::fromLatin1(name)); }
    std::string file(const char* name) const { return path(name).toStdString(); }

private slots:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }

    void backupWhileAnotherConnectionSellsIsAConsistentSnapshot()
    {
        const QString live = path("counter.sqlite");
        test::openStore(live, m_clock);
        const std::string show = test::firstShowOn("screen-3");
        const std::vector<std::string> seats = sellableSeats("screen-3");
        std::atomic<int> sold{0};
        std::atomic<bool> stop{false};
        std::thread seller([&] {
            ManualClock clock{test::demoMorning()};
            auto store = test::openStore(live, clock, false);
            for (std::size_t i = 0; i < seats.size() && !stop; ++i) {
                sellOne(*store, show, seats[i]);
                ++sold;
            }
        });
        while (sold < 5) {
            std::this_thread::yield();
        }
        int snapshots = 0;
        for (; snapshots < 6 && sold < int(seats.size()); ++snapshots) {
            const int before = sold;
            auto saved = Backup::save(live.toStdString(), file("backup.sqlite"));
            const int after = sold;
            QVERIFY2(saved, saved ? "" : saved.error().message.c_str());
            QCOMPARE(saved->schemaVersion, schema::latestVersion());
            // Every sale committed before the backup began is in it; none is half in it.
            const std::int64_t inBackup = bookingsIn(path("backup.sqlite"));
            QVERIFY2(
                inBackup >= before && inBackup <= after + 1,
                qPrintable(QString("%1 bookings in the backup, %2..%3 sold").arg(inBackup).arg(before).arg(after)));
            auto copy = Database::open(file("backup.sqlite"));
            QVERIFY(copy);
            const auto problems = test::consistencyProblems(**copy);
            QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
        }
        stop = true;
        seller.join();
        QVERIFY(snapshots >= 1);
        QVERIFY(sold > 5);
    }

    void backupIsOneSelfContainedFile()
    {
        test::openStore(path("counter.sqlite"), m_clock);
        QVERIFY(Backup::save(file("counter.sqlite"), file("backup.sqlite")));
        QVERIFY(!QFile::exists(path("backup.sqlite-wal")));
        QVERIFY(!QFile::exists(path("backup.sqlite.partial")));
        auto db = Database::open(file("backup.sqlite"), Database::Options{5'000, true});
        QVERIFY(db);
        auto mode = (*db)->prepare("PRAGMA journal_mode");
        QVERIFY(mode && mode->step());
        QCOMPARE(mode->text(0), std::string("delete"));
        QCOMPARE(*Backup::check(file("backup.sqlite")), schema::latestVersion());
    }

    void backupRefusesItsOwnDatabaseAndAMissingOne()
    {
        test::openStore(path("counter.sqlite"), m_clock);
        auto onto = Backup::save(file("counter.sqlite"), file("counter.sqlite"));
        QVERIFY(!onto);
        QCOMPARE(onto.error().code, ErrorCode::InvalidArgument);
        auto missing = Backup::save(file("nowhere.sqlite"), file("backup.sqlite"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        QVERIFY(!QFile::exists(path("nowhere.sqlite")));
        QVERIFY(!QFile::exists(path("backup.sqlite")));
    }

    void restoreBringsBackTheBackupAndKeepsTheOldDatabaseAside()
    {
        const QString live = path("counter.sqlite");
        std::string before;
        std::string after;
        {
            auto store = test::openStore(live, m_clock);
            before = sellOne(*store, test::firstShowOn("screen-1"), "A1");
            QVERIFY(Backup::save(live.toStdString(), file("backup.sqlite")));
            after = sellOne(*store, test::firstShowOn("screen-1"), "A2");
        }
        m_clock.advance(std::chrono::hours(1));
        auto restored = Backup::restore(file("backup.sqlite"), live.toStdString(), m_clock.now());
        QVERIFY2(restored, restored ? "" : restored.error().message.c_str());
        QCOMPARE(restored->schemaVersion, schema::latestVersion());
        QCOMPARE(restored->keptAside, live.toStdString() + ".before-restore-20261203T053000Z");

        auto store = test::openStore(live, m_clock, false);
        QVERIFY(store->booking(before));
        QVERIFY(!store->booking(after));
        const auto problems = test::consistencyProblems(store->database());
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
        auto aside = test::openStore(QString::fromStdString(restored->keptAside), m_clock, false);
        QVERIFY(aside->booking(before));
        QVERIFY(aside->booking(after));
    }

    void restoreOntoANewMachineMakesTheDatabase()
    {
        test::openStore(path("counter.sqlite"), m_clock);
        QVERIFY(Backup::save(file("counter.sqlite"), file("backup.sqlite")));
        QVERIFY(QDir(m_dir->path()).mkpath("new"));
        auto restored = Backup::restore(file("backup.sqlite"), file("new/counter.sqlite"), m_clock.now());
        QVERIFY2(restored, restored ? "" : restored.error().message.c_str());
        QVERIFY(restored->keptAside.empty());
        QCOMPARE(test::openStore(path("new/counter.sqlite"), m_clock, false)->schemaVersion(), schema::latestVersion());
    }

    void restoreOfAnOlderSchemaIsMigratedWhenTheCounterOpensIt()
    {
        {
            auto db = Database::open(file("old.sqlite"));
            QVERIFY(db);
            QVERIFY(schema::migrate(**db, 1));
        }
        auto restored = Backup::restore(file("old.sqlite"), file("counter.sqlite"), m_clock.now());
        QVERIFY2(restored, restored ? "" : restored.error().message.c_str());
        QCOMPARE(restored->schemaVersion, 1);
        QCOMPARE(test::openStore(path("counter.sqlite"), m_clock, false)->schemaVersion(), schema::latestVersion());
    }

    void restoreRefusesFilesThatAreNotMarqueeDatabases()
    {
        test::openStore(path("counter.sqlite"), m_clock);
        const QByteArray original = contentsOf(path("counter.sqlite"));
        {
            QFile text(path("notes.txt"));
            QVERIFY(text.open(QIODevice::WriteOnly));
            text.write(QByteArray("shopping list: popcorn, nachos\n").repeated(300));
        }
        {
            auto other = Database::open(file("other.sqlite"));
            QVERIFY(other);
            QVERIFY((*other)->exec("CREATE TABLE recipes(name TEXT); PRAGMA user_version = 1"));
        }
        for (const char* name : {"notes.txt", "other.sqlite", "missing.sqlite"}) {
            auto restored = Backup::restore(file(name), file("counter.sqlite"), m_clock.now());
            QVERIFY2(!restored, name);
            QVERIFY2(restored.error().message.find("not a Marquee") != std::string::npos ||
                         restored.error().code == ErrorCode::NotFound,
                     restored.error().message.c_str());
        }
        QCOMPARE(contentsOf(path("counter.sqlite")), original);
        QCOMPARE(QDir(m_dir->path()).entryList({"*before-restore*"}), QStringList());
    }

    void restoreRefusesANewerSchema()
    {
        QVERIFY(test::openStore(path("future.sqlite"), m_clock, false)->database().exec("PRAGMA user_version = 999"));
        auto restored = Backup::restore(file("future.sqlite"), file("counter.sqlite"), m_clock.now());
        QVERIFY(!restored);
        QVERIFY2(restored.error().message.find("newer Marquee") != std::string::npos, restored.error().message.c_str());
        QVERIFY(!QFile::exists(path("counter.sqlite")));
    }

    void restoreRefusesADamagedBackup()
    {
        {
            auto store = test::openStore(path("counter.sqlite"), m_clock);
            sellOne(*store, test::firstShowOn("screen-2"), "C3");
        }
        QVERIFY(Backup::save(file("counter.sqlite"), file("backup.sqlite")));
        {
            // Scribble over the middle of the file, past the header: pages of tables and indexes.
            QFile f(path("backup.sqlite"));
            QVERIFY(f.open(QIODevice::ReadWrite));
            const qint64 size = f.size();
            QVERIFY(size > 8 * 4096);
            for (qint64 at = 2 * 4096; at < size - 4096; at += 3 * 4096) {
                f.seek(at + 100);
                f.write(QByteArray(700, '\x5a'));
            }
        }
        auto restored = Backup::restore(file("backup.sqlite"), file("counter.sqlite"), m_clock.now());
        QVERIFY(!restored);
        QVERIFY2(restored.error().message.find("damaged") != std::string::npos ||
                     restored.error().message.find("malformed") != std::string::npos,
                 restored.error().message.c_str());
        QCOMPARE(QDir(m_dir->path()).entryList({"*before-restore*"}), QStringList());
    }

    void restoreRefusesWhileTheCounterHasTheDatabaseOpen()
    {
        test::openStore(path("counter.sqlite"), m_clock);
        QVERIFY(Backup::save(file("counter.sqlite"), file("backup.sqlite")));
        auto running = test::openStore(path("counter.sqlite"), m_clock, false);
        const std::string booking = sellOne(*running, test::firstShowOn("screen-1"), "B5");
        auto restored = Backup::restore(file("backup.sqlite"), file("counter.sqlite"), m_clock.now());
        QVERIFY(!restored);
        QCOMPARE(restored.error().code, ErrorCode::Conflict);
        QVERIFY2(restored.error().message.find("in use") != std::string::npos, restored.error().message.c_str());
        QVERIFY(running->booking(booking));
        QVERIFY(sellOne(*running, test::firstShowOn("screen-1"), "B6").size() > 0);
        QCOMPARE(QDir(m_dir->path()).entryList({"*before-restore*"}), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_Backup.moc"
