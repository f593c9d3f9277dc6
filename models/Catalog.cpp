#include "Catalog.h"

#include "JsonCursor.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

namespace marquee {

namespace {

Result<Currency> readCurrency(const JsonCursor& c, std::string_view key)
{
    auto code = c.string(key);
    if (!code) {
        return std::unexpected(code.error());
    }
    auto currency = Currency::fromCode(*code);
    if (!currency) {
        return std::unexpected(c.field(key)->error(currency.error().message));
    }
    return currency;
}

Result<Film> readFilm(const JsonCursor& c)
{
    Film f;
    auto id = c.string("id");
    auto title = c.string("title");
    auto runtime = c.integer("runtimeMinutes");
    if (!id)
        return std::unexpected(id.error());
    if (!title)
        return std::unexpected(title.error());
    if (!runtime)
        return std::unexpected(runtime.error());
    if (*runtime <= 0 || *runtime > 600) {
        return std::unexpected(c.field("runtimeMinutes")->error("must be between 1 and 600 minutes"));
    }
    f.id = *id;
    f.title = *title;
    f.runtimeMinutes = static_cast<int>(*runtime);
    auto cert = c.stringOr("certificate", "");
    auto lang = c.stringOr("language", "");
    if (!cert)
        return std::unexpected(cert.error());
    if (!lang)
        return std::unexpected(lang.error());
    f.certificate = *cert;
    f.language = *lang;
    if (auto genres = c.optionalField("genres")) {
        auto items = genres->elements();
        if (!items)
            return std::unexpected(items.error());
        for (const auto& g : *items) {
            auto s = g.asNonEmptyString();
            if (!s)
                return std::unexpected(s.error());
            f.genres.push_back(*s);
        }
    }
    return f;
}

Result<PriceList> readPriceList(const JsonCursor& c)
{
    PriceList p;
    auto id = c.string("id");
    if (!id)
        return std::unexpected(id.error());
    p.id = *id;
    auto name = c.stringOr("name", p.id);
    if (!name)
        return std::unexpected(name.error());
    p.name = *name;
    auto currency = readCurrency(c, "currency");
    if (!currency)
        return std::unexpected(currency.error());
    p.currency = *currency;
    auto types = andThen(c.field("ticketTypes"), [](const JsonCursor& t) { return t.elements(); });
    if (!types)
        return std::unexpected(types.error());
    if (types->empty())
        return c.fail("ticketTypes: a price list needs at least one ticket type");
    for (const auto& t : *types) {
        TicketType type;
        auto tid = t.string("id");
        if (!tid)
            return std::unexpected(tid.error());
        if (p.ticketType(*tid))
            return t.fail("ticket type '" + *tid + "' is defined twice");
        type.id = *tid;
        auto tname = t.stringOr("name", type.id);
        if (!tname)
            return std::unexpected(tname.error());
        type.name = *tname;
        auto prices = t.field("prices");
        if (!prices)
            return std::unexpected(prices.error());
        if (!prices->value().is_object() || prices->value().empty()) {
            return prices->fail("expected an object of category id to price in minor units");
        }
        for (auto it = prices->value().begin(); it != prices->value().end(); ++it) {
            auto amount = andThen(prices->field(it.key()), [](const JsonCursor& a) { return a.asInt(); });
            if (!amount)
                return std::unexpected(amount.error());
            if (*amount < 0 || *amount > 100'000'000'00LL) {
                return prices->field(it.key())->fail("price must be zero or more minor units");
            }
            type.priceByCategory[it.key()] = *amount;
        }
        p.ticketTypes.push_back(std::move(type));
    }
    if (auto bands = c.optionalField("taxBands")) {
        auto items = bands->elements();
        if (!items)
            return std::unexpected(items.error());
        for (const auto& b : *items) {
            TaxBand band;
            auto rate = b.integer("rateBasisPoints");
            if (!rate)
                return std::unexpected(rate.error());
            if (*rate < 0 || *rate > 10000)
                return b.fail("rateBasisPoints must be between 0 and 10000");
            band.rateBasisPoints = static_cast<int>(*rate);
            if (auto upTo = b.optionalField("upToMinor")) {
                auto v = upTo->asInt();
                if (!v)
                    return std::unexpected(v.error());
                band.upToMinor = *v;
            }
            p.taxBands.push_back(band);
        }
        for (std::size_t i = 0; i + 1 < p.taxBands.size(); ++i) {
            const auto& a = p.taxBands[i];
            const auto& b = p.taxBands[i + 1];
            if (!a.upToMinor || (b.upToMinor && *b.upToMinor <= *a.upToMinor)) {
                return bands->fail("tax bands must be in increasing order of upToMinor, an open band last");
            }
        }
    }
    return p;
}

Result<Show> readShow(const JsonCursor& c)
{
    Show s;
    auto id = c.string("id");
    auto film = c.string("film");
    auto screen = c.string("screen");
    auto priceList = c.string("priceList");
    auto start = c.string("start");
    auto end = c.string("end");
    for (const auto* r : {&id, &film, &screen, &priceList, &start, &end}) {
        if (!*r)
            return std::unexpected(r->error());
    }
    s.id = *id;
    s.filmId = *film;
    s.screenId = *screen;
    s.priceListId = *priceList;
    auto startTime = parseIso8601(*start);
    if (!startTime)
        return std::unexpected(c.field("start")->error(startTime.error().message));
    auto endTime = parseIso8601(*end);
    if (!endTime)
        return std::unexpected(c.field("end")->error(endTime.error().message));
    if (*endTime <= *startTime)
        return c.fail("show '" + s.id + "' ends before it starts");
    s.start = *startTime;
    s.end = *endTime;
    auto lang = c.stringOr("language", "");
    auto format = c.stringOr("format", "2D");
    if (!lang)
        return std::unexpected(lang.error());
    if (!format)
        return std::unexpected(format.error());
    s.language = *lang;
    s.format = *format;
    return s;
}

} // namespace

const TicketType* PriceList::ticketType(std::string_view typeId) const
{
    auto it = std::find_if(ticketTypes.begin(), ticketTypes.end(), [&](const TicketType& t) { return t.id == typeId; });
    return it == ticketTypes.end() ? nullptr : &*it;
}

std::optional<Money> PriceList::price(std::string_view ticketTypeId, std::string_view categoryId) const
{
    const TicketType* type = ticketType(ticketTypeId);
    if (!type) {
        return std::nullopt;
    }
    auto it = type->priceByCategory.find(std::string(categoryId));
    if (it == type->priceByCategory.end()) {
        return std::nullopt;
    }
    return Money(it->second, currency);
}

int PriceList::taxRateFor(const Money& price) const
{
    for (const TaxBand& band : taxBands) {
        if (!band.upToMinor || price.minor() <= *band.upToMinor) {
            return band.rateBasisPoints;
        }
    }
    return 0;
}

Result<Catalog> Catalog::load(const std::string& path)
{
    return andThen(readJsonFile(path), [&](const nlohmann::json& doc) { return fromJson(doc, path); });
}

Result<Catalog> Catalog::fromJson(const nlohmann::json& document, const std::string& source)
{
    const JsonCursor root(document, source);
    if (!document.is_object()) {
        return root.fail("a catalog must be a JSON object");
    }
    Catalog catalog;
    auto cinema = root.field("cinema");
    if (!cinema)
        return std::unexpected(cinema.error());
    {
        auto id = cinema->string("id");
        auto name = cinema->string("name");
        auto tz = cinema->stringOr("timeZone", "UTC");
        auto address = cinema->stringOr("address", "");
        auto taxId = cinema->stringOr("taxId", "");
        for (const auto* r : {&id, &name, &tz, &address, &taxId}) {
            if (!*r)
                return std::unexpected(r->error());
        }
        auto currency = readCurrency(*cinema, "currency");
        if (!currency)
            return std::unexpected(currency.error());
        catalog.m_cinema = Cinema{*id, *name, *address, *tz, *currency, *taxId};
    }
    const std::string baseDir = std::filesystem::path(source).parent_path().string();
    auto screens = andThen(root.field("screens"), [](const JsonCursor& c) { return c.elements(); });
    if (!screens)
        return std::unexpected(screens.error());
    for (const auto& s : *screens) {
        // A screen is either an inline layout or {"layoutFile": "relative/path.json"}.
        if (auto file = s.optionalField("layoutFile")) {
            auto name = file->asNonEmptyString();
            if (!name)
                return std::unexpected(name.error());
            const std::string path = (std::filesystem::path(baseDir) / *name).string();
            auto layout = SeatLayout::load(path);
            if (!layout)
                return std::unexpected(file->error(layout.error().message, layout.error().code));
            catalog.addScreen(std::move(*layout));
        } else {
            auto layout = SeatLayout::fromJson(s.value(), source + ": " + s.path());
            if (!layout)
                return std::unexpected(layout.error());
            catalog.addScreen(std::move(*layout));
        }
    }
    auto films = andThen(root.field("films"), [](const JsonCursor& c) { return c.elements(); });
    if (!films)
        return std::unexpected(films.error());
    for (const auto& f : *films) {
        auto film = readFilm(f);
        if (!film)
            return std::unexpected(film.error());
        catalog.addFilm(std::move(*film));
    }
    auto lists = andThen(root.field("priceLists"), [](const JsonCursor& c) { return c.elements(); });
    if (!lists)
        return std::unexpected(lists.error());
    for (const auto& l : *lists) {
        auto list = readPriceList(l);
        if (!list)
            return std::unexpected(list.error());
        catalog.addPriceList(std::move(*list));
    }
    if (auto shows = root.optionalField("shows")) {
        auto items = shows->elements();
        if (!items)
            return std::unexpected(items.error());
        for (const auto& s : *items) {
            auto show = readShow(s);
            if (!show)
                return std::unexpected(show.error());
            catalog.addShow(std::move(*show));
        }
    }
    if (auto valid = catalog.validate(source); !valid) {
        return std::unexpected(valid.error());
    }
    return catalog;
}

Result<void> Catalog::validate(const std::string& source) const
{
    auto bad = [&](const std::string& problem) { return fail(ErrorCode::ParseError, source + ": " + problem); };
    std::set<std::string> ids;
    for (const auto& s : m_screens) {
        if (!ids.insert("screen:" + s->id()).second)
            return bad("screens: screen id '" + s->id() + "' is used twice");
    }
    for (const auto& f : m_films) {
        if (!ids.insert("film:" + f.id).second)
            return bad("films: film id '" + f.id + "' is used twice");
    }
    for (const auto& p : m_priceLists) {
        if (!ids.insert("price:" + p.id).second)
            return bad("priceLists: id '" + p.id + "' is used twice");
        if (!(p.currency == m_cinema.currency)) {
            return bad("priceLists: '" + p.id + "' is in " + std::string(p.currency.code()) +
                       " but the cinema sells in " + std::string(m_cinema.currency.code()));
        }
    }
    for (std::size_t i = 0; i < m_shows.size(); ++i) {
        const Show& show = m_shows[i];
        const std::string where = "shows[" + std::to_string(i) + "]: ";
        if (!ids.insert("show:" + show.id).second)
            return bad(where + "show id '" + show.id + "' is used twice");
        if (!film(show.filmId))
            return bad(where + "unknown film '" + show.filmId + "'");
        auto layout = screen(show.screenId);
        if (!layout)
            return bad(where + "unknown screen '" + show.screenId + "'");
        const PriceList* list = priceList(show.priceListId);
        if (!list)
            return bad(where + "unknown price list '" + show.priceListId + "'");
        for (const SeatCategory& category : layout->categories()) {
            const bool priced =
                std::any_of(list->ticketTypes.begin(), list->ticketTypes.end(),
                            [&](const TicketType& t) { return t.priceByCategory.contains(category.id); });
            if (!priced) {
                return bad(where + "price list '" + list->id + "' has no price for category '" + category.id +
                           "' of screen '" + layout->id() + "'");
            }
        }
        if (show.end <= show.start)
            return bad(where + "show '" + show.id + "' ends before it starts");
    }
    return {};
}

std::shared_ptr<const SeatLayout> Catalog::screen(std::string_view id) const
{
    for (const auto& s : m_screens) {
        if (s->id() == id) {
            return s;
        }
    }
    return nullptr;
}

const Film* Catalog::film(std::string_view id) const
{
    auto it = std::find_if(m_films.begin(), m_films.end(), [&](const Film& f) { return f.id == id; });
    return it == m_films.end() ? nullptr : &*it;
}

const Show* Catalog::show(std::string_view id) const
{
    auto it = std::find_if(m_shows.begin(), m_shows.end(), [&](const Show& s) { return s.id == id; });
    return it == m_shows.end() ? nullptr : &*it;
}

const PriceList* Catalog::priceList(std::string_view id) const
{
    auto it = std::find_if(m_priceLists.begin(), m_priceLists.end(), [&](const PriceList& p) { return p.id == id; });
    return it == m_priceLists.end() ? nullptr : &*it;
}

nlohmann::json toJson(const Show& show)
{
    return {{"id", show.id},
            {"film", show.filmId},
            {"screen", show.screenId},
            {"start", formatIso8601(show.start)},
            {"end", formatIso8601(show.end)},
            {"language", show.language},
            {"format", show.format},
            {"priceList", show.priceListId}};
}

nlohmann::json toJson(const Film& film)
{
    return {{"id", film.id},
            {"title", film.title},
            {"runtimeMinutes", film.runtimeMinutes},
            {"certificate", film.certificate},
            {"language", film.language},
            {"genres", film.genres}};
}

nlohmann::json toJson(const PriceList& list)
{
    nlohmann::json types = nlohmann::json::array();
    for (const auto& t : list.ticketTypes) {
        types.push_back({{"id", t.id}, {"name", t.name}, {"prices", t.priceByCategory}});
    }
    nlohmann::json bands = nlohmann::json::array();
    for (const auto& b : list.taxBands) {
        nlohmann::json band{{"rateBasisPoints", b.rateBasisPoints}};
        if (b.upToMinor) {
            band["upToMinor"] = *b.upToMinor;
        }
        bands.push_back(band);
    }
    return {{"id", list.id},
            {"name", list.name},
            {"currency", std::string(list.currency.code())},
            {"ticketTypes", types},
            {"taxBands", bands}};
}

nlohmann::json Catalog::toJson() const
{
    nlohmann::json doc;
    doc["format"] = "marquee-catalog/1";
    doc["cinema"] = {{"id", m_cinema.id},
                     {"name", m_cinema.name},
                     {"address", m_cinema.address},
                     {"timeZone", m_cinema.timeZone},
                     {"currency", std::string(m_cinema.currency.code())},
                     {"taxId", m_cinema.taxId}};
    auto& screens = doc["screens"] = nlohmann::json::array();
    for (const auto& s : m_screens) {
        screens.push_back(s->toJson());
    }
    auto& films = doc["films"] = nlohmann::json::array();
    for (const auto& f : m_films) {
        films.push_back(marquee::toJson(f));
    }
    auto& lists = doc["priceLists"] = nlohmann::json::array();
    for (const auto& p : m_priceLists) {
        lists.push_back(marquee::toJson(p));
    }
    auto& shows = doc["shows"] = nlohmann::json::array();
    for (const auto& s : m_shows) {
        shows.push_back(marquee::toJson(s));
    }
    return doc;
}

} // namespace marquee
