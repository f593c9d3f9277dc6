#pragma once
// Request bodies of the server API v1 (docs/api.md) as plain structs, with decoders that
// name the offending field ("seats[2]: expected a string") and encoders for clients, so
// the sync layer and the server read and write the same JSON.
// Decoders check shape and ranges only; the server checks them against the catalog.

#include "Clock.h"
#include "Error.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::wire {

struct HoldBody
{
    std::string showId;
    std::vector<std::string> seats;
    std::optional<std::int64_t> ttlSeconds;
    // The caller's live hold (same device, same show) that this hold replaces atomically;
    // empty for none. Its seats count as free for the new hold.
    std::string replacesHoldId;
};

struct AllotmentBody
{
    std::string showId;
    std::vector<std::string> seats; // either seats...
    std::optional<int> count;       // ...or a number of seats for the server to choose
    std::int64_t leaseSeconds = 0;
};

struct BookingSeat
{
    std::string seat;
    std::string ticketType;
    std::int64_t priceMinor = 0;
    std::string priceOverrideReason;
};

struct BookingPayment
{
    std::string paymentId;
    std::string method; // CASH, CARD_TERMINAL, CARD_GATEWAY
    std::int64_t amountMinor = 0;
    std::optional<std::int64_t> tenderedMinor;
    std::string reference;
};

struct BookingBody
{
    std::string bookingId;
    std::string holdId; // exactly one of holdId and allotmentId
    std::string allotmentId;
    std::string showId;
    std::vector<BookingSeat> seats;
    std::vector<BookingPayment> payments;
    Timestamp soldAt;
    std::string staff;
};

struct RefundBody
{
    std::string refundId;
    std::vector<std::string> seats; // empty: every seat still booked
    std::string reason;
    std::string staff;
};

struct PaymentIntentBody
{
    std::string intentId;
    std::string bookingId;
    std::string holdId;
    std::string currency;
    std::int64_t amountMinor = 0;
};

struct PaymentEventBody
{
    std::string gatewayTxnId;
    std::string type; // AUTHORIZED, CAPTURED, VOIDED, REFUNDED, FAILED
    std::int64_t amountMinor = 0;
    // The gateway's own id of the payment ("pi_..."), optional: the server needs it to refund
    // a capture that no booking claims (marquee-server reconcile). The {} keeps an
    // initializer without it ({txn, type, amount}) free of -Wmissing-field-initializers.
    std::string gatewayIntentId{};
};

// Limits that keep one request small; the server enforces the same.
inline constexpr std::size_t kMaxSeatsPerRequest = 100;
inline constexpr std::size_t kMaxPaymentsPerBooking = 20;
inline constexpr std::size_t kMaxIdLength = 100;

Result<HoldBody> decodeHold(const nlohmann::json& body);
Result<AllotmentBody> decodeAllotment(const nlohmann::json& body);
Result<BookingBody> decodeBooking(const nlohmann::json& body);
Result<RefundBody> decodeRefund(const nlohmann::json& body);
Result<PaymentIntentBody> decodePaymentIntent(const nlohmann::json& body);
Result<PaymentEventBody> decodePaymentEvent(const nlohmann::json& body);

nlohmann::json toJson(const HoldBody& body);
nlohmann::json toJson(const AllotmentBody& body);
nlohmann::json toJson(const BookingBody& body);
nlohmann::json toJson(const RefundBody& body);
nlohmann::json toJson(const PaymentIntentBody& body);
nlohmann::json toJson(const PaymentEventBody& body);

// The field an error from a decoder names ("seats[2]"), or "" for the body as a whole.
std::string fieldOf(const Error& error);

} // namespace marquee::wire
