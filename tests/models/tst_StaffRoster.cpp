// Staff accounts: Argon2id PINs, lockout after five wrong PINs, and who may approve what.
#include "StaffRoster.h"
#include "TestSupport.h"

#include <QtTest>

using namespace marquee;
using namespace std::chrono;

class TestStaffRoster : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<StaffRoster> m_roster;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_unique<ManualClock>(test::demoMorning());
        m_store = test::openStore(m_dir->filePath("staff.sqlite"), *m_clock, false);
        m_roster = std::make_unique<StaffRoster>(*m_store, minutes(5));
    }

    void cleanup()
    {
        m_roster.reset();
        m_store.reset();
        m_dir.reset();
    }

    void pinsAreStoredOnlyAsArgon2idHashes()
    {
        auto asha = m_roster->add("Asha", StaffRole::Cashier, "4711");
        QVERIFY(asha);
        auto stmt = m_store->database().prepare("SELECT pin_hash FROM staff");
        QVERIFY(*stmt->step());
        const std::string hash = stmt->text(0);
        QVERIFY2(hash.rfind("$argon2id$", 0) == 0, hash.c_str());
        QVERIFY(hash.find("4711") == std::string::npos);
        QVERIFY(m_roster->signIn(asha->id, "4711"));
    }

    void badPinsAndNamesAreRefused()
    {
        QVERIFY(!m_roster->add("Asha", StaffRole::Cashier, "12"));
        QVERIFY(!m_roster->add("Asha", StaffRole::Cashier, "12ab"));
        QVERIFY(!m_roster->add("Asha", StaffRole::Cashier, "123456789"));
        QVERIFY(!m_roster->add("", StaffRole::Cashier, "1234"));
    }

    void fiveWrongPinsLockTheAccountForAWhile()
    {
        auto asha = *m_roster->add("Asha", StaffRole::Cashier, "4711");
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(m_roster->signIn(asha.id, "0000").error().code, ErrorCode::Unauthorized);
        }
        QCOMPARE(m_roster->signIn(asha.id, "0000").error().code, ErrorCode::Locked);
        // Even the right PIN is refused while locked.
        auto locked = m_roster->signIn(asha.id, "4711");
        QCOMPARE(locked.error().code, ErrorCode::Locked);
        QVERIFY2(locked.error().message.find("5 minutes") != std::string::npos, locked.error().message.c_str());
        m_clock->advance(minutes(4));
        QCOMPARE(m_roster->signIn(asha.id, "4711").error().code, ErrorCode::Locked);
        m_clock->advance(minutes(1));
        QVERIFY(m_roster->signIn(asha.id, "4711"));
        // A success resets the count: four more wrong PINs do not lock.
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(m_roster->signIn(asha.id, "0000").error().code, ErrorCode::Unauthorized);
        }
        QVERIFY(m_roster->signIn(asha.id, "4711"));
    }

    void eachProtectedActionNeedsItsRole()
    {
        auto cashier = *m_roster->add("Asha", StaffRole::Cashier, "1111");
        auto supervisor = *m_roster->add("Ravi", StaffRole::Supervisor, "2222");
        auto manager = *m_roster->add("Meera", StaffRole::Manager, "3333");
        for (auto action : {ProtectedAction::Refund, ProtectedAction::Void, ProtectedAction::PriceOverride,
                            ProtectedAction::LateReprint}) {
            QCOMPARE(m_roster->authorize(cashier.id, "1111", action).error().code, ErrorCode::Forbidden);
            QVERIFY(m_roster->authorize(supervisor.id, "2222", action));
            QVERIFY(m_roster->authorize(manager.id, "3333", action));
        }
        for (auto action : {ProtectedAction::ZReport, ProtectedAction::LeaveKiosk, ProtectedAction::ManageStaff,
                            ProtectedAction::ServerConnection}) {
            QCOMPARE(m_roster->authorize(supervisor.id, "2222", action).error().code, ErrorCode::Forbidden);
            QVERIFY(m_roster->authorize(manager.id, "3333", action));
        }
        QCOMPARE(m_roster->authorize(manager.id, "0000", ProtectedAction::ZReport).error().code,
                 ErrorCode::Unauthorized);
    }

    void disabledStaffCannotSignIn()
    {
        auto asha = *m_roster->add("Asha", StaffRole::Cashier, "1111");
        QVERIFY(m_roster->setActive(asha.id, false));
        QCOMPARE(m_roster->signIn(asha.id, "1111").error().code, ErrorCode::Forbidden);
        QVERIFY(m_roster->setActive(asha.id, true));
        QVERIFY(m_roster->changePin(asha.id, "5555"));
        QVERIFY(!m_roster->signIn(asha.id, "1111"));
        QVERIFY(m_roster->signIn(asha.id, "5555"));
        QCOMPARE(m_roster->signIn("nobody", "1111").error().code, ErrorCode::Unauthorized);
    }

    void signInsAndLockoutsAreAudited()
    {
        auto asha = *m_roster->add("Asha", StaffRole::Cashier, "1111");
        QVERIFY(m_roster->signIn(asha.id, "1111"));
        for (int i = 0; i < 5; ++i)
            (void)m_roster->signIn(asha.id, "9999");
        auto log = *m_store->auditLog();
        std::vector<std::string> actions;
        for (const auto& e : log)
            actions.push_back(e.action);
        QVERIFY(std::count(actions.begin(), actions.end(), "wrong_pin") == 4);
        QVERIFY(std::count(actions.begin(), actions.end(), "locked_out") == 1);
        QVERIFY(std::count(actions.begin(), actions.end(), "sign_in") == 1);
        QVERIFY(m_store->verifyAuditChain()->intact());
    }
};

QTEST_GUILESS_MAIN(TestStaffRoster)
#include "tst_StaffRoster.moc"
