#pragma once
// The seam for the device token: the secret that identifies this counter or kiosk to one
// Marquee server. KeychainCredentialStore keeps it in the OS keychain; nothing in Marquee
// may keep it anywhere else (no files, no settings, no logs).

#include "Error.h"

#include <optional>
#include <string>

namespace marquee {

class CredentialStore
{
public:
    virtual ~CredentialStore() = default;
    // The token stored for `serverUrl`, or nullopt when none is stored.
    virtual Result<std::optional<std::string>> readDeviceToken(const std::string& serverUrl) = 0;
    // Stores (or replaces) the token for `serverUrl`.
    virtual Result<void> writeDeviceToken(const std::string& serverUrl, const std::string& token) = 0;
    // Forgets the token for `serverUrl`; removing one that is not there succeeds.
    virtual Result<void> removeDeviceToken(const std::string& serverUrl) = 0;
};

} // namespace marquee
