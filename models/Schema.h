#pragma once
// The local database schema as numbered migrations. Migration N takes a database from
// user_version N-1 to N inside one transaction; a database newer than this build is refused.

#include "Database.h"

#include <string_view>
#include <vector>

namespace marquee::schema {

const std::vector<std::string_view>& migrations();
inline int latestVersion()
{
    return static_cast<int>(migrations().size());
}
Result<int> version(Database& db);
// Applies the migrations after the database's version, up to `target` (default: latest).
Result<void> migrate(Database& db, int target = -1);

} // namespace marquee::schema
