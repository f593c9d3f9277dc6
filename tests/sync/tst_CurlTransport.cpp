// CurlTransport against the real marquee-server over HTTPS (the server tests' fixture CA and
// certificate, which covers 127.0.0.1 and localhost), and against sockets that misbehave.

#include "CurlTransport.h"
#include "ServerHarness.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <arpa/inet.h>
#include <atomic>
#include <memory>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcSyncHttp)

using namespace marquee;
using namespace marquee::test;

namespace {

QStringList g_messages;
void recordMessage(QtMsgType, const QMessageLogContext&, const QString& message)
{
    g_messages << message;
}

// A loopback socket that listens but never accepts: the kernel completes TCP handshakes
// from the backlog, then nothing more is ever said.
class SilentListener
{
public:
    SilentListener()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        ::bind(m_fd, reinterpret_cast<sockaddr*>(&address), length);
        ::listen(m_fd, 8);
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
    }
    ~SilentListener() { ::close(m_fd); }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    int fd() const { return m_fd; }
    int port() const { return m_port; }

private:
    int m_fd = -1;
    int m_port = 0;
};

// Answers every connection with a plain-HTTP 200 on its own thread, whatever was sent:
// stands in for a server (or a proxy) that speaks HTTP where HTTPS was expected.
class PlainHttpServer
{
public:
    PlainHttpServer()
        : m_thread([this] { serve(); })
    {
    }
    ~PlainHttpServer()
    {
        m_stop = true;
        m_thread.join();
    }
    int port() const { return m_socket.port(); }

private:
    void serve()
    {
        while (!m_stop) {
            pollfd waiting{m_socket.fd(), POLLIN, 0};
            if (::poll(&waiting, 1, 50) <= 0)
                continue;
            const int client = ::accept(m_socket.fd(), nullptr, nullptr);
            if (client < 0)
                continue;
            pollfd readable{client, POLLIN, 0};
            char buffer[4096];
            if (::poll(&readable, 1, 2000) > 0) {
                [[maybe_unused]] const auto got = ::read(client, buffer, sizeof buffer);
            }
            static constexpr char kAnswer[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                                              "Connection: close\r\n\r\nok";
            [[maybe_unused]] const auto sent = ::write(client, kAnswer, sizeof kAnswer - 1);
            ::close(client);
        }
    }
    SilentListener m_socket;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

QString runOpenssl(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral("openssl"), args);
    p.waitForFinished(30000);
    return p.exitCode() == 0 ? QString() : QString::fromUtf8(p.readAllStandardError());
}

} // namespace

class TestCurlTransport : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ServerProcess> m_server;
    std::string m_token;
    Fixture m_fixture;
    QTemporaryDir m_dir;

    CurlTransportOptions options(const std::string& host = "127.0.0.1") const
    {
        CurlTransportOptions o;
        o.baseUrl = "https://" + host + ":" + std::to_string(m_server->port());
        o.caFile = m_fixture.ca;
        o.connectTimeout = Duration(2000);
        o.totalTimeout = Duration(10000);
        return o;
    }
    std::unique_ptr<CurlTransport> transport(CurlTransportOptions o)
    {
        auto created = CurlTransport::create(std::move(o));
        if (!created) {
            qWarning("%s", created.error().message.c_str());
            return nullptr;
        }
        return std::move(*created);
    }
    static HttpRequest get(std::string path)
    {
        HttpRequest r;
        r.path = std::move(path);
        return r;
    }

private slots:
    void initTestCase()
    {
        m_fixture = Fixture::load();
        QVERIFY2(!m_fixture.pgUrl.empty(), "the server fixture did not run (ctest -R sync.CurlTransport starts it)");
        m_db = std::make_unique<TestDatabase>("curl");
        m_token = m_db->addDevice("counter-sync", "counter");
        m_server = std::make_unique<ServerProcess>(m_db->url());
        QVERIFY2(m_server->start(), m_server->log().c_str());
        QVERIFY(m_dir.isValid());
    }

    void healthOverHttpsWithTheRightCa()
    {
        auto t = transport(options());
        QVERIFY(t);
        const auto before = std::chrono::system_clock::now();
        auto response = t->send(get("/v1/health"));
        QVERIFY2(response, response ? "" : response.error().message.c_str());
        QCOMPARE(response->status, 200);
        QCOMPARE(nlohmann::json::parse(response->body)["status"].get<std::string>(), std::string("ok"));
        QVERIFY(response->headers.find("content-type").has_value()); // any case finds it
        QVERIFY(response->serverDate.has_value());
        const auto skew = *response->serverDate - std::chrono::time_point_cast<Duration>(before);
        QVERIFY2(std::chrono::abs(skew) < std::chrono::seconds(5), "the Date header is the server's clock");
    }

    void httpDateParsing()
    {
        auto parsed = parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT");
        QVERIFY(parsed);
        QCOMPARE(toEpochMs(*parsed), std::int64_t(784111777000));
        QVERIFY(!parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
        QVERIFY(!parseHttpDate("Sun, 31 Feb 1994 08:49:37 GMT"));
        QVERIFY(!parseHttpDate(""));
    }

    void postWithTokenAndKeyIsReplayed()
    {
        auto t = transport(options());
        QVERIFY(t);
        HttpRequest post;
        post.method = "POST";
        post.path = "/v1/holds";
        post.headers.add("Authorization", "Bearer " + m_token);
        post.headers.add("Idempotency-Key", uuid());
        post.headers.add("Content-Type", "application/json");
        post.body = nlohmann::json{{"show_id", "show-big"}, {"seats", {"B1", "B2"}}}.dump();
        auto first = t->send(post);
        QVERIFY2(first, first ? "" : first.error().message.c_str());
        QCOMPARE(first->status, 201);
        QVERIFY(!first->headers.contains("Idempotent-Replayed"));
        auto again = t->send(post);
        QVERIFY(again);
        QCOMPARE(again->status, 201);
        QCOMPARE(again->headers.find("idempotent-replayed").value_or(""), std::string("true"));
        QCOMPARE(again->body, first->body);

        // A GET after the POSTs on the same handle is a plain GET again.
        auto health = t->send(get("/v1/health"));
        QVERIFY(health);
        QCOMPARE(health->status, 200);

        HttpRequest release;
        release.method = "DELETE";
        release.path = "/v1/holds/" + nlohmann::json::parse(first->body)["hold_id"].get<std::string>();
        release.headers.add("Authorization", "Bearer " + m_token);
        auto released = t->send(release);
        QVERIFY(released);
        QCOMPARE(released->status, 204);
    }

    void authorizationHeaderIsNeverLogged()
    {
        // Turn the category's debug output on whatever QT_LOGGING_RULES says, and record it all.
        const_cast<QLoggingCategory&>(lcSyncHttp()).setEnabled(QtDebugMsg, true);
        g_messages.clear();
        const auto previous = qInstallMessageHandler(recordMessage);
        auto good = transport(options());
        auto badCa = options();
        badCa.caFile = "/nonexistent/ca.crt";
        auto bad = transport(badCa);
        HttpRequest request = get("/v1/catalog");
        request.headers.add("Authorization", "Bearer " + m_token);
        QVERIFY(good && bad);
        const bool sent = good->send(request).has_value();
        const bool refused = !bad->send(request).has_value();
        qInstallMessageHandler(previous);
        const_cast<QLoggingCategory&>(lcSyncHttp()).setEnabled(QtDebugMsg, false);
        QVERIFY(sent && refused);
        QVERIFY2(g_messages.size() >= 2, "both requests were logged");
        for (const QString& message : g_messages) {
            QVERIFY2(!message.contains(QString::fromStdString(m_token)), qPrintable(message));
            QVERIFY2(!message.contains("Bearer"), qPrintable(message));
        }
    }

    void wrongCaIsRefused()
    {
        const QString dir = m_dir.path();
        const QString error = runOpenssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                                          "/CN=Some Other CA", "-keyout", dir + "/other-ca.key", "-out",
                                          dir + "/other-ca.crt", "-addext", "basicConstraints=critical,CA:TRUE"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto o = options();
        o.caFile = (dir + "/other-ca.crt").toStdString();
        auto t = transport(o);
        QVERIFY(t);
        auto response = t->send(get("/v1/health"));
        QVERIFY(!response);
        QCOMPARE(response.error().code, ErrorCode::Insecure);
        QVERIFY2(response.error().message.find("not signed by the configured CA") != std::string::npos,
                 response.error().message.c_str());
    }

    void wrongHostNameIsRefused()
    {
        // The fixture's certificate covers 127.0.0.1 and localhost; reach the same server by
        // another name.
        const std::string port = std::to_string(m_server->port());
        auto o = options("box-office.invalid");
        o.resolve = {"box-office.invalid:" + port + ":127.0.0.1"};
        auto t = transport(o);
        QVERIFY(t);
        auto response = t->send(get("/v1/health"));
        QVERIFY(!response);
        QCOMPARE(response.error().code, ErrorCode::Insecure);
        QVERIFY2(response.error().message.find("is for another host name") != std::string::npos,
                 response.error().message.c_str());

        // The name the certificate does carry works.
        auto byName = transport(options("localhost"));
        QVERIFY(byName);
        auto ok = byName->send(get("/v1/health"));
        QVERIFY2(ok, ok ? "" : ok.error().message.c_str());
    }

    void pinnedPublicKey()
    {
        QProcess p;
        p.start("sh", {"-c", QString("openssl x509 -in '%1' -pubkey -noout | openssl pkey -pubin -outform der | "
                                     "openssl dgst -sha256 -binary | openssl enc -base64")
                                 .arg(QString::fromStdString(m_fixture.cert))});
        QVERIFY(p.waitForFinished(30000));
        const std::string pin = "sha256//" + QString::fromLatin1(p.readAllStandardOutput()).trimmed().toStdString();
        auto o = options();
        o.pinnedPublicKey = pin;
        auto pinned = transport(o);
        QVERIFY(pinned);
        auto ok = pinned->send(get("/v1/health"));
        QVERIFY2(ok, ok ? "" : ok.error().message.c_str());

        o.pinnedPublicKey = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        auto wrong = transport(o);
        QVERIFY(wrong);
        auto refused = wrong->send(get("/v1/health"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Insecure);
        QVERIFY2(refused.error().message.find("pinned key") != std::string::npos, refused.error().message.c_str());
    }

    void plainHttpUrlIsRefusedUnlessAllowed()
    {
        PlainHttpServer plain;
        CurlTransportOptions o;
        o.baseUrl = "http://127.0.0.1:" + std::to_string(plain.port());
        auto refused = CurlTransport::create(o);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Insecure);
        QVERIFY2(refused.error().message.find("plain HTTP") != std::string::npos, refused.error().message.c_str());

        o.allowInsecureHttp = true;
        auto t = transport(o);
        QVERIFY(t);
        auto response = t->send(get("/anything"));
        QVERIFY2(response, response ? "" : response.error().message.c_str());
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, std::string("ok"));
    }

    void serverAnsweringPlainHttpIsRefused()
    {
        PlainHttpServer plain;
        CurlTransportOptions o;
        o.baseUrl = "https://127.0.0.1:" + std::to_string(plain.port());
        o.caFile = m_fixture.ca;
        auto t = transport(o);
        QVERIFY(t);
        auto response = t->send(get("/v1/health"));
        QVERIFY(!response);
        QCOMPARE(response.error().code, ErrorCode::Insecure);
        QVERIFY2(response.error().message.find("answered in plain HTTP") != std::string::npos,
                 response.error().message.c_str());
    }

    void serverNotListeningIsAConnectError()
    {
        int port = 0;
        {
            SilentListener probe; // a port that was free a moment ago and is closed again
            port = probe.port();
        }
        CurlTransportOptions o;
        o.baseUrl = "https://127.0.0.1:" + std::to_string(port);
        o.caFile = m_fixture.ca;
        auto t = transport(o);
        QVERIFY(t);
        auto response = t->send(get("/v1/health"));
        QVERIFY(!response);
        QCOMPARE(response.error().code, ErrorCode::Network);
        const std::string expected = "Could not connect to 127.0.0.1:" + std::to_string(port);
        QVERIFY2(response.error().message.find(expected) != std::string::npos, response.error().message.c_str());
    }

    void silentServerTimesOut_data()
    {
        QTest::addColumn<bool>("https");
        QTest::newRow("https: no TLS handshake") << true;
        QTest::newRow("http: no answer") << false;
    }

    void silentServerTimesOut()
    {
        QFETCH(bool, https);
        SilentListener silent;
        CurlTransportOptions o;
        o.baseUrl = std::string(https ? "https" : "http") + "://127.0.0.1:" + std::to_string(silent.port());
        o.caFile = m_fixture.ca;
        o.allowInsecureHttp = !https;
        o.connectTimeout = Duration(400);
        o.totalTimeout = Duration(700);
        auto t = transport(o);
        QVERIFY(t);
        QElapsedTimer timer;
        timer.start();
        auto response = t->send(get("/v1/health"));
        const qint64 elapsed = timer.elapsed();
        QVERIFY(!response);
        QCOMPARE(response.error().code, ErrorCode::Network);
        const std::string expected = https ? "timed out after 400 ms" : "timed out after 700 ms";
        QVERIFY2(response.error().message.find(expected) != std::string::npos, response.error().message.c_str());
        // Slack for a loaded machine; the limit itself is curl's to keep.
        QVERIFY2(elapsed < 700 + 1000, qPrintable(QString("took %1 ms").arg(elapsed)));
    }

    void requestsReuseOneConnection()
    {
        auto t = transport(options());
        QVERIFY(t);
        QVERIFY(t->send(get("/v1/health")));
        QCOMPARE(t->connectionsOpenedByLastSend(), 1L);
        for (int i = 0; i < 3; ++i) {
            auto again = t->send(get("/v1/health"));
            QVERIFY(again);
            QCOMPARE(again->status, 200);
            QCOMPARE(t->connectionsOpenedByLastSend(), 0L);
        }
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_GUILESS_MAIN(TestCurlTransport)
#include "tst_CurlTransport.moc"
