#pragma once
// Shared set-up for the models tests: a demo catalog for a fixed week, a store in a
// fresh temporary directory, and small builders for sales.

#include "DemoCinema.h"
#include "LocalStore.h"
#include "TestPrinters.h"
#include "Uuid.h"

#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace marquee::test {

inline std::string demoDir()
{
    return MARQUEE_SOURCE_DIR "/resources/demo";
}

inline std::chrono::year_month_day demoFirstDay()
{
    using namespace std::chrono;
    return year_month_day{year{2026}, month{12}, day{3}};
}

// 2026-12-03 10:00 in Kolkata; the demo's first shows start from 09:15 local.
inline Timestamp demoMorning()
{
    return *parseIso8601("2026-12-03T04:30:00Z");
}

inline const Catalog& demoCatalog()
{
    static const Catalog catalog = [] {
        auto c = buildDemoCatalog(demoDir(), demoFirstDay(), 7);
        if (!c) {
            qFatal("demo catalog: %s", c.error().message.c_str());
        }
        return *c;
    }();
    return catalog;
}

// The first show of the day on a screen ("screen-3" has 600 seats).
inline std::string firstShowOn(const std::string& screenId)
{
    for (const auto& show : demoCatalog().shows()) {
        if (show.screenId == screenId) {
            return show.id;
        }
    }
    qFatal("no show on %s", screenId.c_str());
}

inline std::unique_ptr<LocalStore> openStore(const QString& path, const Clock& clock, bool importDemo = true)
{
    auto store = LocalStore::open(path.toStdString(), clock);
    if (!store) {
        qFatal("open store: %s", store.error().message.c_str());
    }
    if (importDemo) {
        if (auto r = (*store)->importCatalog(demoCatalog()); !r) {
            qFatal("import: %s", r.error().message.c_str());
        }
    }
    return std::move(*store);
}

inline HoldRequest holdRequest(const std::string& show, std::vector<std::string> seats,
                               Duration ttl = std::chrono::minutes(5))
{
    HoldRequest r;
    r.requestId = newUuid();
    r.showId = show;
    r.seats = std::move(seats);
    r.ttl = ttl;
    r.staff = "asha";
    return r;
}

// A cash sale of adult tickets at list price for the hold's seats.
inline Sale cashSale(LocalStore& store, const Hold& hold, const std::string& ticketType = "adult")
{
    Sale sale;
    sale.bookingId = newUuid();
    sale.staff = "asha";
    std::vector<TicketLine> lines;
    for (const auto& seat : hold.seats) {
        TicketLine line;
        line.seatId = seat;
        line.ticketTypeId = ticketType;
        lines.push_back(line);
    }
    auto priced = store.priceLines(hold.showId, lines);
    if (!priced) {
        qFatal("price: %s", priced.error().message.c_str());
    }
    sale.lines = *priced;
    Money total = Money::zero(sale.lines.front().price.currency());
    for (const auto& l : sale.lines) {
        total = *total.plus(l.price);
    }
    Payment cash;
    cash.id = newUuid();
    cash.method = PaymentMethod::Cash;
    cash.amount = total;
    cash.tendered = Money(((total.minor() + 9999) / 10000) * 10000, total.currency());
    sale.payments.push_back(cash);
    return sale;
}

} // namespace marquee::test
