// The schema from every older version migrates to the newest with its data; a database
// from a newer build, or a file that is not a database, is refused with a clear error.
#include "Schema.h"
#include "TestSupport.h"

#include <QFile>
#include <QtTest>

using namespace marquee;

class TestMigrations : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock{test::demoMorning()};

private slots:
    void freshDatabaseGetsTheLatestSchema()
    {
        auto store = test::openStore(m_dir.filePath("fresh.sqlite"), m_clock, false);
        QCOMPARE(store->schemaVersion(), schema::latestVersion());
        QCOMPARE(store->schemaVersion(), LocalStore::kSchemaVersion);
    }

    void everyOlderVersionMigratesWithItsData()
    {
        for (int from = 0; from < schema::latestVersion(); ++from) {
            const QString path = m_dir.filePath(QString("from-%1.sqlite").arg(from));
            {
                auto db = Database::open(path.toStdString());
                QVERIFY(db);
                QVERIFY(schema::migrate(**db, from));
                QCOMPARE(*schema::version(**db), from);
            }
            auto store = test::openStore(path, m_clock);
            QCOMPARE(store->schemaVersion(), schema::latestVersion());
            const std::string show = test::firstShowOn("screen-2");
            auto hold = store->hold(test::holdRequest(show, {"C3"}));
            QVERIFY(hold && hold->granted());
            QVERIFY(store->confirm(hold->hold->id, test::cashSale(*store, *hold->hold)));
        }
    }

    void dataWrittenBeforeAnUpgradeSurvivesIt()
    {
        const QString path = m_dir.filePath("kept.sqlite");
        std::string bookingId;
        {
            auto store = test::openStore(path, m_clock);
            auto hold = store->hold(test::holdRequest(test::firstShowOn("screen-1"), {"A1"}));
            bookingId = store->confirm(hold->hold->id, test::cashSale(*store, *hold->hold))->id;
        }
        auto reopened = test::openStore(path, m_clock, false);
        QCOMPARE(reopened->booking(bookingId)->lines.size(), std::size_t(1));
    }

    void auditLogKeepsItsRowsAndGuardsThroughSchema4()
    {
        const QString path = m_dir.filePath("audit-v3.sqlite");
        {
            auto db = Database::open(path.toStdString());
            QVERIFY(db);
            QVERIFY(schema::migrate(**db, 3));
            QVERIFY((*db)->exec("INSERT INTO audit_log(at, device, staff, action, entity, detail) VALUES "
                                "(1, 'd', 's', 'hold', 'h1', '{}'), (2, 'd', 's', 'release', 'h1', '{}')"));
        }
        auto store = test::openStore(path, m_clock);
        auto& db = store->database();
        auto count = [&](const char* sql) {
            auto stmt = db.prepare(sql);
            return stmt && *stmt->step() ? stmt->integer(0) : -1;
        };
        QCOMPARE(count("SELECT count(*) FROM sqlite_master WHERE name IN ('claims_by_hold', 'bookings_by_show')"), 0);
        QCOMPARE(count("SELECT count(*) FROM audit_log WHERE seq IN (1, 2) AND hash <> ''"), 2);
        const std::string show = test::firstShowOn("screen-2");
        auto sold = store->hold(test::holdRequest(show, {"C3", "C4"}));
        QVERIFY(sold && sold->granted());
        QVERIFY(store->confirm(sold->hold->id, test::cashSale(*store, *sold->hold)));
        auto dropped = store->hold(test::holdRequest(show, {"C5"}));
        QVERIFY(dropped && dropped->granted());
        QVERIFY(*store->release(dropped->hold->id, "cancel"));
        QCOMPARE(count("SELECT count(*) FROM claims"), 2);
        auto check = store->verifyAuditChain();
        QVERIFY(check && check->intact());
        QVERIFY(check->rows >= 5);
        QCOMPARE(count("SELECT count(*) FROM sqlite_sequence WHERE name = 'audit_log'"), 0);
        QVERIFY(!db.exec("UPDATE audit_log SET detail = 'x' WHERE seq = 1"));
        QVERIFY(!db.exec("DELETE FROM audit_log WHERE seq = 3"));
    }

    void newerDatabaseIsRefused()
    {
        const QString path = m_dir.filePath("future.sqlite");
        {
            auto store = test::openStore(path, m_clock, false);
            QVERIFY(store->database().exec("PRAGMA user_version = 999"));
        }
        auto store = LocalStore::open(path.toStdString(), m_clock);
        QVERIFY(!store);
        QVERIFY2(store.error().message.find("newer Marquee") != std::string::npos, store.error().message.c_str());
    }

    void garbageFileIsRefusedNotDamaged()
    {
        const QString path = m_dir.filePath("notes.txt");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray text = QByteArray("shopping list: popcorn, nachos\n").repeated(200);
        f.write(text);
        f.close();
        auto store = LocalStore::open(path.toStdString(), m_clock);
        QVERIFY(!store);
        QCOMPARE(store.error().code, ErrorCode::Storage);
        QFile again(path);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(again.readAll(), text);
    }

    void failedMigrationLeavesTheOldVersion()
    {
        const QString path = m_dir.filePath("clash.sqlite");
        {
            auto db = Database::open(path.toStdString());
            // A table in the way makes migration 1 fail half way.
            QVERIFY((*db)->exec("CREATE TABLE bookings(x)"));
        }
        auto store = LocalStore::open(path.toStdString(), m_clock);
        QVERIFY(!store);
        auto db = Database::open(path.toStdString());
        QCOMPARE(*schema::version(**db), 0);
        auto tables = (*db)->prepare("SELECT count(*) FROM sqlite_master WHERE name = 'claims'");
        QVERIFY(*tables->step());
        QCOMPARE(tables->integer(0), 0); // nothing of the half-done migration remains
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_Migrations.moc"
