#include "CurlTransport.h"

#include <QLoggingCategory>
#include <chrono>
#include <curl/curl.h>
#include <mutex>

Q_LOGGING_CATEGORY(lcSyncHttp, "marquee.sync.http")

namespace marquee {

namespace {

// X509_V_ERR_* values (OpenSSL's x509_vfy.h), kept here so sync need not include OpenSSL.
constexpr long kCertNotYetValid = 9;
constexpr long kCertHasExpired = 10;

std::size_t appendBody(char* data, std::size_t size, std::size_t count, void* target)
{
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

std::string trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::size_t collectHeader(char* data, std::size_t size, std::size_t count, void* target)
{
    auto* headers = static_cast<HttpHeaders*>(target);
    const std::string_view line(data, size * count);
    // A new status line starts a new response (after a 1xx): keep only the final one's fields.
    if (line.rfind("HTTP/", 0) == 0) {
        headers->clear();
    } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
        headers->add(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    }
    return size * count;
}

// host:port of a base URL, with the scheme's default port, for messages.
std::string authorityOf(const std::string& url)
{
    const auto schemeEnd = url.find("://");
    const std::string scheme = schemeEnd == std::string::npos ? "" : url.substr(0, schemeEnd);
    std::string rest = schemeEnd == std::string::npos ? url : url.substr(schemeEnd + 3);
    rest = rest.substr(0, rest.find('/'));
    const bool bracketed = !rest.empty() && rest.front() == '[';
    const auto colon = rest.rfind(':');
    if (colon != std::string::npos && (!bracketed || colon > rest.find(']')))
        return rest;
    return rest + (scheme == "http" ? ":80" : ":443");
}

struct SList
{
    curl_slist* list = nullptr;
    ~SList() { curl_slist_free_all(list); }
    void append(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

} // namespace

struct CurlTransport::Handle
{
    CURL* curl = nullptr;
    SList resolve;
    char errors[CURL_ERROR_SIZE] = {};
    ~Handle() { curl_easy_cleanup(curl); }
};

Result<std::unique_ptr<CurlTransport>> CurlTransport::create(CurlTransportOptions options)
{
    const std::string& url = options.baseUrl;
    const bool https = url.rfind("https://", 0) == 0;
    const bool http = url.rfind("http://", 0) == 0;
    if (!https && !http)
        return fail(ErrorCode::InvalidArgument, "The server address '" + url + "' must start with https://.");
    if (http && !options.allowInsecureHttp) {
        return fail(ErrorCode::Insecure, "The server address '" + url +
                                             "' uses plain HTTP, which would send the device token unencrypted; "
                                             "use an https:// address.");
    }
    if (https && options.caFile.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "No CA file is configured to verify the server's certificate; set the server CA file.");
    }
    while (!options.baseUrl.empty() && options.baseUrl.back() == '/')
        options.baseUrl.pop_back();

    static std::once_flag initialized;
    std::call_once(initialized, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

    auto handle = std::make_unique<Handle>();
    handle->curl = curl_easy_init();
    if (!handle->curl)
        return fail(ErrorCode::Network, "The HTTPS client (libcurl) could not be started.");
    CURL* curl = handle->curl;
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, handle->errors);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); // no SIGALRM for timeouts: we run on worker threads
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, options.allowInsecureHttp ? "http,https" : "https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L); // the API never redirects; a redirect is a fault
    curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);    // small JSON requests: no Nagle delay
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connectTimeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.totalTimeout.count()));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (https) {
        // Only the configured CA is trusted, not the system's store as well.
        curl_easy_setopt(curl, CURLOPT_CAINFO, options.caFile.c_str());
        curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
    }
    if (!options.pinnedPublicKey.empty())
        curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, options.pinnedPublicKey.c_str());
    for (const std::string& entry : options.resolve)
        handle->resolve.append(entry);
    if (handle->resolve.list)
        curl_easy_setopt(curl, CURLOPT_RESOLVE, handle->resolve.list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &appendBody);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &collectHeader);

    std::string authority = authorityOf(options.baseUrl);
    return std::unique_ptr<CurlTransport>(
        new CurlTransport(std::move(options), std::move(authority), std::move(handle)));
}

CurlTransport::CurlTransport(CurlTransportOptions options, std::string authority, std::unique_ptr<Handle> handle)
    : m_options(std::move(options))
    , m_authority(std::move(authority))
    , m_handle(std::move(handle))
{
}

CurlTransport::~CurlTransport() = default;

Result<HttpResponse> CurlTransport::send(const HttpRequest& request)
{
    CURL* curl = m_handle->curl;
    const std::string url = m_options.baseUrl + request.path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());

    // The handle is reused, so every request sets the method options afresh.
    curl_easy_setopt(curl, CURLOPT_NOBODY, request.method == "HEAD" ? 1L : 0L);
    if (request.method == "GET" || request.method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    } else if (request.method == "POST" || !request.body.empty()) {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method == "POST" ? nullptr : request.method.c_str());
    } else {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    SList headers;
    for (const auto& [name, value] : request.headers.fields())
        headers.append(name + ": " + value);
    headers.append("Expect:"); // no 100-continue round trip: our bodies are small
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);

    HttpResponse response;
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    m_handle->errors[0] = '\0';

    const auto started = std::chrono::steady_clock::now();
    const CURLcode code = curl_easy_perform(curl);
    const auto elapsedMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr); // the list dies with this call
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, nullptr);

    long newConnections = 0;
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &newConnections);
    m_lastNewConnections = newConnections;

    if (code != CURLE_OK) {
        const std::string detail = m_handle->errors[0] ? m_handle->errors : curl_easy_strerror(code);
        Error error = describeFailure(code, detail);
        qCWarning(lcSyncHttp).noquote() << request.method.c_str() << request.path.c_str() << "failed after" << elapsedMs
                                        << "ms:" << nameOf(error.code).data() << "curl" << int(code) << detail.c_str();
        return std::unexpected(std::move(error));
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    if (const auto date = response.headers.find("Date"))
        response.serverDate = parseHttpDate(*date);
    qCDebug(lcSyncHttp).noquote() << request.method.c_str() << request.path.c_str() << response.status << "in"
                                  << elapsedMs << "ms" << (newConnections ? "(new connection)" : "(reused)");
    return response;
}

Error CurlTransport::describeFailure(int code, const std::string& detail) const
{
    CURL* curl = m_handle->curl;
    const std::string& at = m_authority;
    switch (static_cast<CURLcode>(code)) {
    case CURLE_PEER_FAILED_VERIFICATION: {
        if (detail.find("host name") != std::string::npos || detail.find("hostname") != std::string::npos) {
            return {ErrorCode::Insecure, "The server's certificate is for another host name than " + at +
                                             "; check the server address or the certificate."};
        }
        long verify = 0;
        curl_easy_getinfo(curl, CURLINFO_SSL_VERIFYRESULT, &verify);
        if (verify == kCertHasExpired)
            return {ErrorCode::Insecure, "The server's certificate at " + at + " has expired."};
        if (verify == kCertNotYetValid) {
            return {ErrorCode::Insecure,
                    "The server's certificate at " + at + " is not valid yet; check this machine's clock."};
        }
        return {ErrorCode::Insecure, "The server's certificate is not signed by the configured CA (" +
                                         m_options.caFile + "), so " + at + " cannot be trusted."};
    }
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        return {ErrorCode::Insecure,
                "The server's public key at " + at + " does not match the pinned key, so it cannot be trusted."};
    case CURLE_SSL_CACERT_BADFILE:
        return {ErrorCode::InvalidArgument, "The CA file " + m_options.caFile + " could not be read."};
    case CURLE_SSL_CONNECT_ERROR:
        if (detail.find("wrong version number") != std::string::npos ||
            detail.find("packet length too long") != std::string::npos) {
            return {ErrorCode::Insecure,
                    "The server at " + at + " answered in plain HTTP instead of HTTPS; check its address and port."};
        }
        return {ErrorCode::Network, "The secure connection to " + at + " failed (" + detail + ")."};
    case CURLE_UNSUPPORTED_PROTOCOL:
        return {ErrorCode::Insecure, "The request to " + at + " was refused: only HTTPS is allowed."};
    case CURLE_COULDNT_RESOLVE_HOST:
        return {ErrorCode::Network, "Could not find the server " + at + " (the name does not resolve)."};
    case CURLE_COULDNT_CONNECT:
        return {ErrorCode::Network, "Could not connect to " + at +
                                        ": nothing answers there (is marquee-server "
                                        "running, and the network up?)."};
    case CURLE_OPERATION_TIMEDOUT: {
        curl_off_t connected = 0, secured = 0;
        curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connected);
        curl_easy_getinfo(curl, CURLINFO_APPCONNECT_TIME_T, &secured);
        const bool https = m_options.baseUrl.rfind("https://", 0) == 0;
        const auto connectLimit = std::min(m_options.connectTimeout, m_options.totalTimeout).count();
        if (connected == 0) {
            return {ErrorCode::Network,
                    "Could not connect to " + at + ": timed out after " + std::to_string(connectLimit) + " ms."};
        }
        if (https && secured == 0) {
            return {ErrorCode::Network, "The server at " + at +
                                            " accepted the connection but did not complete the TLS handshake: "
                                            "timed out after " +
                                            std::to_string(connectLimit) + " ms."};
        }
        return {ErrorCode::Network, "The server at " + at + " did not answer: timed out after " +
                                        std::to_string(m_options.totalTimeout.count()) + " ms."};
    }
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
        return {ErrorCode::Network, "The connection to " + at + " closed before the answer was complete."};
    default:
        return {ErrorCode::Network, "The request to " + at + " failed (" + detail + ")."};
    }
}

} // namespace marquee
