#pragma once
// Backing up and restoring a counter's SQLite database (`marquee --backup/--restore`).
// A backup is an online, consistent snapshot taken through SQLite's backup API while the
// counter goes on selling (in WAL mode a reader never blocks a writer). It is written to
// FILE.partial, checked and renamed, so FILE is always either absent, the old file or a
// whole backup: one self-contained file in rollback-journal mode, safe to copy anywhere.
// A restore refuses anything that is not a Marquee counter database this build can open
// (not SQLite, another program's database, a newer schema, failing integrity_check), and
// refuses while any other connection has the counter's database open. The current
// database is never overwritten: it is renamed aside (with its -wal) byte for byte, so a
// damaged database is kept for a post-mortem too. An older backup's schema is migrated by
// LocalStore when the counter next opens it.

#include "Clock.h"
#include "Error.h"

#include <cstdint>
#include <string>

namespace marquee {

class Backup
{
public:
    struct Saved
    {
        int schemaVersion = 0;
        std::int64_t bytes = 0;
    };
    struct Restored
    {
        int schemaVersion = 0;
        // Where the previous database went; empty when there was none.
        std::string keptAside;
    };

    // Copies the counter database at `databasePath` into `backupPath` (replacing it).
    static Result<Saved> save(const std::string& databasePath, const std::string& backupPath);
    // The schema version of a Marquee counter database file that passes integrity_check and
    // that this build can open; an error saying what is wrong otherwise. Never changes the file.
    static Result<int> check(const std::string& path);
    // Replaces the database at `databasePath` with the backup at `backupPath`; `now` names
    // the file the previous database is kept in (<database>.before-restore-<UTC time>).
    static Result<Restored> restore(const std::string& backupPath, const std::string& databasePath, Timestamp now);
};

} // namespace marquee
