#include "Schema.h"

namespace marquee::schema {

namespace {
// Never edit a migration that has shipped: add a new one.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE meta(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE screens(
    screen_id TEXT PRIMARY KEY,
    layout TEXT NOT NULL
) STRICT;

CREATE TABLE films(
    film_id TEXT PRIMARY KEY,
    body TEXT NOT NULL
) STRICT;

CREATE TABLE price_lists(
    price_list_id TEXT PRIMARY KEY,
    body TEXT NOT NULL
) STRICT;

CREATE TABLE shows(
    show_id TEXT PRIMARY KEY,
    film_id TEXT NOT NULL REFERENCES films(film_id),
    screen_id TEXT NOT NULL REFERENCES screens(screen_id),
    price_list_id TEXT NOT NULL REFERENCES price_lists(price_list_id),
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    body TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX shows_by_start ON shows(starts_at);

CREATE TABLE holds(
    hold_id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    show_id TEXT NOT NULL REFERENCES shows(show_id),
    state TEXT NOT NULL CHECK (state IN ('HELD', 'BOOKED', 'RELEASED')),
    seats TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ended_at INTEGER,
    end_reason TEXT,
    staff TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX holds_live ON holds(expires_at) WHERE state = 'HELD';

-- One row per claimed (show, seat); no row means AVAILABLE. The primary key is what makes
-- a double sale impossible.
CREATE TABLE claims(
    show_id TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('HELD', 'BOOKED')),
    hold_id TEXT REFERENCES holds(hold_id),
    booking_id TEXT,
    expires_at INTEGER,
    PRIMARY KEY (show_id, seat_id),
    CHECK ((state = 'HELD' AND expires_at IS NOT NULL) OR (state = 'BOOKED' AND booking_id IS NOT NULL))
) STRICT, WITHOUT ROWID;
CREATE INDEX claims_by_hold ON claims(hold_id) WHERE hold_id IS NOT NULL;

CREATE TABLE seat_changes(
    show_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    seat_id TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (show_id, version, seat_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE bookings(
    booking_id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    show_id TEXT NOT NULL REFERENCES shows(show_id),
    hold_id TEXT UNIQUE REFERENCES holds(hold_id),
    state TEXT NOT NULL CHECK (state IN ('CONFIRMED', 'PARTLY_REFUNDED', 'REFUNDED')),
    currency TEXT NOT NULL,
    total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
    tax_minor INTEGER NOT NULL CHECK (tax_minor >= 0),
    sold_at INTEGER NOT NULL,
    staff TEXT NOT NULL DEFAULT '',
    device TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX bookings_by_show ON bookings(show_id);
CREATE INDEX bookings_by_time ON bookings(sold_at);

CREATE TABLE ticket_lines(
    booking_id TEXT NOT NULL REFERENCES bookings(booking_id),
    show_id TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    category TEXT NOT NULL,
    ticket_type TEXT NOT NULL,
    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
    tax_minor INTEGER NOT NULL CHECK (tax_minor >= 0),
    tax_rate_bp INTEGER NOT NULL,
    price_override_reason TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('BOOKED', 'REFUNDED')),
    refund_id TEXT,
    PRIMARY KEY (booking_id, seat_id)
) STRICT, WITHOUT ROWID;
-- Defence in depth behind the claims table: a seat is in at most one live ticket line.
CREATE UNIQUE INDEX one_booking_per_seat ON ticket_lines(show_id, seat_id) WHERE state = 'BOOKED';

CREATE TABLE payments(
    payment_id TEXT PRIMARY KEY,
    booking_id TEXT NOT NULL REFERENCES bookings(booking_id),
    method TEXT NOT NULL CHECK (method IN ('CASH', 'CARD_TERMINAL', 'CARD_GATEWAY', 'EXCHANGE_CREDIT')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    tendered_minor INTEGER,
    reference TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    CHECK (tendered_minor IS NULL OR tendered_minor >= amount_minor)
) STRICT;
CREATE INDEX payments_by_booking ON payments(booking_id);

CREATE TABLE refunds(
    refund_id TEXT PRIMARY KEY,
    booking_id TEXT NOT NULL REFERENCES bookings(booking_id),
    seats TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    tax_minor INTEGER NOT NULL CHECK (tax_minor >= 0),
    reason TEXT NOT NULL,
    staff TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX refunds_by_booking ON refunds(booking_id);

CREATE TABLE refund_payments(
    refund_id TEXT NOT NULL REFERENCES refunds(refund_id),
    payment_id TEXT NOT NULL REFERENCES payments(payment_id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    PRIMARY KEY (refund_id, payment_id)
) STRICT;

CREATE TABLE audit_log(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    device TEXT NOT NULL,
    staff TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    detail TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// Staff, shifts and the business day; the audit log becomes a hash chain.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE staff(
    staff_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager')),
    pin_hash TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE shifts(
    shift_id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(staff_id),
    device TEXT NOT NULL,
    business_date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('OPEN', 'CLOSED')),
    opened_at INTEGER NOT NULL,
    float_minor INTEGER NOT NULL CHECK (float_minor >= 0),
    closed_at INTEGER,
    expected_minor INTEGER,
    counted_minor INTEGER,
    count_detail TEXT
) STRICT;
-- One open shift per counter at a time.
CREATE UNIQUE INDEX one_open_shift_per_device ON shifts(device) WHERE state = 'OPEN';
CREATE INDEX shifts_by_day ON shifts(business_date);

CREATE TABLE cash_movements(
    movement_id TEXT PRIMARY KEY,
    shift_id TEXT NOT NULL REFERENCES shifts(shift_id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
    reason TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    at INTEGER NOT NULL
) STRICT;

ALTER TABLE bookings ADD COLUMN shift_id TEXT;
ALTER TABLE refunds ADD COLUMN shift_id TEXT;
CREATE INDEX refunds_by_time ON refunds(created_at);
CREATE INDEX ticket_lines_by_refund ON ticket_lines(refund_id) WHERE refund_id IS NOT NULL;

CREATE TABLE z_reports(
    z_number INTEGER PRIMARY KEY,
    business_date TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    staff_id TEXT NOT NULL,
    body TEXT NOT NULL,
    hash TEXT NOT NULL
) STRICT;
CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z-report cannot be changed'); END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z-report cannot be deleted'); END;

ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
-- Rows written before the chain existed are sealed once by the application (hash = '');
-- after that no row can change.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN OLD.hash <> ''
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// Connected counters: the outbox (every change the server must hear of, with its
// idempotency key made in the same transaction as the change), where each hold came from
// (a server hold mirrored here, a lease of seats for offline selling, or this counter
// alone), the leases themselves, and whether the server has confirmed each sale.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE outbox(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    aggregate TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('BOOKING', 'REFUND', 'PAYMENT_INTENT', 'PAYMENT_EVENT')),
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('PENDING', 'DONE', 'CONFLICT', 'FAILED')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    done_at INTEGER,
    last_status INTEGER,
    last_error TEXT NOT NULL DEFAULT '',
    response TEXT
) STRICT;
-- Rows still to deliver or to look at, per aggregate in order: what the worker scans.
CREATE INDEX outbox_open ON outbox(aggregate, seq) WHERE state <> 'DONE';
CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE state = 'PENDING';

CREATE TABLE leases(
    allotment_id TEXT PRIMARY KEY,
    show_id TEXT NOT NULL REFERENCES shows(show_id),
    seats TEXT NOT NULL,
    granted_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    returned_at INTEGER
) STRICT;
CREATE INDEX leases_by_show ON leases(show_id);

ALTER TABLE holds ADD COLUMN origin TEXT NOT NULL DEFAULT 'LOCAL' CHECK (origin IN ('LOCAL', 'SERVER', 'LEASE'));
ALTER TABLE holds ADD COLUMN allotment_id TEXT REFERENCES leases(allotment_id);
-- NULL for a standalone sale; PENDING until the server answers, then CONFIRMED, CONFLICT or FAILED.
ALTER TABLE bookings ADD COLUMN sync_state TEXT CHECK (sync_state IN ('PENDING', 'CONFIRMED', 'CONFLICT', 'FAILED'));
CREATE INDEX bookings_unsynced ON bookings(sync_state) WHERE sync_state IN ('PENDING', 'CONFLICT', 'FAILED');
)sql";

// Fewer pages written per sale (every page a commit dirties is written to the WAL and
// fsynced): claims are found by (show, seat) from the hold's seat list, so the claims_by_hold
// index goes; no query looks bookings up by show (reports go by time), so bookings_by_show
// goes; the audit log's seq is assigned by the application inside the write transaction
// (last + 1), so AUTOINCREMENT only cost an update of sqlite_sequence on every audit row: the
// table is rebuilt without it, with the same rows and the same append-only triggers.
constexpr std::string_view kV4 = R"sql(
DROP INDEX claims_by_hold;
DROP INDEX bookings_by_show;

CREATE TABLE audit_log_v4(
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    device TEXT NOT NULL,
    staff TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO audit_log_v4(seq, at, device, staff, action, entity, detail, prev_hash, hash)
    SELECT seq, at, device, staff, action, entity, detail, prev_hash, hash FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_v4 RENAME TO audit_log;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN OLD.hash <> ''
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// Checkouts (sync/Checkout): a sale's payment flow, written before the first payment call so
// that a crash or a restart half-way can be finished or undone (Checkout::resume). Every
// idempotency key a tender will ever need is made when the tender is written. Gateway events
// (the counter's own answers and the gateway's callbacks alike) are kept once per gateway
// transaction id ("<intent>:<TYPE>"), so late and repeated callbacks change nothing.
constexpr std::string_view kV5 = R"sql(
CREATE TABLE checkouts(
    booking_id TEXT PRIMARY KEY,
    hold_id TEXT NOT NULL,
    sale TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('STARTED', 'CONFIRMING', 'UNWINDING', 'COMPLETED', 'DECLINED', 'UNWOUND')),
    refund_id TEXT NOT NULL UNIQUE,
    message TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX checkouts_open ON checkouts(state) WHERE state IN ('STARTED', 'CONFIRMING', 'UNWINDING');

CREATE TABLE checkout_tenders(
    payment_id TEXT PRIMARY KEY,
    booking_id TEXT NOT NULL REFERENCES checkouts(booking_id),
    position INTEGER NOT NULL,
    method TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    tendered_minor INTEGER,
    approval_code TEXT NOT NULL DEFAULT '',
    card TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL CHECK (stage IN ('CREATED', 'AUTHORIZED', 'CAPTURED', 'FAILED', 'VOIDED', 'REFUNDED',
                                         'HANDED_BACK')),
    decline_code TEXT NOT NULL DEFAULT '',
    authorize_key TEXT NOT NULL UNIQUE,
    capture_key TEXT NOT NULL UNIQUE,
    void_key TEXT NOT NULL UNIQUE,
    refund_key TEXT NOT NULL UNIQUE,
    UNIQUE (booking_id, position)
) STRICT;

CREATE TABLE payment_events(
    gateway_txn_id TEXT PRIMARY KEY,
    payment_id TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('AUTHORIZED', 'CAPTURED', 'VOIDED', 'REFUNDED', 'FAILED')),
    amount_minor INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('ANSWER', 'CALLBACK')),
    received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX payment_events_by_payment ON payment_events(payment_id);
)sql";
} // namespace

const std::vector<std::string_view>& migrations()
{
    static const std::vector<std::string_view> all = {kV1, kV2, kV3, kV4, kV5};
    return all;
}

Result<int> version(Database& db)
{
    auto stmt = db.prepare("PRAGMA user_version");
    if (!stmt) {
        return std::unexpected(stmt.error());
    }
    auto row = stmt->step();
    if (!row) {
        return std::unexpected(row.error());
    }
    return static_cast<int>(stmt->integer(0));
}

Result<void> migrate(Database& db, int target)
{
    if (target < 0) {
        target = latestVersion();
    }
    auto tx = Transaction::begin(db);
    if (!tx) {
        return std::unexpected(tx.error());
    }
    auto current = version(db);
    if (!current) {
        return std::unexpected(current.error());
    }
    if (*current > latestVersion()) {
        return fail(ErrorCode::Storage, db.path() + " was written by a newer Marquee (schema " +
                                            std::to_string(*current) + ", this build knows " +
                                            std::to_string(latestVersion()) + "); update Marquee to open it");
    }
    for (int v = *current + 1; v <= target; ++v) {
        if (auto r = db.exec(migrations()[std::size_t(v - 1)]); !r) {
            return fail(ErrorCode::Storage,
                        "migration to schema " + std::to_string(v) + " failed: " + r.error().message);
        }
        if (auto r = db.exec("PRAGMA user_version = " + std::to_string(v)); !r) {
            return r;
        }
    }
    return tx->commit();
}

} // namespace marquee::schema
