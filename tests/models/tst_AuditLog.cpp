// The audit log is a hash chain: editing, removing or inserting a row in the file is
// detected by verifyAuditChain (and `marquee audit verify`).
#include "Schema.h"
#include "TestSupport.h"

#include <QtTest>

using namespace marquee;

class TestAuditLog : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<LocalStore> m_store;

    void sell(const std::vector<std::string>& seats)
    {
        const std::string show = test::firstShowOn("screen-2");
        auto hold = m_store->hold(test::holdRequest(show, seats));
        QVERIFY(hold && hold->granted());
        QVERIFY(m_store->confirm(hold->hold->id, test::cashSale(*m_store, *hold->hold)));
    }

    // What someone with the file and the sqlite3 shell could do.
    void tamper(const char* sql)
    {
        QVERIFY(m_store->database().exec("DROP TRIGGER IF EXISTS audit_log_no_update; "
                                         "DROP TRIGGER IF EXISTS audit_log_no_delete"));
        QVERIFY(m_store->database().exec(sql));
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_unique<ManualClock>(test::demoMorning());
        m_store = test::openStore(m_dir->filePath("audit.sqlite"), *m_clock);
        sell({"C1", "C2"});
        sell({"D1"});
    }

    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void everyRowIsChainedToThePrevious()
    {
        auto log = m_store->auditLog();
        QVERIFY(log && log->size() == 4);
        QCOMPARE(log->front().prevHash, std::string());
        for (std::size_t i = 1; i < log->size(); ++i) {
            QCOMPARE((*log)[i].prevHash, (*log)[i - 1].hash);
            QCOMPARE((*log)[i].hash.size(), std::size_t(64));
        }
        auto check = m_store->verifyAuditChain();
        QVERIFY(check && check->intact());
        QCOMPARE(check->rows, std::int64_t(4));
    }

    void editedRowIsDetected()
    {
        tamper("UPDATE audit_log SET detail = replace(detail, '50000', '5000') WHERE seq = 2");
        auto check = m_store->verifyAuditChain();
        QVERIFY(check && !check->intact());
        QCOMPARE(*check->firstBrokenSeq, std::int64_t(2));
        QVERIFY2(check->problem.find("changed") != std::string::npos, check->problem.c_str());
    }

    void editedRowWithMadeUpHashIsDetected()
    {
        // (A forger who recomputes every hash from the edited row on is caught against the
        // chain heads that Z-reports record; see TestReports.)
        tamper("UPDATE audit_log SET staff = 'mallory', hash = 'f00d' WHERE seq = 2");
        auto check = m_store->verifyAuditChain();
        QCOMPARE(*check->firstBrokenSeq, std::int64_t(2));
    }

    void removedRowIsDetected()
    {
        tamper("DELETE FROM audit_log WHERE seq = 3");
        auto check = m_store->verifyAuditChain();
        QCOMPARE(*check->firstBrokenSeq, std::int64_t(4));
        QVERIFY2(check->problem.find("row 3 is missing") != std::string::npos, check->problem.c_str());
    }

    void removedLastRowsLeaveAShorterButIntactChain()
    {
        // Truncation from the end cannot be seen from the chain alone; Z-reports record the
        // last audit row they covered, which is where a missing tail shows.
        tamper("DELETE FROM audit_log WHERE seq = 4");
        auto check = m_store->verifyAuditChain();
        QVERIFY(check->intact());
        QCOMPARE(check->rows, std::int64_t(3));
    }

    void rowsFromBeforeTheChainAreSealedOnUpgrade()
    {
        const QString path = m_dir->filePath("v1.sqlite");
        {
            auto db = Database::open(path.toStdString());
            QVERIFY(schema::migrate(**db, 1));
            QVERIFY(
                (*db)->exec("INSERT INTO audit_log(at, device, staff, action, entity, detail) "
                            "VALUES(1, 'old', 'asha', 'hold', 'h1', '{}'), (2, 'old', 'asha', 'release', 'h1', '{}')"));
        }
        auto upgraded = test::openStore(path, *m_clock, false);
        auto check = upgraded->verifyAuditChain();
        QVERIFY(check && check->intact());
        QCOMPARE(check->rows, std::int64_t(2));
        QVERIFY(!upgraded->database().exec("UPDATE audit_log SET staff = 'x' WHERE seq = 1"));
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_AuditLog.moc"
