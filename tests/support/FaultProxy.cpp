#include "FaultProxy.h"

#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

namespace marquee::test {

namespace {

// One TLS stream with a read buffer, for reading HTTP messages off it.
struct Stream
{
    SSL* ssl = nullptr;
    int fd = -1;
    std::string buffer;

    ~Stream() { close(); }
    void close()
    {
        if (ssl) {
            SSL_free(ssl);
            ssl = nullptr;
        }
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }
    bool fill()
    {
        char chunk[16384];
        const int n = SSL_read(ssl, chunk, sizeof chunk);
        if (n <= 0)
            return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
        return true;
    }
    bool writeAll(const std::string& data)
    {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const int n = SSL_write(ssl, data.data() + sent, static_cast<int>(data.size() - sent));
            if (n <= 0)
                return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
};

std::string headerValue(const std::string& head, const char* name)
{
    const std::size_t nameLength = std::strlen(name);
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos && pos + 2 < head.size()) {
        const std::size_t start = pos + 2;
        const std::size_t end = head.find("\r\n", start);
        const std::string line = head.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (line.size() > nameLength && line[nameLength] == ':' && strncasecmp(line.c_str(), name, nameLength) == 0) {
            std::size_t v = nameLength + 1;
            while (v < line.size() && line[v] == ' ')
                ++v;
            return line.substr(v);
        }
        pos = end;
    }
    return {};
}

// Reads one HTTP/1.1 message (head and Content-Length body). `bodyless` for answers that
// never carry one (204, 304, and answers to HEAD).
bool readMessage(Stream& stream, std::string& head, std::string& body, bool isResponse)
{
    std::size_t end;
    while ((end = stream.buffer.find("\r\n\r\n")) == std::string::npos) {
        if (stream.buffer.size() > 1 << 20 || !stream.fill())
            return false;
    }
    head = stream.buffer.substr(0, end + 4);
    stream.buffer.erase(0, end + 4);
    std::size_t length = 0;
    const std::string contentLength = headerValue(head, "Content-Length");
    if (!contentLength.empty()) {
        length = std::stoul(contentLength);
    } else if (isResponse) {
        const int status = std::atoi(head.c_str() + head.find(' ') + 1);
        if (status != 204 && status != 304 && !headerValue(head, "Transfer-Encoding").empty()) {
            std::fprintf(stderr, "fault proxy: chunked answers are not supported\n");
            return false;
        }
    }
    while (stream.buffer.size() < length) {
        if (!stream.fill())
            return false;
    }
    body = stream.buffer.substr(0, length);
    stream.buffer.erase(0, length);
    return true;
}

} // namespace

const char* nameOf(Fault fault)
{
    switch (fault) {
    case Fault::Pass:
        return "pass";
    case Fault::Delay:
        return "delay";
    case Fault::DropBeforeServer:
        return "drop-before-server";
    case Fault::DropAfterCommit:
        return "drop-after-commit";
    case Fault::ResetAfterCommit:
        return "reset-after-commit";
    case Fault::BlackHole:
        return "black-hole";
    case Fault::Duplicate:
        return "duplicate";
    }
    return "pass";
}

struct FaultProxy::Tls
{
    SSL_CTX* server = nullptr;
    SSL_CTX* client = nullptr;
    ~Tls()
    {
        if (server)
            SSL_CTX_free(server);
        if (client)
            SSL_CTX_free(client);
    }
};

FaultProxy::FaultProxy(FaultProxyOptions options)
    : m_options(std::move(options))
    , m_tls(std::make_unique<Tls>())
{
}

FaultProxy::~FaultProxy()
{
    stop();
}

bool FaultProxy::start()
{
    m_tls->server = SSL_CTX_new(TLS_server_method());
    m_tls->client = SSL_CTX_new(TLS_client_method());
    if (!m_tls->server || !m_tls->client ||
        SSL_CTX_use_certificate_chain_file(m_tls->server, m_options.certFile.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(m_tls->server, m_options.keyFile.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_load_verify_locations(m_tls->client, m_options.caFile.c_str(), nullptr) != 1) {
        std::fprintf(stderr, "fault proxy: cannot load the test certificates\n");
        return false;
    }
    SSL_CTX_set_verify(m_tls->client, SSL_VERIFY_PEER, nullptr);

    m_listenFd = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(m_listenFd, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(m_listenFd, 64) != 0) {
        std::perror("fault proxy: listen");
        return false;
    }
    ::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_running = true;
    m_acceptThread = std::thread([this] { acceptLoop(); });
    return true;
}

void FaultProxy::stop()
{
    if (!m_running.exchange(false))
        return;
    ::shutdown(m_listenFd, SHUT_RDWR);
    ::close(m_listenFd);
    if (m_acceptThread.joinable())
        m_acceptThread.join();
    dropAllConnections();
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(m_mutex);
        threads.swap(m_threads);
    }
    for (auto& t : threads)
        t.join();
}

void FaultProxy::setPlan(Plan plan)
{
    std::lock_guard lock(m_mutex);
    m_plan = std::move(plan);
}

void FaultProxy::setFault(Fault fault)
{
    setPlan([fault](const RequestInfo&) { return fault; });
}

void FaultProxy::dropAllConnections()
{
    std::lock_guard lock(m_mutex);
    for (int fd : m_openFds)
        ::shutdown(fd, SHUT_RDWR);
}

Fault FaultProxy::pick(const RequestInfo& info)
{
    Plan plan;
    {
        std::lock_guard lock(m_mutex);
        plan = m_plan;
    }
    const Fault fault = plan ? plan(info) : Fault::Pass;
    if (fault != Fault::Pass)
        ++m_faults;
    return fault;
}

void FaultProxy::acceptLoop()
{
    while (m_running) {
        const int fd = ::accept(m_listenFd, nullptr, nullptr);
        if (fd < 0) {
            if (!m_running)
                return;
            continue;
        }
        std::lock_guard lock(m_mutex);
        m_openFds.push_back(fd);
        m_threads.emplace_back([this, fd] { serve(fd); });
    }
}

void FaultProxy::serve(int clientFd)
{
    // A peer that hung up must not kill the test process on our next write: with SIGPIPE
    // blocked on this thread, the write fails with EPIPE instead (QtTest treats the signal
    // as fatal, whatever the process-wide disposition).
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    auto forget = [this](int fd) {
        std::lock_guard lock(m_mutex);
        std::erase(m_openFds, fd);
    };
    Stream client;
    client.fd = clientFd;
    client.ssl = SSL_new(m_tls->server);
    SSL_set_fd(client.ssl, clientFd);
    if (SSL_accept(client.ssl) != 1) {
        forget(clientFd);
        return;
    }
    auto connectUpstream = [this](Stream& upstream) {
        upstream.close();
        upstream.buffer.clear();
        upstream.fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(static_cast<std::uint16_t>(m_options.upstreamPort));
        if (::connect(upstream.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            return false;
        const int one = 1;
        ::setsockopt(upstream.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        upstream.ssl = SSL_new(m_tls->client);
        SSL_set_fd(upstream.ssl, upstream.fd);
        static char host[] = "localhost";
        SSL_ctrl(upstream.ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, host);
        return SSL_connect(upstream.ssl) == 1;
    };
    auto roundTrip = [&](Stream& upstream, const std::string& request, std::string& head, std::string& body) {
        if (upstream.fd < 0 && !connectUpstream(upstream))
            return false;
        if (!upstream.writeAll(request) || !readMessage(upstream, head, body, true)) {
            // A kept-alive upstream connection the server closed: one fresh try.
            if (!connectUpstream(upstream) || !upstream.writeAll(request))
                return false;
            return readMessage(upstream, head, body, true);
        }
        return true;
    };

    Stream upstream;
    for (;;) {
        std::string head, body;
        if (!readMessage(client, head, body, false))
            break;
        RequestInfo info;
        info.index = m_requests++;
        const std::size_t sp1 = head.find(' ');
        const std::size_t sp2 = head.find(' ', sp1 + 1);
        info.method = head.substr(0, sp1);
        info.path = head.substr(sp1 + 1, sp2 - sp1 - 1);
        Fault fault = pick(info);
        if (fault == Fault::Delay) {
            std::this_thread::sleep_for(m_options.delay);
            fault = Fault::Pass;
        }
        if (fault == Fault::DropBeforeServer)
            break;
        if (fault == Fault::BlackHole) {
            // Hold the connection, say nothing, until the client gives up or the proxy stops.
            pollfd p{clientFd, POLLIN, 0};
            while (m_running && ::poll(&p, 1, 100) == 0) {
            }
            break;
        }
        const std::string request = head + body;
        std::string answerHead, answerBody;
        if (!roundTrip(upstream, request, answerHead, answerBody))
            break;
        if (fault == Fault::Duplicate) {
            Stream second;
            if (!connectUpstream(second) || !second.writeAll(request) ||
                !readMessage(second, answerHead, answerBody, true))
                break;
        }
        if (fault == Fault::DropAfterCommit)
            break;
        if (fault == Fault::ResetAfterCommit) {
            linger hard{1, 0};
            ::setsockopt(clientFd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
            break;
        }
        if (!client.writeAll(answerHead + answerBody))
            break;
    }
    forget(clientFd);
}

} // namespace marquee::test
