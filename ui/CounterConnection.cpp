#include "CounterConnection.h"

#include <QFileInfo>
#include <QUrl>

namespace marquee {

namespace {
const QString kUrl = QStringLiteral("connection/server_url");
const QString kCa = QStringLiteral("connection/ca_file");
const QString kPin = QStringLiteral("connection/pinned_public_key");
const QString kDevice = QStringLiteral("connection/device");
} // namespace

std::optional<CounterConnection> CounterConnection::load(QSettings& settings)
{
    const QString url = settings.value(kUrl).toString();
    if (url.isEmpty()) {
        return std::nullopt;
    }
    CounterConnection c;
    c.serverUrl = url;
    c.caFile = settings.value(kCa).toString();
    c.pinnedPublicKey = settings.value(kPin).toString();
    c.device = settings.value(kDevice, QStringLiteral("counter")).toString();
    return c;
}

void CounterConnection::save(QSettings& settings) const
{
    settings.setValue(kUrl, serverUrl);
    settings.setValue(kCa, caFile);
    settings.setValue(kPin, pinnedPublicKey);
    settings.setValue(kDevice, device);
    settings.sync();
}

void CounterConnection::forget(QSettings& settings)
{
    for (const QString& key : {kUrl, kCa, kPin, kDevice}) {
        settings.remove(key);
    }
    settings.sync();
}

Result<void> CounterConnection::validate() const
{
    const QUrl url(serverUrl, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        return fail(ErrorCode::InvalidArgument, "The server address \"" + serverUrl.toStdString() +
                                                    "\" is not a URL such as https://box-office:8443.");
    }
    if (url.scheme() != QLatin1String("https")) {
        return fail(ErrorCode::InvalidArgument, "The server address must start with https://: a counter never sends "
                                                "its token or its sales unencrypted.");
    }
    if (!caFile.isEmpty() && !QFileInfo(caFile).isReadable()) {
        return fail(ErrorCode::InvalidArgument, "The CA file " + caFile.toStdString() +
                                                    " cannot be read; give the PEM file the server's "
                                                    "certificate was issued by.");
    }
    if (device.trimmed().isEmpty()) {
        return fail(ErrorCode::InvalidArgument, "The counter needs a name (the one it was registered under).");
    }
    return {};
}

Result<void> CounterConnection::storeToken(CredentialStore& keychain, const std::string& token) const
{
    if (token.empty()) {
        return fail(ErrorCode::InvalidArgument, "The device token is empty; paste the token that "
                                                "`marquee-server device add` printed.");
    }
    return keychain.writeDeviceToken(serverUrl.toStdString(), token);
}

Result<std::string> CounterConnection::readToken(CredentialStore& keychain) const
{
    auto token = keychain.readDeviceToken(serverUrl.toStdString());
    if (!token) {
        return errorOf(token);
    }
    if (!*token || (*token)->empty()) {
        return fail(ErrorCode::NotFound, "No device token for " + serverUrl.toStdString() +
                                             " is in the OS keychain; run marquee --connect " +
                                             serverUrl.toStdString() + " --token TOKEN to store it.");
    }
    return **token;
}

} // namespace marquee
