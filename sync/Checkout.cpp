#include "Checkout.h"

#include "OutboxWorker.h"
#include "Uuid.h"
#include "WebhookSignature.h"
#include "Wire.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

namespace marquee {

namespace {

TenderStage tenderStageFrom(std::string_view text)
{
    for (auto s : {TenderStage::Created, TenderStage::Authorized, TenderStage::Captured, TenderStage::Failed,
                   TenderStage::Voided, TenderStage::Refunded, TenderStage::HandedBack}) {
        if (nameOf(s) == text)
            return s;
    }
    return TenderStage::Created;
}

nlohmann::json saleJson(const Sale& sale)
{
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& line : sale.lines) {
        lines.push_back({{"seat", line.seatId},
                         {"ticket_type", line.ticketTypeId},
                         {"price_minor", line.price.minor()},
                         {"currency", std::string(line.price.currency().code())},
                         {"price_override_reason", line.priceOverrideReason}});
    }
    return {{"lines", lines}, {"staff", sale.staff}, {"device", sale.device}};
}

Result<Sale> saleFrom(const std::string& bookingId, const std::string& text)
{
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return fail(ErrorCode::ParseError, "checkout " + bookingId + ": the stored sale is not JSON");
    Sale sale;
    sale.bookingId = bookingId;
    try {
        sale.staff = json.at("staff").get<std::string>();
        sale.device = json.at("device").get<std::string>();
        for (const auto& line : json.at("lines")) {
            auto currency = Currency::fromCode(line.at("currency").get<std::string>());
            if (!currency)
                return errorOf(currency);
            TicketLine out;
            out.seatId = line.at("seat").get<std::string>();
            out.ticketTypeId = line.at("ticket_type").get<std::string>();
            out.price = Money(line.at("price_minor").get<std::int64_t>(), *currency);
            out.priceOverrideReason = line.at("price_override_reason").get<std::string>();
            sale.lines.push_back(std::move(out));
        }
    } catch (const nlohmann::json::exception&) {
        return fail(ErrorCode::ParseError, "checkout " + bookingId + ": the stored sale is incomplete");
    }
    return sale;
}

std::string methodName(PaymentMethod method)
{
    return std::string(nameOf(method));
}

// The gateway transaction id of one event of an intent: the counter's own answer and the
// gateway's callback of the same transition get the same id, so either one counts once.
std::string txnId(const std::string& reference, std::string_view type, std::int64_t refundedSoFar = 0)
{
    std::string id = reference + ":" + std::string(type);
    if (type == "REFUNDED")
        id += ":" + std::to_string(refundedSoFar);
    return id;
}

bool moneyTaken(TenderStage stage)
{
    return stage == TenderStage::Authorized || stage == TenderStage::Captured;
}

} // namespace

std::string_view nameOf(CheckoutStage stage)
{
    switch (stage) {
    case CheckoutStage::Recording:
        return "RECORDING";
    case CheckoutStage::Authorizing:
        return "AUTHORIZING";
    case CheckoutStage::Confirming:
        return "CONFIRMING";
    case CheckoutStage::WaitingForServer:
        return "WAITING_FOR_SERVER";
    case CheckoutStage::Capturing:
        return "CAPTURING";
    case CheckoutStage::Unwinding:
        return "UNWINDING";
    case CheckoutStage::Done:
        return "DONE";
    }
    return "DONE";
}

std::string_view nameOf(TenderStage stage)
{
    switch (stage) {
    case TenderStage::Created:
        return "CREATED";
    case TenderStage::Authorized:
        return "AUTHORIZED";
    case TenderStage::Captured:
        return "CAPTURED";
    case TenderStage::Failed:
        return "FAILED";
    case TenderStage::Voided:
        return "VOIDED";
    case TenderStage::Refunded:
        return "REFUNDED";
    case TenderStage::HandedBack:
        return "HANDED_BACK";
    }
    return "FAILED";
}

std::string_view nameOf(CheckoutResult result)
{
    switch (result) {
    case CheckoutResult::Completed:
        return "COMPLETED";
    case CheckoutResult::Declined:
        return "DECLINED";
    case CheckoutResult::SeatsNotConfirmed:
        return "SEATS_NOT_CONFIRMED";
    case CheckoutResult::Interrupted:
        return "INTERRUPTED";
    case CheckoutResult::Invalid:
        return "INVALID";
    }
    return "INVALID";
}

struct Checkout::Record
{
    std::string bookingId;
    std::string holdId;
    Sale sale;
    std::string state;
    std::string refundId;
    std::string message;
    struct Row
    {
        TenderOutcome tender;
        std::string approvalCode;
        std::string card;
        std::string authorizeKey;
        std::string captureKey;
        std::string voidKey;
        std::string refundKey;
    };
    std::vector<Row> tenders;
};

Checkout::Checkout(LocalStore& store, Providers providers, ServerApi* server, Options options)
    : m_store(store)
    , m_providers(providers)
    , m_server(server)
    , m_options(options)
{
}

bool Checkout::progress(CheckoutStage stage, const std::string& text)
{
    return !m_progress || m_progress(stage, text);
}

PaymentProvider* Checkout::providerFor(PaymentMethod method) const
{
    switch (method) {
    case PaymentMethod::Cash:
        return m_providers.cash;
    case PaymentMethod::CardTerminal:
        return m_providers.terminal;
    case PaymentMethod::CardGateway:
        return m_providers.gateway;
    case PaymentMethod::ExchangeCredit:
        return nullptr;
    }
    return nullptr;
}

Result<Checkout::Record> Checkout::load(const std::string& bookingId)
{
    auto& db = m_store.database();
    auto& head = db.cached("SELECT hold_id, sale, state, refund_id, message FROM checkouts WHERE booking_id = ?1");
    head.bind(1, bookingId);
    auto row = head.step();
    if (!row || !*row) {
        head.reset();
        return row ? fail(ErrorCode::NotFound, "no checkout for booking " + bookingId) : errorOf(row);
    }
    Record record;
    record.bookingId = bookingId;
    record.holdId = head.text(0);
    const std::string saleText = head.text(1);
    record.state = head.text(2);
    record.refundId = head.text(3);
    record.message = head.text(4);
    head.reset();
    auto sale = saleFrom(bookingId, saleText);
    if (!sale)
        return errorOf(sale);
    record.sale = std::move(*sale);
    auto& tenders = db.cached("SELECT payment_id, method, currency, amount_minor, tendered_minor, approval_code, card, "
                              "reference, stage, decline_code, authorize_key, capture_key, void_key, refund_key "
                              "FROM checkout_tenders WHERE booking_id = ?1 ORDER BY position");
    tenders.bind(1, bookingId);
    Result<void> bad;
    MQ_TRY(tenders.each([&](Statement& s) -> Result<void> {
        Record::Row r;
        auto currency = Currency::fromCode(s.text(2));
        if (!currency)
            return errorOf(currency);
        r.tender.paymentId = s.text(0);
        r.tender.method = paymentMethodFromString(s.textView(1)).value_or(PaymentMethod::Cash);
        r.tender.amount = Money(s.integer(3), *currency);
        if (auto t = s.optionalInteger(4))
            r.tender.tendered = Money(*t, *currency);
        r.approvalCode = s.text(5);
        r.card = s.text(6);
        r.tender.reference = s.text(7);
        r.tender.stage = tenderStageFrom(s.textView(8));
        r.tender.declineCode = s.text(9);
        r.authorizeKey = s.text(10);
        r.captureKey = s.text(11);
        r.voidKey = s.text(12);
        r.refundKey = s.text(13);
        record.tenders.push_back(std::move(r));
        return {};
    }));
    return record;
}

Result<void> Checkout::create(const CheckoutRequest& request)
{
    auto& db = m_store.database();
    auto tx = Transaction::begin(db);
    if (!tx)
        return errorOf(tx);
    const std::int64_t now = toEpochMs(m_store.clock().now());
    MQ_TRY(db.cached("INSERT INTO checkouts(booking_id, hold_id, sale, state, refund_id, created_at, updated_at) "
                     "VALUES(?1, ?2, ?3, 'STARTED', ?4, ?5, ?5)")
               .bind(1, request.sale.bookingId)
               .bind(2, request.holdId)
               .bind(3, saleJson(request.sale).dump())
               .bind(4, newUuid())
               .bind(5, now)
               .exec());
    int position = 0;
    for (const auto& tender : request.tenders) {
        const std::string paymentId = newUuid();
        MQ_TRY(db.cached("INSERT INTO checkout_tenders(payment_id, booking_id, position, method, currency, "
                         "amount_minor, tendered_minor, approval_code, card, stage, authorize_key, capture_key, "
                         "void_key, refund_key) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'CREATED', ?10, ?11, ?12, "
                         "?13)")
                   .bind(1, paymentId)
                   .bind(2, request.sale.bookingId)
                   .bind(3, position++)
                   .bind(4, methodName(tender.method))
                   .bind(5, std::string(tender.amount.currency().code()))
                   .bind(6, tender.amount.minor())
                   .bind(7, tender.tendered ? std::optional<std::int64_t>(tender.tendered->minor()) : std::nullopt)
                   .bind(8, tender.approvalCode)
                   .bind(9, tender.card)
                   .bind(10, newUuid())
                   .bind(11, newUuid())
                   .bind(12, newUuid())
                   .bind(13, newUuid())
                   .exec());
        // The server hears of a card payment before the gateway is asked for money.
        if (m_store.connected() && tender.method == PaymentMethod::CardGateway) {
            wire::PaymentIntentBody body{paymentId, request.sale.bookingId, request.holdId,
                                         std::string(tender.amount.currency().code()), tender.amount.minor()};
            auto item = m_store.outbox().enqueue("payment:" + paymentId, OutboxKind::PaymentIntent, "POST",
                                                 "/v1/payment-intents", wire::toJson(body).dump());
            if (!item)
                return errorOf(item);
        }
    }
    MQ_TRY(m_store.audit(request.sale.staff, "checkout.start", request.sale.bookingId,
                         nlohmann::json{{"hold", request.holdId}, {"tenders", request.tenders.size()}}.dump()));
    return tx->commit();
}

Result<void> Checkout::setTender(const std::string& paymentId, TenderStage stage, const std::string& reference,
                                 const std::string& declineCode)
{
    auto changed =
        m_store.database()
            .cached("UPDATE checkout_tenders SET stage = ?2, reference = CASE WHEN ?3 = '' THEN reference ELSE ?3 END, "
                    "decline_code = ?4 WHERE payment_id = ?1")
            .bind(1, paymentId)
            .bind(2, nameOf(stage))
            .bind(3, reference)
            .bind(4, declineCode)
            .exec();
    if (!changed)
        return errorOf(changed);
    return {};
}

Result<void> Checkout::setState(const std::string& bookingId, std::string_view state, const std::string& message)
{
    auto changed = m_store.database()
                       .cached("UPDATE checkouts SET state = ?2, message = ?3, updated_at = ?4 WHERE booking_id = ?1")
                       .bind(1, bookingId)
                       .bind(2, state)
                       .bind(3, message)
                       .bind(4, toEpochMs(m_store.clock().now()))
                       .exec();
    if (!changed)
        return errorOf(changed);
    return {};
}

RefundOutcome Checkout::refundBooking(const RefundRequest& request)
{
    RefundOutcome outcome;
    auto refund = m_store.refund(request);
    if (!refund) {
        outcome.message = refund.error().message;
        return outcome;
    }
    outcome.refund = *refund;
    auto booking = m_store.booking(refund->bookingId);
    if (!booking) {
        outcome.message = booking.error().message;
        return outcome;
    }
    for (const RefundPart& part : refund->parts) {
        if (part.method != PaymentMethod::CardGateway)
            continue;
        const auto payment = std::find_if(booking->payments.begin(), booking->payments.end(),
                                          [&](const Payment& p) { return p.id == part.paymentId; });
        const std::string reference = payment != booking->payments.end() ? payment->reference : std::string();
        // What this payment has had back up to and including this refund: the event's id, the
        // same on every retry of this refund whatever came after it.
        auto& soFar = m_store.database().cached(
            "SELECT coalesce(sum(rp.amount_minor), 0) FROM refund_payments rp JOIN refunds r USING (refund_id) "
            "WHERE rp.payment_id = ?1 AND (r.created_at, r.rowid) <= "
            "(SELECT created_at, rowid FROM refunds WHERE refund_id = ?2)");
        soFar.bind(1, part.paymentId).bind(2, refund->id);
        const std::int64_t refundedSoFar = soFar.step().value_or(false) ? soFar.integer(0) : part.amount.minor();
        soFar.reset();
        const std::string txn = txnId(reference, "REFUNDED", refundedSoFar);
        auto& known = m_store.database().cached("SELECT count(*) FROM payment_events WHERE gateway_txn_id = ?1");
        known.bind(1, txn);
        const bool done = known.step().value_or(false) && known.integer(0) > 0;
        known.reset();
        if (done)
            continue; // an earlier call got the gateway's yes
        PaymentProvider* gateway = m_providers.gateway;
        if (gateway == nullptr || reference.empty()) {
            outcome.pendingAtGateway.push_back(part);
            outcome.message = "This counter cannot reach the card gateway; the card refund of " +
                              std::to_string(part.amount.minor()) + " minor units waits.";
            continue;
        }
        const PaymentResult result = callWithRetries(
            [&] { return gateway->refund(reference, part.amount, "refund:" + refund->id + ":" + part.paymentId); });
        if (!result.approved()) {
            outcome.pendingAtGateway.push_back(part);
            outcome.message = "The card refund is not confirmed by the gateway yet (" + result.message +
                              "); refund again with the same details to finish it.";
            continue;
        }
        if (auto recorded = recordEvent(part.paymentId, txn, "REFUNDED", part.amount.minor(), "ANSWER"); !recorded) {
            outcome.pendingAtGateway.push_back(part);
            outcome.message = recorded.error().message;
            continue;
        }
        (void)m_store.audit(
            request.staff, "gateway.refund", refund->bookingId,
            nlohmann::json{{"refund", refund->id}, {"payment", part.paymentId}, {"amount", part.amount.minor()}}
                .dump());
    }
    return outcome;
}

Result<bool> Checkout::recordEvent(const std::string& paymentId, const std::string& txn, std::string_view type,
                                   std::int64_t amountMinor, std::string_view source)
{
    auto& db = m_store.database();
    auto tx = Transaction::begin(db);
    if (!tx)
        return errorOf(tx);
    auto inserted = db.cached("INSERT INTO payment_events(gateway_txn_id, payment_id, type, amount_minor, source, "
                              "received_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(gateway_txn_id) DO NOTHING")
                        .bind(1, txn)
                        .bind(2, paymentId)
                        .bind(3, type)
                        .bind(4, amountMinor)
                        .bind(5, source)
                        .bind(6, toEpochMs(m_store.clock().now()))
                        .exec();
    if (!inserted)
        return errorOf(inserted);
    if (*inserted == 0)
        return false;
    if (m_store.connected()) {
        wire::PaymentEventBody body{txn, std::string(type), amountMinor};
        auto item = m_store.outbox().enqueue("payment:" + paymentId, OutboxKind::PaymentEvent, "POST",
                                             "/v1/payment-intents/" + paymentId + "/events", wire::toJson(body).dump());
        if (!item)
            return errorOf(item);
    }
    MQ_TRY(tx->commit());
    return true;
}

PaymentResult Checkout::callWithRetries(const std::function<PaymentResult()>& call)
{
    Duration wait = m_options.retryDelay;
    PaymentResult result;
    for (int attempt = 1; attempt <= std::max(m_options.paymentAttempts, 1); ++attempt) {
        result = call();
        if (result.outcome != PaymentOutcome::Unknown && result.outcome != PaymentOutcome::Retryable)
            return result;
        if (attempt == m_options.paymentAttempts)
            break;
        Duration pause = wait;
        if (result.retryAfter)
            pause = std::max(pause, *result.retryAfter);
        std::this_thread::sleep_for(pause);
        wait = std::min(wait * 2, m_options.maxRetryDelay);
    }
    return result;
}

CheckoutOutcome Checkout::interrupted(const std::string& bookingId, const std::string& why)
{
    CheckoutOutcome outcome;
    if (auto record = load(bookingId))
        outcome = outcomeOf(*record, false);
    outcome.bookingId = bookingId;
    outcome.result = CheckoutResult::Interrupted;
    outcome.message =
        why.empty() ? "The sale was interrupted; it will be finished or undone when the counter resumes." : why;
    return outcome;
}

CheckoutOutcome Checkout::outcomeOf(const Record& record, bool replayed)
{
    CheckoutOutcome outcome;
    outcome.bookingId = record.bookingId;
    outcome.replayed = replayed;
    outcome.message = record.message;
    for (const auto& row : record.tenders)
        outcome.tenders.push_back(row.tender);
    if (record.state == "COMPLETED") {
        outcome.result = CheckoutResult::Completed;
        if (auto booking = m_store.booking(record.bookingId))
            outcome.booking = *booking;
    } else if (record.state == "DECLINED") {
        outcome.result = CheckoutResult::Declined;
    } else if (record.state == "UNWOUND") {
        outcome.result = CheckoutResult::SeatsNotConfirmed;
    } else {
        outcome.result = CheckoutResult::Interrupted;
    }
    return outcome;
}

Result<CheckoutOutcome> Checkout::find(const std::string& bookingId)
{
    auto record = load(bookingId);
    if (!record)
        return errorOf(record);
    return outcomeOf(*record, false);
}

CheckoutOutcome Checkout::run(const CheckoutRequest& request)
{
    CheckoutOutcome invalid;
    invalid.bookingId = request.sale.bookingId;
    auto refuse = [&](std::string message) {
        invalid.message = std::move(message);
        return invalid;
    };
    if (request.sale.bookingId.empty() || request.holdId.empty())
        return refuse("A sale needs a booking id and a hold.");
    // A double click or a retry: the same sale continues (or answers) instead of starting again.
    if (auto existing = load(request.sale.bookingId)) {
        if (existing->holdId != request.holdId)
            return refuse("This sale's id was already used for other seats.");
        return drive(request.sale.bookingId, true);
    } else if (existing.error().code != ErrorCode::NotFound) {
        return refuse(existing.error().message);
    }
    if (request.tenders.empty() || request.sale.lines.empty())
        return refuse("A sale needs seats and at least one payment.");
    for (const auto& tender : request.tenders) {
        if (tender.amount.minor() <= 0)
            return refuse("Every payment must be more than zero.");
        if (!providerFor(tender.method))
            return refuse("This counter cannot take " + methodName(tender.method) + " payments.");
        if (tender.method == PaymentMethod::Cash &&
            (!tender.tendered || tender.tendered->minor() < tender.amount.minor()))
            return refuse("The cash handed over must cover the cash part.");
        if (tender.method == PaymentMethod::CardGateway && tender.card.empty())
            return refuse("A card payment needs the card.");
    }
    auto hold = m_store.findHold(request.holdId);
    if (!hold)
        return refuse(hold.error().message);
    auto priced = m_store.priceLines(hold->showId, request.sale.lines);
    if (!priced)
        return refuse(priced.error().message);
    std::int64_t total = 0;
    std::int64_t paid = 0;
    for (const auto& line : *priced)
        total += line.price.minor();
    for (const auto& tender : request.tenders)
        paid += tender.amount.minor();
    if (total != paid)
        return refuse("The payments (" + std::to_string(paid) + ") do not add up to the total (" +
                      std::to_string(total) + ").");
    if (!progress(CheckoutStage::Recording, "Recording the sale"))
        return interrupted(request.sale.bookingId, "The sale was not started.");
    if (auto created = create(request); !created) {
        // Another thread or process started the same sale a moment ago: continue that one.
        if (load(request.sale.bookingId))
            return drive(request.sale.bookingId, true);
        return refuse(created.error().message);
    }
    return drive(request.sale.bookingId, false);
}

std::vector<CheckoutOutcome> Checkout::resume()
{
    std::vector<std::string> open;
    auto& stmt = m_store.database().cached(
        "SELECT booking_id FROM checkouts WHERE state IN ('STARTED', 'CONFIRMING', 'UNWINDING') ORDER BY created_at");
    (void)stmt.each([&](Statement& s) { open.push_back(s.text(0)); });
    std::vector<CheckoutOutcome> outcomes;
    for (const auto& id : open)
        outcomes.push_back(drive(id, false));
    return outcomes;
}

CheckoutOutcome Checkout::resume(const std::string& bookingId)
{
    return drive(bookingId, false);
}

CheckoutOutcome Checkout::abandon(const std::string& bookingId, const std::string& reason)
{
    auto record = load(bookingId);
    if (!record)
        return interrupted(bookingId, record.error().message);
    if (record->state != "STARTED" && record->state != "UNWINDING")
        return drive(bookingId, true); // sold (CONFIRMING finishes) or already settled
    const std::string message = reason.empty() ? std::string("The sale was abandoned; nothing was charged.") : reason;
    if (record->state == "STARTED" && !setState(bookingId, "UNWINDING", message))
        return interrupted(bookingId, "The counter's database did not take the sale's state.");
    // An authorization without an answer: ask again with the same key, so one that happened
    // gets its reference (and is voided below) instead of lapsing unseen at the gateway.
    for (auto& row : record->tenders) {
        auto& t = row.tender;
        if (t.stage != TenderStage::Created || t.method != PaymentMethod::CardGateway)
            continue;
        PaymentProvider* provider = providerFor(t.method);
        if (!provider)
            return interrupted(bookingId, "This counter cannot undo " + methodName(t.method) + " payments now.");
        AuthorizeRequest request{t.paymentId,      t.amount, t.tendered,
                                 row.approvalCode, row.card, {{"booking_id", bookingId}, {"hold_id", record->holdId}}};
        const PaymentResult result = callWithRetries([&] { return provider->authorize(request, row.authorizeKey); });
        if (result.approved()) {
            (void)setTender(t.paymentId, TenderStage::Authorized, result.reference, "");
            (void)recordEvent(t.paymentId, txnId(result.reference, "AUTHORIZED"), "AUTHORIZED", result.amount.minor(),
                              "ANSWER");
        } else if (result.outcome == PaymentOutcome::Declined || result.outcome == PaymentOutcome::Failed) {
            (void)setTender(t.paymentId, TenderStage::Failed, result.reference, result.declineCode);
        } else {
            return interrupted(bookingId, "The card payment could not be checked yet (" + result.message +
                                              "); it will be undone when the gateway answers.");
        }
    }
    // unwind() keeps the hold of a declined sale for another card; an abandoned one lets it go.
    CheckoutOutcome outcome = unwind(bookingId, message);
    if (outcome.result != CheckoutResult::Interrupted && !m_store.booking(bookingId))
        (void)m_store.release(record->holdId, "abandoned");
    return outcome;
}

CheckoutOutcome Checkout::drive(const std::string& bookingId, bool replay)
{
    auto record = load(bookingId);
    if (!record)
        return interrupted(bookingId, record.error().message);
    if (record->state == "COMPLETED" || record->state == "DECLINED" || record->state == "UNWOUND")
        return outcomeOf(*record, replay);
    if (record->state == "UNWINDING")
        return unwind(bookingId, record->message);

    if (record->state == "STARTED") {
        // Stopped between a decline and its unwinding: finish the unwinding, never confirm.
        for (const auto& row : record->tenders) {
            if (row.tender.stage == TenderStage::Failed)
                return unwind(bookingId, "The payment was refused. Ask for another way to pay.");
        }
        // 2. Authorize every tender not yet authorized (the same keys on every attempt).
        for (auto& row : record->tenders) {
            auto& t = row.tender;
            if (t.stage != TenderStage::Created)
                continue;
            if (!progress(CheckoutStage::Authorizing, "Taking " + t.amount.toString() + " by " + methodName(t.method)))
                return interrupted(bookingId, "");
            PaymentProvider* provider = providerFor(t.method);
            if (!provider)
                return interrupted(bookingId, "This counter cannot take " + methodName(t.method) + " payments now.");
            AuthorizeRequest request{t.paymentId, t.amount,
                                     t.tendered,  row.approvalCode,
                                     row.card,    {{"booking_id", bookingId}, {"hold_id", record->holdId}}};
            const PaymentResult result =
                callWithRetries([&] { return provider->authorize(request, row.authorizeKey); });
            if (result.approved()) {
                t.stage = TenderStage::Authorized;
                t.reference = result.reference;
                if (!setTender(t.paymentId, t.stage, t.reference, ""))
                    return interrupted(bookingId, "The counter's database did not take the payment's state.");
                if (t.method == PaymentMethod::CardGateway)
                    (void)recordEvent(t.paymentId, txnId(t.reference, "AUTHORIZED"), "AUTHORIZED",
                                      result.amount.minor(), "ANSWER");
                continue;
            }
            if (result.outcome == PaymentOutcome::Unknown || result.outcome == PaymentOutcome::Retryable) {
                // Not known whether the money was taken: keep the checkout; resume() asks again.
                return interrupted(bookingId, result.message);
            }
            // Declined or refused: nothing is sold; what other tenders took goes back.
            t.stage = TenderStage::Failed;
            t.declineCode = result.declineCode;
            (void)setTender(t.paymentId, t.stage, result.reference, result.declineCode);
            if (t.method == PaymentMethod::CardGateway && !result.reference.empty())
                (void)recordEvent(t.paymentId, txnId(result.reference, "FAILED"), "FAILED", t.amount.minor(), "ANSWER");
            const std::string message =
                result.message.empty() ? "The payment was refused. Ask for another way to pay." : result.message;
            return unwind(bookingId, message);
        }
        // 3. Confirm locally: booking, payments and (connected) the booking's outbox row.
        if (!progress(CheckoutStage::Confirming, "Confirming the seats"))
            return interrupted(bookingId, "");
        Sale sale = record->sale;
        sale.payments.clear();
        for (const auto& row : record->tenders) {
            sale.payments.push_back(Payment{row.tender.paymentId, row.tender.method, row.tender.amount,
                                            row.tender.tendered, row.tender.reference});
        }
        auto booking = m_store.confirm(record->holdId, sale);
        if (!booking) {
            if (booking.error().code == ErrorCode::Storage)
                return interrupted(bookingId, booking.error().message);
            return unwind(bookingId, std::string(kRefundInitiatedMessage));
        }
        if (!setState(bookingId, "CONFIRMING", ""))
            return interrupted(bookingId, "The counter's database did not take the sale's state.");
        record->state = "CONFIRMING";
    }

    // 4. The server's answer, when the seats are the server's to give.
    auto hold = m_store.findHold(record->holdId);
    if (!hold)
        return interrupted(bookingId, hold.error().message);
    if (m_store.connected() && hold->origin == HoldOrigin::Server) {
        if (!progress(CheckoutStage::WaitingForServer, "Waiting for the server to confirm the seats"))
            return interrupted(bookingId, "");
        std::string problem;
        const ServerAnswer answer = waitForServer(*record, problem);
        if (answer != ServerAnswer::Confirmed)
            return unwind(bookingId, std::string(kRefundInitiatedMessage));
    }

    // 5. Capture.
    for (auto& row : record->tenders) {
        auto& t = row.tender;
        if (t.stage != TenderStage::Authorized)
            continue;
        if (!progress(CheckoutStage::Capturing, "Completing the " + methodName(t.method) + " payment"))
            return interrupted(bookingId, "");
        PaymentProvider* provider = providerFor(t.method);
        if (!provider)
            return interrupted(bookingId, "This counter cannot take " + methodName(t.method) + " payments now.");
        const PaymentResult result =
            callWithRetries([&] { return provider->capture(t.reference, t.amount, row.captureKey); });
        if (!result.approved()) {
            // The booking stands; the capture is finished by resume() (the authorization holds
            // the money meanwhile; the server's reconcile flags what never gets captured).
            return interrupted(bookingId, "The seats are booked but the card payment could not be completed yet (" +
                                              result.message + "); it will be tried again.");
        }
        t.stage = TenderStage::Captured;
        (void)setTender(t.paymentId, t.stage, "", "");
        if (t.method == PaymentMethod::CardGateway)
            (void)recordEvent(t.paymentId, txnId(t.reference, "CAPTURED"), "CAPTURED", result.amount.minor(), "ANSWER");
    }
    if (!setState(bookingId, "COMPLETED", ""))
        return interrupted(bookingId, "The counter's database did not take the sale's state.");
    (void)progress(CheckoutStage::Done, "Paid");
    auto done = load(bookingId);
    if (!done)
        return interrupted(bookingId, done.error().message);
    return outcomeOf(*done, false);
}

Checkout::ServerAnswer Checkout::waitForServer(const Record& record, std::string& problem)
{
    auto hold = m_store.findHold(record.holdId);
    const Timestamp deadline = (hold ? hold->expiresAt : m_store.clock().now()) + m_options.serverHoldGrace;
    const auto giveUpAt = std::chrono::steady_clock::now() + m_options.maxServerWait;
    Duration wait = m_options.retryDelay;
    bool triedAfterDeadline = false;
    for (;;) {
        auto rows = m_store.outbox().forAggregate(record.bookingId);
        if (!rows) {
            problem = rows.error().message;
            return ServerAnswer::NoAnswer;
        }
        auto row =
            std::find_if(rows->begin(), rows->end(), [](const OutboxItem& i) { return i.kind == OutboxKind::Booking; });
        if (row == rows->end()) {
            problem = "the sale has no booking row for the server";
            return ServerAnswer::NoAnswer;
        }
        if (row->state == OutboxState::Done)
            return ServerAnswer::Confirmed;
        if (row->state == OutboxState::Conflict || row->state == OutboxState::Failed) {
            problem = row->lastError;
            return ServerAnswer::Refused;
        }
        const bool pastDeadline = m_store.clock().now() >= deadline;
        if ((pastDeadline && (triedAfterDeadline || !m_server)) || std::chrono::steady_clock::now() >= giveUpAt) {
            problem = row->lastError.empty() ? "the server did not answer in time" : row->lastError;
            return ServerAnswer::NoAnswer;
        }
        triedAfterDeadline = pastDeadline;
        if (!m_server) {
            // No line of our own: the OutboxWorker delivers the row; look again shortly.
            std::this_thread::sleep_for(std::min<Duration>(
                wait, std::max<Duration>(deadline - m_store.clock().now(), std::chrono::milliseconds(1))));
            wait = std::min(wait * 2, m_options.maxRetryDelay);
            continue;
        }
        // Deliver the row now, with the key written when the sale was confirmed.
        auto response = m_server->send(*row);
        OutboxOutcome outcome{row->seq, OutboxState::Pending, 0, "", "", m_store.clock().now() + wait};
        std::optional<Duration> retryAfter;
        if (response) {
            const DeliveryVerdict verdict =
                classifyAnswer(response->status, response->body, response->headers.find("Retry-After"));
            outcome.state = verdict.state;
            outcome.status = response->status;
            outcome.response = response->body;
            outcome.error = verdict.problem;
            retryAfter = verdict.retryAfter;
        } else {
            outcome.error = response.error().message;
        }
        if (auto recorded = m_store.outbox().record({outcome}); !recorded) {
            problem = recorded.error().message;
            return ServerAnswer::NoAnswer;
        }
        if (outcome.state != OutboxState::Pending)
            continue; // read back what was recorded (or what the worker recorded first)
        Duration pause = wait;
        if (retryAfter)
            pause = std::max(pause, *retryAfter);
        if (!pastDeadline)
            pause = std::min(pause, std::max<Duration>(deadline - m_store.clock().now(), Duration::zero()));
        std::this_thread::sleep_for(pause);
        wait = std::min(wait * 2, m_options.maxRetryDelay);
    }
}

CheckoutOutcome Checkout::unwind(const std::string& bookingId, const std::string& message)
{
    if (!setState(bookingId, "UNWINDING", message))
        return interrupted(bookingId, "The counter's database did not take the sale's state.");
    auto record = load(bookingId);
    if (!record)
        return interrupted(bookingId, record.error().message);
    (void)progress(CheckoutStage::Unwinding, "Giving the money back");
    // A declined tender: the sale ends DECLINED and keeps its hold for another way to pay.
    const bool declined = std::any_of(record->tenders.begin(), record->tenders.end(),
                                      [](const Record::Row& r) { return r.tender.stage == TenderStage::Failed; });
    bool tookMoney = false;
    for (auto& row : record->tenders) {
        auto& t = row.tender;
        if (!moneyTaken(t.stage))
            continue;
        tookMoney = true;
        if (t.method == PaymentMethod::Cash) {
            // The notes go back across the counter: nothing to ask anyone.
            auto& db = m_store.database();
            auto tx = Transaction::begin(db);
            if (!tx)
                return interrupted(bookingId, tx.error().message);
            if (!setTender(t.paymentId, TenderStage::HandedBack, "", "") ||
                !m_store.audit(record->sale.staff, "cash.handed_back", bookingId,
                               nlohmann::json{{"payment", t.paymentId}, {"amount", t.amount.minor()}}.dump()) ||
                !tx->commit()) {
                return interrupted(bookingId, "The counter's database did not take the cash handed back.");
            }
            t.stage = TenderStage::HandedBack;
            continue;
        }
        PaymentProvider* provider = providerFor(t.method);
        if (!provider)
            return interrupted(bookingId, "This counter cannot undo " + methodName(t.method) + " payments now.");
        const bool captured = t.stage == TenderStage::Captured;
        PaymentResult result = callWithRetries([&] {
            return captured ? provider->refund(t.reference, t.amount, row.refundKey)
                            : provider->voidAuthorization(t.reference, t.amount, row.voidKey);
        });
        if (!result.approved() && !captured && result.outcome == PaymentOutcome::Failed && !t.reference.empty()) {
            // A void refused because the money was captured meanwhile (a capture whose answer
            // was lost): refund it instead.
            const PaymentResult now = provider->status(t.reference);
            if (now.approved() && now.stage == PaymentStage::Captured)
                result = callWithRetries([&] { return provider->refund(t.reference, t.amount, row.refundKey); });
        }
        if (!result.approved())
            return interrupted(bookingId,
                               "The payment could not be undone yet (" + result.message + "); it will be tried again.");
        const bool refunded = result.stage == PaymentStage::Refunded || result.stage == PaymentStage::PartlyRefunded;
        t.stage = refunded ? TenderStage::Refunded : TenderStage::Voided;
        (void)setTender(t.paymentId, t.stage, "", "");
        if (t.method == PaymentMethod::CardGateway) {
            if (refunded)
                (void)recordEvent(t.paymentId, txnId(t.reference, "REFUNDED", t.amount.minor()), "REFUNDED",
                                  t.amount.minor(), "ANSWER");
            else
                (void)recordEvent(t.paymentId, txnId(t.reference, "VOIDED"), "VOIDED", t.amount.minor(), "ANSWER");
        }
    }
    // A booking confirmed here but not by the server is refunded here (the money went back
    // above); a refusal the counter has settled leaves the manager's queue with a note.
    auto booking = m_store.booking(bookingId);
    if (booking) {
        if (booking->state != BookingState::Refunded) {
            auto refund = m_store.refund(
                {record->refundId, bookingId, {}, "seats not confirmed; payment given back", record->sale.staff});
            if (!refund)
                return interrupted(bookingId, refund.error().message);
        }
        if (auto rows = m_store.outbox().forAggregate(bookingId)) {
            for (const auto& row : *rows) {
                if (row.kind == OutboxKind::Booking &&
                    (row.state == OutboxState::Conflict || row.state == OutboxState::Failed)) {
                    (void)m_store.outbox().resolve(row.seq, "sale unwound at the counter: " + message);
                }
            }
        }
    } else if (booking.error().code == ErrorCode::NotFound && !declined) {
        // Not booked: the seats go back (harmless when the hold already ended). A declined
        // card keeps the hold so the customer can pay another way.
        (void)m_store.release(record->holdId, "payment not completed");
    }
    const std::string finalMessage = tookMoney || message != kRefundInitiatedMessage
                                         ? message
                                         : "The seats could not be confirmed; nothing was charged.";
    if (!setState(bookingId, declined ? "DECLINED" : "UNWOUND", finalMessage))
        return interrupted(bookingId, "The counter's database did not take the sale's state.");
    (void)progress(CheckoutStage::Done, finalMessage);
    auto done = load(bookingId);
    if (!done)
        return interrupted(bookingId, done.error().message);
    return outcomeOf(*done, false);
}

Result<bool> Checkout::observeCallback(const std::string& rawBody, const std::string& signatureHeader,
                                       const std::string& webhookSecret)
{
    MQ_TRY(verifyWebhook(signatureHeader, rawBody, webhookSecret, m_store.clock().now()));
    auto json = nlohmann::json::parse(rawBody, nullptr, false);
    if (json.is_discarded())
        return fail(ErrorCode::ParseError, "the gateway's callback is not JSON");
    auto observed = parseGatewayEvent(json);
    if (!observed)
        return errorOf(observed);
    auto& find = m_store.database().cached("SELECT payment_id FROM checkout_tenders WHERE reference = ?1");
    find.bind(1, observed->intentId);
    auto row = find.step();
    if (!row || !*row) {
        find.reset();
        return row ? Result<bool>(false) : errorOf(row);
    }
    const std::string paymentId = find.text(0);
    find.reset();
    switch (observed->stage) {
    case PaymentStage::Authorized:
        return recordEvent(paymentId, txnId(observed->intentId, "AUTHORIZED"), "AUTHORIZED", observed->amountMinor,
                           "CALLBACK");
    case PaymentStage::Captured:
        return recordEvent(paymentId, txnId(observed->intentId, "CAPTURED"), "CAPTURED", observed->amountMinor,
                           "CALLBACK");
    case PaymentStage::Voided:
        return recordEvent(paymentId, txnId(observed->intentId, "VOIDED"), "VOIDED", observed->amountMinor, "CALLBACK");
    case PaymentStage::Refunded:
    case PaymentStage::PartlyRefunded:
        return recordEvent(paymentId, txnId(observed->intentId, "REFUNDED", observed->amountMinor), "REFUNDED",
                           observed->amountMinor, "CALLBACK");
    case PaymentStage::Failed:
        return recordEvent(paymentId, txnId(observed->intentId, "FAILED"), "FAILED", observed->amountMinor, "CALLBACK");
    case PaymentStage::Created:
        break;
    }
    return false;
}

} // namespace marquee
