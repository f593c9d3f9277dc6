#include "Migrations.h"

#include "Sql.h"

#include <algorithm>
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

// Version 2: POST /v1/holds and DELETE /v1/holds/{id} each in one database call, so a hold
// costs one round trip and one commit (bench_server). Holds placed, released and expired go
// to the audit log in the same transaction, like every other seat change.
//
// An idempotent function returns (outcome, status, content_type, body); outcome is
// 'in_progress' (the key's advisory lock is taken: 409 + Retry-After), 'reused' (stored
// fingerprint differs: 422), 'replay' (the stored reply) or 'fresh' (the effect ran and its
// reply is stored in the same transaction). Called outside BEGIN/COMMIT, the call is its own
// transaction. A refused hold writes nothing but its stored reply: the seats are checked
// before anything is claimed; a seat claimed by a concurrent hold between the check and the
// claim rolls the claims back to a subtransaction and refuses the hold just the same.
// The functions plan their statements once per connection (force_generic_plan): the
// default re-planned them on every call, a fifth of PostgreSQL's time in bench_server.
constexpr std::string_view kV2 = R"sql(
CREATE FUNCTION iso8601_ms(t timestamptz) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT to_char(date_trunc('milliseconds', t) AT TIME ZONE 'UTC',
                  CASE WHEN date_trunc('second', t) = date_trunc('milliseconds', t)
                       THEN 'YYYY-MM-DD"T"HH24:MI:SS"Z"' ELSE 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"' END) $$;

-- p_granted and p_refused are the 201 and 409 bodies as the server renders them (compact
-- JSON, keys in byte order), without the members only the database knows: expires_at, which
-- sorts first, is put in front of p_granted's members; unavailable_seats, which sorts last,
-- after p_refused's. So the bytes are what the server renders everywhere else.
CREATE FUNCTION hold_seats(p_device text, p_key text, p_fingerprint text, p_lock bigint, p_show text,
                           p_hold text, p_seats text[], p_ttl_s bigint, p_granted text, p_refused text,
                           OUT outcome text, OUT status int, OUT content_type text, OUT body text)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_stored text;
    v_expires timestamptz := now() + make_interval(secs => p_ttl_s);
    v_taken text[];
    v_claimed text[];
BEGIN
    IF NOT pg_try_advisory_xact_lock(p_lock) THEN
        outcome := 'in_progress';
        RETURN;
    END IF;
    SELECT k.fingerprint, k.status, k.content_type, k.body INTO v_stored, status, content_type, body
        FROM idempotency_keys k WHERE k.device_id = p_device AND k.key = p_key;
    IF FOUND THEN
        outcome := CASE WHEN v_stored = p_fingerprint THEN 'replay' ELSE 'reused' END;
        RETURN;
    END IF;
    outcome := 'fresh';
    -- A claim blocks until expires_at; BOOKED claims (no expiry) always.
    v_taken := ARRAY(SELECT s FROM unnest(p_seats) WITH ORDINALITY AS r(s, i)
                     WHERE EXISTS (SELECT 1 FROM claims c WHERE c.show_id = p_show AND c.seat_id = r.s
                                   AND (c.expires_at IS NULL OR c.expires_at > now()))
                     ORDER BY r.i);
    IF cardinality(v_taken) = 0 THEN
        BEGIN
            -- Seats in byte order, the order every writer of claims locks them in.
            WITH claimed AS (
                INSERT INTO claims(show_id, seat_id, state, owner_id, expires_at)
                    SELECT p_show, s, 'HELD', p_hold, v_expires FROM unnest(p_seats) AS s ORDER BY s COLLATE "C"
                    ON CONFLICT (show_id, seat_id) DO UPDATE SET state = excluded.state,
                        owner_id = excluded.owner_id, expires_at = excluded.expires_at
                    WHERE claims.expires_at IS NOT NULL AND claims.expires_at <= now()
                    RETURNING seat_id)
            SELECT coalesce(array_agg(seat_id), '{}') INTO v_claimed FROM claimed;
            IF cardinality(v_claimed) <> cardinality(p_seats) THEN
                RAISE EXCEPTION 'seats taken concurrently' USING ERRCODE = 'MQ409';
            END IF;
        EXCEPTION WHEN SQLSTATE 'MQ409' THEN
            v_taken := ARRAY(SELECT s FROM unnest(p_seats) WITH ORDINALITY AS r(s, i)
                             WHERE NOT r.s = ANY(v_claimed) ORDER BY r.i);
        END;
    END IF;
    IF cardinality(v_taken) > 0 THEN
        status := 409;
        content_type := 'application/problem+json';
        body := left(p_refused, -1) || ',"unavailable_seats":' || to_json(v_taken)::text || '}';
    ELSE
        -- created_at after the claims, so hold lifetimes compare exactly.
        INSERT INTO holds(hold_id, show_id, device_id, state, seats, created_at, expires_at)
            VALUES (p_hold, p_show, p_device, 'HELD', p_seats, clock_timestamp(), v_expires);
        INSERT INTO seat_changes(show_id, seat_id, state) SELECT p_show, s, 'HELD' FROM unnest(p_seats) AS s;
        INSERT INTO audit_log(device_id, action, entity, detail)
            VALUES (p_device, 'hold.create', p_hold,
                    json_build_object('show', p_show, 'seats', p_seats, 'expires_at', iso8601_ms(v_expires))::text);
        status := 201;
        content_type := 'application/json';
        body := '{"expires_at":' || to_json(iso8601_ms(v_expires))::text || ',' || substr(p_granted, 2);
    END IF;
    INSERT INTO idempotency_keys(device_id, key, fingerprint, status, content_type, body)
        VALUES (p_device, p_key, p_fingerprint, status, content_type, body);
END $$;

-- DELETE /v1/holds/{id}: 204 (also when already released or expired), 404 when the hold is
-- unknown or another device's (a manager may release any), 409 when it became a booking.
-- Only a release that changes the hold frees seats and is audited: releasing twice changes
-- nothing.
CREATE FUNCTION release_hold(p_hold text, p_device text, p_any_device boolean) RETURNS int
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_show text;
    v_owner text;
    v_reason text;
BEGIN
    SELECT h.show_id, h.device_id INTO v_show, v_owner FROM holds h WHERE h.hold_id = p_hold;
    IF NOT FOUND OR (v_owner <> p_device AND NOT p_any_device) THEN
        RETURN 404;
    END IF;
    UPDATE holds SET state = 'RELEASED', ended_at = clock_timestamp(),
                     end_reason = CASE WHEN expires_at <= now() THEN 'expired' ELSE 'cancelled' END
        WHERE hold_id = p_hold AND state = 'HELD' RETURNING end_reason INTO v_reason;
    IF NOT FOUND THEN
        RETURN CASE WHEN (SELECT state FROM holds WHERE hold_id = p_hold) = 'BOOKED' THEN 409 ELSE 204 END;
    END IF;
    WITH freed AS (DELETE FROM claims WHERE owner_id = p_hold AND state = 'HELD' RETURNING seat_id)
        INSERT INTO seat_changes(show_id, seat_id, state) SELECT v_show, seat_id, 'AVAILABLE' FROM freed;
    INSERT INTO audit_log(device_id, action, entity, detail)
        VALUES (p_device, 'hold.release', p_hold, json_build_object('show', v_show, 'reason', v_reason)::text);
    RETURN 204;
END $$;
)sql";

// Reconciliation of card payments with bookings (`marquee-server reconcile`, issue 6). Kept
// in one constant so it can be renumbered when merged after other migrations.
// - payment_intents.gateway_intent_id: the gateway's id of the payment ("pi_..."), which a
//   refund needs; filled from payment events.
// - reconciliation_flags: what reconcile found, one row per intent or booking and kind, for
//   a manager (GET /v1/reconciliation/flags). A captured payment without a booking goes
//   refund_pending -> refunded | refund_failed; a booking without a captured payment is
//   open until a capture arrives (resolved).
// - reconciliation_marks: how far each scan has looked, so a run reads only what changed
//   since the last one instead of every card payment ever taken.
constexpr std::string_view kReconciliation = R"sql(
ALTER TABLE payment_intents ADD COLUMN gateway_intent_id text;
CREATE INDEX payment_intents_captured ON payment_intents(updated_at) WHERE state = 'CAPTURED';
CREATE INDEX payment_intents_by_hold ON payment_intents(hold_id) WHERE hold_id IS NOT NULL;
CREATE INDEX payment_intents_by_booking ON payment_intents(booking_id) WHERE booking_id IS NOT NULL;
CREATE INDEX payment_intents_by_gateway_intent ON payment_intents(gateway_intent_id)
    WHERE gateway_intent_id IS NOT NULL;
CREATE INDEX bookings_by_received_at ON bookings(received_at);
CREATE INDEX card_gateway_payments_by_reference ON payments(reference) WHERE method = 'CARD_GATEWAY';

CREATE TABLE reconciliation_flags(
    flag_id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('captured_without_booking', 'booking_without_capture')),
    state text NOT NULL CHECK (state IN ('refund_pending', 'refunded', 'refund_failed', 'open', 'resolved')),
    intent_id text REFERENCES payment_intents(intent_id),
    booking_id text REFERENCES bookings(booking_id),
    currency text NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    gateway_intent_id text,
    gateway_refund_id text,
    detail text NOT NULL DEFAULT '',
    attempts int NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'captured_without_booking'
           OR (intent_id IS NOT NULL AND state IN ('refund_pending', 'refunded', 'refund_failed'))),
    CHECK (kind <> 'booking_without_capture' OR (booking_id IS NOT NULL AND state IN ('open', 'resolved')))
);
CREATE UNIQUE INDEX one_flag_per_captured_intent ON reconciliation_flags(intent_id)
    WHERE kind = 'captured_without_booking';
CREATE UNIQUE INDEX one_flag_per_unpaid_booking ON reconciliation_flags(booking_id)
    WHERE kind = 'booking_without_capture';
CREATE INDEX reconciliation_flags_unsettled ON reconciliation_flags(state)
    WHERE state IN ('refund_pending', 'open');

CREATE TABLE reconciliation_marks(
    scan text PRIMARY KEY CHECK (scan IN ('captured_intents', 'card_bookings')),
    upto timestamptz NOT NULL
);
INSERT INTO reconciliation_marks(scan, upto) VALUES ('captured_intents', '-infinity'), ('card_bookings', '-infinity');

-- What the gateway's payment id was, for intents whose events already name it.
UPDATE payment_intents i SET gateway_intent_id = e.pi
    FROM (SELECT DISTINCT ON (intent_id) intent_id, substring(gateway_txn_id FROM '^(pi_[A-Za-z0-9]+)') AS pi
          FROM payment_events WHERE gateway_txn_id ~ '^pi_[A-Za-z0-9]+' ORDER BY intent_id, received_at) e
    WHERE e.intent_id = i.intent_id;
)sql";

// Hold replacement (POST /v1/holds with replaces_hold_id): a connected counter keeps one
// hold for its basket and changes its seats by asking for a hold of the whole new seat set
// that replaces the old one in the same transaction. The old hold's seats count as free for
// the new hold (a basket that grows never fails on its own seats, and nobody can take them
// in between); if any seat is taken by someone else, nothing changes and the old hold stays
// as it was. On success the old hold is RELEASED with end_reason 'replaced', its seats that
// the new hold does not keep are freed, and both holds are audited.
//
// hold_seats gains p_replaces (NULL: a plain hold, exactly as in version 2) and
// p_replace_refused, the server's rendered problem bodies for a refused replacement as a
// JSON object: "unknown" (422 unknown_replaced_hold: no such hold of this device),
// "show_mismatch" (422 replaced_hold_show_mismatch) and "not_held" (409
// replaced_hold_not_held: released, booked or run out). The replaced hold's row is locked
// first (FOR UPDATE), so a booking, release or sweep of it waits for the replacement or
// sees it RELEASED. A replacement writes its claims seat by seat in byte order of the old
// and new seats together, the order every writer of claims locks them in.
constexpr std::string_view kHoldReplace = R"sql(
DROP FUNCTION hold_seats(text, text, text, bigint, text, text, text[], bigint, text, text);
CREATE FUNCTION hold_seats(p_device text, p_key text, p_fingerprint text, p_lock bigint, p_show text,
                           p_hold text, p_seats text[], p_ttl_s bigint, p_granted text, p_refused text,
                           p_replaces text, p_replace_refused text,
                           OUT outcome text, OUT status int, OUT content_type text, OUT body text)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_stored text;
    v_expires timestamptz := now() + make_interval(secs => p_ttl_s);
    v_taken text[];
    v_claimed text[];
    v_freed text[] := '{}';
    v_old_show text;
    v_old_device text;
    v_old_state text;
    v_old_expires timestamptz;
    v_old_seats text[] := '{}';
    v_refusal text;
    v_seat text;
BEGIN
    IF NOT pg_try_advisory_xact_lock(p_lock) THEN
        outcome := 'in_progress';
        RETURN;
    END IF;
    SELECT k.fingerprint, k.status, k.content_type, k.body INTO v_stored, status, content_type, body
        FROM idempotency_keys k WHERE k.device_id = p_device AND k.key = p_key;
    IF FOUND THEN
        outcome := CASE WHEN v_stored = p_fingerprint THEN 'replay' ELSE 'reused' END;
        RETURN;
    END IF;
    outcome := 'fresh';
    IF p_replaces IS NOT NULL THEN
        SELECT h.show_id, h.device_id, h.state, h.expires_at, h.seats
            INTO v_old_show, v_old_device, v_old_state, v_old_expires, v_old_seats
            FROM holds h WHERE h.hold_id = p_replaces FOR UPDATE;
        IF NOT FOUND OR v_old_device <> p_device THEN
            v_refusal := 'unknown';
            status := 422;
        ELSIF v_old_show <> p_show THEN
            v_refusal := 'show_mismatch';
            status := 422;
        ELSIF v_old_state <> 'HELD' OR v_old_expires <= now() THEN
            v_refusal := 'not_held';
            status := 409;
        END IF;
        IF v_refusal IS NOT NULL THEN
            content_type := 'application/problem+json';
            body := p_replace_refused::json ->> v_refusal;
            INSERT INTO idempotency_keys(device_id, key, fingerprint, status, content_type, body)
                VALUES (p_device, p_key, p_fingerprint, status, content_type, body);
            RETURN;
        END IF;
    END IF;
    -- A claim blocks until expires_at; BOOKED claims (no expiry) always; the replaced hold's
    -- claims never block its replacement.
    v_taken := ARRAY(SELECT s FROM unnest(p_seats) WITH ORDINALITY AS r(s, i)
                     WHERE EXISTS (SELECT 1 FROM claims c WHERE c.show_id = p_show AND c.seat_id = r.s
                                   AND (c.expires_at IS NULL OR c.expires_at > now())
                                   AND (p_replaces IS NULL OR c.owner_id <> p_replaces OR c.state <> 'HELD'))
                     ORDER BY r.i);
    IF cardinality(v_taken) = 0 THEN
        BEGIN
            IF p_replaces IS NULL THEN
                -- Seats in byte order, the order every writer of claims locks them in.
                WITH claimed AS (
                    INSERT INTO claims(show_id, seat_id, state, owner_id, expires_at)
                        SELECT p_show, s, 'HELD', p_hold, v_expires FROM unnest(p_seats) AS s ORDER BY s COLLATE "C"
                        ON CONFLICT (show_id, seat_id) DO UPDATE SET state = excluded.state,
                            owner_id = excluded.owner_id, expires_at = excluded.expires_at
                        WHERE claims.expires_at IS NOT NULL AND claims.expires_at <= now()
                        RETURNING seat_id)
                SELECT coalesce(array_agg(seat_id), '{}') INTO v_claimed FROM claimed;
            ELSE
                -- The old and the new seats in byte order: a new seat is claimed (taking it
                -- over from the replaced hold), an old one the new hold drops is freed.
                v_claimed := '{}';
                FOR v_seat IN SELECT s FROM unnest(p_seats || v_old_seats) AS s GROUP BY s
                              ORDER BY s COLLATE "C" LOOP
                    IF v_seat = ANY(p_seats) THEN
                        INSERT INTO claims(show_id, seat_id, state, owner_id, expires_at)
                            VALUES (p_show, v_seat, 'HELD', p_hold, v_expires)
                            ON CONFLICT (show_id, seat_id) DO UPDATE SET state = excluded.state,
                                owner_id = excluded.owner_id, expires_at = excluded.expires_at
                            WHERE (claims.expires_at IS NOT NULL AND claims.expires_at <= now())
                               OR (claims.owner_id = p_replaces AND claims.state = 'HELD');
                        IF FOUND THEN
                            v_claimed := v_claimed || v_seat;
                        END IF;
                    ELSE
                        DELETE FROM claims WHERE show_id = p_show AND seat_id = v_seat
                            AND owner_id = p_replaces AND state = 'HELD';
                        IF FOUND THEN
                            v_freed := v_freed || v_seat;
                        END IF;
                    END IF;
                END LOOP;
            END IF;
            IF cardinality(v_claimed) <> cardinality(p_seats) THEN
                RAISE EXCEPTION 'seats taken concurrently' USING ERRCODE = 'MQ409';
            END IF;
        EXCEPTION WHEN SQLSTATE 'MQ409' THEN
            v_taken := ARRAY(SELECT s FROM unnest(p_seats) WITH ORDINALITY AS r(s, i)
                             WHERE NOT r.s = ANY(v_claimed) ORDER BY r.i);
        END;
    END IF;
    IF cardinality(v_taken) > 0 THEN
        status := 409;
        content_type := 'application/problem+json';
        body := left(p_refused, -1) || ',"unavailable_seats":' || to_json(v_taken)::text || '}';
    ELSE
        IF p_replaces IS NOT NULL THEN
            UPDATE holds SET state = 'RELEASED', ended_at = clock_timestamp(), end_reason = 'replaced'
                WHERE hold_id = p_replaces;
            INSERT INTO seat_changes(show_id, seat_id, state) SELECT p_show, s, 'AVAILABLE' FROM unnest(v_freed) AS s;
            INSERT INTO audit_log(device_id, action, entity, detail)
                VALUES (p_device, 'hold.release', p_replaces,
                        json_build_object('show', p_show, 'reason', 'replaced', 'replaced_by', p_hold,
                                          'freed', v_freed)::text);
        END IF;
        -- created_at after the claims, so hold lifetimes compare exactly.
        INSERT INTO holds(hold_id, show_id, device_id, state, seats, created_at, expires_at)
            VALUES (p_hold, p_show, p_device, 'HELD', p_seats, clock_timestamp(), v_expires);
        INSERT INTO seat_changes(show_id, seat_id, state) SELECT p_show, s, 'HELD' FROM unnest(p_seats) AS s;
        INSERT INTO audit_log(device_id, action, entity, detail)
            VALUES (p_device, 'hold.create', p_hold,
                    CASE WHEN p_replaces IS NULL
                         THEN json_build_object('show', p_show, 'seats', p_seats, 'expires_at', iso8601_ms(v_expires))
                         ELSE json_build_object('show', p_show, 'seats', p_seats, 'expires_at', iso8601_ms(v_expires),
                                                'replaces', p_replaces) END::text);
        status := 201;
        content_type := 'application/json';
        body := '{"expires_at":' || to_json(iso8601_ms(v_expires))::text || ',' || substr(p_granted, 2);
    END IF;
    INSERT INTO idempotency_keys(device_id, key, fingerprint, status, content_type, body)
        VALUES (p_device, p_key, p_fingerprint, status, content_type, body);
END $$;
)sql";

// POST /v1/bookings and each item of POST /v1/bookings:batch in one database call (bench_sync:
// a counter catching up on offline sales waited on ten round trips per booking: BEGIN, the
// key's lookup, a savepoint, the booking id check, the hold or lease, the claims, the rows,
// reading the booking back, the stored reply, COMMIT). book_sale does the key's lock and
// lookup, every check and write of BookingService::book, and stores the reply, in the one
// transaction of its call; the answer is (outcome, status, content_type, body) as from
// hold_seats, plus `conflict` (a refusal the conflict metric counts).
//
// Refusals are the server's rendered problem bodies in p_refused (a JSON object by reason;
// lease_expired's lease_expires_at is filled in here). A booking's JSON is rendered by
// booking_text exactly as the server renders it everywhere else (compact, keys in byte
// order, the values of BookingService::load), so a stored reply has the same bytes whichever
// way it was made.
constexpr std::string_view kBookSale = R"sql(
-- STABLE like to_json, so the planner inlines it: a SQL function it cannot inline is parsed
-- and planned again on every call.
CREATE FUNCTION json_text(t text) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT coalesce(to_json(t)::text, 'null') $$;

CREATE FUNCTION iso8601_fixed_ms(t timestamptz) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

-- PL/pgSQL, not SQL: a SQL function's query is planned again on every call, and planning this
-- one cost more than running it.
CREATE FUNCTION booking_text(p_booking text) RETURNS text LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan AS $$ BEGIN RETURN (
SELECT '{"allotment_id":' || json_text(b.allotment_id) || ',"booking_id":' || json_text(b.booking_id)
    || ',"currency":' || json_text(b.currency) || ',"device_id":' || json_text(b.device_id)
    || ',"hold_id":' || json_text(b.hold_id)
    || ',"payments":[' || coalesce((SELECT string_agg('{"amount_minor":' || p.amount_minor || ',"method":'
           || json_text(p.method) || ',"payment_id":' || json_text(p.payment_id) || ',"reference":'
           || json_text(p.reference) || ',"tendered_minor":' || coalesce(p.tendered_minor::text, 'null') || '}',
           ',' ORDER BY p.payment_id) FROM payments p WHERE p.booking_id = b.booking_id), '') || ']'
    || ',"reference":' || json_text(b.reference)
    || ',"refunds":[' || coalesce((SELECT string_agg('{"amount_minor":' || r.amount_minor || ',"created_at":'
           || json_text(iso8601_fixed_ms(r.created_at)) || ',"parts":[' || coalesce((SELECT string_agg(
               '{"amount_minor":' || rp.amount_minor || ',"method":' || json_text(rp.method) || ',"payment_id":'
               || json_text(rp.payment_id) || '}', ',' ORDER BY rp.payment_id) FROM refund_payments rp
               WHERE rp.refund_id = r.refund_id), '') || ']'
           || ',"reason":' || json_text(r.reason) || ',"refund_id":' || json_text(r.refund_id)
           || ',"seats":' || to_json(r.seats)::text || ',"staff":' || json_text(r.staff)
           || ',"tax_minor":' || r.tax_minor || '}', ',' ORDER BY r.created_at, r.refund_id)
           FROM refunds r WHERE r.booking_id = b.booking_id), '') || ']'
    || ',"seats":[' || coalesce((SELECT string_agg('{"category":' || json_text(t.category) || ',"price_minor":'
           || t.price_minor || ',"price_override_reason":' || json_text(t.price_override_reason)
           || ',"refund_id":' || json_text(t.refund_id) || ',"seat":' || json_text(t.seat_id)
           || ',"state":' || json_text(t.state) || ',"tax_minor":' || t.tax_minor || ',"tax_rate_bp":'
           || t.tax_rate_bp || ',"ticket_type":' || json_text(t.ticket_type) || '}', ',' ORDER BY t.seat_id)
           FROM ticket_lines t WHERE t.booking_id = b.booking_id), '') || ']'
    || ',"show_id":' || json_text(b.show_id) || ',"sold_at":' || json_text(iso8601_fixed_ms(b.sold_at))
    || ',"staff":' || json_text(b.staff) || ',"state":' || json_text(b.state)
    || ',"tax_minor":' || b.tax_minor || ',"total_minor":' || b.total_minor || '}'
FROM bookings b WHERE b.booking_id = p_booking);
END $$;

CREATE FUNCTION book_sale(p_device text, p_key text, p_fingerprint text, p_lock bigint, p_booking text,
                          p_reference text, p_show text, p_hold text, p_allotment text, p_currency text,
                          p_total bigint, p_tax bigint, p_sold_at_ms bigint, p_staff text, p_seats text[],
                          p_categories text[], p_types text[], p_prices text[], p_taxes text[], p_rates text[],
                          p_reasons text[], p_payment_ids text[], p_methods text[], p_amounts text[],
                          p_tendered text[], p_references text[], p_audit text, p_refused json,
                          OUT outcome text, OUT status int, OUT content_type text, OUT body text,
                          OUT conflict boolean)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_stored text;
    v_refusal text;
    v_found record;
    v_now_ms bigint;
    v_lease_end_ms bigint;
    v_marked bigint;
    v_converted bigint;
BEGIN
    conflict := false;
    IF NOT pg_try_advisory_xact_lock(p_lock) THEN
        outcome := 'in_progress';
        RETURN;
    END IF;
    SELECT k.fingerprint, k.status, k.content_type, k.body INTO v_stored, status, content_type, body
        FROM idempotency_keys k WHERE k.device_id = p_device AND k.key = p_key;
    IF FOUND THEN
        outcome := CASE WHEN v_stored = p_fingerprint THEN 'replay' ELSE 'reused' END;
        RETURN;
    END IF;
    outcome := 'fresh';
    <<effect>>
    BEGIN
        -- The same booking id again (sent with a new key after a lost reply) is the booking.
        SELECT coalesce(b.hold_id, '') AS hold_id, coalesce(b.allotment_id, '') AS allotment_id, b.device_id
            INTO v_found FROM bookings b WHERE b.booking_id = p_booking;
        IF FOUND THEN
            IF v_found.hold_id <> p_hold OR v_found.allotment_id <> p_allotment OR v_found.device_id <> p_device THEN
                v_refusal := 'booking_id_conflict';
            ELSE
                status := 200;
                content_type := 'application/json';
                body := booking_text(p_booking);
            END IF;
            EXIT effect;
        END IF;
        IF p_hold <> '' THEN
            SELECT h.show_id, h.state, h.device_id,
                   (SELECT array_agg(s ORDER BY s) FROM unnest(p_seats) s) =
                       (SELECT array_agg(s ORDER BY s) FROM unnest(h.seats) s) AS same_seats,
                   h.expires_at > now() AS live
                INTO v_found FROM holds h WHERE h.hold_id = p_hold;
            IF NOT FOUND OR v_found.device_id <> p_device THEN
                v_refusal := 'unknown_hold';
            ELSIF v_found.show_id <> p_show THEN
                v_refusal := 'show_mismatch';
            ELSIF v_found.state = 'BOOKED' THEN
                v_refusal := 'hold_used';
            ELSIF v_found.state = 'RELEASED' OR NOT v_found.live THEN
                v_refusal := 'hold_expired';
            ELSIF NOT v_found.same_seats THEN
                v_refusal := 'seats_mismatch';
            END IF;
            IF v_refusal IS NOT NULL THEN
                EXIT effect;
            END IF;
            -- The hold and its claims become the booking's in one statement; no claim moves
            -- unless the hold was still live.
            WITH marked AS (UPDATE holds SET state = 'BOOKED', ended_at = now(), end_reason = 'booked'
                                WHERE hold_id = p_hold AND state = 'HELD' AND expires_at > now() RETURNING hold_id),
                 claimed AS (UPDATE claims SET state = 'BOOKED', owner_id = p_booking, expires_at = NULL
                                WHERE show_id = p_show AND owner_id = p_hold AND state = 'HELD'
                                AND EXISTS (SELECT 1 FROM marked) RETURNING seat_id)
            SELECT (SELECT count(*) FROM marked), (SELECT count(*) FROM claimed) INTO v_marked, v_converted;
            IF v_marked <> 1 THEN
                v_refusal := 'hold_ended';
                EXIT effect;
            END IF;
        ELSE
            SELECT a.show_id, a.device_id, (extract(epoch FROM a.lease_expires_at) * 1000)::bigint AS lease_end,
                   (extract(epoch FROM now()) * 1000)::bigint AS now_ms
                INTO v_found FROM allotments a WHERE a.allotment_id = p_allotment;
            IF NOT FOUND OR v_found.device_id <> p_device THEN
                v_refusal := 'unknown_allotment';
                EXIT effect;
            END IF;
            IF v_found.show_id <> p_show THEN
                v_refusal := 'show_mismatch';
                EXIT effect;
            END IF;
            v_lease_end_ms := v_found.lease_end;
            v_now_ms := v_found.now_ms;
            IF p_sold_at_ms > v_now_ms + 5 * 60 * 1000 THEN
                v_refusal := 'sold_at_in_future';
                EXIT effect;
            END IF;
            IF p_sold_at_ms >= v_lease_end_ms THEN
                v_refusal := 'lease_expired';
                EXIT effect;
            END IF;
            UPDATE claims SET state = 'BOOKED', owner_id = p_booking, expires_at = NULL
                WHERE show_id = p_show AND owner_id = p_allotment AND state = 'ALLOTTED' AND seat_id = ANY(p_seats);
            GET DIAGNOSTICS v_converted = ROW_COUNT;
        END IF;
        IF v_converted <> cardinality(p_seats) THEN
            -- Undoes the hold's or the lease's claims this call just moved.
            v_refusal := 'seat_unavailable';
            RAISE EXCEPTION 'seats no longer held for the sale' USING ERRCODE = 'MQ409';
        END IF;
        INSERT INTO bookings(booking_id, reference, show_id, hold_id, allotment_id, state, currency, total_minor,
                             tax_minor, sold_at, staff, device_id)
            VALUES (p_booking, p_reference, p_show, NULLIF(p_hold, ''), NULLIF(p_allotment, ''), 'CONFIRMED',
                    p_currency, p_total, p_tax, to_timestamp(p_sold_at_ms::double precision / 1000), p_staff,
                    p_device);
        INSERT INTO ticket_lines(booking_id, show_id, seat_id, category, ticket_type, price_minor, tax_minor,
                                 tax_rate_bp, price_override_reason, state)
            SELECT p_booking, p_show, l.seat, l.category, l.type, l.price::bigint, l.tax::bigint, l.rate::int,
                   l.reason, 'BOOKED'
            FROM unnest(p_seats, p_categories, p_types, p_prices, p_taxes, p_rates, p_reasons)
                AS l(seat, category, type, price, tax, rate, reason);
        INSERT INTO payments(payment_id, booking_id, method, amount_minor, tendered_minor, reference)
            SELECT p.id, p_booking, p.method, p.amount::bigint, NULLIF(p.tendered, '')::bigint, p.reference
            FROM unnest(p_payment_ids, p_methods, p_amounts, p_tendered, p_references)
                AS p(id, method, amount, tendered, reference);
        INSERT INTO seat_changes(show_id, seat_id, state) SELECT p_show, s, 'BOOKED' FROM unnest(p_seats) AS s;
        INSERT INTO audit_log(device_id, staff, action, entity, detail)
            VALUES (p_device, p_staff, 'booking.confirm', p_booking, p_audit);
        status := 201;
        content_type := 'application/json';
        body := booking_text(p_booking);
    EXCEPTION WHEN SQLSTATE 'MQ409' THEN
        NULL; -- v_refusal says why; the block's writes are rolled back
    END;
    IF v_refusal IS NOT NULL THEN
        -- Nothing was written: refusals come before the first write, after a conditional write
        -- that changed nothing, or roll the block back (seat_unavailable).
        status := CASE WHEN v_refusal IN ('unknown_hold', 'unknown_allotment') THEN 404
                       WHEN v_refusal IN ('show_mismatch', 'seats_mismatch', 'sold_at_in_future') THEN 422
                       ELSE 409 END;
        conflict := v_refusal IN ('hold_used', 'hold_expired', 'hold_ended', 'lease_expired', 'seat_unavailable');
        content_type := 'application/problem+json';
        body := p_refused ->> v_refusal;
        IF v_refusal = 'lease_expired' THEN
            body := replace(body, '"@lease_expires_at@"',
                            to_json(iso8601_ms(timestamptz 'epoch' + v_lease_end_ms * interval '1 millisecond'))::text);
        END IF;
    END IF;
    INSERT INTO idempotency_keys(device_id, key, fingerprint, status, content_type, body)
        VALUES (p_device, p_key, p_fingerprint, status, content_type, body);
END $$;
)sql";

constexpr std::array<std::string_view, 5> kMigrations = {kV1, kV2, kReconciliation, kHoldReplace, kBookSale};

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

Result<int> Migrations::apply(pqxx::connection& connection, int target)
{
    const std::size_t count =
        target > 0 ? std::min(static_cast<std::size_t>(target), kMigrations.size()) : kMigrations.size();
    try {
        {
            pqxx::nontransaction setup(connection);
            setup.exec(std::string(kVersionTable));
            setup.exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLock) + ")");
        }
        int version = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const int step = static_cast<int>(i) + 1;
            pqxx::work tx(connection);
            const int current = tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>();
            if (current >= step) {
                version = current;
                continue;
            }
            tx.exec(std::string(kMigrations[i]));
            tx.exec_params("INSERT INTO schema_migrations(version) VALUES($1)", step);
            tx.commit();
            version = step;
        }
        pqxx::nontransaction done(connection);
        done.exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLock) + ")");
        return version;
    } catch (const std::exception& e) {
        return fail(ErrorCode::Storage, "migration failed: " + sql::describe(e));
    }
}

} // namespace marquee::server
