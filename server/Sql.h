#pragma once
// Small helpers for writing SQL through libpqxx: array literals, timestamps as epoch
// milliseconds, and recognising the errors that mean "try the transaction again".

#include <cstdint>
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

} // namespace marquee::server::sql
