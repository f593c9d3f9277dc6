#pragma once
// The real Transport: HTTPS to the Marquee server over libcurl. The server is verified
// against the configured CA file and by host name (optionally also by a pinned public key),
// and plain http:// is refused unless a test asks for it, because a device token sent in
// clear is a stolen device.
//
// Thread rule: one CurlTransport per thread. It owns one libcurl easy handle, reused for
// every request so the TLS connection stays open between them (keep-alive); an easy handle
// must never be used from two threads at once, and send() blocks its caller. A worker
// thread that talks to the server creates its own CurlTransport and keeps it.
//
// Logging (category marquee.sync.http): method, path, status and time; never header
// values, so the Authorization header (the device token) never reaches a log.

#include "Transport.h"

#include <memory>
#include <string>
#include <vector>

namespace marquee {

struct CurlTransportOptions
{
    std::string baseUrl;         // "https://box-office.example:8443"; paths are appended to it
    std::string caFile;          // PEM file of the CA that signed the server's certificate
    std::string pinnedPublicKey; // optional "sha256//<base64>[;sha256//...]", checked on top of the CA
    Duration connectTimeout{5'000};
    Duration totalTimeout{30'000}; // the whole exchange, connecting included
    // Tests only: lets an http:// base URL through. Tokens then travel in clear.
    bool allowInsecureHttp = false;
    // "host:port:address" entries, as curl's --resolve: reach a server by a name that DNS
    // does not know (tests use it to present a host name the certificate does not carry).
    std::vector<std::string> resolve;
};

class CurlTransport final : public Transport
{
public:
    // Fails with a sentence when the options cannot work (plain http:// without
    // allowInsecureHttp, no CA file for https, libcurl unusable).
    static Result<std::unique_ptr<CurlTransport>> create(CurlTransportOptions options);
    ~CurlTransport() override;
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    Result<HttpResponse> send(const HttpRequest& request) override;

    // How many new connections the last send() had to open (0 when it reused one).
    long connectionsOpenedByLastSend() const { return m_lastNewConnections; }

private:
    struct Handle;
    CurlTransport(CurlTransportOptions options, std::string authority, std::unique_ptr<Handle> handle);
    Error describeFailure(int code, const std::string& detail) const;

    CurlTransportOptions m_options;
    std::string m_authority; // host:port, for messages
    std::unique_ptr<Handle> m_handle;
    long m_lastNewConnections = 0;
};

} // namespace marquee
