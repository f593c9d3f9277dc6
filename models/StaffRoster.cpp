#include "StaffRoster.h"

#include "Crypto.h"
#include "Uuid.h"

#include <nlohmann/json.hpp>

namespace marquee {

std::string_view nameOf(StaffRole role)
{
    switch (role) {
    case StaffRole::Cashier:
        return "cashier";
    case StaffRole::Supervisor:
        return "supervisor";
    case StaffRole::Manager:
        return "manager";
    }
    return "cashier";
}

std::optional<StaffRole> staffRoleFromString(std::string_view text)
{
    for (auto role : {StaffRole::Cashier, StaffRole::Supervisor, StaffRole::Manager}) {
        if (nameOf(role) == text)
            return role;
    }
    return std::nullopt;
}

std::string_view nameOf(ProtectedAction action)
{
    switch (action) {
    case ProtectedAction::Refund:
        return "refund";
    case ProtectedAction::Void:
        return "void";
    case ProtectedAction::PriceOverride:
        return "price_override";
    case ProtectedAction::LateReprint:
        return "late_reprint";
    case ProtectedAction::ZReport:
        return "z_report";
    case ProtectedAction::LeaveKiosk:
        return "leave_kiosk";
    case ProtectedAction::ManageStaff:
        return "manage_staff";
    case ProtectedAction::ServerConnection:
        return "server_connection";
    }
    return "refund";
}

StaffRole requiredRole(ProtectedAction action)
{
    switch (action) {
    case ProtectedAction::Refund:
    case ProtectedAction::Void:
    case ProtectedAction::PriceOverride:
    case ProtectedAction::LateReprint:
        return StaffRole::Supervisor;
    case ProtectedAction::ZReport:
    case ProtectedAction::LeaveKiosk:
    case ProtectedAction::ManageStaff:
    case ProtectedAction::ServerConnection:
        return StaffRole::Manager;
    }
    return StaffRole::Manager;
}

namespace {
bool validPin(const std::string& pin)
{
    if (pin.size() < 4 || pin.size() > 8)
        return false;
    for (char c : pin) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

} // namespace

Result<StaffMember> StaffRoster::add(const std::string& name, StaffRole role, const std::string& pin)
{
    if (name.empty() || name.size() > 80)
        return fail(ErrorCode::InvalidArgument, "a staff name has 1 to 80 characters");
    if (!validPin(pin))
        return fail(ErrorCode::InvalidArgument, "a PIN has 4 to 8 digits");
    auto hash = hashPin(pin);
    if (!hash)
        return errorOf(hash);
    StaffMember member{newUuid(), name, role, true, std::nullopt};
    auto& db = m_store.database();
    auto tx = Transaction::begin(db);
    if (!tx)
        return errorOf(tx);
    auto inserted =
        db.cached("INSERT INTO staff(staff_id, name, role, pin_hash, created_at) VALUES(?1, ?2, ?3, ?4, ?5)")
            .bind(1, member.id)
            .bind(2, name)
            .bind(3, nameOf(role))
            .bind(4, *hash)
            .bind(5, toEpochMs(m_store.clock().now()))
            .exec();
    if (!inserted)
        return errorOf(inserted);
    if (auto a = m_store.audit("", "staff_added", member.id,
                               nlohmann::json{{"name", name}, {"role", std::string(nameOf(role))}}.dump());
        !a)
        return errorOf(a);
    if (auto c = tx->commit(); !c)
        return errorOf(c);
    return member;
}

Result<std::vector<StaffMember>> StaffRoster::list()
{
    auto& stmt = m_store.database().cached("SELECT staff_id FROM staff ORDER BY name");
    std::vector<std::string> ids;
    MQ_TRY(stmt.each([&](Statement& s) { ids.push_back(s.text(0)); }));
    std::vector<StaffMember> out;
    for (const auto& id : ids) {
        auto m = find(id);
        if (!m)
            return errorOf(m);
        out.push_back(*m);
    }
    return out;
}

Result<StaffMember> StaffRoster::find(const std::string& staffId)
{
    auto& stmt =
        m_store.database().cached("SELECT staff_id, name, role, active, locked_until FROM staff WHERE staff_id = ?1");
    stmt.bind(1, staffId);
    auto r = stmt.step();
    if (!r)
        return errorOf(r);
    if (!*r)
        return fail(ErrorCode::NotFound, "no such member of staff");
    StaffMember m;
    m.id = stmt.text(0);
    m.name = stmt.text(1);
    m.role = staffRoleFromString(stmt.text(2)).value_or(StaffRole::Cashier);
    m.active = stmt.integer(3) != 0;
    if (auto until = stmt.optionalInteger(4); until && *until > toEpochMs(m_store.clock().now()))
        m.lockedUntil = fromEpochMs(*until);
    stmt.reset();
    return m;
}

Result<void> StaffRoster::changePin(const std::string& staffId, const std::string& newPin)
{
    if (!validPin(newPin))
        return fail(ErrorCode::InvalidArgument, "a PIN has 4 to 8 digits");
    auto hash = hashPin(newPin);
    if (!hash)
        return errorOf(hash);
    auto& db = m_store.database();
    auto tx = Transaction::begin(db);
    if (!tx)
        return errorOf(tx);
    auto changed = db.cached("UPDATE staff SET pin_hash = ?2, failed_attempts = 0, locked_until = NULL "
                             "WHERE staff_id = ?1")
                       .bind(1, staffId)
                       .bind(2, *hash)
                       .exec();
    if (!changed)
        return errorOf(changed);
    if (*changed != 1)
        return fail(ErrorCode::NotFound, "no such member of staff");
    if (auto a = m_store.audit(staffId, "pin_changed", staffId, "{}"); !a)
        return a;
    return tx->commit();
}

Result<void> StaffRoster::setActive(const std::string& staffId, bool active)
{
    auto& db = m_store.database();
    auto tx = Transaction::begin(db);
    if (!tx)
        return errorOf(tx);
    auto changed =
        db.cached("UPDATE staff SET active = ?2 WHERE staff_id = ?1").bind(1, staffId).bind(2, active ? 1 : 0).exec();
    if (!changed)
        return errorOf(changed);
    if (*changed != 1)
        return fail(ErrorCode::NotFound, "no such member of staff");
    if (auto a = m_store.audit("", active ? "staff_enabled" : "staff_disabled", staffId, "{}"); !a)
        return a;
    return tx->commit();
}

Result<StaffMember> StaffRoster::signIn(const std::string& staffId, const std::string& pin)
{
    auto& db = m_store.database();
    const std::int64_t now = toEpochMs(m_store.clock().now());
    std::string hash;
    {
        auto& stmt = db.cached("SELECT pin_hash, active, locked_until FROM staff WHERE staff_id = ?1");
        stmt.bind(1, staffId);
        auto r = stmt.step();
        if (!r)
            return errorOf(r);
        if (!*r)
            return fail(ErrorCode::Unauthorized, "unknown member of staff or wrong PIN");
        hash = stmt.text(0);
        const bool active = stmt.integer(1) != 0;
        const auto lockedUntil = stmt.optionalInteger(2);
        stmt.reset();
        if (!active)
            return fail(ErrorCode::Forbidden, "this account is disabled; ask a manager");
        if (lockedUntil && *lockedUntil > now) {
            const auto minutes = (*lockedUntil - now + 59'999) / 60'000;
            return fail(ErrorCode::Locked, "too many wrong PINs; try again in " + std::to_string(minutes) +
                                               (minutes == 1 ? " minute" : " minutes"));
        }
    }
    // The slow hash runs outside any transaction so other counters are never held up.
    const bool ok = verifyPin(hash, pin);
    auto tx = Transaction::begin(db);
    if (!tx)
        return errorOf(tx);
    if (ok) {
        auto reset = db.cached("UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE staff_id = ?1")
                         .bind(1, staffId)
                         .exec();
        if (!reset)
            return errorOf(reset);
        if (auto a = m_store.audit(staffId, "sign_in", staffId, "{}"); !a)
            return errorOf(a);
    } else {
        auto& bump = db.cached("UPDATE staff SET failed_attempts = failed_attempts + 1, "
                               "locked_until = CASE WHEN failed_attempts + 1 >= ?2 THEN ?3 ELSE locked_until END "
                               "WHERE staff_id = ?1 RETURNING failed_attempts");
        bump.bind(1, staffId).bind(2, kMaxFailedAttempts).bind(3, now + m_lockout.count());
        auto r = bump.step();
        if (!r)
            return errorOf(r);
        const std::int64_t attempts = *r ? bump.integer(0) : 0;
        bump.reset();
        if (auto a = m_store.audit(staffId, attempts >= kMaxFailedAttempts ? "locked_out" : "wrong_pin", staffId,
                                   nlohmann::json{{"attempts", attempts}}.dump());
            !a)
            return errorOf(a);
        if (auto c = tx->commit(); !c)
            return errorOf(c);
        if (attempts >= kMaxFailedAttempts)
            return fail(ErrorCode::Locked, "too many wrong PINs; the account is locked for a while");
        return fail(ErrorCode::Unauthorized, "unknown member of staff or wrong PIN");
    }
    if (auto c = tx->commit(); !c)
        return errorOf(c);
    return find(staffId);
}

Result<StaffMember> StaffRoster::authorize(const std::string& staffId, const std::string& pin, ProtectedAction action)
{
    auto member = signIn(staffId, pin);
    if (!member)
        return member;
    if (member->role < requiredRole(action)) {
        return fail(ErrorCode::Forbidden, std::string(nameOf(action)) + " needs a " +
                                              std::string(nameOf(requiredRole(action))) + "; " + member->name +
                                              " is a " + std::string(nameOf(member->role)));
    }
    return member;
}

Result<void> StaffRoster::recordOverride(const StaffMember& approver, const std::string& cashierId,
                                         ProtectedAction action, const std::string& entity, const std::string& reason)
{
    if (reason.empty())
        return fail(ErrorCode::InvalidArgument, "an override needs a reason");
    if (approver.role < requiredRole(action))
        return fail(ErrorCode::Forbidden,
                    std::string(nameOf(action)) + " needs a " + std::string(nameOf(requiredRole(action))));
    auto tx = Transaction::begin(m_store.database());
    if (!tx)
        return errorOf(tx);
    if (auto a = m_store.audit(
            approver.id, "override", entity,
            nlohmann::json{{"action", std::string(nameOf(action))}, {"cashier", cashierId}, {"reason", reason}}.dump());
        !a)
        return a;
    return tx->commit();
}

} // namespace marquee
