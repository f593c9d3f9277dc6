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
    // A hold and a release are one call each of a function (Migrations.cpp: kV2; hold_seats as
    // kHoldReplace made it, $11 = '' for a hold that replaces none).
    connection.prepare(kHold, "SELECT outcome, status, content_type, body FROM "
                              "hold_seats($1, $2, $3, $4::bigint, $5, $6, $7::text[], $8::bigint, $9, $10, "
                              "nullif($11, ''), $12)");
    connection.prepare(kHoldRelease, "SELECT release_hold($1, $2, $3::boolean)");
    // A booking is one call of book_sale (Migrations.cpp: kBookSale).
    connection.prepare(kBook, "SELECT outcome, status, content_type, body, conflict FROM "
                              "book_sale($1, $2, $3, $4::bigint, $5, $6, $7, $8, $9, $10, $11::bigint, $12::bigint, "
                              "$13::bigint, $14, $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], "
                              "$20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[], "
                              "$26::text[], $27, $28::json)");
    connection.prepare(kSeatLog, "INSERT INTO seat_changes(show_id, seat_id, state) "
                                 "SELECT $1, c.seat, c.state FROM unnest($2::text[], $3::text[]) AS c(seat, state)");
}

} // namespace marquee::server::statements
