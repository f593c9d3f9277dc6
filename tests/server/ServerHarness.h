#pragma once
// What the server tests share: the PostgreSQL + test-CA fixture that CTest started
// (pg_fixture.sh), a fresh database per test suite, the marquee-server binary run as a
// child process (so tests can SIGKILL and restart it), and an HTTPS client that verifies
// the server's certificate against the test CA.

#include <httplib.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/types.h>
#include <vector>

namespace marquee::test {

struct Fixture
{
    std::string pgUrl; // the cluster's postgres database
    std::string ca;
    std::string cert;
    std::string key;
    // Reads <fixture dir>/env (the environment's MARQUEE_SERVER_FIXTURE_DIR, else the build's);
    // empty pgUrl when the fixture did not run.
    static Fixture load();
};

struct ToolResult
{
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Runs marquee-server with arguments and waits for it.
ToolResult runServerTool(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});
std::string serverBinary();
std::string testCatalogPath();

// A fresh, migrated database with the test catalog and one device per role.
class TestDatabase
{
public:
    // `name` becomes part of the database name; the fixture must have run.
    explicit TestDatabase(const std::string& name, bool migrate = true);
    const std::string& url() const { return m_url; }
    // Adds a device and returns its token.
    std::string addDevice(const std::string& name, const std::string& role);
    // Runs SQL and returns the rows as text (for checks the API does not expose).
    std::vector<std::vector<std::string>> query(const std::string& sql);
    std::string scalar(const std::string& sql);

private:
    std::string m_url;
};

struct Response
{
    int status = 0; // 0: no response (connection failed)
    std::string body;
    std::multimap<std::string, std::string> headers;
    nlohmann::json json() const;
    std::string header(const std::string& name) const;
};

class Client
{
public:
    Client(int port, const std::string& ca, std::string token);
    Response get(const std::string& path, const httplib::Headers& extra = {});
    Response post(const std::string& path, const nlohmann::json& body, const std::string& key);
    Response postRaw(const std::string& path, const std::string& body, const httplib::Headers& headers,
                     const std::string& contentType = "application/json");
    Response del(const std::string& path);
    // Any method, for the methods the API does not take.
    Response send(const std::string& method, const std::string& path, const std::string& body = {});
    void setToken(std::string token) { m_token = std::move(token); }

private:
    httplib::Headers auth() const;
    std::unique_ptr<httplib::SSLClient> m_client;
    std::string m_token;
};

// marquee-server serve as a child process on a free port.
class ServerProcess
{
public:
    ServerProcess(std::string dbUrl, std::vector<std::string> extraArgs = {});
    ~ServerProcess();
    // Starts and waits until it listens; returns false (with the log in `log()`) on failure.
    // Starting again after kill() reuses the port.
    bool start();
    void kill(int signal);
    // Waits for exit and returns the status as from waitpid.
    int wait();
    int port() const { return m_port; }
    std::string log() const;
    Client client(const std::string& token) const;

private:
    std::string m_dbUrl;
    std::vector<std::string> m_args;
    std::string m_logPath;
    pid_t m_pid = -1;
    int m_port = 0;
};

std::string uuid();

} // namespace marquee::test
