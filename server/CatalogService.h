#pragma once
// The catalog the server sells from: imported by `marquee-server catalog import`, kept in
// one row as marquee-catalog/1 JSON (layouts inline), served by GET /v1/catalog with an
// ETag, and cached in memory (re-read at most every `refresh` when the ETag changed) so
// that every hold and booking can check seats and prices without a query.

#include "Catalog.h"
#include "ConnectionPool.h"
#include "Problem.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace marquee::server {

struct CatalogSnapshot
{
    Catalog catalog;
    std::string body; // the JSON served
    std::string etag; // quoted, as sent in the ETag header
};

class CatalogService
{
public:
    explicit CatalogService(ConnectionPool& pool, std::chrono::milliseconds refresh = std::chrono::seconds(2))
        : m_pool(pool)
        , m_refresh(refresh)
    {
    }

    // Replaces the catalog and upserts a row per show (a show's seat state is kept).
    Result<int> import(const Catalog& catalog);
    // The current catalog; an empty catalog when none was imported yet.
    Result<std::shared_ptr<const CatalogSnapshot>> current();
    Reply get(const std::string& ifNoneMatch);

private:
    Result<std::shared_ptr<const CatalogSnapshot>> load();

    ConnectionPool& m_pool;
    std::chrono::milliseconds m_refresh;
    std::mutex m_mutex;
    std::shared_ptr<const CatalogSnapshot> m_snapshot;
    std::chrono::steady_clock::time_point m_checkedAt;
};

} // namespace marquee::server
