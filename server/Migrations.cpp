#include "Migrations.h"

#include "Sql.h"

#include <array>
#include <pqxx/pqxx>
#include <string_view>

namespace marquee::server {

namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE devices(
    device_id text PRIMARY KEY,
    name text NOT NULL UNIQUE,
    role text NOT NULL CHECK (role IN ('counter', 'kiosk', 'manager', 'channel')),
    token_sha256 text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

-- The catalog as imported (marquee-catalog/1 with inline layouts); shows get a row each
-- for their seat-state version counter.
CREATE TABLE catalog(
    id int PRIMARY KEY CHECK (id = 1),
    body text NOT NULL,
    etag text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shows(
    show_id text PRIMARY KEY,
    screen_id text NOT NULL,
    price_list_id text NOT NULL,
    starts_at timestamptz NOT NULL
);

CREATE TABLE holds(
    hold_id text PRIMARY KEY,
    show_id text NOT NULL REFERENCES shows(show_id),
    device_id text NOT NULL REFERENCES devices(device_id),
    state text NOT NULL CHECK (state IN ('HELD', 'BOOKED', 'RELEASED')),
    seats text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    ended_at timestamptz,
    end_reason text
);
CREATE INDEX holds_live ON holds(expires_at) WHERE state = 'HELD';

CREATE TABLE allotments(
    allotment_id text PRIMARY KEY,
    show_id text NOT NULL REFERENCES shows(show_id),
    device_id text NOT NULL REFERENCES devices(device_id),
    state text NOT NULL CHECK (state IN ('ACTIVE', 'RETURNED')),
    seats text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    lease_expires_at timestamptz NOT NULL,
    ended_at timestamptz
);

-- One row per claimed (show, seat); no row means AVAILABLE. The primary key is what makes
-- a double sale impossible. owner_id is the hold, allotment or booking that has the seat.
-- HELD and ALLOTTED claims stop blocking at expires_at, even before the sweeper deletes them.
CREATE TABLE claims(
    show_id text NOT NULL REFERENCES shows(show_id),
    seat_id text NOT NULL,
    state text NOT NULL CHECK (state IN ('HELD', 'ALLOTTED', 'BOOKED')),
    owner_id text NOT NULL,
    expires_at timestamptz,
    PRIMARY KEY (show_id, seat_id),
    CHECK ((state = 'BOOKED') = (expires_at IS NULL))
);
CREATE INDEX claims_by_owner ON claims(owner_id);
CREATE INDEX claims_expiring ON claims(expires_at) WHERE expires_at IS NOT NULL;

-- A log of seat changes for seat-map deltas. Each row carries the id of the transaction
-- that wrote it; a reader returns only changes of transactions older than the oldest one
-- still running (pg_snapshot_xmin), so a delta never skips a change that commits late.
-- No per-show counter: holds on one show never queue behind each other's commits.
CREATE TABLE seat_changes(
    change_id bigserial PRIMARY KEY,
    show_id text NOT NULL,
    seat_id text NOT NULL,
    state text NOT NULL,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX seat_changes_by_show ON seat_changes(show_id, xid);

CREATE TABLE bookings(
    booking_id text PRIMARY KEY,
    reference text NOT NULL,
    show_id text NOT NULL REFERENCES shows(show_id),
    hold_id text UNIQUE,
    allotment_id text,
    state text NOT NULL CHECK (state IN ('CONFIRMED', 'PARTLY_REFUNDED', 'REFUNDED')),
    currency text NOT NULL,
    total_minor bigint NOT NULL CHECK (total_minor >= 0),
    tax_minor bigint NOT NULL CHECK (tax_minor >= 0),
    sold_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    staff text NOT NULL DEFAULT '',
    device_id text NOT NULL REFERENCES devices(device_id)
);
CREATE INDEX bookings_by_sold_at ON bookings(sold_at);

CREATE TABLE ticket_lines(
    booking_id text NOT NULL REFERENCES bookings(booking_id),
    show_id text NOT NULL,
    seat_id text NOT NULL,
    category text NOT NULL,
    ticket_type text NOT NULL,
    price_minor bigint NOT NULL CHECK (price_minor >= 0),
    tax_minor bigint NOT NULL CHECK (tax_minor >= 0),
    tax_rate_bp int NOT NULL,
    price_override_reason text NOT NULL DEFAULT '',
    state text NOT NULL CHECK (state IN ('BOOKED', 'REFUNDED')),
    refund_id text,
    PRIMARY KEY (booking_id, seat_id)
);
-- Defence in depth behind claims: a seat is in at most one live ticket line.
CREATE UNIQUE INDEX one_booking_per_seat ON ticket_lines(show_id, seat_id) WHERE state = 'BOOKED';

CREATE TABLE payments(
    payment_id text PRIMARY KEY,
    booking_id text NOT NULL REFERENCES bookings(booking_id),
    method text NOT NULL CHECK (method IN ('CASH', 'CARD_TERMINAL', 'CARD_GATEWAY')),
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    tendered_minor bigint,
    reference text NOT NULL DEFAULT ''
);
CREATE INDEX payments_by_booking ON payments(booking_id);

CREATE TABLE refunds(
    refund_id text PRIMARY KEY,
    booking_id text NOT NULL REFERENCES bookings(booking_id),
    seats text[] NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    tax_minor bigint NOT NULL CHECK (tax_minor >= 0),
    reason text NOT NULL,
    staff text NOT NULL DEFAULT '',
    device_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE refund_payments(
    refund_id text NOT NULL REFERENCES refunds(refund_id),
    payment_id text NOT NULL REFERENCES payments(payment_id),
    method text NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    PRIMARY KEY (refund_id, payment_id)
);

CREATE TABLE payment_intents(
    intent_id text PRIMARY KEY,
    device_id text NOT NULL REFERENCES devices(device_id),
    booking_id text,
    hold_id text,
    currency text NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    state text NOT NULL CHECK (state IN ('CREATED', 'AUTHORIZED', 'CAPTURED', 'VOIDED', 'REFUNDED', 'FAILED')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Gateways repeat callbacks; the transaction id makes each event count once.
CREATE TABLE payment_events(
    gateway_txn_id text PRIMARY KEY,
    intent_id text NOT NULL REFERENCES payment_intents(intent_id),
    type text NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    received_at timestamptz NOT NULL DEFAULT now()
);

-- A POST's stored outcome, written in the transaction that made its effect.
CREATE TABLE idempotency_keys(
    device_id text NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    status int NOT NULL,
    content_type text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);

CREATE TABLE audit_log(
    seq bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    device_id text NOT NULL,
    staff text NOT NULL DEFAULT '',
    action text NOT NULL,
    entity text NOT NULL,
    detail text NOT NULL
);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
)sql";

constexpr std::array<std::string_view, 1> kMigrations = {kV1};

constexpr std::string_view kVersionTable = "CREATE TABLE IF NOT EXISTS schema_migrations(version int PRIMARY KEY, "
                                           "applied_at timestamptz NOT NULL DEFAULT now())";
constexpr long long kMigrationLock = 0x6d61727175656531; // "marquee1"

} // namespace

int Migrations::latestVersion()
{
    return static_cast<int>(kMigrations.size());
}

Result<int> Migrations::currentVersion(pqxx::connection& connection)
{
    try {
        pqxx::work tx(connection);
        auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL");
        if (!exists[0].as<bool>())
            return 0;
        auto row = tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations");
        return row[0].as<int>();
    } catch (const std::exception& e) {
        return fail(ErrorCode::Storage, "cannot read the schema version: " + sql::describe(e));
    }
}

Result<int> Migrations::apply(pqxx::connection& connection)
{
    try {
        {
            pqxx::nontransaction setup(connection);
            setup.exec(std::string(kVersionTable));
            setup.exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLock) + ")");
        }
        int version = 0;
        for (std::size_t i = 0; i < kMigrations.size(); ++i) {
            const int target = static_cast<int>(i) + 1;
            pqxx::work tx(connection);
            const int current = tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>();
            if (current >= target) {
                version = current;
                continue;
            }
            tx.exec(std::string(kMigrations[i]));
            tx.exec_params("INSERT INTO schema_migrations(version) VALUES($1)", target);
            tx.commit();
            version = target;
        }
        pqxx::nontransaction done(connection);
        done.exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLock) + ")");
        return version;
    } catch (const std::exception& e) {
        return fail(ErrorCode::Storage, "migration failed: " + sql::describe(e));
    }
}

} // namespace marquee::server
