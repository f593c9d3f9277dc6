#pragma once
// What the gateway tests (and the sync tests of GatewayClient) share: marquee-gateway-sim run
// as a child process on a free loopback port, a small client for its API and its /_sim
// control routes, and a real HTTP server on loopback that receives its webhooks.

#include <chrono>
#include <condition_variable>
#include <httplib.h>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace marquee::test {

inline constexpr const char* kSimApiKey = "sk_test_gateway_tests";
inline constexpr const char* kSimWebhookSecret = "whsec_gateway_tests";

std::string gatewaySimBinary();

// A throwaway CA and a server certificate for 127.0.0.1/localhost, made with openssl in
// `dir`; empty `error` on success.
struct TestCertificate
{
    std::string ca;
    std::string cert;
    std::string key;
    std::string error;
};
TestCertificate makeTestCertificate(const std::string& dir);

class GatewaySimProcess
{
public:
    // Extra command-line flags after the defaults (loopback, any port, the test keys).
    explicit GatewaySimProcess(std::vector<std::string> extraArgs = {});
    ~GatewaySimProcess();
    GatewaySimProcess(const GatewaySimProcess&) = delete;
    GatewaySimProcess& operator=(const GatewaySimProcess&) = delete;

    // Starts and waits until it listens; false (see log()) when it exits or never listens.
    bool start();
    void kill(int signal);
    int wait(); // the status as from waitpid
    bool running();
    int port() const { return m_port; }
    const std::string& baseUrl() const { return m_baseUrl; }
    std::string log() const;

private:
    std::vector<std::string> m_args;
    std::string m_logPath;
    pid_t m_pid = -1;
    int m_port = 0;
    std::string m_baseUrl;
};

struct SimResponse
{
    int status = 0; // 0: no answer
    std::string body;
    httplib::Headers headers;
    nlohmann::json json() const;
    std::string header(const std::string& name) const;
};

// Talks to the simulator over plain HTTP or HTTPS (give the CA).
class SimClient
{
public:
    explicit SimClient(const std::string& baseUrl, std::string apiKey = kSimApiKey, const std::string& caFile = {});
    SimResponse postForm(const std::string& path, const std::string& body, const std::string& idempotencyKey = {});
    SimResponse postJson(const std::string& path, const nlohmann::json& body, const std::string& idempotencyKey = {});
    SimResponse get(const std::string& path);
    void setReadTimeout(int seconds);

    // Control routes; each fails the calling test's expectations loudly if the simulator refuses.
    nlohmann::json setFaults(const nlohmann::json& patch);
    nlohmann::json ledger();
    void reset();
    void setWebhookUrl(const std::string& url);

private:
    SimResponse convert(const httplib::Result& result);
    std::unique_ptr<httplib::Client> m_client;
    std::string m_apiKey;
};

struct ReceivedWebhook
{
    std::string body;
    std::string signature;
    nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

// A real HTTP endpoint on loopback that records every webhook POSTed to /hooks, answering
// with a status the test can change (to make the simulator retry).
class WebhookReceiver
{
public:
    WebhookReceiver();
    ~WebhookReceiver();
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/hooks"; }
    void answerWith(int status);
    std::vector<ReceivedWebhook> received() const;
    // Waits until at least `count` deliveries arrived; false after `timeout`.
    bool waitFor(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
    void clear();

private:
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_arrived;
    std::vector<ReceivedWebhook> m_received;
    int m_status = 200;
};

} // namespace marquee::test
