#include "TicketSigningKey.h"

#include "Uuid.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace marquee {

QString TicketSigningKey::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/ticket-signing.key");
}

Result<QByteArray> TicketSigningKey::loadOrCreate(const QString& path)
{
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            return fail(ErrorCode::Io, "cannot read the ticket signing key " + path.toStdString());
        }
        const QByteArray key = QByteArray::fromHex(file.readAll().trimmed());
        if (key.size() < 16) {
            return fail(ErrorCode::ParseError, "the ticket signing key " + path.toStdString() + " is too short");
        }
        return key;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QByteArray key(32, '\0');
    randomBytes(key.data(), std::size_t(key.size()));
    // Permissions are set before the secret is written, so it is never readable by others.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || file.write(key.toHex()) < 0) {
        return fail(ErrorCode::Io, "cannot write the ticket signing key " + path.toStdString());
    }
    return key;
}

Result<QByteArray> TicketSigningKey::forThisCounter()
{
    const QString configured = QSettings().value(QStringLiteral("tickets/signingKey")).toString();
    if (!configured.isEmpty()) {
        const QByteArray key = QByteArray::fromHex(configured.toLatin1());
        if (key.size() >= 16) {
            return key;
        }
    }
    return loadOrCreate(defaultPath());
}

} // namespace marquee
