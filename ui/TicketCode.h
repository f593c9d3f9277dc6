#pragma once
// The code in a ticket's QR: which booking, show and seat it admits, signed with the
// cinema's HMAC-SHA256 key so a door scanner can tell a real ticket from a forged or
// edited one. Text form: "MQT1|<reference>|<show id>|<seat id>|<base64url signature>".

#include <QByteArray>
#include <QString>
#include <optional>

namespace marquee {

class TicketCode
{
public:
    struct Fields
    {
        QString reference;
        QString showId;
        QString seatId;
        bool operator==(const Fields&) const = default;
    };

    static QString sign(const Fields& fields, const QByteArray& key);
    // The fields when the code is well formed and its signature matches the key.
    static std::optional<Fields> verify(const QString& code, const QByteArray& key);
    // The fields without checking the signature (to say what a forged code claims).
    static std::optional<Fields> parse(const QString& code);

    static constexpr const char* kPrefix = "MQT1";
};

} // namespace marquee
