#pragma once
// Small helpers for writing SQL through libpqxx: array literals, timestamps as epoch
// milliseconds, and recognising the errors that mean "try the transaction again".

#include <cstdint>
#include <functional>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::server::sql {

// A PostgreSQL array literal ('{"A1","A2"}') for binding to a $n::text[] parameter.
std::string textArray(const std::vector<std::string>& values);
// Epoch milliseconds of a timestamptz expression, for SELECT lists.
std::string epochMs(std::string_view column);
// True for serialization failures and deadlocks (SQLSTATE 40001 / 40P01).
bool isRetryable(const std::exception& e);
// A one-line description of a database exception for logs.
std::string describe(const std::exception& e);

// Runs `statement` as a prepared statement of the transaction's connection, prepared there
// on first use under a name made from its text: PostgreSQL parses and plans it once per
// connection instead of on every call (exec_params did, most of a booking's database time).
template <typename... Args>
pqxx::result prepared(pqxx::transaction_base& tx, const std::string& statement, Args&&... args)
{
    const std::string name = "q" + std::to_string(std::hash<std::string>{}(statement));
    tx.conn().prepare(name, statement); // a lookup once the connection knows the name
    return tx.exec_prepared(name, std::forward<Args>(args)...);
}

} // namespace marquee::server::sql
