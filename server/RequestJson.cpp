#include "RequestJson.h"

namespace marquee::server {

namespace {
// Rejects pathological nesting before the parser sees it (cheap, and keeps the parser's
// and the destructor's work bounded).
bool nestingWithin(const std::string& text, int limit)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[') {
            if (++depth > limit)
                return false;
        } else if (c == '}' || c == ']')
            --depth;
    }
    return true;
}
} // namespace

Result<nlohmann::json> parseRequestJson(const std::string& body)
{
    if (body.empty())
        return fail(ErrorCode::ParseError, "the request needs a JSON body");
    if (!nestingWithin(body, kMaxJsonDepth)) {
        return fail(ErrorCode::ParseError,
                    "the JSON body is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    auto document = nlohmann::json::parse(body, nullptr, false);
    if (document.is_discarded()) {
        try {
            [[maybe_unused]] auto ignored = nlohmann::json::parse(body);
        } catch (const nlohmann::json::parse_error& e) {
            return fail(ErrorCode::ParseError, "the body is not valid JSON (at byte " + std::to_string(e.byte) + ")");
        } catch (const std::exception&) {
        }
        return fail(ErrorCode::ParseError, "the body is not valid JSON");
    }
    return document;
}

} // namespace marquee::server
