#include "GatewayRefunds.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <httplib.h>

namespace marquee::server {

namespace {

bool loopbackHost(const std::string& url)
{
    const std::string rest = url.substr(url.find("://") + 3);
    for (const char* host : {"127.0.0.1", "localhost", "[::1]"}) {
        const std::string h = host;
        if (rest.rfind(h, 0) == 0 && (rest.size() == h.size() || rest[h.size()] == ':' || rest[h.size()] == '/'))
            return true;
    }
    return false;
}

// What went wrong when no answer came, in words for an operator's log.
std::string describe(httplib::Error error)
{
    switch (error) {
    case httplib::Error::Connection:
        return "could not connect";
    case httplib::Error::ConnectionTimeout:
        return "timed out connecting";
    case httplib::Error::Read:
        return "the connection broke or timed out before the answer";
    case httplib::Error::Write:
        return "the connection broke while sending";
    case httplib::Error::SSLConnection:
        return "the TLS handshake failed";
    case httplib::Error::SSLLoadingCerts:
        return "the CA file (--gateway-ca) could not be loaded";
    case httplib::Error::SSLServerVerification:
        return "the gateway's certificate is not signed by the trusted CA (--gateway-ca)";
    default:
        return httplib::to_string(error);
    }
}

GatewayResult refused(std::string message)
{
    GatewayResult result;
    result.outcome = GatewayOutcome::Failed;
    result.message = std::move(message);
    return result;
}

} // namespace

Result<std::unique_ptr<GatewayRefunds>> GatewayRefunds::create(const GatewayOptions& options)
{
    const std::string& url = options.baseUrl;
    const bool https = url.rfind("https://", 0) == 0;
    const bool http = url.rfind("http://", 0) == 0;
    if (!https && !http)
        return fail(ErrorCode::InvalidArgument, "the gateway URL '" + url + "' must start with https://");
    if (http && !loopbackHost(url)) {
        return fail(ErrorCode::Insecure, "the gateway URL '" + url +
                                             "' is plain HTTP off this machine, which would send the secret key "
                                             "unencrypted; use https://");
    }
    if (!options.caFile.empty() && !std::ifstream(options.caFile).good())
        return fail(ErrorCode::InvalidArgument, "cannot read the gateway CA file '" + options.caFile + "'");
    if (options.secretKey.empty())
        return fail(ErrorCode::InvalidArgument, "no gateway secret key: give --gateway-key or set MARQUEE_GATEWAY_KEY");
    return std::unique_ptr<GatewayRefunds>(new GatewayRefunds(options));
}

GatewayRefunds::GatewayRefunds(GatewayOptions options)
    : m_options(std::move(options))
{
    std::string base = m_options.baseUrl;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    m_client = std::make_unique<httplib::Client>(base);
    if (!m_options.caFile.empty())
        m_client->set_ca_cert_path(m_options.caFile.c_str());
    m_client->enable_server_certificate_verification(true);
    m_client->set_connection_timeout(m_options.connectTimeout);
    m_client->set_read_timeout(m_options.timeout);
    m_client->set_write_timeout(m_options.timeout);
    // A connection per refund: refunds are few and minutes apart, and a kept-alive
    // connection the gateway closed meanwhile would turn the next refund into an Unknown.
    m_client->set_keep_alive(false);
}

GatewayRefunds::~GatewayRefunds() = default;

std::string GatewayRefunds::refundKey(const std::string& intentId)
{
    return "marquee-reconcile-refund:" + intentId;
}

bool GatewayRefunds::isObjectId(const std::string& id)
{
    return !id.empty() && id.size() <= 255 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

GatewayResult GatewayRefunds::refundAll(const std::string& gatewayIntentId, const std::string& idempotencyKey,
                                        const std::map<std::string, std::string>& metadata)
{
    if (!isObjectId(gatewayIntentId))
        return refused("'" + gatewayIntentId + "' is not a gateway payment id");
    if (idempotencyKey.empty() || idempotencyKey.size() > 255)
        return refused("a refund needs an idempotency key of 1 to 255 characters");
    std::vector<std::pair<std::string, std::string>> fields = {{"payment_intent", gatewayIntentId}};
    for (const auto& [name, value] : metadata)
        fields.emplace_back("metadata[" + name + "]", value);
    const httplib::Headers headers = {{"Authorization", "Bearer " + m_options.secretKey},
                                      {"Idempotency-Key", idempotencyKey}};
    auto answer = m_client->Post("/v1/refunds", headers, formEncode(fields), "application/x-www-form-urlencoded");
    if (!answer) {
        const auto error = answer.error();
        // A certificate the CA does not vouch for, or a CA that cannot be read, is not a
        // network hiccup: retrying cannot help.
        const bool untrusted =
            error == httplib::Error::SSLServerVerification || error == httplib::Error::SSLLoadingCerts;
        return gatewayNoAnswer(Error{untrusted ? ErrorCode::Insecure : ErrorCode::Network,
                                     "no answer from the gateway: " + describe(error)});
    }
    std::optional<Duration> retryAfter;
    if (answer->has_header("Retry-After")) {
        const std::string text = answer->get_header_value("Retry-After");
        long long seconds = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
        if (ec == std::errc() && end == text.data() + text.size() && seconds >= 0)
            retryAfter = std::chrono::duration_cast<Duration>(std::chrono::seconds(seconds));
    }
    return classifyGatewayAnswer(answer->status, answer->body,
                                 answer->get_header_value("Idempotent-Replayed") == "true", retryAfter);
}

} // namespace marquee::server
