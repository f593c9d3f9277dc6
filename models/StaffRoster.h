#pragma once
// Staff accounts, PIN sign-in and the authority to do protected things.
// PINs are stored only as Argon2id hashes; five wrong PINs in a row lock the account for
// a while; refunds, voids, price overrides and late reprints need a supervisor, Z-reports
// and leaving kiosk mode a manager. Works on the counter's LocalStore connection.

#include "LocalStore.h"

#include <string>
#include <vector>

namespace marquee {

enum class StaffRole : std::uint8_t
{
    Cashier,
    Supervisor,
    Manager
};
std::string_view nameOf(StaffRole role);
std::optional<StaffRole> staffRoleFromString(std::string_view text);

// Things that need more authority than selling.
enum class ProtectedAction : std::uint8_t
{
    Refund,
    Void,
    PriceOverride,
    LateReprint,
    ZReport,
    LeaveKiosk,
    ManageStaff,
    ServerConnection // which server the counter sells through, its token
};
std::string_view nameOf(ProtectedAction action);
StaffRole requiredRole(ProtectedAction action);

struct StaffMember
{
    std::string id;
    std::string name;
    StaffRole role = StaffRole::Cashier;
    bool active = true;
    std::optional<Timestamp> lockedUntil;
};

class StaffRoster
{
public:
    static constexpr int kMaxFailedAttempts = 5;

    explicit StaffRoster(LocalStore& store, Duration lockout = std::chrono::minutes(5))
        : m_store(store)
        , m_lockout(lockout)
    {
    }

    // PINs are 4 to 8 digits.
    Result<StaffMember> add(const std::string& name, StaffRole role, const std::string& pin);
    Result<std::vector<StaffMember>> list();
    Result<StaffMember> find(const std::string& staffId);
    Result<void> changePin(const std::string& staffId, const std::string& newPin);
    Result<void> setActive(const std::string& staffId, bool active);

    // Unauthorized on a wrong PIN, Locked while locked (also right after the fifth wrong PIN).
    Result<StaffMember> signIn(const std::string& staffId, const std::string& pin);
    // A supervisor or manager approving one action for a cashier, without signing anyone out.
    Result<StaffMember> authorize(const std::string& staffId, const std::string& pin, ProtectedAction action);
    // Writes an approved override to the audit log: who approved it (the row's staff), for
    // which cashier, which action on what, and why. A reason is required.
    Result<void> recordOverride(const StaffMember& approver, const std::string& cashierId, ProtectedAction action,
                                const std::string& entity, const std::string& reason);

private:
    LocalStore& m_store;
    Duration m_lockout;
};

} // namespace marquee
