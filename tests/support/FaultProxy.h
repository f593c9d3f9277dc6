#pragma once
// A fault-injecting HTTPS proxy of our own, on loopback, between a counter and the server.
//
// It terminates TLS with the test CA's server certificate (so the client verifies it
// exactly as it verifies the real server), reads each HTTP/1.1 request, opens TLS to the
// real server and applies the fault that the plan picks for that request:
//   Pass              forward and answer
//   Delay             wait, then as Pass
//   DropBeforeServer  the client sent the request; the server never sees it; connection closed
//   DropAfterCommit   the server processed (committed) it; the answer is thrown away and the
//                     connection closed
//   ResetAfterCommit  as DropAfterCommit, but the client gets a TCP reset
//   BlackHole         the request goes nowhere and nothing ever comes back (client timeout)
//   Duplicate         the request reaches the server twice (the second time on a new
//                     connection); the client gets the second answer
// Used by the sync and end-to-end tests; it is test code, never shipped.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace marquee::test {

enum class Fault
{
    Pass,
    Delay,
    DropBeforeServer,
    DropAfterCommit,
    ResetAfterCommit,
    BlackHole,
    Duplicate
};

const char* nameOf(Fault fault);

struct FaultProxyOptions
{
    int upstreamPort = 0;
    std::string certFile; // the certificate the proxy shows its clients (test CA signed)
    std::string keyFile;
    std::string caFile; // to verify the real server
    std::chrono::milliseconds delay{300};
};

class FaultProxy
{
public:
    // What the plan sees of a request: its running number (from 0), method and path.
    struct RequestInfo
    {
        std::uint64_t index = 0;
        std::string method;
        std::string path;
    };
    using Plan = std::function<Fault(const RequestInfo&)>;

    explicit FaultProxy(FaultProxyOptions options);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    // Listens on 127.0.0.1 on a free port; false (with a reason on stderr) on failure.
    bool start();
    void stop();
    int port() const { return m_port; }

    // Every request passes until a plan is set. The plan is called from proxy threads.
    void setPlan(Plan plan);
    void setFault(Fault fault); // the same fault for every request from now on
    // Cuts every open connection (a Wi-Fi drop): clients see their connections die.
    void dropAllConnections();

    std::uint64_t requests() const { return m_requests.load(); }
    std::uint64_t faultsApplied() const { return m_faults.load(); }

private:
    struct Tls;
    void acceptLoop();
    void serve(int clientFd);
    Fault pick(const RequestInfo& info);

    FaultProxyOptions m_options;
    std::unique_ptr<Tls> m_tls;
    int m_listenFd = -1;
    int m_port = 0;
    std::atomic<bool> m_running{false};
    std::thread m_acceptThread;
    std::mutex m_mutex;
    Plan m_plan;
    std::vector<int> m_openFds;
    std::vector<std::thread> m_threads;
    std::atomic<std::uint64_t> m_requests{0};
    std::atomic<std::uint64_t> m_faults{0};
};

} // namespace marquee::test
