#pragma once
// "Best N seats": N adjacent seats in one row, closest to the screen's sweet spot
// (centred, about two thirds back), never stranding a single empty seat between taken
// seats or an aisle when another choice of the same size avoids it. Wheelchair spaces
// only when asked for, companion seats only beside a chosen wheelchair space. When no
// row fits, the best split is returned and marked as split.

#include "Sale.h"
#include "SeatLayout.h"

#include <optional>
#include <string>
#include <vector>

namespace marquee {

struct BestSeatsRequest
{
    int count = 2;
    std::optional<std::string> category; // only seats of this category
    int wheelchairSpaces = 0;            // how many of `count` are wheelchair spaces
};

struct BestSeats
{
    std::vector<int> seats; // layout indices, left to right per row
    bool split = false;     // not all in one block
    bool found() const { return !seats.empty(); }
};

BestSeats pickBestSeats(const SeatLayout& layout, const std::vector<SeatState>& states,
                        const BestSeatsRequest& request);

} // namespace marquee
