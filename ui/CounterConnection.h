#pragma once
// Where this counter's server is: the server's URL, the CA file (or pinned public key) to
// trust it by, and the counter's device name, kept in the app's settings; the device token
// only in the OS keychain (CredentialStore), never in a file, a setting or a log.
// `marquee --connect URL --token TOKEN [--ca FILE]` and the manager's connection dialog
// write it; the start-up reads it and connects the counter when a server is set.

#include "CredentialStore.h"
#include "Error.h"

#include <QSettings>
#include <QString>
#include <optional>

namespace marquee {

struct CounterConnection
{
    QString serverUrl;       // https://box-office.example:8443
    QString caFile;          // PEM file of the CA (or the server's own certificate); empty: the system's
    QString pinnedPublicKey; // optional "sha256//..." pin
    QString device;          // the name this counter was registered under

    // The saved connection, or nullopt when this counter is standalone.
    static std::optional<CounterConnection> load(QSettings& settings);
    void save(QSettings& settings) const;
    static void forget(QSettings& settings);

    // Checks the fields a person typed (or passed on the command line): one sentence when wrong.
    Result<void> validate() const;
    // Stores the token in the keychain for this server (replacing an older one).
    Result<void> storeToken(CredentialStore& keychain, const std::string& token) const;
    // The token stored for this server; an error sentence says how to fix a missing one.
    Result<std::string> readToken(CredentialStore& keychain) const;
};

} // namespace marquee
