#pragma once
// The statements on the hot path (every hold, release and idempotent POST), prepared once per
// pooled connection: parsing and planning them on every request was most of PostgreSQL's
// CPU time in bench_server. libpqxx prepares lazily, on first use on each connection.

#include <pqxx/connection>

namespace marquee::server::statements {

inline constexpr const char* kIdempotencyLookup = "idempotency_lookup";
inline constexpr const char* kIdempotencyStore = "idempotency_store";
inline constexpr const char* kHold = "hold";
inline constexpr const char* kSeatLog = "seat_log";
inline constexpr const char* kHoldRelease = "hold_release";
inline constexpr const char* kBook = "book";

// Registers every statement above on a fresh connection (nothing is sent yet).
void registerAll(pqxx::connection& connection);

} // namespace marquee::server::statements
