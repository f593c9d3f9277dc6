#pragma once
// Reads JSON documents field by field, so every problem is reported with its place:
// "catalog.json: shows[3].start: not an RFC 3339 time". Used by all file and wire codecs.

#include "Error.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace marquee {

class JsonCursor
{
public:
    JsonCursor(const nlohmann::json& value, std::string source, std::string path = {})
        : m_value(&value)
        , m_source(std::move(source))
        , m_path(std::move(path))
    {
    }

    const nlohmann::json& value() const { return *m_value; }
    const std::string& path() const { return m_path; }

    Result<JsonCursor> field(std::string_view key) const;
    std::optional<JsonCursor> optionalField(std::string_view key) const;
    Result<std::vector<JsonCursor>> elements() const;

    Result<std::string> asString() const;
    Result<std::string> asNonEmptyString() const;
    Result<std::int64_t> asInt() const;
    Result<double> asNumber() const;
    Result<bool> asBool() const;

    // Shorthands for required and optional members.
    Result<std::string> string(std::string_view key) const;
    Result<std::int64_t> integer(std::string_view key) const;
    Result<double> number(std::string_view key) const;
    Result<std::string> stringOr(std::string_view key, std::string fallback) const;
    Result<double> numberOr(std::string_view key, double fallback) const;
    Result<std::int64_t> integerOr(std::string_view key, std::int64_t fallback) const;

    // An error located at this place: "<source>: <path>: <problem>".
    Error error(const std::string& problem, ErrorCode code = ErrorCode::ParseError) const;
    std::unexpected<Error> fail(const std::string& problem, ErrorCode code = ErrorCode::ParseError) const
    {
        return std::unexpected<Error>(error(problem, code));
    }

private:
    JsonCursor child(const nlohmann::json& value, std::string path) const { return {value, m_source, std::move(path)}; }
    const nlohmann::json* m_value;
    std::string m_source;
    std::string m_path;
};

// Parses text as JSON, reporting a syntax error with its byte offset.
Result<nlohmann::json> parseJson(std::string_view text, const std::string& source);
// Reads and parses a whole file; errors name the file.
Result<nlohmann::json> readJsonFile(const std::string& path);

} // namespace marquee
