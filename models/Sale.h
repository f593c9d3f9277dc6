#pragma once
// The value types of selling: holds, ticket lines, payments, bookings and refunds,
// and a show's seat availability. Plain data; LocalStore keeps the rules.

#include "Clock.h"
#include "Money.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee {

enum class SeatState : std::uint8_t
{
    Available,
    Held,
    Booked,
    Unsellable
};
enum class HoldState : std::uint8_t
{
    Held,
    Booked,
    Released
};
enum class BookingState : std::uint8_t
{
    Confirmed,
    PartlyRefunded,
    Refunded
};
// ExchangeCredit pays part of an exchange's new booking with the value of the returned seats.
enum class PaymentMethod : std::uint8_t
{
    Cash,
    CardTerminal,
    CardGateway,
    ExchangeCredit
};

// Where a hold came from: this counter alone (standalone), a hold placed on the server and
// mirrored here (online), or seats of this counter's allotment lease (offline).
enum class HoldOrigin : std::uint8_t
{
    Local,
    Server,
    Lease
};
// A sale's standing with the server: None for a standalone counter; Pending until the
// server answers; then Confirmed, Conflict (a manager decides) or Failed (sync problems).
enum class SyncState : std::uint8_t
{
    None,
    Pending,
    Confirmed,
    Conflict,
    Failed
};

std::string_view nameOf(SeatState state);
std::string_view nameOf(HoldOrigin origin);
std::string_view nameOf(SyncState state);
std::string_view nameOf(HoldState state);
std::string_view nameOf(BookingState state);
std::string_view nameOf(PaymentMethod method);
std::optional<PaymentMethod> paymentMethodFromString(std::string_view text);

// A hold the server granted, to be mirrored locally under the server's id with a local
// expiry a little earlier than the server's.
struct ServerHoldMirror
{
    std::string holdId;
    Timestamp expiresAt;
};

struct HoldRequest
{
    std::string requestId; // made by the caller; the same id returns the same hold
    std::string showId;
    std::vector<std::string> seats;
    Duration ttl = std::chrono::minutes(5);
    std::string staff;
    // Connected counters: exactly one of these says where the seats come from.
    std::optional<ServerHoldMirror> mirror; // online: the server's hold
    std::string allotmentId;                // offline: seats of this counter's lease
};

// Seats of a show leased to this counter for offline selling (server allotment).
struct Lease
{
    std::string allotmentId;
    std::string showId;
    std::vector<std::string> seats;
    Timestamp grantedAt;
    Timestamp expiresAt;
};

struct Hold
{
    std::string id;
    std::string requestId;
    std::string showId;
    std::vector<std::string> seats;
    HoldState state = HoldState::Held;
    Timestamp createdAt;
    Timestamp expiresAt;
    HoldOrigin origin = HoldOrigin::Local;
    std::string allotmentId; // for HoldOrigin::Lease
};

// A hold is all-or-nothing: either `hold` is set, or `unavailable` lists exactly the seats
// that were taken (held by someone else, booked, or not sellable).
struct HoldOutcome
{
    std::optional<Hold> hold;
    std::vector<std::string> unavailable;
    bool replayed = false;

    bool granted() const { return hold.has_value(); }
};

struct TicketLine
{
    std::string seatId;
    std::string ticketTypeId;
    Money price; // tax-inclusive
    // Filled in by the store from the price list:
    std::string categoryId;
    Money tax;
    int taxRateBasisPoints = 0;
    bool refunded = false;
    // A price other than the list price needs a reason (supervisor override).
    std::string priceOverrideReason;
};

struct Payment
{
    std::string id; // UUID made when the payment starts
    PaymentMethod method = PaymentMethod::Cash;
    Money amount;                  // what this method pays towards the total
    std::optional<Money> tendered; // cash handed over; change = tendered - amount
    std::string reference;         // card approval code or gateway transaction id

    Money change() const
    {
        return tendered ? Money(tendered->minor() - amount.minor(), amount.currency()) : Money::zero(amount.currency());
    }
};

struct Sale
{
    std::string bookingId; // UUID made when the sale starts; the same id returns the same booking
    std::vector<TicketLine> lines;
    std::vector<Payment> payments;
    std::string staff;
    std::string device;
};

struct RefundPart
{
    std::string paymentId;
    PaymentMethod method = PaymentMethod::Cash;
    Money amount;
};

struct Refund
{
    std::string id;
    std::string bookingId;
    std::vector<std::string> seats;
    Money amount;
    Money tax;
    std::string reason;
    std::string staff;
    Timestamp createdAt;
    std::vector<RefundPart> parts; // money back, to the original payment methods
};

struct RefundRequest
{
    std::string refundId; // UUID; the same id returns the same refund
    std::string bookingId;
    std::vector<std::string> seats; // empty: every seat still booked
    std::string reason;
    std::string staff;
};

// Seats of a booking given back and a new hold confirmed, in one step. The new sale may
// pay with PaymentMethod::ExchangeCredit up to the returned seats' value; anything above
// is paid as usual, anything below goes back to the original payment methods.
struct ExchangeRequest
{
    RefundRequest refund;
    std::string newHoldId;
    Sale newSale;
};

struct Booking
{
    std::string id;
    std::string reference; // short code printed on tickets: "K7P3M-XQ9B2"
    std::string showId;
    std::string holdId;
    BookingState state = BookingState::Confirmed;
    std::vector<TicketLine> lines;
    std::vector<Payment> payments;
    std::vector<Refund> refunds;
    Money total;
    Money tax;
    Timestamp soldAt;
    std::string staff;
    std::string device;
    SyncState syncState = SyncState::None;
    bool replayed = false; // true when confirm() returned an earlier result
};

struct SeatClaim
{
    int seat = 0; // index into the show's layout
    SeatState state = SeatState::Held;
    std::string holdId;    // for held seats
    std::string bookingId; // for booked seats
    Timestamp expiresAt;   // for held seats
};

// A snapshot of one show. Expired holds already count as available here.
struct Availability
{
    std::string showId;
    std::int64_t version = 0;
    std::vector<SeatState> states; // by layout seat index
    std::vector<SeatClaim> claims; // held and booked seats only
    int available = 0;
    int held = 0;
    int booked = 0;
    int unsellable = 0;
};

struct SeatChange
{
    std::string seatId;
    SeatState state = SeatState::Available;
};

struct SeatChanges
{
    std::int64_t version = 0;        // pass this as `since` next time
    std::vector<SeatChange> changes; // latest state of each seat changed after `since`
    bool fullRefreshNeeded = false;  // the log was pruned past `since`: take a snapshot
};

} // namespace marquee
