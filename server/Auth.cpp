#include "Auth.h"

#include "Clock.h"
#include "Sql.h"
#include "Uuid.h"

#include <openssl/evp.h>
#include <pqxx/pqxx>

namespace marquee::server {

std::string_view toString(Role role)
{
    switch (role) {
    case Role::Counter:
        return "counter";
    case Role::Kiosk:
        return "kiosk";
    case Role::Manager:
        return "manager";
    case Role::Channel:
        return "channel";
    }
    return "counter";
}

std::optional<Role> roleFromString(std::string_view text)
{
    for (Role r : {Role::Counter, Role::Kiosk, Role::Manager, Role::Channel}) {
        if (toString(r) == text)
            return r;
    }
    return std::nullopt;
}

std::string sha256Hex(std::string_view data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
    return toHex(digest, length);
}

namespace {
Device deviceFrom(const pqxx::row& row)
{
    Device d;
    d.id = row[0].c_str();
    d.name = row[1].c_str();
    d.role = roleFromString(row[2].c_str()).value_or(Role::Counter);
    d.createdAt = formatIso8601(fromEpochMs(row[3].as<long long>()));
    d.revoked = !row[4].is_null();
    return d;
}
const std::string kDeviceColumns = "device_id, name, role, " + sql::epochMs("created_at") + ", revoked_at";
} // namespace

Result<NewDevice> Auth::addDevice(const std::string& name, Role role)
{
    if (name.empty() || name.size() > 200)
        return fail(ErrorCode::InvalidArgument, "a device needs a name of 1 to 200 characters");
    unsigned char secret[32];
    randomBytes(secret, sizeof secret);
    NewDevice out;
    out.token = "mq_" + toHex(secret, sizeof secret);
    auto lease = m_pool.acquire();
    if (!lease)
        return std::unexpected(lease.error());
    try {
        pqxx::work tx(lease->connection());
        auto row = tx.exec_params1("INSERT INTO devices(device_id, name, role, token_sha256) VALUES($1, $2, $3, $4) "
                                   "ON CONFLICT (name) DO NOTHING RETURNING " +
                                       kDeviceColumns,
                                   newUuid(), name, std::string(toString(role)), sha256Hex(out.token));
        tx.commit();
        out.device = deviceFrom(row);
        return out;
    } catch (const pqxx::unexpected_rows&) {
        return fail(ErrorCode::Conflict, "a device named '" + name + "' already exists");
    } catch (const std::exception& e) {
        return fail(ErrorCode::Storage, "cannot add the device: " + sql::describe(e));
    }
}

Result<std::vector<Device>> Auth::listDevices()
{
    auto lease = m_pool.acquire();
    if (!lease)
        return std::unexpected(lease.error());
    try {
        pqxx::read_transaction tx(lease->connection());
        std::vector<Device> out;
        for (const auto& row : tx.exec("SELECT " + kDeviceColumns + " FROM devices ORDER BY name"))
            out.push_back(deviceFrom(row));
        return out;
    } catch (const std::exception& e) {
        return fail(ErrorCode::Storage, "cannot list devices: " + sql::describe(e));
    }
}

Result<Device> Auth::revokeDevice(const std::string& nameOrId)
{
    auto lease = m_pool.acquire();
    if (!lease)
        return std::unexpected(lease.error());
    try {
        pqxx::work tx(lease->connection());
        auto rows = tx.exec_params("UPDATE devices SET revoked_at = coalesce(revoked_at, now()) "
                                   "WHERE name = $1 OR device_id = $1 RETURNING " +
                                       kDeviceColumns,
                                   nameOrId);
        if (rows.empty())
            return fail(ErrorCode::NotFound, "no device named '" + nameOrId + "'");
        tx.exec_params(
            "INSERT INTO audit_log(device_id, action, entity, detail) VALUES('cli', 'device.revoke', $1, '')",
            rows[0][0].c_str());
        tx.commit();
        return deviceFrom(rows[0]);
    } catch (const std::exception& e) {
        return fail(ErrorCode::Storage, "cannot revoke the device: " + sql::describe(e));
    }
}

Result<Device> Auth::authenticate(std::string_view token)
{
    if (token.size() < 8 || token.size() > 200)
        return fail(ErrorCode::NotFound, "unknown token");
    const std::string hash = sha256Hex(token);
    const auto now = std::chrono::steady_clock::now();
    if (m_cacheFor.count() > 0) {
        std::lock_guard lock(m_mutex);
        if (auto it = m_cache.find(hash); it != m_cache.end() && it->second.until > now)
            return it->second.device;
    }
    auto lease = m_pool.acquire();
    if (!lease)
        return std::unexpected(lease.error());
    try {
        pqxx::nontransaction tx(lease->connection());
        auto rows = tx.exec_params(
            "SELECT " + kDeviceColumns + " FROM devices WHERE token_sha256 = $1 AND revoked_at IS NULL", hash);
        if (rows.empty())
            return fail(ErrorCode::NotFound, "unknown or revoked token");
        Device device = deviceFrom(rows[0]);
        if (m_cacheFor.count() > 0) {
            std::lock_guard lock(m_mutex);
            if (m_cache.size() > 10'000)
                m_cache.clear();
            m_cache[hash] = Cached{device, now + m_cacheFor};
        }
        return device;
    } catch (const pqxx::broken_connection& e) {
        lease->discard();
        return fail(ErrorCode::Storage, sql::describe(e));
    } catch (const std::exception& e) {
        return fail(ErrorCode::Storage, sql::describe(e));
    }
}

} // namespace marquee::server
