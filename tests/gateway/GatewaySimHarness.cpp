#include "GatewaySimHarness.h"

#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace marquee::test {

std::string gatewaySimBinary()
{
    return MARQUEE_GATEWAY_SIM_BINARY;
}

namespace {
// Runs a command line through the shell; its stderr when it fails.
std::string runShell(const std::string& command)
{
    const std::string errors = "/tmp/marquee-gateway-openssl." + std::to_string(getpid());
    const int status = std::system((command + " 2>" + errors + " >/dev/null").c_str());
    std::ifstream in(errors);
    std::stringstream text;
    text << in.rdbuf();
    unlink(errors.c_str());
    return status == 0 ? std::string() : command + ": " + text.str();
}
} // namespace

TestCertificate makeTestCertificate(const std::string& dir)
{
    TestCertificate c{dir + "/ca.crt", dir + "/sim.crt", dir + "/sim.key", {}};
    {
        std::ofstream ext(dir + "/ext.cnf");
        ext << "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n";
    }
    for (const std::string& command :
         {"openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj '/CN=Gateway Test CA' -keyout '" + dir +
              "/ca.key' -out '" + c.ca +
              "' -addext basicConstraints=critical,CA:TRUE -addext "
              "keyUsage=critical,keyCertSign",
          "openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout '" + c.key + "' -out '" + dir + "/sim.csr'",
          "openssl x509 -req -in '" + dir + "/sim.csr' -CA '" + c.ca + "' -CAkey '" + dir +
              "/ca.key' -CAcreateserial -days 1 -extfile '" + dir + "/ext.cnf' -out '" + c.cert + "'"}) {
        c.error = runShell(command);
        if (!c.error.empty())
            break;
    }
    return c;
}

GatewaySimProcess::GatewaySimProcess(std::vector<std::string> extraArgs)
    : m_args(std::move(extraArgs))
{
    char path[] = "/tmp/marquee-gateway-sim-log.XXXXXX";
    const int fd = mkstemp(path);
    close(fd);
    m_logPath = path;
}

GatewaySimProcess::~GatewaySimProcess()
{
    if (m_pid > 0) {
        kill(SIGKILL);
        wait();
    }
    unlink(m_logPath.c_str());
}

bool GatewaySimProcess::start()
{
    std::vector<std::string> args = {gatewaySimBinary(), "--listen", "127.0.0.1:" + std::to_string(m_port),
                                     "--api-key",        kSimApiKey, "--webhook-secret",
                                     kSimWebhookSecret};
    args.insert(args.end(), m_args.begin(), m_args.end());
    const int logFd = open(m_logPath.c_str(), O_WRONLY | O_TRUNC);
    m_pid = fork();
    if (m_pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); // a crashed test leaves no simulator behind
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
        const auto at = text.find("listening on ");
        if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
            const auto schemeEnd = text.find("://", at);
            const auto colon = text.rfind(':', text.find('\n', at));
            m_port = std::atoi(text.c_str() + colon + 1);
            m_baseUrl = text.substr(at + 13, text.find('\n', at) - at - 13);
            return m_port > 0 && schemeEnd != std::string::npos;
        }
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

void GatewaySimProcess::kill(int signal)
{
    if (m_pid > 0)
        ::kill(m_pid, signal);
}

int GatewaySimProcess::wait()
{
    int status = 0;
    if (m_pid > 0)
        waitpid(m_pid, &status, 0);
    m_pid = -1;
    return status;
}

bool GatewaySimProcess::running()
{
    int status = 0;
    return m_pid > 0 && waitpid(m_pid, &status, WNOHANG) == 0;
}

std::string GatewaySimProcess::log() const
{
    std::ifstream in(m_logPath);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

nlohmann::json SimResponse::json() const
{
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json() : parsed;
}

std::string SimResponse::header(const std::string& name) const
{
    for (const auto& [k, v] : headers) {
        if (strcasecmp(k.c_str(), name.c_str()) == 0)
            return v;
    }
    return {};
}

SimClient::SimClient(const std::string& baseUrl, std::string apiKey, const std::string& caFile)
    : m_client(std::make_unique<httplib::Client>(baseUrl))
    , m_apiKey(std::move(apiKey))
{
    std::signal(SIGPIPE, SIG_IGN);
    if (!caFile.empty()) {
        m_client->set_ca_cert_path(caFile.c_str());
        m_client->enable_server_certificate_verification(true);
    }
    m_client->set_connection_timeout(5, 0);
    m_client->set_read_timeout(30, 0);
}

void SimClient::setReadTimeout(int seconds)
{
    m_client->set_read_timeout(seconds, 0);
}

SimResponse SimClient::convert(const httplib::Result& result)
{
    SimResponse r;
    if (!result)
        return r;
    r.status = result->status;
    r.body = result->body;
    r.headers = result->headers;
    return r;
}

SimResponse SimClient::postForm(const std::string& path, const std::string& body, const std::string& idempotencyKey)
{
    httplib::Headers headers = {{"Authorization", "Bearer " + m_apiKey}};
    if (!idempotencyKey.empty())
        headers.emplace("Idempotency-Key", idempotencyKey);
    return convert(m_client->Post(path.c_str(), headers, body, "application/x-www-form-urlencoded"));
}

SimResponse SimClient::postJson(const std::string& path, const nlohmann::json& body, const std::string& idempotencyKey)
{
    httplib::Headers headers = {{"Authorization", "Bearer " + m_apiKey}};
    if (!idempotencyKey.empty())
        headers.emplace("Idempotency-Key", idempotencyKey);
    return convert(m_client->Post(path.c_str(), headers, body.dump(), "application/json"));
}

SimResponse SimClient::get(const std::string& path)
{
    return convert(m_client->Get(path.c_str(), {{"Authorization", "Bearer " + m_apiKey}}));
}

nlohmann::json SimClient::setFaults(const nlohmann::json& patch)
{
    return postJson("/_sim/faults", patch).json();
}

nlohmann::json SimClient::ledger()
{
    return get("/_sim/ledger").json();
}

void SimClient::reset()
{
    postJson("/_sim/reset", nlohmann::json::object());
}

void SimClient::setWebhookUrl(const std::string& url)
{
    postJson("/_sim/webhook", {{"url", url}});
}

WebhookReceiver::WebhookReceiver()
{
    m_server.Post("/hooks", [this](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(m_mutex);
        m_received.push_back({req.body, req.get_header_value("Stripe-Signature")});
        res.status = m_status;
        res.set_content("{}", "application/json");
        m_arrived.notify_all();
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
}

WebhookReceiver::~WebhookReceiver()
{
    m_server.stop();
    m_thread.join();
}

void WebhookReceiver::answerWith(int status)
{
    std::lock_guard lock(m_mutex);
    m_status = status;
}

std::vector<ReceivedWebhook> WebhookReceiver::received() const
{
    std::lock_guard lock(m_mutex);
    return m_received;
}

bool WebhookReceiver::waitFor(std::size_t count, std::chrono::milliseconds timeout) const
{
    std::unique_lock lock(m_mutex);
    return m_arrived.wait_for(lock, timeout, [&] { return m_received.size() >= count; });
}

void WebhookReceiver::clear()
{
    std::lock_guard lock(m_mutex);
    m_received.clear();
}

} // namespace marquee::test
