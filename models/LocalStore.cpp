#include "LocalStore.h"

#include "Crypto.h"
#include "JsonCursor.h"
#include "Schema.h"
#include "Uuid.h"
#include "Wire.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

namespace marquee {

namespace {

std::string seatsToJson(const std::vector<std::string>& seats)
{
    return nlohmann::json(seats).dump();
}

std::vector<std::string> seatsFromJson(const std::string& text)
{
    auto doc = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> out;
    if (doc.is_array()) {
        for (const auto& s : doc) {
            if (s.is_string()) {
                out.push_back(s.get<std::string>());
            }
        }
    }
    return out;
}

HoldState holdStateFrom(const std::string& s)
{
    return s == "BOOKED" ? HoldState::Booked : s == "RELEASED" ? HoldState::Released : HoldState::Held;
}

BookingState bookingStateFrom(const std::string& s)
{
    return s == "REFUNDED"          ? BookingState::Refunded
           : s == "PARTLY_REFUNDED" ? BookingState::PartlyRefunded
                                    : BookingState::Confirmed;
}

std::string dbName(BookingState s)
{
    return s == BookingState::Refunded         ? "REFUNDED"
           : s == BookingState::PartlyRefunded ? "PARTLY_REFUNDED"
                                               : "CONFIRMED";
}

std::string dbName(PaymentMethod m)
{
    switch (m) {
    case PaymentMethod::Cash:
        return "CASH";
    case PaymentMethod::CardTerminal:
        return "CARD_TERMINAL";
    case PaymentMethod::CardGateway:
        return "CARD_GATEWAY";
    case PaymentMethod::ExchangeCredit:
        return "EXCHANGE_CREDIT";
    }
    return "CASH";
}

HoldOrigin holdOriginFrom(std::string_view s)
{
    return s == "SERVER" ? HoldOrigin::Server : s == "LEASE" ? HoldOrigin::Lease : HoldOrigin::Local;
}

SyncState syncStateFrom(const std::optional<std::string>& s)
{
    if (!s)
        return SyncState::None;
    for (auto state : {SyncState::Pending, SyncState::Confirmed, SyncState::Conflict, SyncState::Failed}) {
        if (nameOf(state) == *s)
            return state;
    }
    return SyncState::Failed;
}

PaymentMethod paymentMethodFromDb(const std::string& s)
{
    for (auto m : {PaymentMethod::Cash, PaymentMethod::CardTerminal, PaymentMethod::CardGateway,
                   PaymentMethod::ExchangeCredit}) {
        if (dbName(m) == s)
            return m;
    }
    return PaymentMethod::Cash;
}

} // namespace

std::string_view nameOf(HoldOrigin origin)
{
    switch (origin) {
    case HoldOrigin::Local:
        return "LOCAL";
    case HoldOrigin::Server:
        return "SERVER";
    case HoldOrigin::Lease:
        return "LEASE";
    }
    return "LOCAL";
}

std::string_view nameOf(SyncState state)
{
    switch (state) {
    case SyncState::None:
        return "NONE";
    case SyncState::Pending:
        return "PENDING";
    case SyncState::Confirmed:
        return "CONFIRMED";
    case SyncState::Conflict:
        return "CONFLICT";
    case SyncState::Failed:
        return "FAILED";
    }
    return "NONE";
}

std::string_view nameOf(SeatState state)
{
    switch (state) {
    case SeatState::Available:
        return "AVAILABLE";
    case SeatState::Held:
        return "HELD";
    case SeatState::Booked:
        return "BOOKED";
    case SeatState::Unsellable:
        return "UNSELLABLE";
    }
    return "AVAILABLE";
}

std::string_view nameOf(HoldState state)
{
    switch (state) {
    case HoldState::Held:
        return "HELD";
    case HoldState::Booked:
        return "BOOKED";
    case HoldState::Released:
        return "RELEASED";
    }
    return "HELD";
}

std::string_view nameOf(BookingState state)
{
    switch (state) {
    case BookingState::Confirmed:
        return "CONFIRMED";
    case BookingState::PartlyRefunded:
        return "PARTLY_REFUNDED";
    case BookingState::Refunded:
        return "REFUNDED";
    }
    return "CONFIRMED";
}

std::string_view nameOf(PaymentMethod method)
{
    switch (method) {
    case PaymentMethod::Cash:
        return "cash";
    case PaymentMethod::CardTerminal:
        return "card_terminal";
    case PaymentMethod::CardGateway:
        return "card_gateway";
    case PaymentMethod::ExchangeCredit:
        return "exchange_credit";
    }
    return "cash";
}

std::optional<PaymentMethod> paymentMethodFromString(std::string_view text)
{
    for (auto m : {PaymentMethod::Cash, PaymentMethod::CardTerminal, PaymentMethod::CardGateway,
                   PaymentMethod::ExchangeCredit}) {
        if (nameOf(m) == text) {
            return m;
        }
    }
    return std::nullopt;
}

std::string bookingReferenceFor(const std::string& bookingId)
{
    // 50 bits of the (random) booking id in Crockford base32: no I, L, O, U to misread.
    static constexpr char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::uint64_t bits = 0;
    int taken = 0;
    for (char c : bookingId) {
        int v = -1;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else if (c != '-')
            v = static_cast<unsigned char>(c) & 0xF;
        if (v < 0)
            continue;
        // Skip the UUID version nibble (position 12), which is always 4.
        if (taken == 12) {
            ++taken;
            continue;
        }
        bits = bits * 16 + static_cast<std::uint64_t>(v);
        if (++taken >= 14)
            break;
    }
    std::string out;
    for (int i = 0; i < 10; ++i) {
        out += alphabet[(bits >> (5 * (9 - i))) & 31];
        if (i == 4)
            out += '-';
    }
    return out;
}

LocalStore::LocalStore(std::unique_ptr<Database> db, const Clock& clock, Options options)
    : m_db(std::move(db))
    , m_clock(clock)
    , m_options(std::move(options))
{
}

LocalStore::~LocalStore() = default;

Result<std::unique_ptr<LocalStore>> LocalStore::open(const std::string& path, const Clock& clock, Options options)
{
    auto db = Database::open(path, Database::Options{options.busyTimeoutMs, false});
    if (!db) {
        return std::unexpected(db.error());
    }
    std::unique_ptr<LocalStore> store(new LocalStore(std::move(*db), clock, std::move(options)));
    if (auto r = store->configure(); !r) {
        return std::unexpected(r.error());
    }
    if (auto r = schema::migrate(*store->m_db); !r) {
        return std::unexpected(r.error());
    }
    if (auto r = store->sealLegacyAuditRows(); !r) {
        return std::unexpected(r.error());
    }
    return store;
}

Result<void> LocalStore::configure()
{
    // WAL lets readers run beside the one writer; FULL makes every sale survive power loss.
    auto mode = m_db->prepare("PRAGMA journal_mode=WAL");
    if (!mode)
        return errorOf(mode);
    if (auto row = mode->step(); !row || !*row || mode->text(0) != "wal") {
        return fail(ErrorCode::Storage, m_db->path() + ": cannot switch the database to WAL mode");
    }
    MQ_TRY(m_db->exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY"));
    if (auto check = m_db->prepare("SELECT count(*) FROM sqlite_master"); !check || !check->step()) {
        return fail(ErrorCode::Storage, m_db->path() + " is not a Marquee database or is damaged");
    }
    return {};
}

Result<void> LocalStore::setDurable(bool durable)
{
    // Holds are short-lived: a power cut that loses one only makes seats available again.
    // Their commits skip the fsync; the next sale's fsync (FULL) makes them durable too,
    // because the WAL is written in order. A process crash loses nothing either way.
    durable = durable || m_options.durableHolds;
    if (durable == m_durable) {
        return {};
    }
    MQ_TRY(m_db->cached(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL").exec());
    m_durable = durable;
    return {};
}

Result<std::optional<std::string>> LocalStore::setting(const std::string& key)
{
    auto& stmt = m_db->cached("SELECT value FROM meta WHERE key = ?1");
    stmt.bind(1, "setting." + key);
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    std::optional<std::string> value;
    if (*row)
        value = stmt.text(0);
    stmt.reset();
    return value;
}

Result<void> LocalStore::setSetting(const std::string& key, const std::string& value)
{
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    MQ_TRY(m_db->cached(
                   "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
               .bind(1, "setting." + key)
               .bind(2, value)
               .exec());
    MQ_TRY(audit("", "setting", key, value));
    return tx->commit();
}

Result<Cinema> LocalStore::cinema()
{
    auto& stmt = m_db->cached("SELECT value FROM meta WHERE key = 'cinema'");
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, m_db->path() + " holds no catalog yet");
    auto doc = nlohmann::json::parse(stmt.text(0), nullptr, false);
    stmt.reset();
    Cinema c;
    c.id = doc.value("id", "");
    c.name = doc.value("name", "");
    c.address = doc.value("address", "");
    c.timeZone = doc.value("timeZone", "UTC");
    c.taxId = doc.value("taxId", "");
    auto currency = Currency::fromCode(doc.value("currency", ""));
    if (!currency)
        return errorOf(currency);
    c.currency = *currency;
    return c;
}

int LocalStore::schemaVersion()
{
    auto v = schema::version(*m_db);
    return v ? *v : -1;
}

// ---------------------------------------------------------------- catalog

Result<void> LocalStore::importCatalog(const Catalog& catalog)
{
    MQ_TRY(setDurable(true));
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    MQ_TRY(m_db->cached("INSERT INTO meta(key, value) VALUES('cinema', ?1) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
               .bind(1, catalog.toJson()["cinema"].dump())
               .exec());
    for (const auto& screen : catalog.screens()) {
        MQ_TRY(m_db->cached("INSERT INTO screens(screen_id, layout) VALUES(?1, ?2) "
                            "ON CONFLICT(screen_id) DO UPDATE SET layout = excluded.layout")
                   .bind(1, screen->id())
                   .bind(2, screen->toJson().dump())
                   .exec());
        m_layouts.erase(screen->id());
    }
    for (const auto& film : catalog.films()) {
        MQ_TRY(m_db->cached("INSERT INTO films(film_id, body) VALUES(?1, ?2) "
                            "ON CONFLICT(film_id) DO UPDATE SET body = excluded.body")
                   .bind(1, film.id)
                   .bind(2, toJson(film).dump())
                   .exec());
    }
    for (const auto& list : catalog.priceLists()) {
        MQ_TRY(m_db->cached("INSERT INTO price_lists(price_list_id, body) VALUES(?1, ?2) "
                            "ON CONFLICT(price_list_id) DO UPDATE SET body = excluded.body")
                   .bind(1, list.id)
                   .bind(2, toJson(list).dump())
                   .exec());
    }
    for (const auto& show : catalog.shows()) {
        MQ_TRY(m_db->cached("INSERT INTO shows(show_id, film_id, screen_id, price_list_id, starts_at, ends_at, body) "
                            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(show_id) DO UPDATE SET "
                            "film_id = excluded.film_id, screen_id = excluded.screen_id, "
                            "price_list_id = excluded.price_list_id, starts_at = excluded.starts_at, "
                            "ends_at = excluded.ends_at, body = excluded.body")
                   .bind(1, show.id)
                   .bind(2, show.filmId)
                   .bind(3, show.screenId)
                   .bind(4, show.priceListId)
                   .bind(5, toEpochMs(show.start))
                   .bind(6, toEpochMs(show.end))
                   .bind(7, toJson(show).dump())
                   .exec());
    }
    return tx->commit();
}

Result<Catalog> LocalStore::catalog(CatalogPart part)
{
    nlohmann::json doc;
    auto& cinema = m_db->cached("SELECT value FROM meta WHERE key = 'cinema'");
    auto row = cinema.step();
    if (!row)
        return errorOf(row);
    if (!*row) {
        return fail(ErrorCode::NotFound, m_db->path() + " holds no catalog yet");
    }
    doc["cinema"] = nlohmann::json::parse(cinema.text(0), nullptr, false);
    cinema.reset();
    auto collect = [&](std::string_view sql, const char* key) -> Result<void> {
        auto& stmt = m_db->cached(sql);
        auto& out = doc[key] = nlohmann::json::array();
        MQ_TRY(stmt.each([&](Statement&) { out.push_back(nlohmann::json::parse(stmt.text(0), nullptr, false)); }));
        return {};
    };
    MQ_TRY(collect("SELECT layout FROM screens ORDER BY screen_id", "screens"));
    MQ_TRY(collect("SELECT body FROM films ORDER BY film_id", "films"));
    MQ_TRY(collect("SELECT body FROM price_lists ORDER BY price_list_id", "priceLists"));
    if (part == CatalogPart::WithShows) {
        MQ_TRY(collect("SELECT body FROM shows ORDER BY starts_at, show_id", "shows"));
    }
    return Catalog::fromJson(doc, m_db->path());
}

Result<Show> LocalStore::show(const std::string& showId)
{
    auto& stmt = m_db->cached("SELECT body FROM shows WHERE show_id = ?1");
    stmt.bind(1, showId);
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "unknown show '" + showId + "'");
    const std::string body = stmt.text(0);
    stmt.reset();
    auto doc = nlohmann::json::parse(body, nullptr, false);
    Show s;
    s.id = doc.value("id", "");
    s.filmId = doc.value("film", "");
    s.screenId = doc.value("screen", "");
    s.priceListId = doc.value("priceList", "");
    s.language = doc.value("language", "");
    s.format = doc.value("format", "");
    auto start = parseIso8601(doc.value("start", ""));
    auto end = parseIso8601(doc.value("end", ""));
    if (!start || !end) {
        return fail(ErrorCode::Storage, "show '" + showId + "' is damaged in " + m_db->path());
    }
    s.start = *start;
    s.end = *end;
    return s;
}

Result<std::shared_ptr<const SeatLayout>> LocalStore::layoutForShow(const std::string& showId)
{
    // The screen id first: reading a large layout's text on every sale would cost more than the sale.
    auto& stmt = m_db->cached("SELECT screen_id FROM shows WHERE show_id = ?1");
    stmt.bind(1, showId);
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "unknown show '" + showId + "'");
    const std::string screenId = stmt.text(0);
    stmt.reset();
    if (auto it = m_layouts.find(screenId); it != m_layouts.end()) {
        return it->second;
    }
    auto& text = m_db->cached("SELECT layout FROM screens WHERE screen_id = ?1");
    text.bind(1, screenId);
    row = text.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "screen '" + screenId + "' of show '" + showId + "' is missing");
    const std::string body = text.text(0);
    text.reset();
    auto doc = parseJson(body, m_db->path());
    if (!doc)
        return errorOf(doc);
    auto layout = SeatLayout::fromJson(*doc, m_db->path() + ": screen " + screenId);
    if (!layout)
        return errorOf(layout);
    auto shared = std::make_shared<const SeatLayout>(std::move(*layout));
    m_layouts[screenId] = shared;
    return shared;
}

Result<PriceList> LocalStore::priceListForShow(const std::string& showId)
{
    auto& stmt =
        m_db->cached("SELECT p.body, p.price_list_id FROM shows AS sh JOIN price_lists AS p USING (price_list_id) "
                     "WHERE sh.show_id = ?1");
    stmt.bind(1, showId);
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "unknown show '" + showId + "'");
    // Parsing is the expensive part and every sale prices its lines: reuse the parsed list
    // while its stored text is unchanged (another connection may import a new catalog).
    const std::string_view body = stmt.textView(0);
    const std::string listId = stmt.text(1);
    if (auto it = m_priceLists.find(listId); it != m_priceLists.end() && it->second.first == body) {
        PriceList cached = it->second.second;
        stmt.reset();
        return cached;
    }
    std::string text(body);
    stmt.reset();
    // Parse through a one-list catalog so the price list reader stays in one place.
    auto doc = parseJson(text, m_db->path());
    if (!doc)
        return errorOf(doc);
    nlohmann::json wrapper;
    wrapper["cinema"] = {{"id", "local"}, {"name", "local"}, {"currency", doc->value("currency", std::string("XXX"))}};
    wrapper["screens"] = nlohmann::json::array();
    wrapper["films"] = nlohmann::json::array();
    wrapper["priceLists"] = nlohmann::json::array({*doc});
    auto catalog = Catalog::fromJson(wrapper, m_db->path());
    if (!catalog)
        return errorOf(catalog);
    m_priceLists[listId] = {std::move(text), catalog->priceLists().front()};
    return catalog->priceLists().front();
}

Result<std::vector<ShowSummary>> LocalStore::showsBetween(Timestamp from, Timestamp to)
{
    auto& stmt = m_db->cached("SELECT show_id FROM shows WHERE starts_at >= ?1 AND starts_at < ?2 "
                              "ORDER BY starts_at, show_id");
    stmt.bind(1, toEpochMs(from)).bind(2, toEpochMs(to));
    std::vector<std::string> ids;
    MQ_TRY(stmt.each([&](Statement&) { ids.push_back(stmt.text(0)); }));
    std::vector<ShowSummary> out;
    out.reserve(ids.size());
    const std::int64_t now = toEpochMs(m_clock.now());
    for (const auto& id : ids) {
        ShowSummary summary;
        auto s = show(id);
        if (!s)
            return errorOf(s);
        summary.show = *s;
        auto layout = layoutForShow(id);
        if (!layout)
            return errorOf(layout);
        summary.capacity = static_cast<int>(std::count_if((*layout)->seats().begin(), (*layout)->seats().end(),
                                                          [](const Seat& seat) { return seat.isSellable(); }));
        auto& counts = m_db->cached("SELECT coalesce(sum(state = 'BOOKED'), 0), "
                                    "coalesce(sum(state = 'HELD' AND expires_at > ?2), 0) "
                                    "FROM claims WHERE show_id = ?1");
        counts.bind(1, id).bind(2, now);
        auto row = counts.step();
        if (!row)
            return errorOf(row);
        summary.booked = static_cast<int>(counts.integer(0));
        summary.held = static_cast<int>(counts.integer(1));
        counts.reset();
        out.push_back(std::move(summary));
    }
    return out;
}

// ---------------------------------------------------------------- seat state machine

Result<std::int64_t> LocalStore::bumpVersion(const std::string& showId, const std::vector<SeatChange>& changes)
{
    auto& bump = m_db->cached("UPDATE shows SET version = version + 1 WHERE show_id = ?1 RETURNING version");
    bump.bind(1, showId);
    auto row = bump.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "unknown show '" + showId + "'");
    const std::int64_t version = bump.integer(0);
    bump.reset();
    for (const auto& change : changes) {
        MQ_TRY(m_db->cached("INSERT INTO seat_changes(show_id, version, seat_id, state) VALUES(?1, ?2, ?3, ?4)")
                   .bind(1, showId)
                   .bind(2, version)
                   .bind(3, change.seatId)
                   .bind(4, nameOf(change.state))
                   .exec());
    }
    return version;
}

namespace {
// Length-prefixed fields, so no choice of text can make two different rows hash alike.
std::string auditHash(const std::string& prevHash, std::int64_t seq, std::int64_t at, const std::string& device,
                      const std::string& staff, const std::string& action, const std::string& entity,
                      const std::string& detail)
{
    std::string canonical;
    for (const std::string& field :
         {prevHash, std::to_string(seq), std::to_string(at), device, staff, action, entity, detail}) {
        canonical += std::to_string(field.size());
        canonical += ':';
        canonical += field;
    }
    return sha256Hex(canonical);
}
} // namespace

Result<void> LocalStore::audit(const std::string& staff, const std::string& action, const std::string& entity,
                               const std::string& detail)
{
    // Runs inside the caller's write transaction, so the last row cannot change under us.
    auto& last = m_db->cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    auto row = last.step();
    if (!row)
        return errorOf(row);
    const std::int64_t seq = *row ? last.integer(0) + 1 : 1;
    const std::string prevHash = *row ? last.text(1) : std::string();
    last.reset();
    const std::int64_t at = toEpochMs(m_clock.now());
    const std::string hash = auditHash(prevHash, seq, at, m_options.device, staff, action, entity, detail);
    auto r = m_db->cached("INSERT INTO audit_log(seq, at, device, staff, action, entity, detail, prev_hash, hash) "
                          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                 .bind(1, seq)
                 .bind(2, at)
                 .bind(3, m_options.device)
                 .bind(4, staff)
                 .bind(5, action)
                 .bind(6, entity)
                 .bind(7, detail)
                 .bind(8, prevHash)
                 .bind(9, hash)
                 .exec();
    if (!r)
        return errorOf(r);
    return {};
}

Result<void> LocalStore::sealLegacyAuditRows()
{
    auto& pending = m_db->cached("SELECT count(*) FROM audit_log WHERE hash = ''");
    auto any = pending.step();
    if (!any)
        return errorOf(any);
    const bool needed = pending.integer(0) > 0;
    pending.reset();
    if (!needed)
        return {};
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    auto rows =
        m_db->prepare("SELECT seq, at, device, staff, action, entity, detail, hash FROM audit_log ORDER BY seq");
    if (!rows)
        return errorOf(rows);
    std::string prevHash;
    std::vector<std::pair<std::int64_t, std::pair<std::string, std::string>>> updates;
    MQ_TRY(rows->each([&](Statement&) {
        const std::int64_t seq = rows->integer(0);
        std::string hash = rows->text(7);
        if (hash.empty()) {
            hash = auditHash(prevHash, seq, rows->integer(1), rows->text(2), rows->text(3), rows->text(4),
                             rows->text(5), rows->text(6));
            updates.push_back({seq, {prevHash, hash}});
        }
        prevHash = hash;
    }));
    for (const auto& [seq, hashes] : updates) {
        MQ_TRY(m_db->cached("UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE seq = ?1 AND hash = ''")
                   .bind(1, seq)
                   .bind(2, hashes.first)
                   .bind(3, hashes.second)
                   .exec());
    }
    return tx->commit();
}

Result<LocalStore::AuditCheck> LocalStore::verifyAuditChain()
{
    auto tx = Transaction::begin(*m_db, Transaction::Mode::Deferred);
    if (!tx)
        return errorOf(tx);
    auto rows = m_db->prepare(
        "SELECT seq, at, device, staff, action, entity, detail, prev_hash, hash FROM audit_log ORDER BY seq");
    if (!rows)
        return errorOf(rows);
    AuditCheck check;
    std::string prevHash;
    std::int64_t expectedSeq = 1;
    MQ_TRY(rows->each([&](Statement&) {
        ++check.rows;
        const std::int64_t seq = rows->integer(0);
        auto broken = [&](std::string problem) {
            check.firstBrokenSeq = seq;
            check.problem = std::move(problem);
        };
        if (seq != expectedSeq) {
            broken("row " + std::to_string(expectedSeq) + " is missing");
        } else if (rows->text(7) != prevHash) {
            broken("row " + std::to_string(seq) + " does not follow the row before it");
        } else if (rows->text(8) != auditHash(prevHash, seq, rows->integer(1), rows->text(2), rows->text(3),
                                              rows->text(4), rows->text(5), rows->text(6))) {
            broken("row " + std::to_string(seq) + " was changed after it was written");
        }
        if (check.firstBrokenSeq) {
            return false; // the first break is the one to report
        }
        prevHash = rows->text(8);
        ++expectedSeq;
        return true;
    }));
    MQ_TRY(tx->commit());
    return check;
}

Result<Hold> LocalStore::loadHold(const std::string& holdId)
{
    auto& stmt = m_db->cached("SELECT hold_id, request_id, show_id, state, seats, created_at, expires_at, origin, "
                              "coalesce(allotment_id, '') FROM holds WHERE hold_id = ?1");
    stmt.bind(1, holdId);
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "unknown hold '" + holdId + "'");
    Hold h;
    h.id = stmt.text(0);
    h.requestId = stmt.text(1);
    h.showId = stmt.text(2);
    h.state = holdStateFrom(stmt.text(3));
    h.seats = seatsFromJson(stmt.text(4));
    h.createdAt = fromEpochMs(stmt.integer(5));
    h.expiresAt = fromEpochMs(stmt.integer(6));
    h.origin = holdOriginFrom(stmt.textView(7));
    h.allotmentId = stmt.text(8);
    stmt.reset();
    return h;
}

Result<Hold> LocalStore::findHold(const std::string& holdId)
{
    return loadHold(holdId);
}

Result<HoldOutcome> LocalStore::hold(const HoldRequest& request)
{
    MQ_TRY(setDurable(false));
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    auto outcome = holdLocked(request);
    if (outcome && outcome->granted() && !outcome->replayed) {
        MQ_TRY(tx->commit());
    }
    return outcome;
}

Result<HoldOutcome> LocalStore::changeHold(const std::string& holdId, const HoldRequest& request,
                                           const std::string& reason)
{
    MQ_TRY(setDurable(false));
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    auto previous = loadHold(holdId);
    if (!previous)
        return errorOf(previous);
    if (previous->state == HoldState::Booked) {
        return fail(ErrorCode::Conflict, "hold '" + holdId + "' is already a booking");
    }
    if (previous->showId != request.showId) {
        return fail(ErrorCode::InvalidArgument, "a hold can only change seats within its show");
    }
    auto released = releaseLocked(holdId, reason, false);
    if (!released)
        return errorOf(released);
    auto outcome = holdLocked(request);
    // All or nothing: if the new seats cannot be held, the rollback keeps the old hold.
    if (outcome && outcome->granted() && !outcome->replayed) {
        MQ_TRY(tx->commit());
    }
    return outcome;
}

Result<HoldOutcome> LocalStore::holdLocked(const HoldRequest& request)
{
    if (request.requestId.empty())
        return fail(ErrorCode::InvalidArgument, "a hold needs a request id");
    if (request.seats.empty())
        return fail(ErrorCode::InvalidArgument, "a hold needs at least one seat");
    if (request.ttl <= Duration::zero() || request.ttl > std::chrono::hours(1)) {
        return fail(ErrorCode::InvalidArgument, "a hold lasts between a moment and an hour");
    }
    std::set<std::string> unique(request.seats.begin(), request.seats.end());
    if (unique.size() != request.seats.size()) {
        return fail(ErrorCode::InvalidArgument, "the same seat is asked for twice");
    }
    auto layout = layoutForShow(request.showId);
    if (!layout)
        return errorOf(layout);
    std::vector<std::string> unknown;
    for (const auto& seatId : request.seats) {
        if (!(*layout)->indexOf(seatId))
            unknown.push_back(seatId);
    }
    if (!unknown.empty()) {
        std::string list;
        for (const auto& s : unknown)
            list += (list.empty() ? "" : ", ") + s;
        return fail(ErrorCode::InvalidArgument, "no such seats in this screen: " + list);
    }

    if (request.mirror && !request.allotmentId.empty()) {
        return fail(ErrorCode::InvalidArgument, "a hold mirrors a server hold or uses a lease, not both");
    }
    // Replay: the same request id (or, for a mirror, the same server hold) returns the hold
    // it made, whatever it became since.
    auto& replay = m_db->cached("SELECT hold_id FROM holds WHERE request_id = ?1 OR hold_id = ?2");
    replay.bind(1, request.requestId).bind(2, request.mirror ? request.mirror->holdId : std::string());
    auto replayRow = replay.step();
    if (!replayRow)
        return errorOf(replayRow);
    if (*replayRow) {
        const std::string holdId = replay.text(0);
        replay.reset();
        auto existing = loadHold(holdId);
        if (!existing)
            return errorOf(existing);
        if (existing->showId != request.showId ||
            std::set<std::string>(existing->seats.begin(), existing->seats.end()) != unique) {
            return fail(ErrorCode::Conflict, "request id '" + request.requestId + "' was used for other seats");
        }
        HoldOutcome outcome;
        outcome.hold = *existing;
        outcome.replayed = true;
        return outcome;
    }
    replay.reset();

    const std::int64_t now = toEpochMs(m_clock.now());
    HoldOrigin origin = HoldOrigin::Local;
    Timestamp expiresAt = fromEpochMs(now) + request.ttl;
    std::vector<std::string> unavailable;
    if (request.mirror) {
        if (request.mirror->holdId.empty())
            return fail(ErrorCode::InvalidArgument, "a mirrored hold needs the server's hold id");
        if (request.mirror->expiresAt <= fromEpochMs(now)) {
            return fail(ErrorCode::Expired, "the server's hold ran out before this counter could record it");
        }
        origin = HoldOrigin::Server;
        expiresAt = request.mirror->expiresAt;
    } else if (!request.allotmentId.empty()) {
        auto lease = loadLease(request.allotmentId);
        if (!lease)
            return errorOf(lease);
        if (!*lease || (*lease)->showId != request.showId) {
            return fail(ErrorCode::NotFound, "this counter has no lease '" + request.allotmentId + "' for the show");
        }
        const Timestamp sellUntil = (*lease)->expiresAt - m_options.leaseSafetyMargin;
        if (sellUntil <= fromEpochMs(now)) {
            return fail(ErrorCode::Expired, "this counter's allotment for the show has ended; its seats can only be "
                                            "sold while the server is reachable");
        }
        const std::set<std::string> leased((*lease)->seats.begin(), (*lease)->seats.end());
        for (const auto& seatId : request.seats) {
            if (!leased.contains(seatId))
                unavailable.push_back(seatId);
        }
        origin = HoldOrigin::Lease;
        expiresAt = std::min(expiresAt, sellUntil);
    } else if (m_options.connected) {
        return fail(ErrorCode::Conflict, "the server cannot be reached: only seats of this counter's allotment "
                                         "can be sold until it is back");
    }
    std::set<std::string> expiredHolds;
    for (const auto& seatId : request.seats) {
        const Seat& seat = (*layout)->seat(*(*layout)->indexOf(seatId));
        if (!seat.isSellable()) {
            unavailable.push_back(seatId);
            continue;
        }
        auto& claim = m_db->cached("SELECT state, hold_id, expires_at FROM claims WHERE show_id = ?1 AND seat_id = ?2");
        claim.bind(1, request.showId).bind(2, seatId);
        auto row = claim.step();
        if (!row)
            return errorOf(row);
        if (*row) {
            const bool expiredHold = claim.text(0) == "HELD" && claim.integer(2) <= now;
            if (expiredHold) {
                expiredHolds.insert(claim.text(1));
            } else {
                unavailable.push_back(seatId);
            }
        }
        claim.reset();
    }
    if (!unavailable.empty()) {
        HoldOutcome outcome;
        outcome.unavailable = std::move(unavailable);
        return outcome; // nothing written; the transaction rolls back
    }
    // An expired hold never blocks: release it now, in this transaction, as the sweeper would.
    for (const auto& holdId : expiredHolds) {
        auto released = releaseLocked(holdId, "expired", true);
        if (!released)
            return errorOf(released);
    }

    Hold hold;
    hold.id = newUuid();
    hold.requestId = request.requestId;
    hold.showId = request.showId;
    hold.seats = request.seats;
    hold.state = HoldState::Held;
    hold.createdAt = fromEpochMs(now);
    hold.expiresAt = expiresAt;
    hold.origin = origin;
    hold.allotmentId = request.allotmentId;
    if (request.mirror)
        hold.id = request.mirror->holdId;
    MQ_TRY(m_db->cached("INSERT INTO holds(hold_id, request_id, show_id, state, seats, created_at, expires_at, staff, "
                        "origin, allotment_id) VALUES(?1, ?2, ?3, 'HELD', ?4, ?5, ?6, ?7, ?8, ?9)")
               .bind(1, hold.id)
               .bind(2, hold.requestId)
               .bind(3, hold.showId)
               .bind(4, seatsToJson(hold.seats))
               .bind(5, now)
               .bind(6, toEpochMs(hold.expiresAt))
               .bind(7, request.staff)
               .bind(8, nameOf(origin))
               .bind(9, request.allotmentId.empty() ? std::optional<std::string>() : request.allotmentId)
               .exec());
    std::vector<SeatChange> changes;
    for (const auto& seatId : request.seats) {
        auto inserted = m_db->cached("INSERT INTO claims(show_id, seat_id, state, hold_id, expires_at) "
                                     "VALUES(?1, ?2, 'HELD', ?3, ?4)")
                            .bind(1, hold.showId)
                            .bind(2, seatId)
                            .bind(3, hold.id)
                            .bind(4, toEpochMs(hold.expiresAt))
                            .exec();
        if (!inserted)
            return errorOf(inserted); // the primary key refused a second claim
        changes.push_back({seatId, SeatState::Held});
    }
    MQ_TRY(bumpVersion(hold.showId, changes));
    MQ_TRY(audit(
        request.staff, "hold", hold.id,
        nlohmann::json{{"show", hold.showId}, {"seats", hold.seats}, {"expires_at", formatIso8601(hold.expiresAt)}}
            .dump()));
    HoldOutcome outcome;
    outcome.hold = std::move(hold);
    return outcome;
}

Result<bool> LocalStore::releaseLocked(const std::string& holdId, const std::string& reason, bool onlyIfExpired)
{
    const std::int64_t now = toEpochMs(m_clock.now());
    // The conditional transition: exactly one caller (cancel, sweeper, or a new hold) wins it.
    auto& update = m_db->cached(
        onlyIfExpired ? "UPDATE holds SET state = 'RELEASED', ended_at = ?2, end_reason = ?3 "
                        "WHERE hold_id = ?1 AND state = 'HELD' AND expires_at <= ?2 RETURNING show_id, seats"
                      : "UPDATE holds SET state = 'RELEASED', ended_at = ?2, end_reason = ?3 "
                        "WHERE hold_id = ?1 AND state = 'HELD' RETURNING show_id, seats");
    update.bind(1, holdId).bind(2, now).bind(3, reason);
    auto row = update.step();
    if (!row)
        return errorOf(row);
    if (!*row) {
        update.reset();
        return false;
    }
    const std::string showId = update.text(0);
    const std::vector<std::string> seats = seatsFromJson(update.text(1));
    (void)update.step();
    update.reset();
    // The hold's own claims, found by their key (show, seat): no index on hold_id to keep up.
    std::vector<SeatChange> changes;
    for (const auto& seatId : seats) {
        auto deleted = m_db->cached("DELETE FROM claims WHERE show_id = ?1 AND seat_id = ?2 AND hold_id = ?3 "
                                    "AND state = 'HELD'")
                           .bind(1, showId)
                           .bind(2, seatId)
                           .bind(3, holdId)
                           .exec();
        if (!deleted)
            return errorOf(deleted);
        if (*deleted > 0)
            changes.push_back({seatId, SeatState::Available});
    }
    MQ_TRY(bumpVersion(showId, changes));
    MQ_TRY(audit("", "release", holdId, nlohmann::json{{"reason", reason}, {"seats", changes.size()}}.dump()));
    return true;
}

Result<bool> LocalStore::release(const std::string& holdId, const std::string& reason)
{
    MQ_TRY(setDurable(false));
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    auto released = releaseLocked(holdId, reason, false);
    if (!released)
        return released;
    if (!*released) {
        auto existing = loadHold(holdId);
        if (!existing)
            return errorOf(existing);
        if (existing->state == HoldState::Booked) {
            return fail(ErrorCode::Conflict, "hold '" + holdId + "' is already a booking; refund it instead");
        }
        return false; // already released: nothing to do
    }
    MQ_TRY(tx->commit());
    return true;
}

Result<int> LocalStore::sweepExpired()
{
    MQ_TRY(setDurable(false));
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    auto& expired = m_db->cached("SELECT hold_id FROM holds WHERE state = 'HELD' AND expires_at <= ?1 LIMIT 1000");
    expired.bind(1, toEpochMs(m_clock.now()));
    std::vector<std::string> ids;
    MQ_TRY(expired.each([&](Statement&) { ids.push_back(expired.text(0)); }));
    int count = 0;
    for (const auto& id : ids) {
        auto released = releaseLocked(id, "expired", true);
        if (!released)
            return errorOf(released);
        count += *released ? 1 : 0;
    }
    MQ_TRY(tx->commit());
    return count;
}

Result<std::vector<TicketLine>> LocalStore::priceLines(const std::string& showId, const std::vector<TicketLine>& lines)
{
    auto layout = layoutForShow(showId);
    if (!layout)
        return errorOf(layout);
    auto list = priceListForShow(showId);
    if (!list)
        return errorOf(list);
    std::vector<TicketLine> out;
    for (const TicketLine& in : lines) {
        TicketLine line = in;
        auto index = (*layout)->indexOf(line.seatId);
        if (!index)
            return fail(ErrorCode::InvalidArgument, "no seat '" + line.seatId + "' in this screen");
        const std::string& category = (*layout)->categories()[std::size_t((*layout)->seat(*index).category)].id;
        auto listPrice = list->price(line.ticketTypeId, category);
        if (!listPrice) {
            return fail(ErrorCode::InvalidArgument, "ticket type '" + line.ticketTypeId + "' is not sold for " +
                                                        category + " seats (seat " + line.seatId + ")");
        }
        if (!line.price.currency().isValid()) {
            line.price = *listPrice;
        }
        if (!(line.price.currency() == list->currency)) {
            return fail(ErrorCode::CurrencyMismatch, "seat " + line.seatId + " is priced in the wrong currency");
        }
        if (line.price.isNegative()) {
            return fail(ErrorCode::InvalidArgument, "seat " + line.seatId + " has a negative price");
        }
        if (line.price != *listPrice && line.priceOverrideReason.empty()) {
            return fail(ErrorCode::InvalidArgument, "seat " + line.seatId + " is priced at " + line.price.toString() +
                                                        " but the list says " + listPrice->toString() +
                                                        "; a changed price needs a reason");
        }
        line.categoryId = category;
        line.taxRateBasisPoints = list->taxRateFor(line.price);
        line.tax = line.price.taxPartInclusive(line.taxRateBasisPoints);
        out.push_back(std::move(line));
    }
    return out;
}

Result<Booking> LocalStore::confirm(const std::string& holdId, const Sale& sale)
{
    MQ_TRY(setDurable(true));
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    auto booking = confirmLocked(holdId, sale, std::nullopt);
    if (booking && !booking->replayed) {
        MQ_TRY(tx->commit());
    }
    return booking;
}

Result<Booking> LocalStore::exchange(const ExchangeRequest& request)
{
    MQ_TRY(setDurable(true));
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    // Replay: a finished exchange is recognised by its new booking.
    if (auto existing = loadBooking(request.newSale.bookingId)) {
        existing->replayed = true;
        return existing;
    }
    auto old = loadBooking(request.refund.bookingId);
    if (!old)
        return errorOf(old);
    // The value of the returned seats, as the refund will compute it.
    std::int64_t returned = 0;
    for (const auto& line : old->lines) {
        const bool chosen = request.refund.seats.empty() ||
                            std::find(request.refund.seats.begin(), request.refund.seats.end(), line.seatId) !=
                                request.refund.seats.end();
        if (chosen && !line.refunded)
            returned += line.price.minor();
    }
    auto booking = confirmLocked(request.newHoldId, request.newSale, Money(returned, old->total.currency()));
    if (!booking)
        return booking;
    std::optional<RefundPart> credit;
    for (const auto& p : booking->payments) {
        if (p.method == PaymentMethod::ExchangeCredit)
            credit = RefundPart{p.id, p.method, p.amount};
    }
    auto refunded = refundLocked(request.refund, credit);
    if (!refunded)
        return errorOf(refunded);
    MQ_TRY(tx->commit());
    return booking;
}

Result<Booking> LocalStore::confirmLocked(const std::string& holdId, const Sale& sale, std::optional<Money> creditLimit)
{
    if (sale.bookingId.empty())
        return fail(ErrorCode::InvalidArgument, "a sale needs a booking id");

    // Replay: the same booking id returns the same booking.
    if (auto existing = loadBooking(sale.bookingId)) {
        if (existing->holdId != holdId) {
            return fail(ErrorCode::Conflict, "booking id '" + sale.bookingId + "' belongs to another hold");
        }
        existing->replayed = true;
        return existing;
    } else if (existing.error().code != ErrorCode::NotFound) {
        return errorOf(existing);
    }

    auto hold = loadHold(holdId);
    if (!hold)
        return errorOf(hold);
    const Timestamp now = m_clock.now();
    if (hold->state == HoldState::Booked) {
        return fail(ErrorCode::Conflict, "hold '" + holdId + "' was already confirmed as another booking");
    }
    if (hold->state == HoldState::Released || hold->expiresAt <= now) {
        return fail(ErrorCode::Expired, "the hold on seats has run out; the seats must be chosen again");
    }
    if (m_options.connected && hold->origin == HoldOrigin::Local) {
        return fail(ErrorCode::Conflict, "this hold was made before the counter was connected; choose the seats again");
    }
    if (m_options.connected && creditLimit) {
        return fail(ErrorCode::Conflict, "a connected counter cannot exchange yet: refund the seats and sell new ones");
    }
    std::vector<std::string> saleSeats;
    for (const auto& line : sale.lines)
        saleSeats.push_back(line.seatId);
    std::sort(saleSeats.begin(), saleSeats.end());
    std::vector<std::string> holdSeats = hold->seats;
    std::sort(holdSeats.begin(), holdSeats.end());
    if (saleSeats != holdSeats) {
        return fail(ErrorCode::Conflict, "the sale's seats do not match the hold's seats");
    }
    auto lines = priceLines(hold->showId, sale.lines);
    if (!lines)
        return errorOf(lines);
    const Currency currency = lines->front().price.currency();
    Money total = Money::zero(currency);
    Money tax = Money::zero(currency);
    for (const auto& line : *lines) {
        auto t = total.plus(line.price);
        auto x = tax.plus(line.tax);
        if (!t)
            return errorOf(t);
        if (!x)
            return errorOf(x);
        total = *t;
        tax = *x;
    }
    Money paid = Money::zero(currency);
    std::set<std::string> paymentIds;
    for (const auto& payment : sale.payments) {
        if (payment.id.empty() || !paymentIds.insert(payment.id).second) {
            return fail(ErrorCode::InvalidArgument, "every payment needs its own id");
        }
        if (payment.amount.minor() <= 0)
            return fail(ErrorCode::InvalidArgument, "a payment must be more than zero");
        if (payment.method == PaymentMethod::ExchangeCredit &&
            (!creditLimit || payment.amount.minor() > creditLimit->minor())) {
            return fail(ErrorCode::InvalidArgument,
                        "exchange credit is only for an exchange, up to the returned seats' value");
        }
        if (payment.tendered &&
            (payment.method != PaymentMethod::Cash || payment.tendered->minor() < payment.amount.minor() ||
             !(payment.tendered->currency() == currency))) {
            return fail(ErrorCode::InvalidArgument, "cash tendered must cover the cash part of the payment");
        }
        auto p = paid.plus(payment.amount);
        if (!p)
            return errorOf(p);
        paid = *p;
    }
    if (paid != total) {
        return fail(ErrorCode::InvalidArgument,
                    "payments of " + paid.toString() + " do not match the total of " + total.toString());
    }

    const std::int64_t nowMs = toEpochMs(now);
    auto& book = m_db->cached("UPDATE holds SET state = 'BOOKED', ended_at = ?2, end_reason = 'confirmed' "
                              "WHERE hold_id = ?1 AND state = 'HELD' AND expires_at > ?2");
    auto booked = book.bind(1, holdId).bind(2, nowMs).exec();
    if (!booked)
        return errorOf(booked);
    if (*booked != 1)
        return fail(ErrorCode::Expired, "the hold ended before the sale could be confirmed");
    int claimed = 0;
    for (const auto& seatId : hold->seats) {
        auto updated = m_db->cached("UPDATE claims SET state = 'BOOKED', booking_id = ?4, expires_at = NULL "
                                    "WHERE show_id = ?1 AND seat_id = ?2 AND hold_id = ?3 AND state = 'HELD'")
                           .bind(1, hold->showId)
                           .bind(2, seatId)
                           .bind(3, holdId)
                           .bind(4, sale.bookingId)
                           .exec();
        if (!updated)
            return errorOf(updated);
        claimed += *updated;
    }
    if (claimed != static_cast<int>(hold->seats.size())) {
        return fail(ErrorCode::Conflict, "some seats of the hold are no longer held by it");
    }
    const std::string reference = bookingReferenceFor(sale.bookingId);
    MQ_TRY(
        m_db->cached("INSERT INTO bookings(booking_id, reference, show_id, hold_id, state, currency, total_minor, "
                     "tax_minor, sold_at, staff, device, shift_id, sync_state) VALUES(?1, ?2, ?3, ?4, 'CONFIRMED', ?5, "
                     "?6, ?7, ?8, ?9, ?10, (SELECT shift_id FROM shifts WHERE device = ?10 AND state = 'OPEN'), ?11)")
            .bind(1, sale.bookingId)
            .bind(2, reference)
            .bind(3, hold->showId)
            .bind(4, holdId)
            .bind(5, currency.code())
            .bind(6, total.minor())
            .bind(7, tax.minor())
            .bind(8, nowMs)
            .bind(9, sale.staff)
            .bind(10, sale.device.empty() ? m_options.device : sale.device)
            .bind(11, m_options.connected ? std::optional<std::string>("PENDING") : std::nullopt)
            .exec());
    std::vector<SeatChange> changes;
    for (const auto& line : *lines) {
        MQ_TRY(
            m_db->cached("INSERT INTO ticket_lines(booking_id, show_id, seat_id, category, ticket_type, price_minor, "
                         "tax_minor, tax_rate_bp, price_override_reason, state) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'BOOKED')")
                .bind(1, sale.bookingId)
                .bind(2, hold->showId)
                .bind(3, line.seatId)
                .bind(4, line.categoryId)
                .bind(5, line.ticketTypeId)
                .bind(6, line.price.minor())
                .bind(7, line.tax.minor())
                .bind(8, line.taxRateBasisPoints)
                .bind(9, line.priceOverrideReason)
                .exec());
        changes.push_back({line.seatId, SeatState::Booked});
    }
    for (const auto& payment : sale.payments) {
        MQ_TRY(m_db->cached("INSERT INTO payments(payment_id, booking_id, method, amount_minor, tendered_minor, "
                            "reference, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                   .bind(1, payment.id)
                   .bind(2, sale.bookingId)
                   .bind(3, dbName(payment.method))
                   .bind(4, payment.amount.minor())
                   .bind(5, payment.tendered ? std::optional<std::int64_t>(payment.tendered->minor()) : std::nullopt)
                   .bind(6, payment.reference)
                   .bind(7, nowMs)
                   .exec());
    }
    MQ_TRY(bumpVersion(hold->showId, changes));
    MQ_TRY(audit(
        sale.staff, "confirm", sale.bookingId,
        nlohmann::json{{"hold", holdId}, {"reference", reference}, {"total", total.minor()}, {"seats", hold->seats}}
            .dump()));
    // What was just written, without reading it back (the hot path of every sale).
    Booking booking;
    booking.id = sale.bookingId;
    booking.reference = reference;
    booking.showId = hold->showId;
    booking.holdId = holdId;
    booking.lines = *lines;
    std::sort(booking.lines.begin(), booking.lines.end(),
              [](const TicketLine& a, const TicketLine& b) { return a.seatId < b.seatId; });
    booking.payments = sale.payments;
    booking.total = total;
    booking.tax = tax;
    booking.soldAt = fromEpochMs(nowMs);
    booking.staff = sale.staff;
    booking.device = sale.device.empty() ? m_options.device : sale.device;
    if (m_options.connected) {
        booking.syncState = SyncState::Pending;
        MQ_TRY(enqueueBooking(booking, *hold));
    }
    return booking;
}

Result<Refund> LocalStore::refund(const RefundRequest& request)
{
    MQ_TRY(setDurable(true));
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    auto refund = refundLocked(request, std::nullopt);
    if (refund) {
        MQ_TRY(tx->commit());
    }
    return refund;
}

Result<Refund> LocalStore::refundLocked(const RefundRequest& request, const std::optional<RefundPart>& credit)
{
    if (request.refundId.empty())
        return fail(ErrorCode::InvalidArgument, "a refund needs a refund id");
    if (request.reason.empty())
        return fail(ErrorCode::InvalidArgument, "a refund needs a reason");
    auto booking = loadBooking(request.bookingId);
    if (!booking)
        return errorOf(booking);
    // Replay: the same refund id returns the same refund.
    for (const auto& r : booking->refunds) {
        if (r.id == request.refundId) {
            return r;
        }
    }
    auto& other = m_db->cached("SELECT booking_id FROM refunds WHERE refund_id = ?1");
    other.bind(1, request.refundId);
    if (auto row = other.step(); !row || *row) {
        other.reset();
        return row ? fail(ErrorCode::Conflict, "refund id '" + request.refundId + "' belongs to another booking")
                   : errorOf(row);
    }
    other.reset();

    std::vector<std::string> seats = request.seats;
    if (seats.empty()) {
        for (const auto& line : booking->lines) {
            if (!line.refunded)
                seats.push_back(line.seatId);
        }
        if (seats.empty())
            return fail(ErrorCode::Conflict, "every seat of this booking is already refunded");
    }
    std::set<std::string> unique(seats.begin(), seats.end());
    if (unique.size() != seats.size())
        return fail(ErrorCode::InvalidArgument, "a seat is listed twice");

    const Currency currency = booking->total.currency();
    Money amount = Money::zero(currency);
    Money tax = Money::zero(currency);
    std::vector<SeatChange> changes;
    for (const auto& seatId : seats) {
        auto line = std::find_if(booking->lines.begin(), booking->lines.end(),
                                 [&](const TicketLine& l) { return l.seatId == seatId; });
        if (line == booking->lines.end()) {
            return fail(ErrorCode::InvalidArgument, "seat " + seatId + " is not part of booking " + booking->reference);
        }
        auto changed = m_db->cached("UPDATE ticket_lines SET state = 'REFUNDED', refund_id = ?3 "
                                    "WHERE booking_id = ?1 AND seat_id = ?2 AND state = 'BOOKED'")
                           .bind(1, booking->id)
                           .bind(2, seatId)
                           .bind(3, request.refundId)
                           .exec();
        if (!changed)
            return errorOf(changed);
        if (*changed != 1)
            return fail(ErrorCode::Conflict, "seat " + seatId + " was already refunded");
        auto freed = m_db->cached("DELETE FROM claims WHERE show_id = ?1 AND seat_id = ?2 AND state = 'BOOKED' "
                                  "AND booking_id = ?3")
                         .bind(1, booking->showId)
                         .bind(2, seatId)
                         .bind(3, booking->id)
                         .exec();
        if (!freed)
            return errorOf(freed);
        if (*freed != 1)
            return fail(ErrorCode::Storage, "seat " + seatId + " had no claim for its booking");
        amount = *amount.plus(line->price);
        tax = *tax.plus(line->tax);
        changes.push_back({seatId, SeatState::Available});
    }

    Refund refund;
    refund.id = request.refundId;
    refund.bookingId = booking->id;
    refund.seats = seats;
    refund.amount = amount;
    refund.tax = tax;
    refund.reason = request.reason;
    refund.staff = request.staff;
    refund.createdAt = m_clock.now();
    // Money goes back to the original methods, the last payment first, each up to what it
    // has left after earlier refunds.
    std::unordered_map<std::string, std::int64_t> alreadyBack;
    for (const auto& r : booking->refunds) {
        for (const auto& part : r.parts)
            alreadyBack[part.paymentId] += part.amount.minor();
    }
    std::int64_t remaining = amount.minor();
    if (credit) {
        // Part of the value moves to the exchange's new booking instead of back to the customer.
        if (credit->amount.minor() > remaining) {
            return fail(ErrorCode::InvalidArgument, "the exchange credit is more than the returned seats are worth");
        }
        refund.parts.push_back(*credit);
        remaining -= credit->amount.minor();
    }
    for (auto it = booking->payments.rbegin(); it != booking->payments.rend() && remaining > 0; ++it) {
        const std::int64_t room = it->amount.minor() - alreadyBack[it->id];
        const std::int64_t part = std::min(room, remaining);
        if (part > 0) {
            refund.parts.push_back({it->id, it->method, Money(part, currency)});
            remaining -= part;
        }
    }
    if (remaining != 0) {
        return fail(ErrorCode::Conflict, "the refund is larger than what is left of the payments");
    }
    // The money goes out of the drawer of the shift open on this counter now.
    MQ_TRY(m_db->cached("INSERT INTO refunds(refund_id, booking_id, seats, amount_minor, tax_minor, reason, staff, "
                        "created_at, shift_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                        "(SELECT shift_id FROM shifts WHERE device = ?9 AND state = 'OPEN'))")
               .bind(1, refund.id)
               .bind(2, refund.bookingId)
               .bind(3, seatsToJson(seats))
               .bind(4, amount.minor())
               .bind(5, tax.minor())
               .bind(6, refund.reason)
               .bind(7, refund.staff)
               .bind(8, toEpochMs(refund.createdAt))
               .bind(9, m_options.device)
               .exec());
    for (const auto& part : refund.parts) {
        MQ_TRY(m_db->cached("INSERT INTO refund_payments(refund_id, payment_id, amount_minor) VALUES(?1, ?2, ?3)")
                   .bind(1, refund.id)
                   .bind(2, part.paymentId)
                   .bind(3, part.amount.minor())
                   .exec());
    }
    const bool allRefunded = std::all_of(booking->lines.begin(), booking->lines.end(),
                                         [&](const TicketLine& l) { return l.refunded || unique.contains(l.seatId); });
    MQ_TRY(m_db->cached("UPDATE bookings SET state = ?2 WHERE booking_id = ?1")
               .bind(1, booking->id)
               .bind(2, dbName(allRefunded ? BookingState::Refunded : BookingState::PartlyRefunded))
               .exec());
    // The server hears of the refund after the booking (same aggregate, in order). A sale the
    // server never accepted is refunded here only.
    if (booking->syncState == SyncState::Pending || booking->syncState == SyncState::Confirmed) {
        MQ_TRY(enqueueRefund(*booking, refund));
    }
    MQ_TRY(bumpVersion(booking->showId, changes));
    MQ_TRY(audit(
        request.staff, "refund", booking->id,
        nlohmann::json{{"refund", refund.id}, {"seats", seats}, {"amount", amount.minor()}, {"reason", request.reason}}
            .dump()));
    return refund;
}

// ---------------------------------------------------------------- sync: outbox and leases

Result<void> LocalStore::enqueueBooking(const Booking& booking, const Hold& hold)
{
    wire::BookingBody body;
    body.bookingId = booking.id;
    if (hold.origin == HoldOrigin::Lease)
        body.allotmentId = hold.allotmentId;
    else
        body.holdId = hold.id;
    body.showId = booking.showId;
    for (const auto& line : booking.lines)
        body.seats.push_back({line.seatId, line.ticketTypeId, line.price.minor(), line.priceOverrideReason});
    for (const auto& payment : booking.payments) {
        body.payments.push_back(
            {payment.id, dbName(payment.method), payment.amount.minor(),
             payment.tendered ? std::optional<std::int64_t>(payment.tendered->minor()) : std::nullopt,
             payment.reference});
    }
    body.soldAt = booking.soldAt;
    body.staff = booking.staff;
    auto item = outbox().enqueue(booking.id, OutboxKind::Booking, "POST", "/v1/bookings", wire::toJson(body).dump());
    if (!item)
        return errorOf(item);
    return {};
}

Result<void> LocalStore::enqueueRefund(const Booking& booking, const Refund& refund)
{
    wire::RefundBody body{refund.id, refund.seats, refund.reason, refund.staff};
    auto item = outbox().enqueue(booking.id, OutboxKind::Refund, "POST", "/v1/bookings/" + booking.id + "/refunds",
                                 wire::toJson(body).dump());
    if (!item)
        return errorOf(item);
    return {};
}

Result<std::optional<Lease>> LocalStore::loadLease(const std::string& allotmentId)
{
    auto& stmt = m_db->cached("SELECT allotment_id, show_id, seats, granted_at, expires_at FROM leases "
                              "WHERE allotment_id = ?1 AND returned_at IS NULL");
    stmt.bind(1, allotmentId);
    auto row = stmt.step();
    if (!row) {
        stmt.reset();
        return errorOf(row);
    }
    std::optional<Lease> lease;
    if (*row) {
        lease = Lease{stmt.text(0), stmt.text(1), seatsFromJson(stmt.text(2)), fromEpochMs(stmt.integer(3)),
                      fromEpochMs(stmt.integer(4))};
    }
    stmt.reset();
    return lease;
}

Result<void> LocalStore::storeLease(const Lease& lease)
{
    if (lease.allotmentId.empty() || lease.seats.empty())
        return fail(ErrorCode::InvalidArgument, "a lease needs an allotment id and seats");
    MQ_TRY(show(lease.showId));
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    // The server may renew a lease (a later end) but never changes its seats.
    MQ_TRY(m_db->cached("INSERT INTO leases(allotment_id, show_id, seats, granted_at, expires_at) "
                        "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(allotment_id) DO UPDATE SET "
                        "expires_at = max(expires_at, excluded.expires_at)")
               .bind(1, lease.allotmentId)
               .bind(2, lease.showId)
               .bind(3, seatsToJson(lease.seats))
               .bind(4, toEpochMs(lease.grantedAt))
               .bind(5, toEpochMs(lease.expiresAt))
               .exec());
    MQ_TRY(audit("", "lease", lease.allotmentId,
                 nlohmann::json{{"show", lease.showId},
                                {"seats", lease.seats.size()},
                                {"expires_at", formatIso8601(lease.expiresAt)}}
                     .dump()));
    return tx->commit();
}

Result<std::vector<Lease>> LocalStore::leases(const std::string& showId)
{
    auto& stmt = m_db->cached("SELECT allotment_id, show_id, seats, granted_at, expires_at FROM leases "
                              "WHERE show_id = ?1 AND returned_at IS NULL ORDER BY granted_at");
    stmt.bind(1, showId);
    std::vector<Lease> out;
    MQ_TRY(stmt.each([&](Statement&) {
        out.push_back(Lease{stmt.text(0), stmt.text(1), seatsFromJson(stmt.text(2)), fromEpochMs(stmt.integer(3)),
                            fromEpochMs(stmt.integer(4))});
    }));
    return out;
}

Result<void> LocalStore::returnLease(const std::string& allotmentId)
{
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return errorOf(tx);
    auto changed = m_db->cached("UPDATE leases SET returned_at = ?2 WHERE allotment_id = ?1 AND returned_at IS NULL")
                       .bind(1, allotmentId)
                       .bind(2, toEpochMs(m_clock.now()))
                       .exec();
    if (!changed)
        return errorOf(changed);
    if (*changed == 1) {
        MQ_TRY(audit("", "lease_return", allotmentId, "{}"));
    }
    return tx->commit();
}

Result<std::optional<Lease>> LocalStore::sellableLeaseFor(const std::string& showId,
                                                          const std::vector<std::string>& seats)
{
    auto all = leases(showId);
    if (!all)
        return errorOf(all);
    const Timestamp now = m_clock.now();
    for (auto& lease : *all) {
        if (lease.expiresAt - m_options.leaseSafetyMargin <= now)
            continue;
        const std::set<std::string> leased(lease.seats.begin(), lease.seats.end());
        if (std::all_of(seats.begin(), seats.end(), [&](const std::string& s) { return leased.contains(s); }))
            return std::optional<Lease>(std::move(lease));
    }
    return std::optional<Lease>{};
}

// ---------------------------------------------------------------- reading

Result<Availability> LocalStore::availability(const std::string& showId)
{
    auto layout = layoutForShow(showId);
    if (!layout)
        return errorOf(layout);
    // One read transaction so the version and the claims agree.
    auto tx = Transaction::begin(*m_db, Transaction::Mode::Deferred);
    if (!tx)
        return errorOf(tx);
    Availability a;
    a.showId = showId;
    auto& version = m_db->cached("SELECT version FROM shows WHERE show_id = ?1");
    version.bind(1, showId);
    auto row = version.step();
    if (!row)
        return errorOf(row);
    a.version = *row ? version.integer(0) : 0;
    version.reset();
    const auto& seats = (*layout)->seats();
    a.states.resize(seats.size(), SeatState::Available);
    for (std::size_t i = 0; i < seats.size(); ++i) {
        if (!seats[i].isSellable()) {
            a.states[i] = SeatState::Unsellable;
        }
    }
    const std::int64_t now = toEpochMs(m_clock.now());
    auto& claims =
        m_db->cached("SELECT seat_id, state, hold_id, booking_id, expires_at FROM claims WHERE show_id = ?1");
    claims.bind(1, showId);
    MQ_TRY(claims.each([&](Statement&) {
        auto index = (*layout)->indexOf(claims.textView(0));
        if (!index)
            return; // a seat removed from the layout since; never sellable again
        SeatClaim claim;
        claim.seat = *index;
        const bool booked = claims.textView(1) == "BOOKED";
        if (!booked && claims.integer(4) <= now) {
            return; // expired hold: available, even before the sweeper runs
        }
        claim.state = booked ? SeatState::Booked : SeatState::Held;
        if (booked) {
            claim.bookingId = claims.text(3);
        } else {
            claim.holdId = claims.text(2);
            claim.expiresAt = fromEpochMs(claims.integer(4));
        }
        a.states[std::size_t(*index)] = claim.state;
        a.claims.push_back(std::move(claim));
    }));
    for (SeatState s : a.states) {
        switch (s) {
        case SeatState::Available:
            ++a.available;
            break;
        case SeatState::Held:
            ++a.held;
            break;
        case SeatState::Booked:
            ++a.booked;
            break;
        case SeatState::Unsellable:
            ++a.unsellable;
            break;
        }
    }
    MQ_TRY(tx->commit());
    return a;
}

Result<SeatChanges> LocalStore::changesSince(const std::string& showId, std::int64_t since)
{
    auto tx = Transaction::begin(*m_db, Transaction::Mode::Deferred);
    if (!tx)
        return errorOf(tx);
    SeatChanges out;
    auto& version = m_db->cached("SELECT version FROM shows WHERE show_id = ?1");
    version.bind(1, showId);
    auto row = version.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "unknown show '" + showId + "'");
    out.version = version.integer(0);
    version.reset();
    if (since > out.version) {
        out.fullRefreshNeeded = true; // the caller knows a version this database never had
    } else {
        // The latest state of each seat changed after `since`.
        auto& changes = m_db->cached("SELECT seat_id, state FROM seat_changes AS c WHERE show_id = ?1 AND version > ?2 "
                                     "AND version = (SELECT max(version) FROM seat_changes AS d "
                                     "WHERE d.show_id = c.show_id AND d.seat_id = c.seat_id AND d.version > ?2) "
                                     "ORDER BY version, seat_id");
        changes.bind(1, showId).bind(2, since);
        MQ_TRY(changes.each([&](Statement&) {
            const std::string state = changes.text(1);
            out.changes.push_back({changes.text(0), state == "HELD"     ? SeatState::Held
                                                    : state == "BOOKED" ? SeatState::Booked
                                                                        : SeatState::Available});
        }));
    }
    MQ_TRY(tx->commit());
    return out;
}

Result<Booking> LocalStore::loadBooking(const std::string& bookingId)
{
    auto& stmt =
        m_db->cached("SELECT booking_id, reference, show_id, coalesce(hold_id, ''), state, currency, "
                     "total_minor, tax_minor, sold_at, staff, device, sync_state FROM bookings WHERE booking_id = ?1");
    stmt.bind(1, bookingId);
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "unknown booking '" + bookingId + "'");
    Booking b;
    b.id = stmt.text(0);
    b.reference = stmt.text(1);
    b.showId = stmt.text(2);
    b.holdId = stmt.text(3);
    b.state = bookingStateFrom(stmt.text(4));
    auto currency = Currency::fromCode(stmt.text(5));
    if (!currency)
        return errorOf(currency);
    b.total = Money(stmt.integer(6), *currency);
    b.tax = Money(stmt.integer(7), *currency);
    b.soldAt = fromEpochMs(stmt.integer(8));
    b.staff = stmt.text(9);
    b.device = stmt.text(10);
    b.syncState = syncStateFrom(stmt.optionalText(11));
    stmt.reset();

    auto& lines = m_db->cached("SELECT seat_id, ticket_type, price_minor, category, tax_minor, tax_rate_bp, state, "
                               "price_override_reason FROM ticket_lines WHERE booking_id = ?1 ORDER BY seat_id");
    lines.bind(1, bookingId);
    MQ_TRY(lines.each([&](Statement&) {
        TicketLine l;
        l.seatId = lines.text(0);
        l.ticketTypeId = lines.text(1);
        l.price = Money(lines.integer(2), *currency);
        l.categoryId = lines.text(3);
        l.tax = Money(lines.integer(4), *currency);
        l.taxRateBasisPoints = static_cast<int>(lines.integer(5));
        l.refunded = lines.text(6) == "REFUNDED";
        l.priceOverrideReason = lines.text(7);
        b.lines.push_back(std::move(l));
    }));

    auto& payments = m_db->cached("SELECT payment_id, method, amount_minor, tendered_minor, reference FROM payments "
                                  "WHERE booking_id = ?1 ORDER BY created_at, rowid");
    payments.bind(1, bookingId);
    MQ_TRY(payments.each([&](Statement&) {
        Payment p;
        p.id = payments.text(0);
        p.method = paymentMethodFromDb(payments.text(1));
        p.amount = Money(payments.integer(2), *currency);
        if (auto t = payments.optionalInteger(3))
            p.tendered = Money(*t, *currency);
        p.reference = payments.text(4);
        b.payments.push_back(std::move(p));
    }));

    auto& refunds = m_db->cached("SELECT refund_id, seats, amount_minor, tax_minor, reason, staff, created_at "
                                 "FROM refunds WHERE booking_id = ?1 ORDER BY created_at, refund_id");
    refunds.bind(1, bookingId);
    MQ_TRY(refunds.each([&](Statement&) {
        Refund f;
        f.id = refunds.text(0);
        f.bookingId = bookingId;
        f.seats = seatsFromJson(refunds.text(1));
        f.amount = Money(refunds.integer(2), *currency);
        f.tax = Money(refunds.integer(3), *currency);
        f.reason = refunds.text(4);
        f.staff = refunds.text(5);
        f.createdAt = fromEpochMs(refunds.integer(6));
        b.refunds.push_back(std::move(f));
    }));
    for (auto& f : b.refunds) {
        auto& parts = m_db->cached("SELECT rp.payment_id, p.method, rp.amount_minor FROM refund_payments AS rp "
                                   "JOIN payments AS p USING (payment_id) WHERE rp.refund_id = ?1 ORDER BY rp.rowid");
        parts.bind(1, f.id);
        MQ_TRY(parts.each([&](Statement&) {
            f.parts.push_back({parts.text(0), paymentMethodFromDb(parts.text(1)), Money(parts.integer(2), *currency)});
        }));
    }
    return b;
}

Result<Booking> LocalStore::booking(const std::string& bookingId)
{
    return loadBooking(bookingId);
}

Result<Booking> LocalStore::bookingByReference(const std::string& reference)
{
    std::string normalized;
    for (char c : reference) {
        if (c == ' ')
            continue;
        normalized += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    if (normalized.size() == 10) // typed without the dash (built anew: g++ 12 -O3 misreads insert())
        normalized = normalized.substr(0, 5) + '-' + normalized.substr(5);
    auto& stmt = m_db->cached("SELECT booking_id FROM bookings WHERE reference = ?1");
    stmt.bind(1, normalized);
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "no booking with reference '" + reference + "'");
    const std::string id = stmt.text(0);
    stmt.reset();
    return loadBooking(id);
}

Result<Booking> LocalStore::bookingForSeat(const std::string& showId, const std::string& seatId)
{
    auto& stmt = m_db->cached("SELECT booking_id FROM ticket_lines WHERE show_id = ?1 AND seat_id = ?2 "
                              "ORDER BY state = 'BOOKED' DESC LIMIT 1");
    stmt.bind(1, showId).bind(2, seatId);
    auto row = stmt.step();
    if (!row)
        return errorOf(row);
    if (!*row)
        return fail(ErrorCode::NotFound, "no booking for seat " + seatId);
    const std::string id = stmt.text(0);
    stmt.reset();
    return loadBooking(id);
}

Result<std::vector<LocalStore::AuditEntry>> LocalStore::auditLog(std::int64_t afterSeq, int limit)
{
    auto& stmt = m_db->cached("SELECT seq, at, device, staff, action, entity, detail, prev_hash, hash FROM audit_log "
                              "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    stmt.bind(1, afterSeq).bind(2, limit);
    std::vector<AuditEntry> out;
    MQ_TRY(stmt.each([&](Statement&) {
        out.push_back({stmt.integer(0), fromEpochMs(stmt.integer(1)), stmt.text(2), stmt.text(3), stmt.text(4),
                       stmt.text(5), stmt.text(6), stmt.text(7), stmt.text(8)});
    }));
    return out;
}

} // namespace marquee
