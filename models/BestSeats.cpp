#include "BestSeats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace marquee {

namespace {

struct Window
{
    int row = -1;
    int begin = 0; // position in the row's seat list
    double score = std::numeric_limits<double>::infinity();
};

class Picker
{
public:
    Picker(const SeatLayout& layout, std::vector<SeatState> states, const BestSeatsRequest& request)
        : m_layout(layout)
        , m_states(std::move(states))
    {
        m_centreX = (layout.minX() + layout.maxX()) / 2;
        m_sweetY = layout.minY() + (layout.maxY() - layout.minY()) * 2.0 / 3.0;
        if (request.category) {
            m_category = layout.categoryIndex(*request.category).value_or(-2);
        }
    }

    // The best window of `size` seats, preferring ones that strand no single seat.
    std::optional<Window> best(int size, int wheelchairs) const
    {
        Window clean, any;
        for (std::size_t r = 0; r < m_layout.rows().size(); ++r) {
            const auto& seats = m_layout.rows()[r].seats;
            std::size_t p = 0;
            while (p < seats.size()) {
                if (!eligible(seats[p], wheelchairs)) {
                    ++p;
                    continue;
                }
                // A run of eligible seats with no gap between neighbours.
                std::size_t end = p + 1;
                while (end < seats.size() && eligible(seats[end], wheelchairs) &&
                       adjacent(seats[end - 1], seats[end])) {
                    ++end;
                }
                const int runLength = static_cast<int>(end - p);
                for (int start = 0; start + size <= runLength; ++start) {
                    const int begin = static_cast<int>(p) + start;
                    if (!fitsWheelchairRule(seats, begin, size, wheelchairs)) {
                        continue;
                    }
                    const double score = scoreOf(static_cast<int>(r), begin, size);
                    const bool strands = start == 1 || runLength - start - size == 1;
                    if (score < any.score) {
                        any = {static_cast<int>(r), begin, score};
                    }
                    if (!strands && score < clean.score) {
                        clean = {static_cast<int>(r), begin, score};
                    }
                }
                p = end;
            }
        }
        if (clean.row >= 0) {
            return clean;
        }
        if (any.row >= 0) {
            return any;
        }
        return std::nullopt;
    }

    void take(const Window& w, int size, std::vector<int>& out)
    {
        const auto& seats = m_layout.rows()[std::size_t(w.row)].seats;
        for (int i = 0; i < size; ++i) {
            const int seat = seats[std::size_t(w.begin + i)];
            out.push_back(seat);
            m_states[std::size_t(seat)] = SeatState::Held;
        }
    }

private:
    bool eligible(int seatIndex, int wheelchairs) const
    {
        if (m_states[std::size_t(seatIndex)] != SeatState::Available) {
            return false;
        }
        const Seat& seat = m_layout.seat(seatIndex);
        if (!seat.isSellable() || (m_category != -1 && seat.category != m_category)) {
            return false;
        }
        if (seat.kind == SeatKind::Wheelchair || seat.kind == SeatKind::Companion) {
            return wheelchairs > 0;
        }
        return true;
    }

    bool adjacent(int left, int right) const
    {
        auto n = m_layout.rightNeighbour(left);
        return n && *n == right;
    }

    bool fitsWheelchairRule(const std::vector<int>& seats, int begin, int size, int wheelchairs) const
    {
        if (wheelchairs == 0) {
            return true;
        }
        int count = 0;
        for (int i = 0; i < size; ++i) {
            const Seat& s = m_layout.seat(seats[std::size_t(begin + i)]);
            if (s.kind == SeatKind::Wheelchair) {
                ++count;
            } else if (s.kind == SeatKind::Companion) {
                // A companion seat only directly beside a wheelchair space in the same block.
                const bool leftIsSpace =
                    i > 0 && m_layout.seat(seats[std::size_t(begin + i - 1)]).kind == SeatKind::Wheelchair;
                const bool rightIsSpace =
                    i + 1 < size && m_layout.seat(seats[std::size_t(begin + i + 1)]).kind == SeatKind::Wheelchair;
                if (!leftIsSpace && !rightIsSpace) {
                    return false;
                }
            }
        }
        return count == wheelchairs;
    }

    double scoreOf(int row, int begin, int size) const
    {
        const auto& seats = m_layout.rows()[std::size_t(row)].seats;
        const Seat& first = m_layout.seat(seats[std::size_t(begin)]);
        const Seat& last = m_layout.seat(seats[std::size_t(begin + size - 1)]);
        const double centre = (first.x + last.x + last.width) / 2;
        const double dx = std::fabs(centre - m_centreX);
        // A row off the sweet spot costs more than a seat off centre: rows are deeper than seats are wide.
        const double dy = std::fabs(first.y + 0.5 - m_sweetY) * 1.5;
        // Small tie-break towards the back half, which most customers prefer to the front.
        const double front = first.y + 0.5 < m_sweetY ? 0.01 : 0.0;
        return dx + dy + front;
    }

    const SeatLayout& m_layout;
    std::vector<SeatState> m_states;
    double m_centreX = 0;
    double m_sweetY = 0;
    int m_category = -1;
};

} // namespace

BestSeats pickBestSeats(const SeatLayout& layout, const std::vector<SeatState>& states, const BestSeatsRequest& request)
{
    BestSeats result;
    if (request.count <= 0 || request.wheelchairSpaces < 0 || request.wheelchairSpaces > request.count ||
        states.size() != layout.seatCount()) {
        return result;
    }
    Picker picker(layout, states, request);
    if (auto w = picker.best(request.count, request.wheelchairSpaces)) {
        picker.take(*w, request.count, result.seats);
        return result;
    }
    if (request.wheelchairSpaces > 0) {
        return result; // a wheelchair group is kept together or not offered
    }
    // No row fits: the largest blocks first, each placed as well as it can be.
    int remaining = request.count;
    while (remaining > 0) {
        bool placed = false;
        for (int size = remaining; size >= 1 && !placed; --size) {
            if (auto w = picker.best(size, 0)) {
                picker.take(*w, size, result.seats);
                remaining -= size;
                placed = true;
            }
        }
        if (!placed) {
            return BestSeats{}; // not enough seats left
        }
    }
    result.split = true;
    return result;
}

} // namespace marquee
