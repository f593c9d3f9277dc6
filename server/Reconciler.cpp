#include "Reconciler.h"

#include "Sql.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace marquee::server {

namespace {

constexpr long long kReconcileLock = 0x6d71726563306e31; // "mqrec0n1"
constexpr const char* kCaptured = "captured_without_booking";
constexpr const char* kUnpaid = "booking_without_capture";
// Who the audit log names for what reconcile does: it acts for no device.
constexpr const char* kActor = "reconcile";
// A row's updated_at/received_at is its transaction's start, so a transaction that began
// before a run's cutoff and committed after its scan carries a time behind the mark. Each
// scan therefore looks this far behind the mark again; what it sees twice is already
// flagged or claimed and costs one lookup.
constexpr std::chrono::seconds kLookBack{600};

// True when gateway-card payment `p` names no intent the server knows (by its id, or by the
// gateway's payment id in its reference): such a payment is settled by the intents of its
// booking or hold instead.
#define MQ_PAYMENT_NAMES_NO_INTENT                                                                                     \
    "NOT EXISTS (SELECT 1 FROM payment_intents j WHERE j.intent_id = p.payment_id "                                    \
    "OR (p.reference <> '' AND j.gateway_intent_id = p.reference))"

// True when a booking claims intent `i`: a gateway-card payment names it, or names no
// intent and belongs to the intent's booking or hold. A payment that names another intent
// does not claim this one: a second capture for the same hold (a retry with a new intent)
// is money taken twice. A booking paid only in cash does not claim a card capture either.
constexpr const char* kIntentClaimed =
    "(EXISTS (SELECT 1 FROM payments p WHERE p.method = 'CARD_GATEWAY' AND p.payment_id = i.intent_id) "
    " OR EXISTS (SELECT 1 FROM payments p WHERE p.method = 'CARD_GATEWAY' AND p.reference = i.gateway_intent_id) "
    " OR EXISTS (SELECT 1 FROM bookings b JOIN payments p ON p.booking_id = b.booking_id "
    "            AND p.method = 'CARD_GATEWAY' WHERE b.booking_id = i.booking_id AND " MQ_PAYMENT_NAMES_NO_INTENT ") "
    " OR EXISTS (SELECT 1 FROM bookings b JOIN payments p ON p.booking_id = b.booking_id "
    "            AND p.method = 'CARD_GATEWAY' WHERE b.hold_id = i.hold_id AND " MQ_PAYMENT_NAMES_NO_INTENT "))";

// What was captured: the capture event's amount (a capture may take less than authorized).
constexpr const char* kCapturedAmount =
    "coalesce((SELECT max(e.amount_minor) FROM payment_events e WHERE e.intent_id = i.intent_id "
    "AND e.type = 'CAPTURED' AND e.amount_minor > 0), i.amount_minor)";

// Bookings paid by gateway card with the intent that best settles each (a CAPTURED one; a
// REFUNDED one for a partly refunded booking), or else the latest one, or none. The
// candidates are the intents its card payments name, and the intents of its booking or
// hold when a card payment names none (the same rule as kIntentClaimed).
std::string cardBookingsWhere(const std::string& where)
{
    return R"sql(
SELECT b.booking_id, b.currency, b.state,
       (SELECT sum(p.amount_minor) FROM payments p WHERE p.booking_id = b.booking_id AND p.method = 'CARD_GATEWAY'),
       coalesce(l.intent_id, ''), coalesce(l.state, ''), coalesce(l.gateway_intent_id, ''), coalesce(l.settles, false)
FROM bookings b
LEFT JOIN LATERAL (
    SELECT i.intent_id, i.state, i.gateway_intent_id,
           (i.state = 'CAPTURED' OR (i.state = 'REFUNDED' AND b.state = 'PARTLY_REFUNDED')) AS settles
    FROM (SELECT i.intent_id, i.state, i.gateway_intent_id, i.updated_at FROM payment_intents i
              WHERE (i.booking_id = b.booking_id OR (b.hold_id IS NOT NULL AND i.hold_id = b.hold_id))
                AND EXISTS (SELECT 1 FROM payments p WHERE p.booking_id = b.booking_id
                            AND p.method = 'CARD_GATEWAY' AND )sql" MQ_PAYMENT_NAMES_NO_INTENT R"sql()
          UNION SELECT i.intent_id, i.state, i.gateway_intent_id, i.updated_at
              FROM payments p JOIN payment_intents i ON i.intent_id = p.payment_id OR i.gateway_intent_id = p.reference
              WHERE p.booking_id = b.booking_id AND p.method = 'CARD_GATEWAY') i
    ORDER BY 4 DESC, i.updated_at DESC LIMIT 1) l ON true
WHERE EXISTS (SELECT 1 FROM payments p WHERE p.booking_id = b.booking_id AND p.method = 'CARD_GATEWAY')
  AND )sql" +
           where + " ORDER BY b.received_at, b.booking_id";
}
#undef MQ_PAYMENT_NAMES_NO_INTENT

// The gateway transaction id of a refund event, as the counter names the same refund
// (sync/Checkout: "<gateway payment id>:REFUNDED:<refunded so far>"), so that the refund
// reconcile made counts once when the counter also reports it from the gateway's callback.
// Reconcile refunds only captures that nothing refunded before, so "so far" is this refund.
std::string refundEventId(const std::string& gatewayIntentId, std::int64_t refundedSoFar)
{
    return gatewayIntentId + ":REFUNDED:" + std::to_string(refundedSoFar);
}

std::string auditDetail(const ReconcileFinding& f)
{
    nlohmann::json j = {
        {"kind", f.kind}, {"action", f.action}, {"currency", f.currency}, {"amount_minor", f.amountMinor}};
    if (!f.intentId.empty())
        j["intent_id"] = f.intentId;
    if (!f.bookingId.empty())
        j["booking_id"] = f.bookingId;
    if (!f.gatewayIntentId.empty())
        j["gateway_intent_id"] = f.gatewayIntentId;
    if (!f.gatewayRefundId.empty())
        j["gateway_refund_id"] = f.gatewayRefundId;
    return j.dump();
}

void audit(pqxx::work& tx, const std::string& action, const std::string& entity, const ReconcileFinding& f)
{
    tx.exec_params("INSERT INTO audit_log(device_id, action, entity, detail) VALUES($1, $2, $3, $4)", kActor, action,
                   entity, auditDetail(f));
}

void updateFlag(pqxx::work& tx, const std::string& intentId, const std::string& state, const std::string& detail,
                bool attempted)
{
    tx.exec_params("UPDATE reconciliation_flags SET state = $2, detail = $3, attempts = attempts + $4, "
                   "updated_at = now() WHERE kind = 'captured_without_booking' AND intent_id = $1",
                   intentId, state, detail, attempted ? 1 : 0);
}

} // namespace

std::string ReconcileFinding::line() const
{
    std::string text = kind;
    if (!intentId.empty())
        text += " intent=" + intentId;
    if (!bookingId.empty())
        text += " booking=" + bookingId;
    if (!gatewayIntentId.empty())
        text += " gateway=" + gatewayIntentId;
    text += " amount=" + std::to_string(amountMinor) + " " + currency + ": " + action;
    if (!gatewayRefundId.empty())
        text += " " + gatewayRefundId;
    if (!detail.empty())
        text += " (" + detail + ")";
    return text;
}

int ReconcileReport::count(const std::string& action) const
{
    int n = 0;
    for (const auto& f : findings)
        n += f.action == action ? 1 : 0;
    return n;
}

namespace {
// "1 refund", "2 refunds"
std::string counted(int n, const std::string& one, const std::string& many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}
} // namespace

std::string ReconcileReport::summary() const
{
    if (skipped)
        return "reconcile: another reconcile is running; nothing done";
    std::string text = dryRun ? "reconcile (dry run): " : "reconcile: ";
    if (dryRun) {
        text += counted(count("would_refund"), "capture", "captures") + " to refund, " +
                counted(count("would_flag"), "booking", "bookings") + " to flag, " +
                counted(count("would_resolve"), "flag", "flags") + " to resolve";
    } else {
        text += std::to_string(count("refunded")) + " refunded, " + std::to_string(count("refund_pending")) +
                " refund" + (count("refund_pending") == 1 ? "" : "s") + " pending, " +
                std::to_string(count("refund_failed")) + " refund" + (count("refund_failed") == 1 ? "" : "s") +
                " failed, " + counted(count("flagged"), "booking", "bookings") + " without capture flagged, " +
                counted(count("resolved"), "flag", "flags") + " resolved";
    }
    text += "; " + std::to_string(needingAttention) + (needingAttention == 1 ? " flag needs" : " flags need") +
            " a manager";
    return text;
}

Reconciler::Reconciler(ConnectionPool& pool, std::unique_ptr<GatewayRefunds> gateway, ReconcileOptions options)
    : m_pool(pool)
    , m_gateway(std::move(gateway))
    , m_options(options)
{
}

Reconciler::~Reconciler()
{
    stop();
}

Result<ReconcileReport> Reconciler::runOnce()
{
    auto lease = m_pool.acquire();
    if (!lease)
        return std::unexpected(lease.error());
    pqxx::connection& connection = lease->connection();
    bool locked = false;
    try {
        {
            pqxx::nontransaction tx(connection);
            locked = tx.exec1("SELECT pg_try_advisory_lock(" + std::to_string(kReconcileLock) + ")")[0].as<bool>();
        }
        Result<ReconcileReport> result = ReconcileReport{m_options.dryRun, true, {}, 0};
        if (locked) {
            result = run(connection);
            pqxx::nontransaction tx(connection);
            tx.exec("SELECT pg_advisory_unlock(" + std::to_string(kReconcileLock) + ")");
        }
        return result;
    } catch (const pqxx::broken_connection& e) {
        lease->discard(); // and with it the session's lock
        return fail(ErrorCode::Storage, "reconcile lost the database: " + sql::describe(e));
    } catch (const std::exception& e) {
        if (locked) {
            try {
                pqxx::nontransaction tx(connection);
                tx.exec("SELECT pg_advisory_unlock(" + std::to_string(kReconcileLock) + ")");
            } catch (const std::exception&) {
                lease->discard();
            }
        }
        return fail(ErrorCode::Storage, "reconcile failed: " + sql::describe(e));
    }
}

Result<ReconcileReport> Reconciler::run(pqxx::connection& connection)
{
    ReconcileReport report;
    report.dryRun = m_options.dryRun;
    m_gatewayTrouble.clear();
    Marks marks;
    std::vector<std::string> pending, fresh;
    {
        pqxx::work tx(connection);
        auto row =
            tx.exec_params1("SELECT (now() - make_interval(secs => $1))::text, "
                            "coalesce((SELECT (upto - make_interval(secs => $2))::text FROM reconciliation_marks "
                            "          WHERE scan = 'captured_intents'), '-infinity'), "
                            "coalesce((SELECT (upto - make_interval(secs => $2))::text FROM reconciliation_marks "
                            "          WHERE scan = 'card_bookings'), '-infinity')",
                            static_cast<long long>(m_options.grace.count()), static_cast<long long>(kLookBack.count()));
        marks = {row[0].c_str(), row[1].c_str(), row[2].c_str()};
        for (const auto& r :
             tx.exec("SELECT intent_id FROM reconciliation_flags WHERE kind = 'captured_without_booking' "
                     "AND state = 'refund_pending' ORDER BY flag_id")) {
            pending.push_back(r[0].c_str());
        }
        // Captures that changed since the last run and are older than the grace period.
        for (const auto& r : tx.exec_params(std::string("SELECT i.intent_id FROM payment_intents i "
                                                        "WHERE i.state = 'CAPTURED' AND i.updated_at > $1::timestamptz "
                                                        "AND i.updated_at <= $2::timestamptz AND NOT ") +
                                                kIntentClaimed +
                                                " AND NOT EXISTS (SELECT 1 FROM reconciliation_flags f "
                                                "WHERE f.kind = 'captured_without_booking' AND f.intent_id = "
                                                "i.intent_id) ORDER BY i.updated_at, i.intent_id",
                                            marks.intentsFrom, marks.cutoff)) {
            fresh.push_back(r[0].c_str());
        }
        tx.commit();
    }
    for (const auto& id : pending) {
        if (auto fatal = reconcileIntent(connection, id, true, report))
            return std::unexpected(*fatal);
    }
    for (const auto& id : fresh) {
        if (auto fatal = reconcileIntent(connection, id, false, report))
            return std::unexpected(*fatal);
    }
    if (!m_options.dryRun) {
        pqxx::work tx(connection);
        tx.exec_params("UPDATE reconciliation_marks SET upto = greatest(upto, $1::timestamptz) "
                       "WHERE scan = 'captured_intents'",
                       marks.cutoff);
        tx.commit();
    }
    reconcileBookings(connection, marks, report);
    pqxx::work tx(connection);
    report.needingAttention = tx.exec1("SELECT count(*) FROM reconciliation_flags "
                                       "WHERE state IN ('refund_pending', 'refund_failed', 'open')")[0]
                                  .as<long long>();
    return report;
}

std::optional<Error> Reconciler::reconcileIntent(pqxx::connection& connection, const std::string& intentId,
                                                 bool pending, ReconcileReport& report)
{
    ReconcileFinding f;
    f.kind = kCaptured;
    f.intentId = intentId;
    {
        pqxx::work tx(connection);
        auto rows = tx.exec_params(
            std::string("SELECT i.state, i.currency, ") + kCapturedAmount + ", coalesce(i.gateway_intent_id, ''), " +
                kIntentClaimed +
                ", coalesce(f.state, '') FROM payment_intents i LEFT JOIN reconciliation_flags f "
                "ON f.kind = 'captured_without_booking' AND f.intent_id = i.intent_id WHERE i.intent_id = $1" +
                (m_options.dryRun ? "" : " FOR UPDATE OF i"),
            intentId);
        if (rows.empty())
            return std::nullopt;
        const std::string state = rows[0][0].c_str();
        f.currency = rows[0][1].c_str();
        f.amountMinor = rows[0][2].as<std::int64_t>();
        f.gatewayIntentId = rows[0][3].c_str();
        const bool claimed = rows[0][4].as<bool>();
        const std::string flagState = rows[0][5].c_str();
        if (flagState.empty()) {
            // A booking or an event came in since the scan: nothing to do.
            if (state != "CAPTURED" || claimed)
                return std::nullopt;
        } else if (flagState != "refund_pending") {
            return std::nullopt;
        } else if (state != "CAPTURED") {
            // Refunded by an event from elsewhere (the counter, a webhook) since the flag.
            f.action = m_options.dryRun ? "would_resolve" : "refunded";
            f.detail = "the intent is " + state + " by an event from elsewhere";
            if (!m_options.dryRun) {
                updateFlag(tx, intentId, "refunded", f.detail, false);
                tx.commit();
            }
            report.findings.push_back(f);
            return std::nullopt;
        }
        if (m_options.dryRun) {
            f.action = "would_refund";
            f.detail = pending ? "a refund whose outcome is not known yet" : "captured, and no booking claims it";
            report.findings.push_back(f);
            return std::nullopt;
        }
        if (!pending) {
            tx.exec_params("INSERT INTO reconciliation_flags(kind, state, intent_id, currency, amount_minor, "
                           "gateway_intent_id, detail) VALUES('captured_without_booking', 'refund_pending', $1, $2, "
                           "$3, NULLIF($4, ''), 'captured, and no booking claims it') "
                           "ON CONFLICT (intent_id) WHERE kind = 'captured_without_booking' DO NOTHING",
                           intentId, f.currency, static_cast<long long>(f.amountMinor), f.gatewayIntentId);
            f.action = "refund_pending";
            audit(tx, "reconcile.flag", intentId, f);
        }
        tx.commit();
    }

    if (!m_gateway) {
        f.action = "refund_pending";
        f.detail = "no gateway configured: a run with --gateway-url refunds it";
        pqxx::work tx(connection);
        updateFlag(tx, intentId, "refund_pending", f.detail, false);
        tx.commit();
        report.findings.push_back(f);
        return std::nullopt;
    }
    if (!GatewayRefunds::isObjectId(f.gatewayIntentId)) {
        f.action = "refund_failed";
        f.detail = "no gateway payment id is recorded for this intent: refund it at the gateway by hand";
        pqxx::work tx(connection);
        updateFlag(tx, intentId, "refund_failed", f.detail, false);
        audit(tx, "reconcile.refund_failed", intentId, f);
        tx.commit();
        report.findings.push_back(f);
        return std::nullopt;
    }
    if (!m_gatewayTrouble.empty()) {
        // The gateway did not answer an earlier refund of this run: asking again now would
        // only wait for the same silence once per capture.
        f.action = "refund_pending";
        f.detail = m_gatewayTrouble + "; the next run asks again under the same key";
        pqxx::work tx(connection);
        updateFlag(tx, intentId, "refund_pending", f.detail, false);
        tx.commit();
        report.findings.push_back(f);
        return std::nullopt;
    }

    const GatewayResult result = m_gateway->refundAll(f.gatewayIntentId, GatewayRefunds::refundKey(intentId),
                                                      {{"marquee_intent_id", intentId}, {"marquee_reason", kCaptured}});
    if (result.approved() && result.refund && result.refund->status != "failed") {
        std::string detail = result.replayed ? "refunded through the gateway (its answer to an earlier attempt, "
                                               "replayed under the same key)"
                                             : "refunded through the gateway";
        if (result.refund->status != "succeeded")
            detail += "; the gateway reports the refund " + result.refund->status;
        f.gatewayRefundId = result.refund->id;
        recordRefund(connection, intentId, refundEventId(f.gatewayIntentId, result.refund->amountMinor),
                     result.refund->amountMinor, detail, f);
        report.findings.push_back(f);
        return std::nullopt;
    }
    if (result.errorCode == "charge_already_refunded") {
        // The money is back on the card already: refunded by hand at the gateway, by the
        // counter, or by an attempt of ours whose key the gateway no longer keeps (Stripe
        // keeps keys 24 hours). Nothing is left to refund.
        recordRefund(connection, intentId, refundEventId(f.gatewayIntentId, f.amountMinor), f.amountMinor,
                     "the gateway says this payment was already refunded", f);
        report.findings.push_back(f);
        return std::nullopt;
    }
    if (result.outcome == GatewayOutcome::Failed &&
        (result.httpStatus == 0 || result.httpStatus == 401 || result.httpStatus == 403)) {
        // Our key or our trust in the gateway, not this refund: stop, leave the flags pending
        // for a run that is configured right.
        const std::string why = result.httpStatus == 0 ? "cannot talk to the gateway safely: " + result.message
                                                       : "the gateway refused the secret key (HTTP " +
                                                             std::to_string(result.httpStatus) + "): " + result.message;
        return Error{result.httpStatus == 0 ? ErrorCode::Insecure : ErrorCode::Unauthorized, why};
    }
    pqxx::work tx(connection);
    if (result.outcome == GatewayOutcome::Failed || result.outcome == GatewayOutcome::Declined ||
        result.outcome == GatewayOutcome::Approved) {
        f.action = "refund_failed";
        f.detail = "the gateway refused the refund" + (result.errorCode.empty() ? "" : " (" + result.errorCode + ")") +
                   ": " + (result.message.empty() ? "refund status failed" : result.message) +
                   "; check the payment at the gateway";
        updateFlag(tx, intentId, "refund_failed", f.detail, true);
        audit(tx, "reconcile.refund_failed", intentId, f);
    } else {
        // Unknown (no answer: the refund may have happened) or Retryable (5xx, 429, key in
        // use: nothing happened). Either way the same key later gives the one true outcome.
        m_gatewayTrouble = "the gateway did not complete a refund (" + std::string(nameOf(result.outcome)) +
                           (result.httpStatus ? ", HTTP " + std::to_string(result.httpStatus) : std::string()) + ": " +
                           result.message + ")";
        f.action = "refund_pending";
        f.detail = m_gatewayTrouble + "; the next run asks again under the same key";
        updateFlag(tx, intentId, "refund_pending", f.detail, true);
    }
    tx.commit();
    report.findings.push_back(f);
    return std::nullopt;
}

void Reconciler::recordRefund(pqxx::connection& connection, const std::string& intentId, const std::string& eventId,
                              std::int64_t amountMinor, const std::string& detail, ReconcileFinding& f)
{
    f.action = "refunded";
    f.amountMinor = amountMinor;
    f.detail = detail;
    pqxx::work tx(connection);
    // The refund as the intent's REFUNDED event, as if the gateway had reported it: the
    // counter reporting the same refund later (same transaction id) changes nothing more.
    auto inserted = tx.exec_params("INSERT INTO payment_events(gateway_txn_id, intent_id, type, amount_minor) "
                                   "VALUES($1, $2, 'REFUNDED', $3) ON CONFLICT (gateway_txn_id) DO NOTHING RETURNING 1",
                                   eventId, intentId, static_cast<long long>(amountMinor));
    tx.exec_params("UPDATE payment_intents SET state = 'REFUNDED', updated_at = now() "
                   "WHERE intent_id = $1 AND state = 'CAPTURED'",
                   intentId);
    tx.exec_params("UPDATE reconciliation_flags SET state = 'refunded', gateway_refund_id = NULLIF($2, ''), "
                   "amount_minor = $3, detail = $4, attempts = attempts + 1, updated_at = now() "
                   "WHERE kind = 'captured_without_booking' AND intent_id = $1",
                   intentId, f.gatewayRefundId, static_cast<long long>(amountMinor), detail);
    if (!inserted.empty()) {
        tx.exec_params(
            "INSERT INTO audit_log(device_id, action, entity, detail) VALUES($1, 'payment.event', $2, $3)", kActor,
            intentId,
            nlohmann::json{{"gateway_txn_id", eventId}, {"type", "REFUNDED"}, {"amount_minor", amountMinor}}.dump());
    }
    audit(tx, "reconcile.refund", intentId, f);
    tx.commit();
}

void Reconciler::reconcileBookings(pqxx::connection& connection, const Marks& marks, ReconcileReport& report)
{
    pqxx::work tx(connection);
    auto fill = [](const pqxx::row& row, ReconcileFinding& f) {
        f.kind = kUnpaid;
        f.bookingId = row[0].c_str();
        f.currency = row[1].c_str();
        f.amountMinor = row[3].is_null() ? 0 : row[3].as<std::int64_t>();
        f.intentId = row[4].c_str();
        f.gatewayIntentId = row[6].c_str();
    };
    // New bookings past the grace period whose card payment no capture settles.
    auto fresh = tx.exec_params(
        cardBookingsWhere("b.received_at > $1::timestamptz AND b.received_at <= $2::timestamptz "
                          "AND b.state IN ('CONFIRMED', 'PARTLY_REFUNDED') AND NOT EXISTS (SELECT 1 FROM "
                          "reconciliation_flags f WHERE f.kind = 'booking_without_capture' "
                          "AND f.booking_id = b.booking_id)"),
        marks.bookingsFrom, marks.cutoff);
    for (const auto& row : fresh) {
        if (row[7].as<bool>())
            continue;
        ReconcileFinding f;
        fill(row, f);
        const std::string intentState = row[5].c_str();
        f.detail = f.intentId.empty()
                       ? "paid by gateway card, but no payment intent of this booking is recorded"
                       : "paid by gateway card, but its payment intent is " + intentState + ", not CAPTURED";
        f.action = m_options.dryRun ? "would_flag" : "flagged";
        if (!m_options.dryRun) {
            tx.exec_params(
                "INSERT INTO reconciliation_flags(kind, state, booking_id, intent_id, currency, amount_minor, "
                "gateway_intent_id, detail) VALUES('booking_without_capture', 'open', $1, NULLIF($2, ''), "
                "$3, $4, NULLIF($5, ''), $6) "
                "ON CONFLICT (booking_id) WHERE kind = 'booking_without_capture' DO NOTHING",
                f.bookingId, f.intentId, f.currency, static_cast<long long>(f.amountMinor), f.gatewayIntentId,
                f.detail);
            audit(tx, "reconcile.flag", f.bookingId, f);
        }
        report.findings.push_back(f);
    }
    // Open flags whose capture has arrived since, or whose booking was refunded.
    auto open = tx.exec(cardBookingsWhere("b.booking_id IN (SELECT booking_id FROM reconciliation_flags "
                                          "WHERE kind = 'booking_without_capture' AND state = 'open')"));
    for (const auto& row : open) {
        const bool refunded = std::string(row[2].c_str()) == "REFUNDED";
        if (!row[7].as<bool>() && !refunded)
            continue;
        ReconcileFinding f;
        fill(row, f);
        f.action = m_options.dryRun ? "would_resolve" : "resolved";
        f.detail = refunded ? "the booking was refunded" : "its payment intent is now " + std::string(row[5].c_str());
        if (!m_options.dryRun) {
            tx.exec_params("UPDATE reconciliation_flags SET state = 'resolved', detail = $2, "
                           "intent_id = coalesce(intent_id, NULLIF($3, '')), updated_at = now() "
                           "WHERE kind = 'booking_without_capture' AND booking_id = $1 AND state = 'open'",
                           f.bookingId, f.detail, f.intentId);
            audit(tx, "reconcile.resolve", f.bookingId, f);
        }
        report.findings.push_back(f);
    }
    if (!m_options.dryRun) {
        tx.exec_params("UPDATE reconciliation_marks SET upto = greatest(upto, $1::timestamptz) "
                       "WHERE scan = 'card_bookings'",
                       marks.cutoff);
        tx.commit();
    }
}

void Reconciler::start(std::chrono::milliseconds interval)
{
    m_thread = std::thread([this, interval] {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            m_wake.wait_for(lock, interval, [&] { return m_stopping; });
            if (m_stopping)
                break;
            lock.unlock();
            auto report = runOnce();
            if (!report) {
                std::fprintf(stderr, "marquee.server.reconcile: %s\n", report.error().message.c_str());
            } else if (!report->findings.empty()) {
                for (const auto& f : report->findings)
                    std::fprintf(stderr, "marquee.server.reconcile: %s\n", f.line().c_str());
                std::fprintf(stderr, "marquee.server.reconcile: %s\n", report->summary().c_str());
            }
            std::fflush(stderr);
            lock.lock();
        }
    });
}

void Reconciler::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

bool Reconciler::knownFlagState(const std::string& state)
{
    return state == "refund_pending" || state == "refunded" || state == "refund_failed" || state == "open" ||
           state == "resolved";
}

Reply Reconciler::listFlags(Transaction& tx, const std::string& state, int limit)
{
    auto& db = tx.db();
    auto row = db.exec_params1(
        "SELECT (SELECT coalesce(json_agg(json_build_object('flag_id', f.flag_id, 'kind', f.kind, 'state', f.state, "
        "  'intent_id', f.intent_id, 'booking_id', f.booking_id, 'currency', f.currency, "
        "  'amount_minor', f.amount_minor, 'gateway_intent_id', f.gateway_intent_id, "
        "  'gateway_refund_id', f.gateway_refund_id, 'detail', f.detail, 'attempts', f.attempts, "
        "  'created_at', iso8601_ms(f.created_at), 'updated_at', iso8601_ms(f.updated_at)) ORDER BY f.flag_id DESC), "
        "  '[]') FROM (SELECT * FROM reconciliation_flags WHERE $1 = '' OR state = $1 "
        "  ORDER BY flag_id DESC LIMIT $2) f)::text, "
        "(SELECT count(*) FROM reconciliation_flags WHERE state IN ('refund_pending', 'refund_failed', 'open'))",
        state, limit);
    return Reply::json(
        200, {{"flags", nlohmann::json::parse(row[0].c_str())}, {"needing_attention", row[1].as<long long>()}});
}

} // namespace marquee::server
