#include "KeychainCredentialStore.h"

#include <QEventLoop>
#include <QLoggingCategory>
#include <QUrl>
#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcSyncKeychain, "marquee.sync.keychain")

namespace marquee {

namespace {

const char* const kNoKeychain = "No OS keychain is available to keep the device token safe; install and unlock a "
                                "Secret Service such as gnome-keyring (or KWallet) and try again.";

// Runs a job to its end in a local event loop (see the header: callers are off the UI thread).
void runToEnd(QKeychain::Job& job)
{
    job.setAutoDelete(false);
    job.setInsecureFallback(false); // never plain text
    bool done = false;
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        done = true;
        loop.quit();
    });
    job.start();
    if (!done)
        loop.exec();
}

// Without a session bus or a Secret Service, backends report NoBackendAvailable or an
// OtherError naming D-Bus; either way there is no keychain to use.
bool noKeychain(const QKeychain::Job& job)
{
    if (job.error() == QKeychain::NoBackendAvailable || job.error() == QKeychain::NotImplemented)
        return true;
    const QString text = job.errorString();
    return job.error() == QKeychain::OtherError && (text.contains(QLatin1String("D-Bus"), Qt::CaseInsensitive) ||
                                                    text.contains(QLatin1String("DBus"), Qt::CaseInsensitive) ||
                                                    text.contains(QLatin1String("org.freedesktop.secrets")) ||
                                                    text.contains(QLatin1String("autolaunch"), Qt::CaseInsensitive) ||
                                                    text.contains(QLatin1String("ServiceUnknown")));
}

Error failure(const QKeychain::Job& job, const char* action, const std::string& key)
{
    // The error string comes from the backend and never contains the secret.
    qCWarning(lcSyncKeychain).noquote() << action << key.c_str() << "failed: error" << int(job.error())
                                        << job.errorString();
    if (noKeychain(job))
        return {ErrorCode::Unavailable, kNoKeychain};
    if (job.error() == QKeychain::AccessDenied || job.error() == QKeychain::AccessDeniedByUser) {
        return {ErrorCode::Forbidden, "The OS keychain refused access to the device token; unlock the keychain and "
                                      "allow Marquee to use it, then try again."};
    }
    if (job.errorString().contains(QLatin1String("does not exist at path"))) {
        return {ErrorCode::Unavailable, "The OS keychain has no unlocked login keyring to keep the device token in; "
                                        "unlock it (or create one) and try again."};
    }
    return {ErrorCode::Unavailable, "The OS keychain could not " + std::string(action) + " the device token (" +
                                        job.errorString().toStdString() +
                                        "); check that the keychain is unlocked and try again."};
}

} // namespace

std::string KeychainCredentialStore::keyFor(const std::string& serverUrl)
{
    QUrl url(QString::fromStdString(serverUrl));
    QString text;
    if (url.isValid() && !url.host().isEmpty()) {
        url = url.adjusted(QUrl::NormalizePathSegments | QUrl::StripTrailingSlash);
        if (url.path() == QLatin1String("/"))
            url.setPath(QString()); // StripTrailingSlash keeps a lone "/"
        const QString scheme = url.scheme().toLower();
        const int defaultPort = scheme == QLatin1String("https") ? 443 : scheme == QLatin1String("http") ? 80 : -1;
        if (url.port() == defaultPort)
            url.setPort(-1);
        text = url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    } else {
        text = QString::fromStdString(serverUrl);
    }
    return "device-token:" + text.toStdString();
}

Result<std::optional<std::string>> KeychainCredentialStore::readDeviceToken(const std::string& serverUrl)
{
    const std::string key = keyFor(serverUrl);
    QKeychain::ReadPasswordJob job(QString::fromLatin1(kService));
    job.setKey(QString::fromStdString(key));
    runToEnd(job);
    if (job.error() == QKeychain::EntryNotFound)
        return std::optional<std::string>();
    if (job.error() != QKeychain::NoError)
        return std::unexpected(failure(job, "read", key));
    return std::optional<std::string>(job.textData().toStdString());
}

Result<void> KeychainCredentialStore::writeDeviceToken(const std::string& serverUrl, const std::string& token)
{
    const std::string key = keyFor(serverUrl);
    QKeychain::WritePasswordJob job(QString::fromLatin1(kService));
    job.setKey(QString::fromStdString(key));
    job.setTextData(QString::fromStdString(token));
    runToEnd(job);
    if (job.error() != QKeychain::NoError)
        return std::unexpected(failure(job, "store", key));
    qCDebug(lcSyncKeychain).noquote() << "stored the device token for" << key.c_str();
    return {};
}

Result<void> KeychainCredentialStore::removeDeviceToken(const std::string& serverUrl)
{
    const std::string key = keyFor(serverUrl);
    QKeychain::DeletePasswordJob job(QString::fromLatin1(kService));
    job.setKey(QString::fromStdString(key));
    runToEnd(job);
    if (job.error() == QKeychain::EntryNotFound)
        return {};
    if (job.error() != QKeychain::NoError)
        return std::unexpected(failure(job, "remove", key));
    return {};
}

} // namespace marquee
