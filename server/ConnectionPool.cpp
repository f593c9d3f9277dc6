#include "ConnectionPool.h"

#include "Statements.h"

#include <pqxx/pqxx>

namespace marquee::server {

namespace {
Result<std::unique_ptr<pqxx::connection>> connect(const std::string& url)
{
    try {
        auto connection = std::make_unique<pqxx::connection>(url);
        statements::registerAll(*connection);
        return connection;
    } catch (const std::exception& e) {
        std::string why = e.what();
        while (!why.empty() && (why.back() == '\n' || why.back() == ' '))
            why.pop_back();
        for (char& c : why) {
            if (c == '\n')
                c = ' ';
        }
        return fail(ErrorCode::Storage, "cannot connect to the database: " + why);
    }
}
} // namespace

ConnectionPool::ConnectionPool(std::string url, int size)
    : m_url(std::move(url))
    , m_slots(static_cast<std::size_t>(size))
{
    for (std::size_t i = m_slots.size(); i > 0; --i)
        m_free.push_back(i - 1);
}

ConnectionPool::~ConnectionPool() = default;

Result<std::unique_ptr<ConnectionPool>> ConnectionPool::open(const std::string& url, int size)
{
    if (size < 1)
        return fail(ErrorCode::InvalidArgument, "the pool needs at least one connection");
    std::unique_ptr<ConnectionPool> pool(new ConnectionPool(url, size));
    auto first = connect(url);
    if (!first)
        return std::unexpected(first.error());
    pool->m_slots[0] = std::move(*first);
    return pool;
}

Result<ConnectionPool::Lease> ConnectionPool::acquire(std::chrono::milliseconds timeout)
{
    std::size_t slot = 0;
    {
        std::unique_lock lock(m_mutex);
        if (!m_freed.wait_for(lock, timeout, [&] { return !m_free.empty(); })) {
            return fail(ErrorCode::Storage, "all database connections are busy");
        }
        slot = m_free.back();
        m_free.pop_back();
    }
    Lease lease(this, slot);
    auto& conn = m_slots[slot];
    if (!conn || !conn->is_open()) {
        auto fresh = connect(m_url);
        if (!fresh)
            return std::unexpected(fresh.error());
        conn = std::move(*fresh);
    }
    return lease;
}

int ConnectionPool::inUse() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_slots.size() - m_free.size());
}

void ConnectionPool::release(std::size_t slot)
{
    {
        std::lock_guard lock(m_mutex);
        m_free.push_back(slot);
    }
    m_freed.notify_one();
}

ConnectionPool::Lease::~Lease()
{
    if (m_pool)
        m_pool->release(m_slot);
}

pqxx::connection& ConnectionPool::Lease::connection()
{
    return *m_pool->m_slots[m_slot];
}

void ConnectionPool::Lease::discard()
{
    // One broken connection usually means the database restarted: the idle ones are dead
    // too. Dropping them now means the next requests reconnect instead of each finding its
    // own dead connection (a health check would otherwise say "unreachable" once per slot).
    std::lock_guard lock(m_pool->m_mutex);
    m_pool->m_slots[m_slot].reset();
    for (std::size_t idle : m_pool->m_free)
        m_pool->m_slots[idle].reset();
}

} // namespace marquee::server
