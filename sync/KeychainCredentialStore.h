#pragma once
// Device tokens in the OS keychain through qtkeychain (Secret Service such as gnome-keyring
// or KWallet on Linux), under the service "marquee" and one key per server URL, so a
// counter that talks to two servers keeps two tokens apart.
//
// Blocking: each call runs a qtkeychain job in a local QEventLoop and returns when it is
// done. Callers run these calls off the UI thread (the sync worker); a keychain that asks
// the user to unlock it could otherwise freeze the sales screen. A QCoreApplication must
// exist. Not shared between threads: one instance per thread that needs it.
//
// Without a keychain it fails with ErrorCode::Unavailable and a sentence saying how to get
// one; it never falls back to plain text, and never writes the token to a file or a log.

#include "CredentialStore.h"

namespace marquee {

class KeychainCredentialStore final : public CredentialStore
{
public:
    static constexpr const char* kService = "marquee";

    Result<std::optional<std::string>> readDeviceToken(const std::string& serverUrl) override;
    Result<void> writeDeviceToken(const std::string& serverUrl, const std::string& token) override;
    Result<void> removeDeviceToken(const std::string& serverUrl) override;

    // The keychain key for a server URL: scheme and host lower-cased, default port and
    // trailing slashes dropped, so "HTTPS://Box.example:443/" and "https://box.example" agree.
    static std::string keyFor(const std::string& serverUrl);
};

} // namespace marquee
