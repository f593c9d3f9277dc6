#pragma once
// The seam between the sync layer and the network: one HTTP exchange with the Marquee
// server. CurlTransport is the real one; tests of the outbox and leases can put a scripted
// Transport in its place. A Transport answers with the server's response whatever its
// status (4xx and 5xx are responses, not errors); an Error means no usable response came
// back, and its message is a sentence a person can act on.

#include "Clock.h"
#include "Error.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace marquee {

// HTTP header fields in arrival order; names compare case-insensitively (RFC 9110).
class HttpHeaders
{
public:
    void add(std::string name, std::string value);
    // The first value of `name`, if present.
    std::optional<std::string> find(std::string_view name) const;
    bool contains(std::string_view name) const { return find(name).has_value(); }
    const std::vector<std::pair<std::string, std::string>>& fields() const { return m_fields; }
    void clear() { m_fields.clear(); }

private:
    std::vector<std::pair<std::string, std::string>> m_fields;
};

struct HttpRequest
{
    std::string method = "GET";
    std::string path; // from the server's base URL on, with the query: "/v1/shows/s1/seats?since=4"
    HttpHeaders headers;
    std::string body; // sent as is; set Content-Type in headers
};

struct HttpResponse
{
    int status = 0;
    HttpHeaders headers;
    std::string body;
    // The server's Date header, when it sent a valid one: the server's clock at the moment of
    // the answer (one-second precision), for tracking the skew of our clock against it.
    std::optional<Timestamp> serverDate;
};

// Parses an RFC 9110 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT").
std::optional<Timestamp> parseHttpDate(std::string_view text);

class Transport
{
public:
    virtual ~Transport() = default;
    // Sends one request and waits for the whole response (blocking).
    virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

} // namespace marquee
