#pragma once
// A sale's payment flow, from a hold to a confirmed booking with its money taken, or to
// nothing sold and every payment undone (issue 6, DESIGN.md "Commit points"):
//
//   1. record   the checkout, its tenders and every idempotency key they will ever need, in
//               one local transaction, with a PaymentIntent outbox row per gateway card
//   2. authorize each tender (cash taken, terminal approval code, gateway authorization)
//   3. confirm  locally (LocalStore::confirm: booking, payments and the booking's outbox row)
//   4. server   for a hold mirrored from the server: Checkout delivers the booking's outbox row
//               itself, with the key written in step 3, and sends it again (same key) until
//               the server answers or its hold would have expired (the local mirror's end plus
//               Options::serverHoldGrace); the OutboxWorker may deliver the same row meanwhile,
//               which is harmless (same key, the first answer recorded wins). Standalone and
//               lease sales skip this step: the local commit is the commit point.
//   5. capture  each tender; the checkout is COMPLETED.
// A refused or expired confirmation unwinds instead: authorizations are voided (captures
// refunded), cash is recorded as handed back, a locally confirmed booking is refunded locally
// (its outbox conflict resolved with a note), and the cashier reads kRefundInitiatedMessage.
//
// Every step is written before the next starts, so a crash, a closed app or a lost answer
// leaves a checkout that resume() finishes or unwinds with the same keys: one intent, one
// charge, one booking. run() with a booking id that already has a checkout (a double click, a
// retry) continues or returns that checkout instead of starting another.
//
// Gateway events (the counter's own answers and the gateway's callbacks) are kept once per
// gateway transaction id "<intent>:<TYPE>" (refunds: "<intent>:REFUNDED:<refunded so far>")
// and each new one goes to the server as a PaymentEvent outbox row, where the same id is
// deduplicated again.
//
// Qt-free and blocking: run it on a worker thread (the UI and the kiosk do), with its own
// LocalStore, providers and ServerApi (one of each per thread, like their connections).

#include "LocalStore.h"
#include "PaymentProvider.h"
#include "ServerApi.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee {

// What the cashier reads when money was taken but the seats could not be confirmed.
inline constexpr std::string_view kRefundInitiatedMessage =
    "Payment succeeded but seats could not be confirmed; refund initiated";

// One way the customer pays part (or all) of the sale.
struct Tender
{
    PaymentMethod method = PaymentMethod::Cash;
    Money amount;                  // what this tender pays towards the total
    std::optional<Money> tendered; // cash: what the customer handed over (change = tendered - amount)
    std::string approvalCode;      // card terminal: the code from the slip
    std::string card;              // gateway card: a payment method or token ("pm_card_visa")

    static Tender cash(Money amount, Money tendered) { return {PaymentMethod::Cash, amount, tendered, {}, {}}; }
    static Tender terminal(Money amount, std::string code)
    {
        return {PaymentMethod::CardTerminal, amount, std::nullopt, std::move(code), {}};
    }
    static Tender gateway(Money amount, std::string card)
    {
        return {PaymentMethod::CardGateway, amount, std::nullopt, {}, std::move(card)};
    }
};

struct CheckoutRequest
{
    std::string holdId;
    // bookingId (made by the caller when the sale starts; a retry passes the same one), lines,
    // staff, device. sale.payments is ignored: the payments are the tenders.
    Sale sale;
    std::vector<Tender> tenders; // in the order they are taken; they must add up to the total
};

enum class CheckoutStage : std::uint8_t
{
    Recording,
    Authorizing,
    Confirming,
    WaitingForServer,
    Capturing,
    Unwinding,
    Done
};

enum class TenderStage : std::uint8_t
{
    Created,
    Authorized,
    Captured,
    Failed, // declined or refused
    Voided,
    Refunded,
    HandedBack // cash given back to the customer
};

enum class CheckoutResult : std::uint8_t
{
    Completed,         // booked (by the server, or locally when that is the commit point) and paid
    Declined,          // a tender was refused: nothing sold, the other tenders undone; the hold stays
    SeatsNotConfirmed, // the seats could not be confirmed: every tender voided, refunded or handed back
    Interrupted,       // stopped half-way (app closing, gateway or disk not answering): resume() finishes it
    Invalid            // the request cannot work (amounts, unknown hold, missing card): nothing was done
};

std::string_view nameOf(CheckoutStage stage);
std::string_view nameOf(TenderStage stage);
std::string_view nameOf(CheckoutResult result);

struct TenderOutcome
{
    std::string paymentId; // also the server's payment intent id for a gateway card
    PaymentMethod method = PaymentMethod::Cash;
    Money amount;
    std::optional<Money> tendered;
    std::string reference; // gateway intent "pi_...", terminal approval code
    TenderStage stage = TenderStage::Created;
    std::string declineCode;
};

struct CheckoutOutcome
{
    CheckoutResult result = CheckoutResult::Invalid;
    std::string bookingId;
    std::optional<Booking> booking; // when Completed
    std::vector<TenderOutcome> tenders;
    std::string message;   // a sentence for the cashier ("" when Completed)
    bool replayed = false; // this checkout had been finished before this call

    bool completed() const { return result == CheckoutResult::Completed; }
};

// A refund of a completed sale (some seats or all), with the money back to the original
// methods: cash out of the drawer and the terminal's card on the terminal (both recorded),
// a gateway card through the gateway.
struct RefundOutcome
{
    std::optional<Refund> refund;             // the local record; the same refund id: the same refund
    std::vector<RefundPart> pendingAtGateway; // gateway parts without the gateway's yes yet
    std::string message;                      // a sentence for the cashier ("" when all is back)

    bool completed() const { return refund.has_value() && pendingAtGateway.empty(); }
};

class Checkout
{
public:
    struct Providers
    {
        PaymentProvider* cash = nullptr;
        PaymentProvider* terminal = nullptr;
        PaymentProvider* gateway = nullptr;
    };

    struct Options
    {
        // The server's hold ends this much after the local mirror (CounterSync's mirrorMargin).
        Duration serverHoldGrace = std::chrono::seconds(5);
        // A payment call without an answer is sent again (same key) up to this many times in all.
        int paymentAttempts = 4;
        // Waits between retries (payment calls and the booking's delivery): doubling, capped.
        Duration retryDelay = std::chrono::milliseconds(200);
        Duration maxRetryDelay = std::chrono::seconds(2);
        // However the clock moves, the wait for the server's answer ends after this long.
        Duration maxServerWait = std::chrono::minutes(10);
    };

    // Called before each stage with a sentence for the UI; returning false stops the checkout
    // there (the app is closing), exactly as a crash would: resume() picks it up.
    using Progress = std::function<bool(CheckoutStage, const std::string&)>;

    // `server` null: standalone (or no server configured); holds must then be local or leased.
    Checkout(LocalStore& store, Providers providers, ServerApi* server, Options options);
    Checkout(LocalStore& store, Providers providers, ServerApi* server)
        : Checkout(store, providers, server, Options{})
    {
    }

    void onProgress(Progress progress) { m_progress = std::move(progress); }

    CheckoutOutcome run(const CheckoutRequest& request);
    // Finishes or unwinds every checkout left half-way (after a crash or restart); one outcome each.
    std::vector<CheckoutOutcome> resume();
    CheckoutOutcome resume(const std::string& bookingId);
    // Refunds seats of a booking (LocalStore::refund: seats, money per original method, the
    // refund's outbox row) and gives each gateway card part back through the gateway with the
    // key "refund:<refund id>:<payment id>", recording its event (REFUNDED, "<intent>:REFUNDED:
    // <refunded so far>") for the server. Calling it again with the same request finishes what
    // an earlier call left pending and never refunds twice.
    RefundOutcome refundBooking(const RefundRequest& request);

    // The customer walked away from a sale that did not finish (a kiosk's idle timer): undo it
    // instead of finishing it. The checkout is marked UNWINDING first, so whatever happens
    // next (a crash, a resume() at the next start) gives the money back and never confirms.
    // A card authorization that got no answer is asked for again with its own key (the gateway
    // answers the first call again, or makes it), so one that did happen is found and voided;
    // then every authorization is voided and the hold released. A sale already confirmed
    // locally, or finished, is left as it is and its outcome returned: its seats are sold.
    CheckoutOutcome abandon(const std::string& bookingId, const std::string& reason);
    // A recorded checkout as it stands, without acting on it.
    Result<CheckoutOutcome> find(const std::string& bookingId);

    // A gateway callback (webhook body and its Stripe-Signature header): verified, then kept
    // once per gateway transaction id. True when it was new, false for a duplicate or an
    // event of a payment this counter does not know.
    Result<bool> observeCallback(const std::string& rawBody, const std::string& signatureHeader,
                                 const std::string& webhookSecret);

private:
    struct Record;
    CheckoutOutcome drive(const std::string& bookingId, bool replay);
    Result<Record> load(const std::string& bookingId);
    Result<void> create(const CheckoutRequest& request);
    CheckoutOutcome outcomeOf(const Record& record, bool replayed);
    CheckoutOutcome interrupted(const std::string& bookingId, const std::string& why);
    bool progress(CheckoutStage stage, const std::string& text);
    PaymentProvider* providerFor(PaymentMethod method) const;
    PaymentResult callWithRetries(const std::function<PaymentResult()>& call);
    Result<void> setTender(const std::string& paymentId, TenderStage stage, const std::string& reference,
                           const std::string& declineCode);
    Result<void> setState(const std::string& bookingId, std::string_view state, const std::string& message);
    Result<bool> recordEvent(const std::string& paymentId, const std::string& txnId, std::string_view type,
                             std::int64_t amountMinor, std::string_view source);
    enum class ServerAnswer
    {
        Confirmed,
        Refused,
        NoAnswer
    };
    ServerAnswer waitForServer(const Record& record, std::string& problem);
    // Gives every tender's money back; after a declined tender the seats stay held so the
    // customer can pay another way.
    CheckoutOutcome unwind(const std::string& bookingId, const std::string& message);

    LocalStore& m_store;
    Providers m_providers;
    ServerApi* m_server;
    Options m_options;
    Progress m_progress;
};

} // namespace marquee
