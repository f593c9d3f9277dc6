#pragma once
// What a cinema sells: screens with their layouts, films, shows and price lists.
// One JSON format (docs/formats.md) is used by catalog files, the local store and the
// server's GET /v1/catalog, so client and server cannot drift.

#include "Clock.h"
#include "Money.h"
#include "SeatLayout.h"

#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace marquee {

struct Cinema
{
    std::string id;
    std::string name;
    std::string address;
    std::string timeZone = "UTC"; // IANA name, e.g. Asia/Kolkata
    Currency currency;
    std::string taxId; // printed on receipts (GSTIN, VAT number...)
};

struct Film
{
    std::string id;
    std::string title;
    int runtimeMinutes = 0;
    std::string certificate; // "U", "UA", "A", "PG-13"...
    std::string language;
    std::vector<std::string> genres;
};

struct Show
{
    std::string id;
    std::string filmId;
    std::string screenId;
    Timestamp start;
    Timestamp end;
    std::string language;
    std::string format; // "2D", "3D", "IMAX"
    std::string priceListId;
};

// A tax rate that applies to tax-inclusive prices up to and including `upToMinor`
// (no upper bound when absent). Bands are ordered by upToMinor.
struct TaxBand
{
    std::optional<std::int64_t> upToMinor;
    int rateBasisPoints = 0; // 1800 = 18 %
};

struct TicketType
{
    std::string id; // "adult", "child", "senior"
    std::string name;
    std::map<std::string, std::int64_t> priceByCategory; // category id -> tax-inclusive minor units
};

struct PriceList
{
    std::string id;
    std::string name;
    Currency currency;
    std::vector<TicketType> ticketTypes;
    std::vector<TaxBand> taxBands;

    const TicketType* ticketType(std::string_view id) const;
    // The tax-inclusive price of a ticket type for a seat category, if that type is sold there.
    std::optional<Money> price(std::string_view ticketTypeId, std::string_view categoryId) const;
    int taxRateFor(const Money& price) const;
};

class Catalog
{
public:
    static Result<Catalog> fromJson(const nlohmann::json& document, const std::string& source);
    static Result<Catalog> load(const std::string& path);
    nlohmann::json toJson() const;

    const Cinema& cinema() const { return m_cinema; }
    const std::vector<std::shared_ptr<const SeatLayout>>& screens() const { return m_screens; }
    const std::vector<Film>& films() const { return m_films; }
    const std::vector<PriceList>& priceLists() const { return m_priceLists; }
    const std::vector<Show>& shows() const { return m_shows; }

    std::shared_ptr<const SeatLayout> screen(std::string_view id) const;
    const Film* film(std::string_view id) const;
    const Show* show(std::string_view id) const;
    const PriceList* priceList(std::string_view id) const;

    // Building from parts (demo generator, tests); validate() checks what fromJson checks.
    Cinema& cinema() { return m_cinema; }
    void addScreen(SeatLayout layout) { m_screens.push_back(std::make_shared<const SeatLayout>(std::move(layout))); }
    void addFilm(Film film) { m_films.push_back(std::move(film)); }
    void addPriceList(PriceList list) { m_priceLists.push_back(std::move(list)); }
    void addShow(Show show) { m_shows.push_back(std::move(show)); }
    Result<void> validate(const std::string& source) const;

private:
    Cinema m_cinema;
    std::vector<std::shared_ptr<const SeatLayout>> m_screens;
    std::vector<Film> m_films;
    std::vector<PriceList> m_priceLists;
    std::vector<Show> m_shows;
};

// Codecs shared with the wire format.
nlohmann::json toJson(const Show& show);
nlohmann::json toJson(const Film& film);
nlohmann::json toJson(const PriceList& list);

} // namespace marquee
