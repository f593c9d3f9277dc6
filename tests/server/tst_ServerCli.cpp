// The admin command line: migrations, devices, catalog import, and the refusals that must
// be one clear line with a non-zero exit.

#include "Migrations.h"
#include "ServerHarness.h"

#include <QtTest>
#include <csignal>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace marquee::test;

class TestServerCli : public QObject
{
    Q_OBJECT

private slots:
    void migrateCreatesSchemaAndIsRepeatable()
    {
        TestDatabase db("cli_migrate", false);
        auto first = runServerTool({"migrate", "--db", db.url()});
        QCOMPARE(first.exitCode, 0);
        const std::string latest = std::to_string(marquee::server::Migrations::latestVersion());
        QVERIFY(first.out.find("version " + latest) != std::string::npos);
        auto second = runServerTool({"migrate"}, {{"MARQUEE_DB", db.url()}});
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(db.scalar("SELECT count(*) FROM schema_migrations"), latest);
    }

    void migrateUpgradesEveryOlderVersion()
    {
        for (int from = 1; from < marquee::server::Migrations::latestVersion(); ++from) {
            TestDatabase db("cli_upgrade", false);
            {
                pqxx::connection connection(db.url());
                auto applied = marquee::server::Migrations::apply(connection, from);
                QVERIFY(applied.has_value());
                QCOMPARE(*applied, from);
            }
            auto upgraded = runServerTool({"migrate", "--db", db.url()});
            QVERIFY2(upgraded.exitCode == 0, upgraded.err.c_str());
            QCOMPARE(db.scalar("SELECT max(version) FROM schema_migrations"),
                     std::to_string(marquee::server::Migrations::latestVersion()));
            QCOMPARE(runServerTool({"catalog", "import", testCatalogPath(), "--db", db.url()}).exitCode, 0);
            // The upgraded database serves holds.
            const std::string token = db.addDevice("counter", "counter");
            ServerProcess server(db.url());
            QVERIFY2(server.start(), server.log().c_str());
            QCOMPARE(
                server.client(token).post("/v1/holds", {{"show_id", "show-big"}, {"seats", {"A1"}}}, uuid()).status,
                201);
        }
    }

    void commandsRefuseAnUnmigratedDatabase()
    {
        TestDatabase db("cli_unmigrated", false);
        auto added = runServerTool({"device", "add", "--name", "x", "--role", "counter", "--db", db.url()});
        QCOMPARE(added.exitCode, 1);
        QVERIFY(added.err.find("run 'marquee-server migrate' first") != std::string::npos);
    }

    void badFlagsGiveOneLineAndExitTwo()
    {
        for (const auto& args :
             std::vector<std::vector<std::string>>{{"migrate", "--bogus"},
                                                   {"serve", "--db", "x"},
                                                   {"serve", "--insecure-http", "--pool", "zero", "--db", "x"},
                                                   {"serve", "--insecure-http", "--listen", "nonsense", "--db", "x"},
                                                   {"device", "add", "--name", "n", "--role", "janitor", "--db", "x"},
                                                   {"device"},
                                                   {"frobnicate"}}) {
            auto result = runServerTool(args);
            QCOMPARE(result.exitCode, 2);
            QCOMPARE(std::count(result.err.begin(), result.err.end(), '\n'), 1L);
        }
    }

    void unreachableDatabaseGivesOneLineAndExitOne()
    {
        auto result = runServerTool({"migrate", "--db", "postgresql://nobody@127.0.0.1:1/none"});
        QCOMPARE(result.exitCode, 1);
        QCOMPARE(std::count(result.err.begin(), result.err.end(), '\n'), 1L);
        QVERIFY(result.err.find("cannot connect to the database") != std::string::npos);
        auto missing = runServerTool({"migrate"}, {{"MARQUEE_DB", ""}});
        QCOMPARE(missing.exitCode, 1);
    }

    void deviceAddPrintsTokenOnceAndListShowsNoToken()
    {
        TestDatabase db("cli_devices");
        auto added = runServerTool({"device", "add", "--name", "counter-1", "--role", "counter", "--db", db.url()});
        QCOMPARE(added.exitCode, 0);
        const auto at = added.out.find("token: mq_");
        QVERIFY(at != std::string::npos);
        const std::string token = added.out.substr(at + 7, 67);
        QCOMPARE(token.size(), std::size_t(67)); // mq_ + 64 hex digits = 256 bits
        // Only the hash is stored.
        QCOMPARE(db.scalar("SELECT count(*) FROM devices WHERE token_sha256 = '" + token + "'"), std::string("0"));
        QCOMPARE(db.scalar("SELECT length(token_sha256) FROM devices WHERE name = 'counter-1'"), std::string("64"));
        auto listed = runServerTool({"device", "list", "--db", db.url()});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.out.find("counter-1") != std::string::npos);
        QVERIFY(listed.out.find(token) == std::string::npos);
        auto again = runServerTool({"device", "add", "--name", "counter-1", "--role", "kiosk", "--db", db.url()});
        QCOMPARE(again.exitCode, 1);
        auto revoked = runServerTool({"device", "revoke", "counter-1", "--db", db.url()});
        QCOMPARE(revoked.exitCode, 0);
        QVERIFY(runServerTool({"device", "list", "--db", db.url()}).out.find("revoked") != std::string::npos);
        QCOMPARE(runServerTool({"device", "revoke", "nobody", "--db", db.url()}).exitCode, 1);
    }

    void catalogImportReportsBadFilesAndKeepsSeatState()
    {
        TestDatabase db("cli_catalog");
        auto missing = runServerTool({"catalog", "import", "/nonexistent.json", "--db", db.url()});
        QCOMPARE(missing.exitCode, 1);
        db.query("INSERT INTO claims(show_id, seat_id, state, owner_id) VALUES('show-big', 'A1', 'BOOKED', 'b-1')");
        auto again = runServerTool({"catalog", "import", testCatalogPath(), "--db", db.url()});
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(db.scalar("SELECT count(*) FROM claims WHERE show_id = 'show-big'"), std::string("1"));
        QCOMPARE(db.scalar("SELECT count(*) FROM shows"), std::string("2"));
    }

    void serveRefusesPlainHttpUnlessAskedAndThenWarns()
    {
        TestDatabase db("cli_serve");
        auto refused = runServerTool({"serve", "--db", db.url(), "--listen", "127.0.0.1:0"});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY(refused.err.find("--tls-cert") != std::string::npos);
        auto badCert = runServerTool({"serve", "--db", db.url(), "--listen", "127.0.0.1:0", "--tls-cert",
                                      "/nonexistent", "--tls-key", "/nonexistent"});
        QCOMPARE(badCert.exitCode, 1);

        // ServerProcess always passes TLS flags; check the warning with a direct start instead.
        const pid_t pid = fork();
        if (pid == 0) {
            const std::string log = "/tmp/marquee-plain-" + std::to_string(getpid()) + ".log";
            freopen(log.c_str(), "w", stderr);
            execl(serverBinary().c_str(), serverBinary().c_str(), "serve", "--insecure-http", "--listen", "127.0.0.1:0",
                  "--db", db.url().c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        const std::string log = "/tmp/marquee-plain-" + std::to_string(pid) + ".log";
        std::string text;
        for (int i = 0; i < 200 && text.find("listening") == std::string::npos; ++i) {
            QThread::msleep(20);
            std::ifstream in(log);
            std::stringstream content;
            content << in.rdbuf();
            text = content.str();
        }
        ::kill(pid, SIGTERM);
        int status = 0;
        waitpid(pid, &status, 0);
        std::remove(log.c_str());
        QVERIFY(text.find("WARNING: serving plain HTTP") != std::string::npos);
        QVERIFY(text.find("listening on http://") != std::string::npos);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
};

QTEST_APPLESS_MAIN(TestServerCli)
#include "tst_ServerCli.moc"
