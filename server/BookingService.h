#pragma once
// Bookings and refunds. A booking turns the seats of a live hold, or of an allotment lease
// when the sale was made before the lease ended, into BOOKED claims, with its ticket lines
// priced from the catalog and payments that add up to the total, all in one transaction.
// A refund turns booked seats back into AVAILABLE and records the money going back to the
// original payments. Repeating a booking id or refund id returns what exists.

#include "Auth.h"
#include "CatalogService.h"
#include "IdempotencyStore.h"
#include "Metrics.h"
#include "Problem.h"
#include "Transaction.h"
#include "Wire.h"

#include <optional>
#include <string>

namespace marquee::server {

// A booking priced against the catalog, ready to store.
struct PricedBooking
{
    wire::BookingBody body;
    std::string currency;
    std::vector<std::string> categories; // per seat line
    std::vector<std::int64_t> taxes;     // per seat line
    std::vector<int> taxRates;           // per seat line, basis points
    std::int64_t total = 0;
    std::int64_t tax = 0;
};

class BookingService
{
public:
    BookingService(CatalogService& catalog, Metrics& metrics)
        : m_catalog(catalog)
        , m_metrics(metrics)
    {
    }

    // Prices and checks a booking without the database: unknown show or seats, prices
    // that differ from the list without a reason, payments that do not add up.
    Result<PricedBooking> price(const Device& device, const wire::BookingBody& body, Reply& refusal);
    // The booking, its audit row and its stored reply in one call of book_sale (migration
    // kBookSale), for the device of `key`: the seats of a live hold of that device, or of its
    // lease when sold before the lease ended, become BOOKED; the same booking id again is
    // the booking (200), or 409 booking_id_conflict when it is another sale's.
    KeyedOutcome book(pqxx::nontransaction& db, const KeyScope& key, const PricedBooking& booking);
    Reply refund(Transaction& tx, const Device& device, const std::string& bookingId, const wire::RefundBody& body);
    Reply get(Transaction& tx, const std::string& bookingId);

    // The booking as JSON (the shape of GET /v1/bookings/{id}); nullopt when unknown.
    static std::optional<nlohmann::json> load(pqxx::work& db, const std::string& bookingId);

private:
    CatalogService& m_catalog;
    Metrics& m_metrics;
};

} // namespace marquee::server
