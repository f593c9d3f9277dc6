#include "Outbox.h"

#include "Uuid.h"

namespace marquee {

namespace {

constexpr std::string_view kColumns = "seq, aggregate, kind, method, path, idempotency_key, body, state, attempts, "
                                      "next_attempt_at, created_at, done_at, last_status, last_error, response";

std::optional<OutboxKind> kindFrom(std::string_view text)
{
    for (auto kind : {OutboxKind::Booking, OutboxKind::Refund, OutboxKind::PaymentIntent, OutboxKind::PaymentEvent}) {
        if (nameOf(kind) == text)
            return kind;
    }
    return std::nullopt;
}

std::optional<OutboxState> stateFrom(std::string_view text)
{
    for (auto state : {OutboxState::Pending, OutboxState::Done, OutboxState::Conflict, OutboxState::Failed}) {
        if (nameOf(state) == text)
            return state;
    }
    return std::nullopt;
}

OutboxItem readItem(const Statement& row)
{
    OutboxItem item;
    item.seq = row.integer(0);
    item.aggregate = row.text(1);
    item.kind = kindFrom(row.textView(2)).value_or(OutboxKind::Booking);
    item.method = row.text(3);
    item.path = row.text(4);
    item.idempotencyKey = row.text(5);
    item.body = row.text(6);
    item.state = stateFrom(row.textView(7)).value_or(OutboxState::Failed);
    item.attempts = static_cast<int>(row.integer(8));
    item.nextAttemptAt = fromEpochMs(row.integer(9));
    item.createdAt = fromEpochMs(row.integer(10));
    if (auto done = row.optionalInteger(11))
        item.doneAt = fromEpochMs(*done);
    item.lastStatus = static_cast<int>(row.optionalInteger(12).value_or(0));
    item.lastError = row.text(13);
    item.response = row.optionalText(14).value_or("");
    return item;
}

Result<std::vector<OutboxItem>> readAll(Statement& stmt)
{
    std::vector<OutboxItem> items;
    MQ_TRY(stmt.each([&](Statement& s) { items.push_back(readItem(s)); }));
    return items;
}

std::string select(std::string_view rest)
{
    return "SELECT " + std::string(kColumns) + " FROM outbox " + std::string(rest);
}

} // namespace

std::string_view nameOf(OutboxKind kind)
{
    switch (kind) {
    case OutboxKind::Booking:
        return "BOOKING";
    case OutboxKind::Refund:
        return "REFUND";
    case OutboxKind::PaymentIntent:
        return "PAYMENT_INTENT";
    case OutboxKind::PaymentEvent:
        return "PAYMENT_EVENT";
    }
    return "BOOKING";
}

std::string_view nameOf(OutboxState state)
{
    switch (state) {
    case OutboxState::Pending:
        return "PENDING";
    case OutboxState::Done:
        return "DONE";
    case OutboxState::Conflict:
        return "CONFLICT";
    case OutboxState::Failed:
        return "FAILED";
    }
    return "FAILED";
}

Result<OutboxItem> Outbox::enqueue(std::string aggregate, OutboxKind kind, std::string method, std::string path,
                                   std::string body)
{
    if (aggregate.empty() || method.empty() || path.empty() || path.front() != '/') {
        return fail(ErrorCode::InvalidArgument, "an outbox row needs an aggregate, a method and a server path");
    }
    OutboxItem item;
    item.aggregate = std::move(aggregate);
    item.kind = kind;
    item.method = std::move(method);
    item.path = std::move(path);
    item.idempotencyKey = newUuid();
    item.body = std::move(body);
    item.createdAt = m_clock.now();
    item.nextAttemptAt = item.createdAt;
    MQ_TRY(m_db.cached("INSERT INTO outbox(aggregate, kind, method, path, idempotency_key, body, state, "
                       "next_attempt_at, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, 'PENDING', ?7, ?7)")
               .bind(1, item.aggregate)
               .bind(2, nameOf(kind))
               .bind(3, item.method)
               .bind(4, item.path)
               .bind(5, item.idempotencyKey)
               .bind(6, item.body)
               .bind(7, toEpochMs(item.createdAt))
               .exec());
    item.seq = m_db.lastInsertRowId();
    return item;
}

Result<std::vector<OutboxItem>> Outbox::due(int limit)
{
    auto& stmt = m_db.cached(select("AS o WHERE state = 'PENDING' AND next_attempt_at <= ?1 AND NOT EXISTS ("
                                    "SELECT 1 FROM outbox AS p WHERE p.aggregate = o.aggregate AND p.seq < o.seq "
                                    "AND p.state <> 'DONE') ORDER BY next_attempt_at, seq LIMIT ?2"));
    stmt.bind(1, toEpochMs(m_clock.now())).bind(2, limit);
    return readAll(stmt);
}

Result<std::optional<Timestamp>> Outbox::nextDueAt()
{
    auto& stmt = m_db.cached("SELECT min(next_attempt_at) FROM outbox WHERE state = 'PENDING'");
    auto row = stmt.step();
    if (!row) {
        stmt.reset();
        return errorOf(row);
    }
    std::optional<Timestamp> at;
    if (*row && !stmt.isNull(0))
        at = fromEpochMs(stmt.integer(0));
    stmt.reset();
    return at;
}

Result<void> Outbox::record(const std::vector<OutboxOutcome>& outcomes)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return errorOf(tx);
    for (const auto& outcome : outcomes) {
        MQ_TRY(recordOne(outcome));
    }
    return tx->commit();
}

Result<void> Outbox::recordOne(const OutboxOutcome& outcome)
{
    if (outcome.state == OutboxState::Pending) {
        MQ_TRY(m_db.cached("UPDATE outbox SET attempts = attempts + 1, last_status = ?2, last_error = ?3, "
                           "next_attempt_at = ?4 WHERE seq = ?1 AND state = 'PENDING'")
                   .bind(1, outcome.seq)
                   .bind(2, outcome.status)
                   .bind(3, outcome.error)
                   .bind(4, toEpochMs(outcome.retryAt))
                   .exec());
        return {};
    }
    auto& update = m_db.cached("UPDATE outbox SET state = ?2, attempts = attempts + 1, last_status = ?3, "
                               "response = ?4, last_error = ?5, done_at = ?6 WHERE seq = ?1 AND state = 'PENDING' "
                               "RETURNING kind, aggregate");
    update.bind(1, outcome.seq)
        .bind(2, nameOf(outcome.state))
        .bind(3, outcome.status)
        .bind(4, outcome.response)
        .bind(5, outcome.error)
        .bind(6, toEpochMs(m_clock.now()));
    auto row = update.step();
    if (!row) {
        update.reset();
        return errorOf(row);
    }
    if (!*row) {
        update.reset();
        return {};
    }
    const bool booking = update.textView(0) == nameOf(OutboxKind::Booking);
    const std::string aggregate = update.text(1);
    update.reset();
    if (booking) {
        const std::string_view syncState = outcome.state == OutboxState::Done       ? "CONFIRMED"
                                           : outcome.state == OutboxState::Conflict ? "CONFLICT"
                                                                                    : "FAILED";
        MQ_TRY(m_db.cached("UPDATE bookings SET sync_state = ?2 WHERE booking_id = ?1")
                   .bind(1, aggregate)
                   .bind(2, syncState)
                   .exec());
    }
    return {};
}

Result<OutboxCounts> Outbox::counts()
{
    auto& stmt = m_db.cached("SELECT count(*) FILTER (WHERE state = 'PENDING'), "
                             "count(*) FILTER (WHERE state = 'CONFLICT'), count(*) FILTER (WHERE state = 'FAILED'), "
                             "min(created_at) FILTER (WHERE state = 'PENDING') FROM outbox WHERE state <> 'DONE'");
    auto row = stmt.step();
    if (!row) {
        stmt.reset();
        return errorOf(row);
    }
    OutboxCounts counts;
    counts.pending = static_cast<int>(stmt.integer(0));
    counts.conflicts = static_cast<int>(stmt.integer(1));
    counts.failed = static_cast<int>(stmt.integer(2));
    if (auto oldest = stmt.optionalInteger(3))
        counts.oldestPending = fromEpochMs(*oldest);
    stmt.reset();
    return counts;
}

Result<std::optional<OutboxItem>> Outbox::find(std::int64_t seq)
{
    auto& stmt = m_db.cached(select("WHERE seq = ?1"));
    stmt.bind(1, seq);
    auto items = readAll(stmt);
    if (!items)
        return errorOf(items);
    if (items->empty())
        return std::optional<OutboxItem>{};
    return std::optional<OutboxItem>(std::move(items->front()));
}

Result<std::vector<OutboxItem>> Outbox::forAggregate(const std::string& aggregate)
{
    auto& stmt = m_db.cached(select("WHERE aggregate = ?1 ORDER BY seq"));
    stmt.bind(1, aggregate);
    return readAll(stmt);
}

Result<std::vector<OutboxItem>> Outbox::problems()
{
    auto& stmt = m_db.cached(select("WHERE state IN ('CONFLICT', 'FAILED') ORDER BY seq"));
    return readAll(stmt);
}

Result<void> Outbox::retry(std::int64_t seq)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return errorOf(tx);
    auto& update = m_db.cached("UPDATE outbox SET state = 'PENDING', next_attempt_at = ?2, done_at = NULL "
                               "WHERE seq = ?1 AND state IN ('CONFLICT', 'FAILED') RETURNING kind, aggregate");
    update.bind(1, seq).bind(2, toEpochMs(m_clock.now()));
    auto row = update.step();
    if (!row) {
        update.reset();
        return errorOf(row);
    }
    if (!*row) {
        update.reset();
        return fail(ErrorCode::Conflict, "outbox row " + std::to_string(seq) + " is not waiting for a decision");
    }
    const bool booking = update.textView(0) == nameOf(OutboxKind::Booking);
    const std::string aggregate = update.text(1);
    update.reset();
    if (booking) {
        MQ_TRY(
            m_db.cached("UPDATE bookings SET sync_state = 'PENDING' WHERE booking_id = ?1").bind(1, aggregate).exec());
    }
    return tx->commit();
}

Result<void> Outbox::resolve(std::int64_t seq, const std::string& note)
{
    if (note.empty())
        return fail(ErrorCode::InvalidArgument, "say how the problem was resolved");
    auto changed = m_db.cached("UPDATE outbox SET state = 'DONE', done_at = ?2, last_error = ?3 "
                               "WHERE seq = ?1 AND state IN ('CONFLICT', 'FAILED')")
                       .bind(1, seq)
                       .bind(2, toEpochMs(m_clock.now()))
                       .bind(3, "resolved: " + note)
                       .exec();
    if (!changed)
        return errorOf(changed);
    if (*changed != 1)
        return fail(ErrorCode::Conflict, "outbox row " + std::to_string(seq) + " is not waiting for a decision");
    return {};
}

Result<int> Outbox::pruneDone(Timestamp before)
{
    return m_db.cached("DELETE FROM outbox WHERE state = 'DONE' AND done_at < ?1").bind(1, toEpochMs(before)).exec();
}

} // namespace marquee
