#pragma once
// A fixed set of PostgreSQL connections shared by the HTTP worker threads. A caller
// borrows one connection for one transaction and gives it back; a connection that broke
// is reopened on its next use, so a database restart heals without restarting the server.
// Threading: any thread may acquire; a Lease is used by one thread only.

#include "Error.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <string>
#include <vector>

namespace marquee::server {

class ConnectionPool
{
public:
    class Lease
    {
    public:
        Lease(ConnectionPool* pool, std::size_t slot)
            : m_pool(pool)
            , m_slot(slot)
        {
        }
        Lease(Lease&& other) noexcept
            : m_pool(other.m_pool)
            , m_slot(other.m_slot)
        {
            other.m_pool = nullptr;
        }
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        ~Lease();
        pqxx::connection& connection();
        // Drops the connection (after a broken_connection), so the next user reopens it.
        void discard();

    private:
        ConnectionPool* m_pool;
        std::size_t m_slot;
    };

    // Opens one connection at once so a wrong URL is reported at start; the rest lazily.
    static Result<std::unique_ptr<ConnectionPool>> open(const std::string& url, int size);
    ~ConnectionPool();

    // Waits up to `timeout` for a free connection; Storage error if none came free or the
    // database cannot be reached.
    Result<Lease> acquire(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    int size() const { return static_cast<int>(m_slots.size()); }
    int inUse() const;
    const std::string& url() const { return m_url; }

private:
    ConnectionPool(std::string url, int size);
    void release(std::size_t slot);

    std::string m_url;
    mutable std::mutex m_mutex;
    std::condition_variable m_freed;
    std::vector<std::unique_ptr<pqxx::connection>> m_slots;
    std::vector<std::size_t> m_free;
};

} // namespace marquee::server
