#include "SeatLayout.h"

#include "JsonCursor.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace marquee {

namespace {
constexpr double kEpsilon = 1e-6;
constexpr int kMaxSeats = 100'000;
constexpr double kMaxCoordinate = 10'000;
} // namespace

std::string_view nameOf(SeatKind kind)
{
    switch (kind) {
    case SeatKind::Standard:
        return "standard";
    case SeatKind::Wheelchair:
        return "wheelchair";
    case SeatKind::Companion:
        return "companion";
    case SeatKind::Blocked:
        return "blocked";
    case SeatKind::Broken:
        return "broken";
    }
    return "standard";
}

std::optional<SeatKind> seatKindFromString(std::string_view text)
{
    for (auto kind :
         {SeatKind::Standard, SeatKind::Wheelchair, SeatKind::Companion, SeatKind::Blocked, SeatKind::Broken}) {
        if (nameOf(kind) == text) {
            return kind;
        }
    }
    return std::nullopt;
}

Result<SeatLayout> SeatLayout::load(const std::string& path)
{
    return andThen(readJsonFile(path), [&](const nlohmann::json& doc) { return fromJson(doc, path); });
}

Result<SeatLayout> SeatLayout::fromJson(const nlohmann::json& document, const std::string& source)
{
    const JsonCursor root(document, source);
    if (!document.is_object()) {
        return root.fail("a layout must be a JSON object");
    }
    SeatLayout layout;
    auto id = root.string("id");
    if (!id) {
        return std::unexpected(id.error());
    }
    layout.m_id = *id;
    auto name = root.stringOr("name", layout.m_id);
    if (!name) {
        return std::unexpected(name.error());
    }
    layout.m_name = *name;

    auto categories = andThen(root.field("categories"), [](const JsonCursor& c) { return c.elements(); });
    if (!categories) {
        return std::unexpected(categories.error());
    }
    if (categories->empty()) {
        return root.fail("categories: at least one seat category is needed");
    }
    for (const auto& c : *categories) {
        auto cid = c.string("id");
        if (!cid) {
            return std::unexpected(cid.error());
        }
        if (layout.categoryIndex(*cid)) {
            return c.fail("category id '" + *cid + "' is defined twice");
        }
        auto cname = c.stringOr("name", *cid);
        if (!cname) {
            return std::unexpected(cname.error());
        }
        layout.m_categories.push_back({*cid, *cname});
    }

    auto rows = andThen(root.field("rows"), [](const JsonCursor& c) { return c.elements(); });
    if (!rows) {
        return std::unexpected(rows.error());
    }
    if (rows->empty()) {
        return root.fail("rows: a layout needs at least one row");
    }
    std::unordered_map<std::string, std::string> placeOfId;
    std::unordered_map<std::string, std::string> placeOfLabel;
    for (const auto& r : *rows) {
        SeatRow row;
        auto label = r.string("label");
        auto y = r.number("y");
        if (!label) {
            return std::unexpected(label.error());
        }
        if (!y) {
            return std::unexpected(y.error());
        }
        if (std::fabs(*y) > kMaxCoordinate) {
            return r.fail("y is out of range");
        }
        if (auto [it, inserted] = placeOfLabel.emplace(*label, r.path()); !inserted) {
            return r.fail("row label '" + *label + "' is used twice (first at " + it->second + ")");
        }
        row.label = *label;
        row.y = *y;
        auto rowCategory = r.stringOr("category", layout.m_categories.front().id);
        if (!rowCategory) {
            return std::unexpected(rowCategory.error());
        }
        if (!layout.categoryIndex(*rowCategory)) {
            return r.fail("unknown category '" + *rowCategory + "'");
        }
        auto entries = andThen(r.field("seats"), [](const JsonCursor& c) { return c.elements(); });
        if (!entries) {
            return std::unexpected(entries.error());
        }
        if (entries->empty()) {
            return r.fail("row '" + row.label + "' has no seats");
        }
        const int rowIndex = static_cast<int>(layout.m_rows.size());
        for (const auto& e : *entries) {
            auto x = e.number("x");
            auto width = e.numberOr("width", 1.0);
            auto categoryId = e.stringOr("category", *rowCategory);
            auto kindText = e.stringOr("kind", "standard");
            for (const Error* err :
                 {x ? nullptr : &x.error(), width ? nullptr : &width.error(),
                  categoryId ? nullptr : &categoryId.error(), kindText ? nullptr : &kindText.error()}) {
                if (err) {
                    return std::unexpected(*err);
                }
            }
            if (std::fabs(*x) > kMaxCoordinate) {
                return e.fail("x is out of range");
            }
            if (*width < 0.5 || *width > 4) {
                return e.fail("width must be between 0.5 and 4 seat units");
            }
            auto category = layout.categoryIndex(*categoryId);
            if (!category) {
                return e.fail("unknown category '" + *categoryId + "'");
            }
            auto kind = seatKindFromString(*kindText);
            if (!kind) {
                return e.fail("unknown seat kind '" + *kindText +
                              "' (standard, wheelchair, companion, blocked or broken)");
            }
            // Either one seat {"number": n} or a run {"from": a, "to": b}, numbered in either direction.
            std::int64_t from = 0, to = 0;
            std::optional<std::string> explicitId;
            if (auto number = e.optionalField("number")) {
                auto n = number->asInt();
                if (!n) {
                    return std::unexpected(n.error());
                }
                from = to = *n;
                if (auto idField = e.optionalField("id")) {
                    auto s = idField->asNonEmptyString();
                    if (!s) {
                        return std::unexpected(s.error());
                    }
                    explicitId = *s;
                }
            } else {
                auto f = e.integer("from");
                auto t = e.integer("to");
                if (!f) {
                    return e.fail("needs either \"number\" or \"from\" and \"to\"");
                }
                if (!t) {
                    return std::unexpected(t.error());
                }
                from = *f;
                to = *t;
            }
            if (from < 0 || to < 0 || from > 9999 || to > 9999) {
                return e.fail("seat numbers must be between 0 and 9999");
            }
            const std::int64_t step = to >= from ? 1 : -1;
            const std::int64_t count = (to - from) * step + 1;
            if (static_cast<std::int64_t>(layout.m_seats.size()) + count > kMaxSeats) {
                return e.fail("too many seats (at most " + std::to_string(kMaxSeats) + " in a layout)");
            }
            for (std::int64_t i = 0; i < count; ++i) {
                Seat seat;
                seat.number = static_cast<int>(from + i * step);
                seat.rowLabel = row.label;
                seat.id = explicitId ? *explicitId : row.label + std::to_string(seat.number);
                seat.x = *x + static_cast<double>(i) * *width;
                seat.y = row.y;
                seat.width = *width;
                seat.category = *category;
                seat.row = rowIndex;
                seat.kind = *kind;
                if (auto [it, inserted] = placeOfId.emplace(seat.id, e.path()); !inserted) {
                    return e.fail("seat id '" + seat.id + "' is used twice (first at " + it->second + ")");
                }
                row.seats.push_back(static_cast<int>(layout.m_seats.size()));
                layout.m_seats.push_back(std::move(seat));
            }
        }
        std::sort(row.seats.begin(), row.seats.end(),
                  [&](int a, int b) { return layout.m_seats[std::size_t(a)].x < layout.m_seats[std::size_t(b)].x; });
        for (std::size_t i = 1; i < row.seats.size(); ++i) {
            const Seat& left = layout.m_seats[std::size_t(row.seats[i - 1])];
            const Seat& right = layout.m_seats[std::size_t(row.seats[i])];
            if (left.x + left.width > right.x + kEpsilon) {
                return r.fail("seats '" + left.id + "' and '" + right.id + "' overlap");
            }
        }
        layout.m_rows.push_back(std::move(row));
    }
    // Rows closer than one seat depth could overlap each other.
    for (std::size_t a = 0; a < layout.m_rows.size(); ++a) {
        for (std::size_t b = a + 1; b < layout.m_rows.size(); ++b) {
            if (std::fabs(layout.m_rows[a].y - layout.m_rows[b].y) >= 1 - kEpsilon) {
                continue;
            }
            for (int i : layout.m_rows[a].seats) {
                for (int j : layout.m_rows[b].seats) {
                    const Seat& s = layout.m_seats[std::size_t(i)];
                    const Seat& t = layout.m_seats[std::size_t(j)];
                    if (s.x < t.x + t.width - kEpsilon && t.x < s.x + s.width - kEpsilon) {
                        return root.fail("rows." + layout.m_rows[a].label + "/" + layout.m_rows[b].label + ": seats '" +
                                         s.id + "' and '" + t.id + "' overlap");
                    }
                }
            }
        }
    }
    layout.buildIndex();
    return layout;
}

void SeatLayout::buildIndex()
{
    m_byId.clear();
    m_byId.reserve(m_seats.size());
    m_positionInRow.assign(m_seats.size(), 0);
    m_minX = m_minY = 1e18;
    m_maxX = m_maxY = -1e18;
    for (std::size_t i = 0; i < m_seats.size(); ++i) {
        const Seat& s = m_seats[i];
        m_byId.emplace(s.id, static_cast<int>(i));
        m_minX = std::min(m_minX, s.x);
        m_maxX = std::max(m_maxX, s.x + s.width);
        m_minY = std::min(m_minY, s.y);
        m_maxY = std::max(m_maxY, s.y + 1);
    }
    for (const SeatRow& row : m_rows) {
        for (std::size_t p = 0; p < row.seats.size(); ++p) {
            m_positionInRow[std::size_t(row.seats[p])] = static_cast<int>(p);
        }
    }
    m_gridCols = static_cast<int>(std::ceil(m_maxX - m_minX)) + 1;
    m_gridRows = static_cast<int>(std::ceil(m_maxY - m_minY)) + 1;
    m_grid.assign(std::size_t(m_gridCols) * std::size_t(m_gridRows), {});
    for (std::size_t i = 0; i < m_seats.size(); ++i) {
        const Seat& s = m_seats[i];
        const int c0 = static_cast<int>(std::floor(s.x - m_minX));
        const int c1 = static_cast<int>(std::floor(s.x + s.width - m_minX - kEpsilon));
        const int r0 = static_cast<int>(std::floor(s.y - m_minY));
        const int r1 = static_cast<int>(std::floor(s.y + 1 - m_minY - kEpsilon));
        for (int r = r0; r <= r1; ++r) {
            for (int c = c0; c <= c1; ++c) {
                m_grid[std::size_t(r) * std::size_t(m_gridCols) + std::size_t(c)].push_back(static_cast<int>(i));
            }
        }
    }
}

std::optional<int> SeatLayout::indexOf(std::string_view seatId) const
{
    auto it = m_byId.find(seatId);
    if (it == m_byId.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<int> SeatLayout::categoryIndex(std::string_view categoryId) const
{
    for (std::size_t i = 0; i < m_categories.size(); ++i) {
        if (m_categories[i].id == categoryId) {
            return static_cast<int>(i);
        }
    }
    return std::nullopt;
}

std::optional<int> SeatLayout::leftNeighbour(int index) const
{
    const Seat& s = seat(index);
    const int p = m_positionInRow[std::size_t(index)];
    if (p == 0) {
        return std::nullopt;
    }
    const int left = m_rows[std::size_t(s.row)].seats[std::size_t(p - 1)];
    const Seat& l = seat(left);
    if (s.x - (l.x + l.width) > 0.25) {
        return std::nullopt; // a gap or an aisle between them
    }
    return left;
}

std::optional<int> SeatLayout::rightNeighbour(int index) const
{
    const Seat& s = seat(index);
    const auto& rowSeats = m_rows[std::size_t(s.row)].seats;
    const int p = m_positionInRow[std::size_t(index)];
    if (std::size_t(p + 1) >= rowSeats.size()) {
        return std::nullopt;
    }
    const int right = rowSeats[std::size_t(p + 1)];
    if (seat(right).x - (s.x + s.width) > 0.25) {
        return std::nullopt;
    }
    return right;
}

std::optional<int> SeatLayout::seatAt(double x, double y) const
{
    if (m_seats.empty() || !std::isfinite(x) || !std::isfinite(y)) {
        return std::nullopt;
    }
    const double cx = std::floor(x - m_minX);
    const double cy = std::floor(y - m_minY);
    if (cx < 0 || cy < 0 || cx >= m_gridCols || cy >= m_gridRows) {
        return std::nullopt;
    }
    for (int i : m_grid[std::size_t(cy) * std::size_t(m_gridCols) + std::size_t(cx)]) {
        const Seat& s = m_seats[std::size_t(i)];
        if (x >= s.x && x < s.x + s.width && y >= s.y && y < s.y + 1) {
            return i;
        }
    }
    return std::nullopt;
}

nlohmann::json SeatLayout::toJson() const
{
    nlohmann::json doc;
    doc["format"] = "marquee-layout/1";
    doc["id"] = m_id;
    doc["name"] = m_name;
    auto& cats = doc["categories"] = nlohmann::json::array();
    for (const auto& c : m_categories) {
        cats.push_back({{"id", c.id}, {"name", c.name}});
    }
    auto& rows = doc["rows"] = nlohmann::json::array();
    for (const SeatRow& row : m_rows) {
        nlohmann::json r{{"label", row.label}, {"y", row.y}};
        auto& seats = r["seats"] = nlohmann::json::array();
        for (int i : row.seats) {
            const Seat& s = seat(i);
            nlohmann::json e{{"number", s.number}, {"x", s.x}, {"category", m_categories[std::size_t(s.category)].id}};
            if (s.id != s.rowLabel + std::to_string(s.number)) {
                e["id"] = s.id;
            }
            if (s.width != 1.0) {
                e["width"] = s.width;
            }
            if (s.kind != SeatKind::Standard) {
                e["kind"] = std::string(nameOf(s.kind));
            }
            seats.push_back(std::move(e));
        }
        rows.push_back(std::move(r));
    }
    return doc;
}

} // namespace marquee
