#include "ReferenceCatalog.h"

#include <nlohmann/json.hpp>

namespace marquee {

Result<Catalog> ReferenceCatalog::load(LocalStore& store)
{
    Database& db = store.database();
    nlohmann::json doc;
    auto cinema = db.prepare("SELECT value FROM meta WHERE key = 'cinema'");
    if (!cinema) {
        return std::unexpected(cinema.error());
    }
    auto row = cinema->step();
    if (!row) {
        return std::unexpected(row.error());
    }
    if (!*row) {
        return fail(ErrorCode::NotFound, db.path() + " holds no catalog yet");
    }
    doc["cinema"] = nlohmann::json::parse(cinema->text(0), nullptr, false);
    auto collect = [&](std::string_view sql, const char* key) -> Result<void> {
        auto stmt = db.prepare(sql);
        if (!stmt) {
            return std::unexpected(stmt.error());
        }
        auto& out = doc[key] = nlohmann::json::array();
        for (;;) {
            auto r = stmt->step();
            if (!r) {
                return std::unexpected(r.error());
            }
            if (!*r) {
                break;
            }
            out.push_back(nlohmann::json::parse(stmt->text(0), nullptr, false));
        }
        return {};
    };
    for (auto [sql, key] : {std::pair{"SELECT layout FROM screens ORDER BY screen_id", "screens"},
                            std::pair{"SELECT body FROM films ORDER BY film_id", "films"},
                            std::pair{"SELECT body FROM price_lists ORDER BY price_list_id", "priceLists"}}) {
        if (auto done = collect(sql, key); !done) {
            return std::unexpected(done.error());
        }
    }
    doc["shows"] = nlohmann::json::array();
    return Catalog::fromJson(doc, db.path());
}

} // namespace marquee
