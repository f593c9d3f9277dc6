#include "JsonCursor.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace marquee {

Error JsonCursor::error(const std::string& problem, ErrorCode code) const
{
    std::string where = m_source;
    if (!m_path.empty()) {
        where += where.empty() ? m_path : ": " + m_path;
    }
    return Error{code, where.empty() ? problem : where + ": " + problem};
}

Result<JsonCursor> JsonCursor::field(std::string_view key) const
{
    if (!m_value->is_object()) {
        return fail("expected an object");
    }
    auto it = m_value->find(key);
    const std::string childPath = m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
    if (it == m_value->end()) {
        return std::unexpected(child(*m_value, childPath).error("is missing"));
    }
    return child(*it, childPath);
}

std::optional<JsonCursor> JsonCursor::optionalField(std::string_view key) const
{
    if (!m_value->is_object()) {
        return std::nullopt;
    }
    auto it = m_value->find(key);
    if (it == m_value->end() || it->is_null()) {
        return std::nullopt;
    }
    return child(*it, m_path.empty() ? std::string(key) : m_path + "." + std::string(key));
}

Result<std::vector<JsonCursor>> JsonCursor::elements() const
{
    if (!m_value->is_array()) {
        return fail("expected an array");
    }
    std::vector<JsonCursor> out;
    out.reserve(m_value->size());
    for (std::size_t i = 0; i < m_value->size(); ++i) {
        out.push_back(child((*m_value)[i], m_path + "[" + std::to_string(i) + "]"));
    }
    return out;
}

Result<std::string> JsonCursor::asString() const
{
    if (!m_value->is_string()) {
        return fail("expected a string");
    }
    return m_value->get<std::string>();
}

Result<std::string> JsonCursor::asNonEmptyString() const
{
    auto s = asString();
    if (s && s->empty()) {
        return fail("must not be empty");
    }
    return s;
}

Result<std::int64_t> JsonCursor::asInt() const
{
    if (m_value->is_number_integer()) {
        return m_value->get<std::int64_t>();
    }
    if (m_value->is_number_float()) {
        const double d = m_value->get<double>();
        if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) {
            return static_cast<std::int64_t>(d);
        }
    }
    return fail("expected a whole number");
}

Result<double> JsonCursor::asNumber() const
{
    if (!m_value->is_number()) {
        return fail("expected a number");
    }
    const double d = m_value->get<double>();
    if (!std::isfinite(d)) {
        return fail("expected a finite number");
    }
    return d;
}

Result<bool> JsonCursor::asBool() const
{
    if (!m_value->is_boolean()) {
        return fail("expected true or false");
    }
    return m_value->get<bool>();
}

Result<std::string> JsonCursor::string(std::string_view key) const
{
    return andThen(field(key), [](const JsonCursor& c) { return c.asNonEmptyString(); });
}

Result<std::int64_t> JsonCursor::integer(std::string_view key) const
{
    return andThen(field(key), [](const JsonCursor& c) { return c.asInt(); });
}

Result<double> JsonCursor::number(std::string_view key) const
{
    return andThen(field(key), [](const JsonCursor& c) { return c.asNumber(); });
}

Result<std::string> JsonCursor::stringOr(std::string_view key, std::string fallback) const
{
    auto f = optionalField(key);
    return f ? f->asString() : Result<std::string>(std::move(fallback));
}

Result<double> JsonCursor::numberOr(std::string_view key, double fallback) const
{
    auto f = optionalField(key);
    return f ? f->asNumber() : Result<double>(fallback);
}

Result<std::int64_t> JsonCursor::integerOr(std::string_view key, std::int64_t fallback) const
{
    auto f = optionalField(key);
    return f ? f->asInt() : Result<std::int64_t>(fallback);
}

Result<nlohmann::json> parseJson(std::string_view text, const std::string& source)
{
    // Parse without exceptions; on failure parse again with them to learn where.
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_discarded()) {
        return doc;
    }
    try {
        [[maybe_unused]] auto ignored = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        return fail(ErrorCode::ParseError,
                    source + ": not valid JSON at byte " + std::to_string(e.byte) + ": " + e.what());
    }
    return fail(ErrorCode::ParseError, source + ": not valid JSON");
}

Result<nlohmann::json> readJsonFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::Io, path + ": cannot open the file");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        return fail(ErrorCode::Io, path + ": cannot read the file");
    }
    return parseJson(buffer.str(), path);
}

} // namespace marquee
