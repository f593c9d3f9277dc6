#pragma once
// The server's PostgreSQL schema as numbered migrations. `marquee-server migrate` applies
// the missing ones in order, each in its own transaction with its version row, under an
// advisory lock so two servers starting together cannot both migrate.
// Never edit a migration that has shipped: add a new one.

#include "Error.h"

#include <pqxx/connection>
#include <string>

namespace marquee::server {

struct Migrations
{
    static int latestVersion();
    // Applies what is missing up to `target` (the latest when 0; tests of upgrades stop
    // earlier); returns the version now in place.
    static Result<int> apply(pqxx::connection& connection, int target = 0);
    // The version in place, 0 for an empty database.
    static Result<int> currentVersion(pqxx::connection& connection);
};

} // namespace marquee::server
