#pragma once
// One counter selling seats of one show as fast as it can: hold 1-4 random seats, then
// confirm (60 %, then 40 % of those refunded, some in part) or release. Used by threads in the contention
// test and by the seat_hammer process in the contention and crash tests.

#include "LocalStore.h"
#include "Uuid.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

namespace marquee::test {

struct HammerStats
{
    long holds = 0, granted = 0, confirmed = 0, released = 0, refunded = 0, errors = 0;
};

// A refund that another counter beat us to is a Conflict, not a failure.
inline void refund(LocalStore& store, const RefundRequest& request, HammerStats& stats)
{
    if (auto r = store.refund(request); r) {
        ++stats.refunded;
    } else if (r.error().code != ErrorCode::Conflict) {
        ++stats.errors;
        std::fprintf(stderr, "refund: %s\n", r.error().message.c_str());
    }
}

inline HammerStats hammer(LocalStore& store, const std::string& show, std::chrono::steady_clock::time_point deadline,
                          unsigned seed)
{
    HammerStats stats;
    std::mt19937 random(seed);
    auto layout = store.layoutForShow(show);
    if (!layout) {
        ++stats.errors;
        return stats;
    }
    std::uniform_int_distribution<std::size_t> pickSeat(0, (*layout)->seatCount() - 1);
    while (std::chrono::steady_clock::now() < deadline) {
        HoldRequest request;
        request.requestId = newUuid();
        request.showId = show;
        // Like a cashier, pick seats that the (by now possibly stale) map shows as free.
        auto map = store.availability(show);
        if (!map) {
            ++stats.errors;
            continue;
        }
        const int count = 1 + int(random() % 4);
        if (map->available < count) {
            // Sold out: a customer returns tickets. Others may refund the same booking at the
            // same moment; exactly one of them may succeed.
            std::vector<std::string> booked;
            for (const auto& claim : map->claims) {
                if (claim.state == SeatState::Booked)
                    booked.push_back(claim.bookingId);
            }
            if (!booked.empty()) {
                const std::string& bookingId = booked[random() % booked.size()];
                refund(store, RefundRequest{newUuid(), bookingId, {}, "returned", "hammer"}, stats);
            }
            continue;
        }
        while (int(request.seats.size()) < count) {
            const std::size_t index = pickSeat(random);
            const Seat& seat = (*layout)->seat(int(index));
            if (map->states[index] == SeatState::Available &&
                std::find(request.seats.begin(), request.seats.end(), seat.id) == request.seats.end()) {
                request.seats.push_back(seat.id);
            }
        }
        ++stats.holds;
        auto outcome = store.hold(request);
        if (!outcome) {
            ++stats.errors;
            std::fprintf(stderr, "hold: %s\n", outcome.error().message.c_str());
            continue;
        }
        if (!outcome->granted()) {
            continue;
        }
        ++stats.granted;
        const Hold& hold = *outcome->hold;
        if (random() % 10 < 6) {
            Sale sale;
            sale.bookingId = newUuid();
            sale.staff = "hammer";
            for (const auto& seat : hold.seats) {
                TicketLine line;
                line.seatId = seat;
                line.ticketTypeId = "adult";
                sale.lines.push_back(line);
            }
            auto priced = store.priceLines(show, sale.lines);
            if (!priced) {
                ++stats.errors;
                continue;
            }
            sale.lines = *priced;
            Money total = Money::zero(sale.lines.front().price.currency());
            for (const auto& l : sale.lines)
                total = *total.plus(l.price);
            sale.payments.push_back({newUuid(), PaymentMethod::Cash, total, std::nullopt, ""});
            auto booking = store.confirm(hold.id, sale);
            if (!booking) {
                ++stats.errors;
                std::fprintf(stderr, "confirm: %s\n", booking.error().message.c_str());
                continue;
            }
            ++stats.confirmed;
            // Refunds put seats back on sale, so the show never fills up and contention lasts.
            const unsigned dice = random() % 10;
            if (dice < 4) {
                std::vector<std::string> seats;
                if (dice == 0)
                    seats.push_back(booking->lines.front().seatId); // one seat; otherwise all
                refund(store, RefundRequest{newUuid(), booking->id, seats, "changed mind", "hammer"}, stats);
            }
        } else {
            auto r = store.release(hold.id);
            if (r && *r) {
                ++stats.released;
            } else {
                ++stats.errors;
            }
        }
    }
    return stats;
}

} // namespace marquee::test
