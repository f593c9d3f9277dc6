#pragma once
// What a route answers: a status, a JSON (or problem+json) body and extra headers.
// Errors are RFC 9457 problem details with a stable `code` member that clients switch on,
// and, for bad input, the `field` that was wrong.

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace marquee::server {

struct Reply
{
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;

    static Reply json(int status, const nlohmann::json& body);
    static Reply noContent() { return Reply{204, {}, {}, {}}; }
    Reply& header(std::string name, std::string value)
    {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

// A problem+json reply. `extra` members (an object) are merged in: field, unavailable_seats...
Reply problem(int status, const std::string& code, const std::string& detail,
              const nlohmann::json& extra = nlohmann::json::object());
// 400/422 naming the field that was wrong.
Reply badField(int status, const std::string& field, const std::string& detail);

} // namespace marquee::server
