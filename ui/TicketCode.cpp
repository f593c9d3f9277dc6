#include "TicketCode.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QStringList>

namespace marquee {

namespace {

QByteArray payloadOf(const TicketCode::Fields& fields)
{
    return QStringList{QLatin1String(TicketCode::kPrefix), fields.reference, fields.showId, fields.seatId}
        .join(QLatin1Char('|'))
        .toUtf8();
}

QByteArray signatureOf(const QByteArray& payload, const QByteArray& key)
{
    return QMessageAuthenticationCode::hash(payload, key, QCryptographicHash::Sha256);
}

bool equalInConstantTime(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

} // namespace

QString TicketCode::sign(const Fields& fields, const QByteArray& key)
{
    const QByteArray payload = payloadOf(fields);
    const QByteArray signature =
        signatureOf(payload, key).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return QString::fromUtf8(payload + '|' + signature);
}

std::optional<TicketCode::Fields> TicketCode::parse(const QString& code)
{
    const QStringList parts = code.trimmed().split(QLatin1Char('|'));
    if (parts.size() != 5 || parts[0] != QLatin1String(kPrefix) || parts[1].isEmpty() || parts[2].isEmpty() ||
        parts[3].isEmpty()) {
        return std::nullopt;
    }
    return Fields{parts[1], parts[2], parts[3]};
}

std::optional<TicketCode::Fields> TicketCode::verify(const QString& code, const QByteArray& key)
{
    const auto fields = parse(code);
    if (!fields || key.isEmpty()) {
        return std::nullopt;
    }
    const QString signatureText = code.trimmed().section(QLatin1Char('|'), 4);
    const auto decoded = QByteArray::fromBase64Encoding(
        signatureText.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        return std::nullopt;
    }
    if (!equalInConstantTime(*decoded, signatureOf(payloadOf(*fields), key))) {
        return std::nullopt;
    }
    return fields;
}

} // namespace marquee
