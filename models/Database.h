#pragma once
// A small RAII layer over the sqlite3 C API: a connection, prepared statements and
// transactions. One Database is used by one thread at a time; several connections
// (threads or processes) share a file safely through WAL and BEGIN IMMEDIATE.

#include "Error.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

struct sqlite3;
struct sqlite3_stmt;

namespace marquee {

class Database;

class Statement
{
public:
    Statement() = default;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Binding is 1-based like SQLite; returns *this for chaining.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bindNull(int index);
    Statement& bind(int index, const std::optional<std::string>& value);
    Statement& bind(int index, const std::optional<std::int64_t>& value);

    // Advances to the next row: true for a row, false when done; errors are recorded and
    // reported by error() / the Result-returning helpers.
    Result<bool> step();
    // Steps through every result row, calling `row(*this)` for each, then resets the
    // statement (on an error or an early stop too). `row` returns void, bool (false stops
    // early) or Result<void> (an error stops the loop and is passed on).
    template <typename F> Result<void> each(F&& row);
    // Runs to completion, for statements without result rows. Returns sqlite3_changes().
    Result<int> exec();
    void reset();

    std::int64_t integer(int column) const;
    std::string text(int column) const;
    // Valid until the next step() or reset(); saves a copy in hot loops.
    std::string_view textView(int column) const;
    std::optional<std::string> optionalText(int column) const;
    std::optional<std::int64_t> optionalInteger(int column) const;
    bool isNull(int column) const;

private:
    friend class Database;
    Statement(Database* db, sqlite3_stmt* stmt)
        : m_db(db)
        , m_stmt(stmt)
    {
    }
    Database* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

template <typename F> Result<void> Statement::each(F&& row)
{
    struct ResetOnExit
    {
        Statement& stmt;
        ~ResetOnExit() { stmt.reset(); }
    } guard{*this};
    using Returned = std::invoke_result_t<F&, Statement&>;
    for (;;) {
        auto more = step();
        if (!more)
            return std::unexpected(more.error());
        if (!*more)
            return {};
        if constexpr (std::is_void_v<Returned>) {
            row(*this);
        } else if constexpr (std::is_same_v<Returned, bool>) {
            if (!row(*this))
                return {};
        } else {
            if (auto r = row(*this); !r)
                return std::unexpected(r.error());
        }
    }
}

class Database
{
public:
    struct Options
    {
        int busyTimeoutMs = 30'000;
        bool readOnly = false;
    };

    static Result<std::unique_ptr<Database>> open(const std::string& path, Options options);
    static Result<std::unique_ptr<Database>> open(const std::string& path) { return open(path, Options{}); }
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::string& path() const { return m_path; }
    Result<void> exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    // A statement kept for the life of the connection; the reference stays valid.
    Statement& cached(std::string_view sql);
    std::int64_t lastInsertRowId() const;
    int changes() const;
    // The current error as an Error value, with context.
    Error error(const std::string& context) const;
    sqlite3* handle() const { return m_db; }

private:
    Database() = default;
    std::string m_path;
    sqlite3* m_db = nullptr;
    struct Cache;
    std::unique_ptr<Cache> m_cache;
};

// BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless commit() succeeded.
class Transaction
{
public:
    enum class Mode
    {
        Deferred,
        Immediate
    };
    static Result<Transaction> begin(Database& db, Mode mode = Mode::Immediate);
    Transaction(Transaction&& other) noexcept
        : m_db(other.m_db)
    {
        other.m_db = nullptr;
    }
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    ~Transaction();
    Result<void> commit();

private:
    explicit Transaction(Database* db)
        : m_db(db)
    {
    }
    Database* m_db;
};

} // namespace marquee
