#include "ServerHarness.h"

#include "Uuid.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace marquee::test {

namespace {
std::string readFile(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string replaceDatabase(const std::string& url, const std::string& db)
{
    return url.substr(0, url.rfind('/') + 1) + db;
}
} // namespace

Fixture Fixture::load()
{
    Fixture f;
    // The benchmarks run their own cluster and point here through the environment.
    const char* dir = std::getenv("MARQUEE_SERVER_FIXTURE_DIR");
    std::ifstream in(std::string(dir && *dir ? dir : MARQUEE_SERVER_FIXTURE_DIR) + "/env");
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            continue;
        const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
        if (key == "MARQUEE_TEST_PG_URL")
            f.pgUrl = value;
        if (key == "MARQUEE_TEST_CA")
            f.ca = value;
        if (key == "MARQUEE_TEST_CERT")
            f.cert = value;
        if (key == "MARQUEE_TEST_KEY")
            f.key = value;
    }
    return f;
}

std::string serverBinary()
{
    return MARQUEE_SERVER_BINARY;
}

std::string testCatalogPath()
{
    return std::string(MARQUEE_SOURCE_DIR) + "/tests/server/data/test-cinema.json";
}

std::string uuid()
{
    return newUuid();
}

ToolResult runServerTool(const std::vector<std::string>& args, const std::map<std::string, std::string>& env)
{
    char outPath[] = "/tmp/marquee-tool-out.XXXXXX";
    char errPath[] = "/tmp/marquee-tool-err.XXXXXX";
    const int outFd = mkstemp(outPath);
    const int errFd = mkstemp(errPath);
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(outFd, 1);
        dup2(errFd, 2);
        for (const auto& [k, v] : env)
            setenv(k.c_str(), v.c_str(), 1);
        std::vector<char*> argv;
        std::string binary = serverBinary();
        argv.push_back(binary.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    close(outFd);
    close(errFd);
    ToolResult result;
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = readFile(outPath);
    result.err = readFile(errPath);
    unlink(outPath);
    unlink(errPath);
    return result;
}

TestDatabase::TestDatabase(const std::string& name, bool migrate)
{
    const Fixture fixture = Fixture::load();
    if (fixture.pgUrl.empty())
        throw std::runtime_error("the PostgreSQL fixture did not run (server.fixture.start)");
    std::string db = "t_" + name + "_" + newUuid().substr(0, 8);
    for (char& c : db) {
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    }
    {
        pqxx::connection admin(fixture.pgUrl);
        pqxx::nontransaction tx(admin);
        tx.exec("CREATE DATABASE " + db);
    }
    m_url = replaceDatabase(fixture.pgUrl, db);
    if (migrate) {
        auto migrated = runServerTool({"migrate", "--db", m_url});
        if (migrated.exitCode != 0)
            throw std::runtime_error("migrate failed: " + migrated.err);
        auto imported = runServerTool({"catalog", "import", testCatalogPath(), "--db", m_url});
        if (imported.exitCode != 0)
            throw std::runtime_error("catalog import failed: " + imported.err);
    }
}

std::string TestDatabase::addDevice(const std::string& name, const std::string& role)
{
    auto added = runServerTool({"device", "add", "--name", name, "--role", role, "--db", m_url});
    if (added.exitCode != 0)
        throw std::runtime_error("device add failed: " + added.err);
    const auto at = added.out.find("token: ");
    if (at == std::string::npos)
        throw std::runtime_error("device add printed no token");
    return added.out.substr(at + 7, added.out.find('\n', at) - at - 7);
}

std::vector<std::vector<std::string>> TestDatabase::query(const std::string& sql)
{
    pqxx::connection connection(m_url);
    pqxx::work tx(connection);
    std::vector<std::vector<std::string>> out;
    for (const auto& row : tx.exec(sql)) {
        std::vector<std::string> values;
        for (const auto& field : row)
            values.push_back(field.is_null() ? "" : field.c_str());
        out.push_back(std::move(values));
    }
    tx.commit();
    return out;
}

std::string TestDatabase::scalar(const std::string& sql)
{
    auto rows = query(sql);
    return rows.empty() || rows[0].empty() ? std::string() : rows[0][0];
}

nlohmann::json Response::json() const
{
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json() : parsed;
}

std::string Response::header(const std::string& name) const
{
    for (const auto& [k, v] : headers) {
        if (strcasecmp(k.c_str(), name.c_str()) == 0)
            return v;
    }
    return {};
}

Client::Client(int port, const std::string& ca, std::string token)
    : m_token(std::move(token))
{
    // A server killed mid-request must give the client an error, not kill the test with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    m_client = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
    m_client->set_ca_cert_path(ca.c_str());
    m_client->enable_server_certificate_verification(true);
    m_client->set_connection_timeout(5, 0);
    m_client->set_read_timeout(30, 0);
    m_client->set_keep_alive(true);
    m_client->set_tcp_nodelay(true); // as libcurl does; without it Nagle adds 40 ms per POST
}

httplib::Headers Client::auth() const
{
    httplib::Headers headers;
    if (!m_token.empty())
        headers.emplace("Authorization", "Bearer " + m_token);
    return headers;
}

namespace {
Response convert(const httplib::Result& result)
{
    Response r;
    if (!result)
        return r;
    r.status = result->status;
    r.body = result->body;
    for (const auto& [k, v] : result->headers)
        r.headers.emplace(k, v);
    return r;
}
} // namespace

Response Client::get(const std::string& path, const httplib::Headers& extra)
{
    httplib::Headers headers = auth();
    for (const auto& h : extra)
        headers.insert(h);
    return convert(m_client->Get(path.c_str(), headers));
}

Response Client::post(const std::string& path, const nlohmann::json& body, const std::string& key)
{
    httplib::Headers headers;
    if (!key.empty())
        headers.emplace("Idempotency-Key", key);
    return postRaw(path, body.dump(), headers);
}

Response Client::postRaw(const std::string& path, const std::string& body, const httplib::Headers& extra,
                         const std::string& contentType)
{
    httplib::Headers headers = auth();
    for (const auto& h : extra)
        headers.insert(h);
    return convert(m_client->Post(path.c_str(), headers, body, contentType.c_str()));
}

Response Client::del(const std::string& path)
{
    return convert(m_client->Delete(path.c_str(), auth()));
}

Response Client::send(const std::string& method, const std::string& path, const std::string& body)
{
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.headers = auth();
    if (!body.empty()) {
        request.body = body;
        request.set_header("Content-Type", "application/json");
    }
    return convert(m_client->send(request));
}

ServerProcess::ServerProcess(std::string dbUrl, std::vector<std::string> extraArgs)
    : m_dbUrl(std::move(dbUrl))
    , m_args(std::move(extraArgs))
{
    char path[] = "/tmp/marquee-server-log.XXXXXX";
    const int fd = mkstemp(path);
    close(fd);
    m_logPath = path;
}

ServerProcess::~ServerProcess()
{
    if (m_pid > 0) {
        kill(SIGKILL);
        wait();
    }
    unlink(m_logPath.c_str());
}

bool ServerProcess::start()
{
    const Fixture fixture = Fixture::load();
    // A restart listens on the port of the first start, so clients can keep their address.
    std::vector<std::string> args = {
        serverBinary(), "serve",      "--db",      m_dbUrl,    "--listen", "127.0.0.1:" + std::to_string(m_port),
        "--tls-cert",   fixture.cert, "--tls-key", fixture.key};
    args.insert(args.end(), m_args.begin(), m_args.end());
    const int logFd = open(m_logPath.c_str(), O_WRONLY | O_TRUNC);
    m_pid = fork();
    if (m_pid == 0) {
        // A test that crashes must not leave its server running.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(logFd, 1);
        dup2(logFd, 2);
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(logFd);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string text = log();
        const auto at = text.find("listening on https://127.0.0.1:");
        if (at != std::string::npos) {
            m_port = std::atoi(text.c_str() + at + 31);
            return m_port > 0;
        }
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

void ServerProcess::kill(int signal)
{
    if (m_pid > 0)
        ::kill(m_pid, signal);
}

int ServerProcess::wait()
{
    int status = 0;
    if (m_pid > 0)
        waitpid(m_pid, &status, 0);
    m_pid = -1;
    return status;
}

std::string ServerProcess::log() const
{
    return readFile(m_logPath);
}

Client ServerProcess::client(const std::string& token) const
{
    return Client(m_port, Fixture::load().ca, token);
}

} // namespace marquee::test
