#include "Sql.h"

#include <pqxx/pqxx>

namespace marquee::server::sql {

std::string textArray(const std::vector<std::string>& values)
{
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            out += ',';
        out += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    out += '}';
    return out;
}

std::string epochMs(std::string_view column)
{
    return "(extract(epoch from " + std::string(column) + ") * 1000)::bigint";
}

bool isRetryable(const std::exception& e)
{
    if (dynamic_cast<const pqxx::transaction_rollback*>(&e))
        return true;
    if (const auto* sqlError = dynamic_cast<const pqxx::sql_error*>(&e)) {
        const std::string& state = sqlError->sqlstate();
        return state == "40001" || state == "40P01";
    }
    return false;
}

std::string describe(const std::exception& e)
{
    std::string text = e.what();
    for (char& c : text) {
        if (c == '\n')
            c = ' ';
    }
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    return text;
}

} // namespace marquee::server::sql
