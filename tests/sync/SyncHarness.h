#pragma once
// What the sync and end-to-end tests share: a connected counter (a real SQLite file with
// the server's test catalog, a ServerApi over libcurl HTTPS) and checks of the server's
// database against the counters' own records.

#include "CashSale.h"
#include "Catalog.h"
#include "CounterSync.h"
#include "CurlTransport.h"
#include "LocalStore.h"
#include "OutboxWorker.h"
#include "ServerApi.h"
#include "ServerHarness.h"
#include "SyncService.h"
#include "Uuid.h"

#include <map>
#include <memory>
#include <string>

namespace marquee::test {

inline Result<std::unique_ptr<ServerApi>> connectApi(int port, const std::string& ca, const std::string& token,
                                                     Duration totalTimeout = std::chrono::seconds(3))
{
    CurlTransportOptions options;
    options.baseUrl = "https://127.0.0.1:" + std::to_string(port);
    options.caFile = ca;
    options.connectTimeout = std::chrono::seconds(2);
    options.totalTimeout = totalTimeout;
    auto transport = CurlTransport::create(options);
    if (!transport)
        return errorOf(transport);
    static SystemClock clock;
    return std::make_unique<ServerApi>(std::move(*transport), token, clock, nullptr);
}

// SyncService's settings for a counter `device` of the test server on `port`.
inline ConnectionSettings loopbackSettings(int port, const std::string& ca, const std::string& device,
                                           Duration totalTimeout = std::chrono::seconds(2))
{
    ConnectionSettings s;
    s.serverUrl = "https://127.0.0.1:" + std::to_string(port);
    s.caFile = ca;
    s.device = device;
    s.totalTimeout = totalTimeout;
    return s;
}

inline Result<std::unique_ptr<LocalStore>> openCounterStore(const std::string& path, const std::string& device,
                                                            const Clock& clock,
                                                            const std::string& catalogPath = testCatalogPath())
{
    LocalStore::Options options;
    options.device = device;
    options.connected = true;
    auto store = LocalStore::open(path, clock, options);
    if (!store)
        return store;
    auto catalog = Catalog::load(catalogPath);
    if (!catalog)
        return errorOf(catalog);
    MQ_TRY((*store)->importCatalog(*catalog));
    return store;
}

} // namespace marquee::test

namespace marquee::test {

// What a counter recorded: its bookings (id -> total) and the money it refunded.
struct Ledger
{
    std::map<std::string, std::int64_t> bookings;
    std::int64_t refunded = 0;
    std::int64_t seats = 0; // seats still booked
    bool operator==(const Ledger&) const = default;
};

inline Ledger localLedger(LocalStore& store)
{
    Ledger ledger;
    auto& rows = store.database().cached("SELECT booking_id, total_minor FROM bookings");
    while (rows.step().value_or(false))
        ledger.bookings[rows.text(0)] = rows.integer(1);
    rows.reset();
    auto& refunded = store.database().cached("SELECT coalesce(sum(amount_minor), 0) FROM refunds");
    if (refunded.step().value_or(false))
        ledger.refunded = refunded.integer(0);
    refunded.reset();
    auto& seats = store.database().cached("SELECT count(*) FROM ticket_lines WHERE state = 'BOOKED'");
    if (seats.step().value_or(false))
        ledger.seats = seats.integer(0);
    seats.reset();
    return ledger;
}

inline Ledger serverLedger(TestDatabase& db, const std::string& device)
{
    Ledger ledger;
    const std::string who = "(SELECT device_id FROM devices WHERE name = '" + device + "')";
    for (const auto& row : db.query("SELECT booking_id, total_minor FROM bookings WHERE device_id = " + who))
        ledger.bookings[row[0]] = std::stoll(row[1]);
    ledger.refunded = std::stoll(db.scalar("SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r JOIN bookings b "
                                           "USING (booking_id) WHERE b.device_id = " +
                                           who));
    ledger.seats = std::stoll(db.scalar("SELECT count(*) FROM ticket_lines t JOIN bookings b USING (booking_id) "
                                        "WHERE t.state = 'BOOKED' AND b.device_id = " +
                                        who));
    return ledger;
}

inline std::string describe(const Ledger& ledger)
{
    std::int64_t total = 0;
    for (const auto& [id, amount] : ledger.bookings)
        total += amount;
    return std::to_string(ledger.bookings.size()) + " bookings worth " + std::to_string(total) + ", " +
           std::to_string(ledger.seats) + " seats, refunded " + std::to_string(ledger.refunded);
}

} // namespace marquee::test
