#include "Database.h"

#include <sqlite3.h>
#include <unordered_map>

namespace marquee {

struct Database::Cache
{
    std::unordered_map<std::string, Statement> statements;
};

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db)
    , m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = other.m_stmt;
        other.m_stmt = nullptr;
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement& Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Result<bool> Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    Error e = m_db->error(std::string("step: ") + sqlite3_sql(m_stmt));
    sqlite3_reset(m_stmt);
    return std::unexpected(std::move(e));
}

Result<int> Statement::exec()
{
    for (;;) {
        auto more = step();
        if (!more) {
            return std::unexpected(more.error());
        }
        if (!*more) {
            break;
        }
    }
    const int changed = m_db->changes();
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    return changed;
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

std::string Statement::text(int column) const
{
    const auto* p = sqlite3_column_text(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::string_view Statement::textView(int column) const
{
    const auto* p = sqlite3_column_text(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string_view();
}

std::optional<std::string> Statement::optionalText(int column) const
{
    if (isNull(column)) {
        return std::nullopt;
    }
    return text(column);
}

std::optional<std::int64_t> Statement::optionalInteger(int column) const
{
    if (isNull(column)) {
        return std::nullopt;
    }
    return integer(column);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, Options options)
{
    std::unique_ptr<Database> db(new Database());
    db->m_path = path;
    db->m_cache = std::make_unique<Cache>();
    const int flags =
        (options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db->m_db, flags, nullptr) != SQLITE_OK) {
        Error e = db->error("cannot open database " + path);
        return std::unexpected(std::move(e));
    }
    sqlite3_extended_result_codes(db->m_db, 1);
    sqlite3_busy_timeout(db->m_db, options.busyTimeoutMs);
    return db;
}

Database::~Database()
{
    m_cache.reset(); // finalize statements before closing
    sqlite3_close_v2(m_db);
}

Error Database::error(const std::string& context) const
{
    const char* message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
    const int code = m_db ? sqlite3_extended_errcode(m_db) : SQLITE_NOMEM;
    return Error{ErrorCode::Storage, context + ": " + message + " (sqlite " + std::to_string(code) + ")"};
}

Result<void> Database::exec(std::string_view sql)
{
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string why = message ? message : "unknown error";
        sqlite3_free(message);
        return fail(ErrorCode::Storage, "sql failed: " + why + " (sqlite " +
                                            std::to_string(sqlite3_extended_errcode(m_db)) +
                                            ") in: " + text.substr(0, 120));
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK) {
        return std::unexpected(error("prepare: " + std::string(sql)));
    }
    return Statement(this, stmt);
}

Statement& Database::cached(std::string_view sql)
{
    auto it = m_cache->statements.find(std::string(sql));
    if (it != m_cache->statements.end()) {
        it->second.reset();
        return it->second;
    }
    auto stmt = prepare(sql);
    // Cached statements are fixed strings in our code: failing to prepare one is a programming error.
    if (!stmt) {
        std::fprintf(stderr, "marquee: %s\n", stmt.error().message.c_str());
        std::abort();
    }
    return m_cache->statements.emplace(std::string(sql), std::move(*stmt)).first->second;
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

Result<Transaction> Transaction::begin(Database& db, Mode mode)
{
    // Prepared once per connection: every sale opens and commits transactions.
    auto r = db.cached(mode == Mode::Immediate ? "BEGIN IMMEDIATE" : "BEGIN").exec();
    if (!r) {
        return std::unexpected(r.error());
    }
    return Transaction(&db);
}

Transaction::~Transaction()
{
    if (m_db) {
        (void)m_db->exec("ROLLBACK");
    }
}

Result<void> Transaction::commit()
{
    auto r = m_db->cached("COMMIT").exec();
    if (!r) {
        return std::unexpected(r.error()); // destructor rolls back
    }
    m_db = nullptr;
    return {};
}

} // namespace marquee
