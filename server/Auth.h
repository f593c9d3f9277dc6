#pragma once
// Device credentials: every counter, kiosk, manager station and sales channel has its own
// bearer token, a random 256-bit value shown once at `device add` and stored only as its
// SHA-256, so a copy of the database does not let anyone sell. Roles decide which
// endpoints a device may call (a kiosk cannot refund, a channel cannot read reports).

#include "ConnectionPool.h"
#include "Error.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace marquee::server {

enum class Role
{
    Counter,
    Kiosk,
    Manager,
    Channel
};

std::string_view toString(Role role);
std::optional<Role> roleFromString(std::string_view text);

struct Device
{
    std::string id;
    std::string name;
    Role role = Role::Counter;
    std::string createdAt; // RFC 3339
    bool revoked = false;
};

struct NewDevice
{
    Device device;
    std::string token; // shown once, never stored
};

// Lower-case hex SHA-256 of arbitrary bytes.
std::string sha256Hex(std::string_view data);

class Auth
{
public:
    // `cacheFor` > 0 keeps successful lookups that long, so a busy device costs no query per
    // request; a revocation then takes effect within that time.
    explicit Auth(ConnectionPool& pool, std::chrono::milliseconds cacheFor = std::chrono::milliseconds(0))
        : m_pool(pool)
        , m_cacheFor(cacheFor)
    {
    }

    Result<NewDevice> addDevice(const std::string& name, Role role);
    Result<std::vector<Device>> listDevices();
    // Revokes by name or id; NotFound when neither matches.
    Result<Device> revokeDevice(const std::string& nameOrId);
    // The device a bearer token belongs to: NotFound for unknown or revoked tokens,
    // Storage when the database cannot answer.
    Result<Device> authenticate(std::string_view token);

private:
    struct Cached
    {
        Device device;
        std::chrono::steady_clock::time_point until;
    };
    ConnectionPool& m_pool;
    std::chrono::milliseconds m_cacheFor;
    std::mutex m_mutex;
    std::unordered_map<std::string, Cached> m_cache; // by token hash
};

} // namespace marquee::server
