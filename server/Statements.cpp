#include "Statements.h"

#include "Sql.h"

namespace marquee::server::statements {

void registerAll(pqxx::connection& connection)
{
    connection.prepare(kIdempotencyLookup,
                       "SELECT pg_try_advisory_xact_lock($1), k.fingerprint, k.status, k.content_type, k.body "
                       "FROM (SELECT 1) one LEFT JOIN idempotency_keys k ON k.device_id = $2 AND k.key = $3");
    connection.prepare(kIdempotencyStore,
                       "INSERT INTO idempotency_keys(device_id, key, fingerprint, status, content_type, body) "
                       "VALUES($1, $2, $3, $4, $5, $6)");
    // A hold in one statement: the claims, and only when every seat was claimed, the hold row
    // (created_at taken after the claims, so hold lifetimes compare exactly) and the seat log.
    // When a seat is missing the caller rolls the statement back.
    connection.prepare(
        kHold, "WITH claimed AS ("
               "  INSERT INTO claims(show_id, seat_id, state, owner_id, expires_at) "
               "  SELECT $1, s, 'HELD', $2, now() + make_interval(secs => $4) FROM unnest($3::text[]) AS s "
               "  ON CONFLICT (show_id, seat_id) DO UPDATE SET state = excluded.state, owner_id = excluded.owner_id, "
               "    expires_at = excluded.expires_at "
               "  WHERE claims.expires_at IS NOT NULL AND claims.expires_at <= now() "
               "  RETURNING seat_id), "
               "hold AS ("
               "  INSERT INTO holds(hold_id, show_id, device_id, state, seats, created_at, expires_at) "
               "  SELECT $2, $1, $5, 'HELD', $3::text[], clock_timestamp(), now() + make_interval(secs => $4) "
               "  FROM (SELECT count(*) AS n FROM claimed) c WHERE c.n = $6), "
               "logged AS ("
               "  INSERT INTO seat_changes(show_id, seat_id, state) "
               "  SELECT $1, seat_id, 'HELD' FROM claimed WHERE (SELECT count(*) FROM claimed) = $6) "
               "SELECT seat_id, " +
                   sql::epochMs("now() + make_interval(secs => $4)") + " FROM claimed");
    connection.prepare(kSeatLog, "INSERT INTO seat_changes(show_id, seat_id, state) "
                                 "SELECT $1, c.seat, c.state FROM unnest($2::text[], $3::text[]) AS c(seat, state)");
    connection.prepare(kHoldFind, "SELECT show_id, state, device_id FROM holds WHERE hold_id = $1");
    // clock_timestamp(): the moment of the change, so hold lifetimes can be compared exactly.
    connection.prepare(kHoldRelease, "UPDATE holds SET state = 'RELEASED', ended_at = clock_timestamp(), end_reason = "
                                     "CASE WHEN expires_at <= now() THEN 'expired' ELSE 'cancelled' END "
                                     "WHERE hold_id = $1 AND state = 'HELD'");
    connection.prepare(kHoldFree, "DELETE FROM claims WHERE owner_id = $1 AND state = 'HELD' RETURNING seat_id");
}

} // namespace marquee::server::statements
