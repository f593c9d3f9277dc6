#include "DemoCinema.h"

#include "JsonCursor.h"
#include "TimeZone.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#ifndef MARQUEE_DEMO_DIR
#define MARQUEE_DEMO_DIR ""
#endif
#ifndef MARQUEE_INSTALLED_DEMO_DIR
#define MARQUEE_INSTALLED_DEMO_DIR "/usr/share/marquee/demo"
#endif

namespace marquee {

using namespace std::chrono;

namespace {
Result<minutes> parseClock(const JsonCursor& c)
{
    auto text = c.asString();
    if (!text)
        return std::unexpected(text.error());
    int h = 0, m = 0;
    if (text->size() != 5 || (*text)[2] != ':' ||
        std::from_chars(text->data(), text->data() + 2, h).ec != std::errc{} ||
        std::from_chars(text->data() + 3, text->data() + 5, m).ec != std::errc{} || h > 23 || m > 59) {
        return c.fail("expected a local time like 09:30");
    }
    return minutes(h * 60 + m);
}
} // namespace

std::string defaultDemoDirectory()
{
    for (const char* dir : {MARQUEE_DEMO_DIR, MARQUEE_INSTALLED_DEMO_DIR}) {
        if (*dir && std::filesystem::exists(std::filesystem::path(dir) / "cinema.json")) {
            return dir;
        }
    }
    return MARQUEE_DEMO_DIR;
}

Result<Catalog> buildDemoCatalog(const std::string& dir, year_month_day firstDay, int days)
{
    const std::string path = (std::filesystem::path(dir) / "cinema.json").string();
    auto doc = readJsonFile(path);
    if (!doc)
        return std::unexpected(doc.error());
    auto catalog = Catalog::fromJson(*doc, path);
    if (!catalog)
        return std::unexpected(catalog.error());
    auto zone = TimeZone::load(catalog->cinema().timeZone);
    if (!zone)
        return std::unexpected(zone.error());

    const JsonCursor root(*doc, path);
    auto rules = root.field("programmeRules");
    if (!rules)
        return std::unexpected(rules.error());
    auto trailers = rules->integerOr("trailerMinutes", 15);
    auto cleaning = rules->integerOr("cleaningMinutes", 20);
    auto rounding = rules->integerOr("roundToMinutes", 15);
    if (!trailers || !cleaning || !rounding || *rounding <= 0) {
        return rules->fail("trailerMinutes, cleaningMinutes and roundToMinutes must be whole minutes");
    }
    auto programme = andThen(root.field("programme"), [](const JsonCursor& c) { return c.elements(); });
    if (!programme)
        return std::unexpected(programme.error());

    for (int d = 0; d < days; ++d) {
        const year_month_day day{sys_days{firstDay} + std::chrono::days{d}};
        for (const auto& p : *programme) {
            auto screen = p.string("screen");
            auto priceList = p.string("priceList");
            if (!screen)
                return std::unexpected(screen.error());
            if (!priceList)
                return std::unexpected(priceList.error());
            auto first = andThen(p.field("firstShow"), parseClock);
            auto last = andThen(p.field("lastStart"), parseClock);
            if (!first)
                return std::unexpected(first.error());
            if (!last)
                return std::unexpected(last.error());
            auto films = andThen(p.field("films"), [](const JsonCursor& c) { return c.elements(); });
            if (!films)
                return std::unexpected(films.error());
            if (films->empty())
                return p.fail("a screen's programme needs at least one film");
            minutes start = *first;
            for (int k = 0; start <= *last; ++k) {
                const auto& filmCursor = (*films)[std::size_t((d + k) % static_cast<int>(films->size()))];
                auto filmId = filmCursor.asNonEmptyString();
                if (!filmId)
                    return std::unexpected(filmId.error());
                const Film* film = catalog->film(*filmId);
                if (!film)
                    return filmCursor.fail("unknown film '" + *filmId + "'");
                Show show;
                char id[64];
                std::snprintf(id, sizeof id, "%s-%04d%02u%02u-%02ld%02ld", screen->c_str(), int(day.year()),
                              unsigned(day.month()), unsigned(day.day()), long(start.count() / 60),
                              long(start.count() % 60));
                show.id = id;
                show.filmId = film->id;
                show.screenId = *screen;
                show.priceListId = *priceList;
                show.language = film->language;
                show.format = *screen == "screen-3" ? "3D" : "2D";
                const local_time<milliseconds> localStart{local_days{day}.time_since_epoch() + start};
                show.start = zone->fromLocal(localStart);
                show.end = show.start + minutes(*trailers + film->runtimeMinutes);
                catalog->addShow(show);
                // Next show after cleaning, on the next round quarter hour.
                minutes next = start + minutes(*trailers + film->runtimeMinutes + *cleaning);
                const auto r = *rounding;
                start = minutes(((next.count() + r - 1) / r) * r);
            }
        }
    }
    if (auto valid = catalog->validate(path); !valid)
        return std::unexpected(valid.error());
    return catalog;
}

} // namespace marquee
