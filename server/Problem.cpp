#include "Problem.h"

namespace marquee::server {

namespace {
std::string titleFor(int status)
{
    switch (status) {
    case 400:
        return "Bad request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not found";
    case 405:
        return "Method not allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Content too large";
    case 414:
        return "URI too long";
    case 415:
        return "Unsupported media type";
    case 422:
        return "Unprocessable content";
    case 429:
        return "Too many requests";
    case 431:
        return "Request header fields too large";
    case 500:
        return "Internal server error";
    case 503:
        return "Service unavailable";
    default:
        return "Error";
    }
}
} // namespace

Reply Reply::json(int status, const nlohmann::json& body)
{
    return Reply{status, body.dump(), "application/json", {}};
}

Reply problem(int status, const std::string& code, const std::string& detail, const nlohmann::json& extra)
{
    nlohmann::json body = {{"type", "https://marquee.dev/problems/" + code},
                           {"title", titleFor(status)},
                           {"status", status},
                           {"code", code},
                           {"detail", detail}};
    if (extra.is_object()) {
        for (auto it = extra.begin(); it != extra.end(); ++it)
            body[it.key()] = it.value();
    }
    return Reply{status, body.dump(), "application/problem+json", {}};
}

Reply badField(int status, const std::string& field, const std::string& detail)
{
    return problem(status, status == 400 ? "invalid_request" : "invalid_field", detail, {{"field", field}});
}

} // namespace marquee::server
