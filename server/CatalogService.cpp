#include "CatalogService.h"

#include "Auth.h"
#include "Sql.h"

#include <pqxx/pqxx>

namespace marquee::server {

Result<int> CatalogService::import(const Catalog& catalog)
{
    const std::string body = catalog.toJson().dump();
    const std::string etag = "\"" + sha256Hex(body).substr(0, 32) + "\"";
    auto lease = m_pool.acquire();
    if (!lease)
        return std::unexpected(lease.error());
    try {
        pqxx::work tx(lease->connection());
        tx.exec_params("INSERT INTO catalog(id, body, etag) VALUES(1, $1, $2) "
                       "ON CONFLICT (id) DO UPDATE SET body = excluded.body, etag = excluded.etag, imported_at = now()",
                       body, etag);
        for (const Show& show : catalog.shows()) {
            tx.exec_params("INSERT INTO shows(show_id, screen_id, price_list_id, starts_at) "
                           "VALUES($1, $2, $3, to_timestamp($4::double precision / 1000)) "
                           "ON CONFLICT (show_id) DO UPDATE SET screen_id = excluded.screen_id, "
                           "price_list_id = excluded.price_list_id, starts_at = excluded.starts_at",
                           show.id, show.screenId, show.priceListId, static_cast<long long>(toEpochMs(show.start)));
        }
        tx.exec_params(
            "INSERT INTO audit_log(device_id, action, entity, detail) VALUES('cli', 'catalog.import', 'catalog', $1)",
            etag);
        tx.commit();
    } catch (const std::exception& e) {
        return fail(ErrorCode::Storage, "cannot import the catalog: " + sql::describe(e));
    }
    std::lock_guard lock(m_mutex);
    m_snapshot.reset();
    return static_cast<int>(catalog.shows().size());
}

Result<std::shared_ptr<const CatalogSnapshot>> CatalogService::load()
{
    auto lease = m_pool.acquire();
    if (!lease)
        return std::unexpected(lease.error());
    std::string body;
    std::string etag;
    try {
        pqxx::nontransaction tx(lease->connection());
        if (m_snapshot) {
            auto tag = tx.exec("SELECT etag FROM catalog WHERE id = 1");
            if (!tag.empty() && m_snapshot->etag == tag[0][0].c_str())
                return m_snapshot;
        }
        auto rows = tx.exec("SELECT body, etag FROM catalog WHERE id = 1");
        if (rows.empty()) {
            body =
                R"({"format":"marquee-catalog/1","cinema":{"id":"","name":"","currency":"INR"},"screens":[],"films":[],"priceLists":[],"shows":[]})";
            etag = "\"empty\"";
        } else {
            body = rows[0][0].c_str();
            etag = rows[0][1].c_str();
        }
    } catch (const pqxx::broken_connection& e) {
        lease->discard();
        return fail(ErrorCode::Storage, sql::describe(e));
    } catch (const std::exception& e) {
        return fail(ErrorCode::Storage, sql::describe(e));
    }
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(body);
    } catch (const std::exception& e) {
        return fail(ErrorCode::ParseError, std::string("stored catalog: ") + e.what());
    }
    auto catalog = Catalog::fromJson(document, "stored catalog");
    if (!catalog)
        return std::unexpected(catalog.error());
    return std::make_shared<const CatalogSnapshot>(
        CatalogSnapshot{std::move(*catalog), std::move(body), std::move(etag)});
}

Result<std::shared_ptr<const CatalogSnapshot>> CatalogService::current()
{
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (m_snapshot && now - m_checkedAt < m_refresh)
        return m_snapshot;
    auto fresh = load();
    if (!fresh) {
        if (m_snapshot)
            return m_snapshot; // serve the last good catalog through a hiccup
        return fresh;
    }
    m_snapshot = *fresh;
    m_checkedAt = now;
    return m_snapshot;
}

Reply CatalogService::get(const std::string& ifNoneMatch)
{
    auto snapshot = current();
    if (!snapshot)
        return problem(503, "database_unavailable", snapshot.error().message).header("Retry-After", "1");
    if (!ifNoneMatch.empty() && ifNoneMatch == (*snapshot)->etag) {
        Reply reply{304, {}, {}, {}};
        reply.header("ETag", (*snapshot)->etag);
        return reply;
    }
    Reply reply{200, (*snapshot)->body, "application/json", {}};
    reply.header("ETag", (*snapshot)->etag).header("Cache-Control", "no-cache");
    return reply;
}

} // namespace marquee::server
