#include "Backup.h"

#include "Database.h"
#include "Schema.h"

#include <array>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sqlite3.h>
#include <thread>
#include <unistd.h>

namespace marquee {

namespace {

namespace fs = std::filesystem;

// Tables every counter database has had since schema 1; a SQLite file without them is
// some other program's.
constexpr std::array kMarqueeTables = {"meta", "shows", "bookings"};

bool hasSqliteHeader(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::array<char, 16> header{};
    if (!in.read(header.data(), header.size())) {
        return false;
    }
    return std::string_view(header.data(), header.size()) == std::string_view("SQLite format 3\0", 16);
}

// The schema version of an open database, if it is a healthy Marquee counter database
// this build understands.
Result<int> inspect(Database& db, const std::string& path)
{
    auto version = schema::version(db);
    if (!version) {
        return fail(ErrorCode::ParseError, path + " cannot be read as a database: " + version.error().message);
    }
    auto tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN (?1, ?2, ?3)");
    if (!tables) {
        return errorOf(tables);
    }
    tables->bind(1, kMarqueeTables[0]).bind(2, kMarqueeTables[1]).bind(3, kMarqueeTables[2]);
    auto row = tables->step();
    if (!row) {
        return errorOf(row);
    }
    if (*version < 1 || tables->integer(0) != std::int64_t(kMarqueeTables.size())) {
        return fail(ErrorCode::ParseError, path + " is an SQLite database but not a Marquee counter database");
    }
    if (*version > schema::latestVersion()) {
        return fail(ErrorCode::Conflict, path + " was written by a newer Marquee (schema " + std::to_string(*version) +
                                             ", this build knows " + std::to_string(schema::latestVersion()) +
                                             "); update Marquee before restoring it");
    }
    auto check = db.prepare("PRAGMA integrity_check(20)");
    if (!check) {
        return fail(ErrorCode::Storage, path + " is damaged: " + check.error().message);
    }
    std::string problems;
    for (auto more = check->step(); more && *more; more = check->step()) {
        const std::string line = check->text(0);
        if (line != "ok") {
            problems += (problems.empty() ? "" : "; ") + line;
        }
    }
    if (!problems.empty()) {
        return fail(ErrorCode::Storage, path + " is damaged (integrity check: " + problems + ")");
    }
    return *version;
}

// Copies every page of `from` into `to` inside one read transaction of `from`, so the copy
// is a snapshot even while other connections write (they go on writing to the WAL).
Result<void> copyPages(Database& from, Database& to)
{
    sqlite3_backup* job = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
    if (!job) {
        return std::unexpected(to.error("cannot start the backup"));
    }
    int rc = SQLITE_OK;
    // BUSY only while another connection recovers the WAL or checkpoints in exclusive mode:
    // wait a little and go on, for up to half a minute.
    for (int attempt = 0; attempt < 600; ++attempt) {
        rc = sqlite3_backup_step(job, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const int finished = sqlite3_backup_finish(job);
    if (rc != SQLITE_DONE || finished != SQLITE_OK) {
        return fail(ErrorCode::Storage, "copying " + from.path() + " into " + to.path() +
                                            " failed: " + sqlite3_errstr(rc != SQLITE_DONE ? rc : finished));
    }
    return {};
}

// Makes a renamed file's new name survive a power cut.
void syncDirectoryOf(const fs::path& file)
{
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Writes a checked, self-contained copy of `source` to `target` through `target`.partial.
Result<int> writeCopy(Database& source, const std::string& target)
{
    const std::string partial = target + ".partial";
    std::error_code ignored;
    fs::remove(partial, ignored);
    fs::remove(partial + "-journal", ignored);
    int version = 0;
    {
        auto copy = Database::open(partial);
        if (!copy) {
            return errorOf(copy);
        }
        auto done = copyPages(source, **copy);
        if (done) {
            done = (*copy)->exec("PRAGMA journal_mode=DELETE");
        }
        auto checked = done ? inspect(**copy, target) : Result<int>(errorOf(done));
        if (!checked) {
            copy->reset();
            fs::remove(partial, ignored);
            return checked;
        }
        version = *checked;
    }
    std::error_code renamed;
    fs::rename(partial, target, renamed);
    if (renamed) {
        fs::remove(partial, ignored);
        return fail(ErrorCode::Io, "cannot write " + target + ": " + renamed.message());
    }
    syncDirectoryOf(target);
    return version;
}

bool sameFile(const std::string& a, const std::string& b)
{
    std::error_code error;
    return fs::exists(a, error) && fs::exists(b, error) && fs::equivalent(a, b, error);
}

std::string asideName(const std::string& databasePath, Timestamp now)
{
    std::string stamp;
    for (char c : formatIso8601(std::chrono::floor<std::chrono::seconds>(now))) {
        if (c != '-' && c != ':') {
            stamp += c;
        }
    }
    const std::string base = databasePath + ".before-restore-" + stamp;
    std::string name = base;
    std::error_code error;
    for (int n = 2; fs::exists(name, error); ++n) {
        name = base + "-" + std::to_string(n);
    }
    return name;
}

// Proves no other connection has the database open (each open WAL connection holds a
// shared lock on the file), then checkpoints so that the main file holds everything.
Result<void> takeOverDatabase(const std::string& databasePath)
{
    auto db = Database::open(databasePath, Database::Options{0, false});
    if (!db) {
        return errorOf(db);
    }
    auto exclusive = (*db)->exec("PRAGMA locking_mode=EXCLUSIVE");
    if (exclusive) {
        exclusive = (*db)->exec("BEGIN EXCLUSIVE; COMMIT");
    }
    if (!exclusive) {
        const int code = sqlite3_errcode((*db)->handle()) & 0xff;
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
            return fail(ErrorCode::Conflict, databasePath +
                                                 " is in use by another program (is Marquee running?); quit it "
                                                 "and restore again");
        }
        // Not readable as a database at all: it is kept aside as it is.
        return {};
    }
    // Best effort: a damaged WAL is kept aside beside the database.
    (void)(*db)->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return {};
}

} // namespace

Result<int> Backup::check(const std::string& path)
{
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        return fail(ErrorCode::NotFound, "there is no file " + path);
    }
    if (!hasSqliteHeader(path)) {
        return fail(ErrorCode::ParseError, path + " is not a Marquee counter database (not an SQLite file)");
    }
    auto db = Database::open(path, Database::Options{5'000, true});
    if (!db) {
        return errorOf(db);
    }
    return inspect(**db, path);
}

Result<Backup::Saved> Backup::save(const std::string& databasePath, const std::string& backupPath)
{
    std::error_code error;
    if (!fs::is_regular_file(databasePath, error)) {
        return fail(ErrorCode::NotFound, "there is no counter database " + databasePath);
    }
    if (sameFile(databasePath, backupPath)) {
        return fail(ErrorCode::InvalidArgument, "the backup must go to another file than the database itself");
    }
    auto source = Database::open(databasePath, Database::Options{30'000, false});
    if (!source) {
        return errorOf(source);
    }
    auto version = writeCopy(**source, backupPath);
    if (!version) {
        return errorOf(version);
    }
    return Saved{*version, static_cast<std::int64_t>(fs::file_size(backupPath, error))};
}

Result<Backup::Restored> Backup::restore(const std::string& backupPath, const std::string& databasePath, Timestamp now)
{
    auto version = check(backupPath);
    if (!version) {
        return errorOf(version);
    }
    if (sameFile(databasePath, backupPath)) {
        return fail(ErrorCode::InvalidArgument, "the backup to restore is the database itself");
    }
    Restored restored{*version, {}};
    std::error_code error;
    if (fs::exists(databasePath, error)) {
        if (auto mine = takeOverDatabase(databasePath); !mine) {
            return errorOf(mine);
        }
        restored.keptAside = asideName(databasePath, now);
        fs::rename(databasePath, restored.keptAside, error);
        if (error) {
            return fail(ErrorCode::Io, "cannot move " + databasePath + " aside: " + error.message());
        }
        for (const char* sidecar : {"-wal", "-journal"}) {
            if (fs::exists(databasePath + sidecar, error)) {
                fs::rename(databasePath + sidecar, restored.keptAside + sidecar, error);
            }
        }
        fs::remove(databasePath + "-shm", error);
    }
    auto putBack = [&] {
        std::error_code ignored;
        if (!restored.keptAside.empty()) {
            fs::rename(restored.keptAside, databasePath, ignored);
            fs::rename(restored.keptAside + "-wal", databasePath + "-wal", ignored);
        }
    };
    auto source = Database::open(backupPath, Database::Options{5'000, true});
    if (!source) {
        putBack();
        return errorOf(source);
    }
    if (auto copied = writeCopy(**source, databasePath); !copied) {
        putBack();
        return errorOf(copied);
    }
    return restored;
}

} // namespace marquee
