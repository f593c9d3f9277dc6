#include "HoldService.h"

#include "Sql.h"
#include "Statements.h"
#include "Uuid.h"

#include <algorithm>
#include <set>

namespace marquee::server {

namespace {

const std::string kClaimSql =
    "WITH claimed AS ("
    "  INSERT INTO claims(show_id, seat_id, state, owner_id, expires_at) "
    "  SELECT $1, s, $5, $2, now() + make_interval(secs => $4) FROM unnest($3::text[]) AS s "
    "  ON CONFLICT (show_id, seat_id) DO UPDATE SET state = excluded.state, owner_id = excluded.owner_id, "
    "    expires_at = excluded.expires_at "
    "  WHERE claims.expires_at IS NOT NULL AND claims.expires_at <= now() "
    "  RETURNING seat_id) "
    "SELECT seat_id FROM claimed";

std::vector<std::string> sorted(std::vector<std::string> seats)
{
    std::sort(seats.begin(), seats.end());
    return seats;
}

std::vector<SeatChangeRow> changesTo(const pqxx::result& rows, const std::string& state)
{
    std::vector<SeatChangeRow> out;
    for (const auto& row : rows)
        out.push_back({row[0].c_str(), state});
    return out;
}

} // namespace

void recordSeatChanges(pqxx::transaction_base& db, const std::string& showId, const std::vector<SeatChangeRow>& changes)
{
    std::vector<std::string> seats;
    std::vector<std::string> states;
    for (const auto& c : changes) {
        seats.push_back(c.seat);
        states.push_back(c.state);
    }
    db.exec_prepared(statements::kSeatLog, showId, sql::textArray(seats), sql::textArray(states));
}

std::optional<Reply> HoldService::checkSeats(const std::string& showId, const std::vector<std::string>& seats)
{
    auto snapshot = m_catalog.current();
    if (!snapshot)
        return problem(503, "database_unavailable", snapshot.error().message).header("Retry-After", "1");
    const Catalog& catalog = (*snapshot)->catalog;
    const Show* show = catalog.show(showId);
    if (!show)
        return problem(404, "unknown_show", "no show '" + showId + "' in the catalog", {{"field", "show_id"}});
    auto layout = catalog.screen(show->screenId);
    if (!layout)
        return problem(500, "internal_error", "the show's screen is missing from the catalog");
    for (std::size_t i = 0; i < seats.size(); ++i) {
        auto index = layout->indexOf(seats[i]);
        const std::string field = "seats[" + std::to_string(i) + "]";
        if (!index) {
            return problem(422, "unknown_seat", "no seat '" + seats[i] + "' in " + layout->id(),
                           {{"field", field}, {"unavailable_seats", {seats[i]}}});
        }
        if (!layout->seat(*index).isSellable()) {
            return problem(422, "unsellable_seat", "seat '" + seats[i] + "' cannot be sold",
                           {{"field", field}, {"unavailable_seats", {seats[i]}}});
        }
    }
    return std::nullopt;
}

std::optional<Reply> HoldService::validateHold(const wire::HoldBody& body)
{
    if (body.ttlSeconds && *body.ttlSeconds > m_limits.maxTtl.count()) {
        return badField(422, "ttl_s", "ttl_s: at most " + std::to_string(m_limits.maxTtl.count()) + " seconds");
    }
    return checkSeats(body.showId, body.seats);
}

KeyedOutcome HoldService::hold(pqxx::nontransaction& db, const KeyScope& key, const wire::HoldBody& body)
{
    const std::string holdId = newUuid();
    const long long ttl = body.ttlSeconds ? *body.ttlSeconds : m_limits.defaultTtl.count();
    const bool replacing = !body.replacesHoldId.empty();
    // The replies as this server renders them; the database adds expires_at or the seats it
    // could not get (as the first and the last member: see hold_seats in Migrations.cpp).
    nlohmann::json granted = {{"hold_id", holdId}, {"show_id", body.showId}, {"seats", body.seats}, {"ttl_s", ttl}};
    if (replacing)
        granted["replaces_hold_id"] = body.replacesHoldId;
    const Reply refused =
        replacing ? problem(409, "seats_unavailable",
                            "some seats are already held or booked; nothing was held and the old hold is unchanged")
                  : problem(409, "seats_unavailable", "some seats are already held or booked; nothing was held");
    // A refused replacement: which body the database picks depends on the replaced hold (kHoldReplace).
    std::string replaceRefused = "{}";
    if (replacing) {
        const nlohmann::json field = {{"field", "replaces_hold_id"}};
        replaceRefused = nlohmann::json{
            {"unknown", problem(422, "unknown_replaced_hold",
                                "no hold '" + body.replacesHoldId + "' of this device to replace", field)
                            .body},
            {"show_mismatch",
             problem(422, "replaced_hold_show_mismatch", "the hold to replace is for another show", field).body},
            {"not_held",
             problem(409, "replaced_hold_not_held",
                     "the hold to replace was released, booked or has run out; nothing was held", field)
                 .body}}.dump();
    }
    auto answer = KeyedOutcome::fromRow(db.exec_prepared1(
        statements::kHold, key.deviceId, key.key, key.fingerprint, key.lockId(), body.showId, holdId,
        sql::textArray(body.seats), ttl, granted.dump(), refused.body, body.replacesHoldId, replaceRefused));
    if (answer.fresh()) {
        if (answer.status == 201)
            m_metrics.holdGranted();
        else if (answer.status == 409 && answer.body.find(R"("code":"seats_unavailable")") != std::string::npos)
            m_metrics.holdConflict();
    }
    return answer;
}

Reply HoldService::release(pqxx::nontransaction& db, const Device& device, const std::string& holdId)
{
    const int status =
        db.exec_prepared1(statements::kHoldRelease, holdId, device.id, device.role == Role::Manager)[0].as<int>();
    if (status == 404)
        return problem(404, "unknown_hold", "no hold '" + holdId + "' for this device");
    if (status == 409)
        return problem(409, "hold_booked", "the hold already became a booking; refund the booking instead");
    return Reply::noContent();
}

Reply HoldService::seats(Transaction& tx, const std::string& showId, std::optional<std::int64_t> since)
{
    auto& db = tx.db();
    // One statement, one snapshot: every transaction older than the horizon has finished and
    // is visible, so the next delta can start exactly there.
    pqxx::row row;
    if (since) {
        row = db.exec_params1(
            "SELECT h.horizon::text, EXISTS (SELECT 1 FROM shows WHERE show_id = $1), "
            "coalesce((SELECT json_agg(json_build_object('seat', seat_id, 'state', state) ORDER BY seat_id) FROM "
            "  (SELECT DISTINCT ON (seat_id) seat_id, state FROM seat_changes WHERE show_id = $1 "
            "   AND xid >= $2::text::xid8 AND xid < h.horizon ORDER BY seat_id, change_id DESC) d), '[]')::text "
            "FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon) h",
            showId, std::to_string(*since));
    } else {
        row = db.exec_params1(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text, EXISTS (SELECT 1 FROM shows WHERE show_id = $1), "
            "coalesce((SELECT json_agg(json_build_object('seat', seat_id, 'state', state) ORDER BY seat_id) "
            "  FROM claims WHERE show_id = $1 AND (expires_at IS NULL OR expires_at > now())), '[]')::text",
            showId);
    }
    if (!row[1].as<bool>())
        return problem(404, "unknown_show", "no show '" + showId + "'");
    return Reply::json(200, {{"show_id", showId},
                             {"version", std::stoll(row[0].c_str())},
                             {"snapshot", !since.has_value()},
                             {"seats", nlohmann::json::parse(row[2].c_str())}});
}

std::optional<Reply> HoldService::validateAllotment(const wire::AllotmentBody& body)
{
    if (body.leaseSeconds > m_limits.maxLease.count()) {
        return badField(422, "lease_s", "lease_s: at most " + std::to_string(m_limits.maxLease.count()) + " seconds");
    }
    return checkSeats(body.showId, body.seats);
}

Reply HoldService::allot(Transaction& tx, const Device& device, const wire::AllotmentBody& body)
{
    auto& db = tx.db();
    std::vector<std::string> seats = body.seats;
    if (body.count) {
        auto snapshot = m_catalog.current();
        if (!snapshot)
            return problem(503, "database_unavailable", snapshot.error().message);
        const Show* show = (*snapshot)->catalog.show(body.showId);
        auto layout = (*snapshot)->catalog.screen(show->screenId);
        std::set<std::string> taken;
        for (const auto& row : db.exec_params("SELECT seat_id FROM claims WHERE show_id = $1 AND "
                                              "(expires_at IS NULL OR expires_at > now())",
                                              body.showId)) {
            taken.insert(row[0].c_str());
        }
        for (const Seat& seat : layout->seats()) {
            if (static_cast<int>(seats.size()) == *body.count)
                break;
            if (seat.isSellable() && !taken.contains(seat.id))
                seats.push_back(seat.id);
        }
        if (static_cast<int>(seats.size()) < *body.count) {
            return problem(409, "not_enough_seats", "only " + std::to_string(seats.size()) + " seats are free",
                           {{"field", "count"}});
        }
    }
    seats = sorted(seats);
    const std::string allotmentId = newUuid();
    const long long claimFor = body.leaseSeconds + m_limits.leaseGrace.count();
    auto claimed = db.exec_params(kClaimSql, body.showId, allotmentId, sql::textArray(seats), claimFor, "ALLOTTED");
    if (claimed.size() != seats.size()) {
        std::set<std::string> got;
        for (const auto& row : claimed)
            got.insert(row[0].c_str());
        std::vector<std::string> unavailable;
        for (const auto& s : seats) {
            if (!got.contains(s))
                unavailable.push_back(s);
        }
        m_metrics.holdConflict();
        return problem(409, "seats_unavailable", "some seats are already held or booked; nothing was leased",
                       {{"unavailable_seats", unavailable}});
    }
    auto lease =
        db.exec_params1("INSERT INTO allotments(allotment_id, show_id, device_id, state, seats, lease_expires_at) "
                        "VALUES($1, $2, $3, 'ACTIVE', $4::text[], now() + make_interval(secs => $5)) "
                        "RETURNING " +
                            sql::epochMs("lease_expires_at"),
                        allotmentId, body.showId, device.id, sql::textArray(seats), body.leaseSeconds);
    recordSeatChanges(db, body.showId, changesTo(claimed, "ALLOTTED"));
    db.exec_params("INSERT INTO audit_log(device_id, action, entity, detail) VALUES($1, 'allotment.create', $2, $3)",
                   device.id, allotmentId, nlohmann::json{{"show", body.showId}, {"seats", seats}}.dump());
    return Reply::json(201, {{"allotment_id", allotmentId},
                             {"show_id", body.showId},
                             {"seats", seats},
                             {"lease_expires_at", formatIso8601(fromEpochMs(lease[0].as<std::int64_t>()))}});
}

Reply HoldService::returnAllotment(Transaction& tx, const Device& device, const std::string& allotmentId)
{
    auto& db = tx.db();
    auto found = db.exec_params("SELECT show_id, device_id FROM allotments WHERE allotment_id = $1", allotmentId);
    if (found.empty() || (found[0][1].c_str() != device.id && device.role != Role::Manager)) {
        return problem(404, "unknown_allotment", "no allotment '" + allotmentId + "' for this device");
    }
    const std::string showId = found[0][0].c_str();
    auto returned = db.exec_params(
        "UPDATE allotments SET state = 'RETURNED', ended_at = now() WHERE allotment_id = $1 AND state = 'ACTIVE'",
        allotmentId);
    auto freed =
        db.exec_params("DELETE FROM claims WHERE owner_id = $1 AND state = 'ALLOTTED' RETURNING seat_id", allotmentId);
    if (!freed.empty())
        recordSeatChanges(db, showId, changesTo(freed, "AVAILABLE"));
    if (returned.affected_rows() == 1) {
        std::vector<std::string> seats;
        for (const auto& row : freed)
            seats.push_back(row[0].c_str());
        db.exec_params("INSERT INTO audit_log(device_id, action, entity, detail) "
                       "VALUES($1, 'allotment.return', $2, $3)",
                       device.id, allotmentId, nlohmann::json{{"show", showId}, {"seats", sorted(seats)}}.dump());
    }
    return Reply::noContent();
}

} // namespace marquee::server
