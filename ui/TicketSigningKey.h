#pragma once
// The cinema's secret for signing ticket codes. Made randomly (32 bytes from the kernel)
// on first start and kept in a file only the user can read, in the app's config folder.
// The setting "tickets/signingKey" (hex) overrides it, so several counters of one cinema
// can share a key and the door scanners accept all their tickets.

#include "Error.h"

#include <QByteArray>
#include <QString>

namespace marquee {

class TicketSigningKey
{
public:
    static QString defaultPath();
    // Reads the key from `path`, or makes and writes a new one there when it does not exist.
    static Result<QByteArray> loadOrCreate(const QString& path);
    // The setting when present, else the key file at the default path.
    static Result<QByteArray> forThisCounter();
};

} // namespace marquee
