#pragma once
// A screen's seats: rows, stable seat ids ("A10"), positions in seat-width units,
// aisles as gaps, categories and special kinds. Immutable once loaded; validated on
// load so the rest of the system can trust ids, categories and non-overlap.

#include "Error.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace marquee {

enum class SeatKind : std::uint8_t
{
    Standard,
    Wheelchair,
    Companion,
    Blocked,
    Broken
};

std::string_view nameOf(SeatKind kind);
std::optional<SeatKind> seatKindFromString(std::string_view text);

struct SeatCategory
{
    std::string id;   // "standard", "premium", "recliner"
    std::string name; // shown to staff
};

struct Seat
{
    std::string id; // stable, unique in the layout: row label + number unless given
    std::string rowLabel;
    int number = 0;
    double x = 0; // left edge, seat-width units
    double y = 0; // front edge, rows grow away from the screen
    double width = 1;
    int category = 0; // index into SeatLayout::categories()
    int row = 0;      // index into SeatLayout::rows()
    SeatKind kind = SeatKind::Standard;

    // Seats that can never be sold, whatever the show.
    bool isSellable() const { return kind != SeatKind::Blocked && kind != SeatKind::Broken; }
};

struct SeatRow
{
    std::string label;
    double y = 0;
    std::vector<int> seats; // indices into SeatLayout::seats(), ordered left to right
};

class SeatLayout
{
public:
    // Reads the layout format of docs/formats.md. `source` names the file in errors.
    static Result<SeatLayout> fromJson(const nlohmann::json& document, const std::string& source);
    static Result<SeatLayout> load(const std::string& path);
    nlohmann::json toJson() const;

    const std::string& id() const { return m_id; }
    const std::string& name() const { return m_name; }
    const std::vector<SeatCategory>& categories() const { return m_categories; }
    const std::vector<SeatRow>& rows() const { return m_rows; }
    const std::vector<Seat>& seats() const { return m_seats; }
    std::size_t seatCount() const { return m_seats.size(); }

    std::optional<int> indexOf(std::string_view seatId) const;
    std::optional<int> categoryIndex(std::string_view categoryId) const;
    const Seat& seat(int index) const { return m_seats[static_cast<std::size_t>(index)]; }

    // Bounding box of all seats, in seat units.
    double minX() const { return m_minX; }
    double maxX() const { return m_maxX; }
    double minY() const { return m_minY; }
    double maxY() const { return m_maxY; }

    // Neighbours within a row: the seat directly beside, with no gap or aisle between.
    std::optional<int> leftNeighbour(int index) const;
    std::optional<int> rightNeighbour(int index) const;

    // The seat whose rectangle (width x 1) contains the point, by arithmetic on a grid index.
    std::optional<int> seatAt(double x, double y) const;

private:
    void buildIndex();
    std::string m_id;
    std::string m_name;
    std::vector<SeatCategory> m_categories;
    std::vector<SeatRow> m_rows;
    std::vector<Seat> m_seats;
    // Transparent hashing: look seats up by string_view without building a string.
    struct IdHash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
    };
    std::unordered_map<std::string, int, IdHash, std::equal_to<>> m_byId;
    std::vector<int> m_positionInRow;
    double m_minX = 0, m_maxX = 0, m_minY = 0, m_maxY = 0;
    // Grid of 1x1 cells over the bounding box; each cell lists seats that touch it.
    int m_gridCols = 0, m_gridRows = 0;
    std::vector<std::vector<int>> m_grid;
};

} // namespace marquee
