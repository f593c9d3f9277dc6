#pragma once
// A cash sale of adult tickets at list price for a hold's seats: what the sync and
// end-to-end tests and the headless counter sell.

#include "LocalStore.h"
#include "Uuid.h"

namespace marquee::test {

inline Result<Sale> adultCashSale(LocalStore& store, const Hold& hold, const std::string& staff = "asha")
{
    std::vector<TicketLine> lines;
    for (const auto& seat : hold.seats) {
        TicketLine line;
        line.seatId = seat;
        line.ticketTypeId = "adult";
        lines.push_back(line);
    }
    auto priced = store.priceLines(hold.showId, lines);
    if (!priced)
        return errorOf(priced);
    Sale sale;
    sale.bookingId = newUuid();
    sale.staff = staff;
    sale.lines = *priced;
    Money total = Money::zero(sale.lines.front().price.currency());
    for (const auto& line : sale.lines)
        total = *total.plus(line.price);
    sale.payments.push_back(Payment{newUuid(), PaymentMethod::Cash, total, std::nullopt, ""});
    return sale;
}

} // namespace marquee::test
