// The QR code on a ticket: a door scanner with the cinema's key accepts a real ticket and
// rejects one signed with another key or with an edited seat.

#include "TicketCode.h"
#include "TicketPrinter.h"

#include <QtTest>

using namespace marquee;

class TestTicketCode : public QObject
{
    Q_OBJECT
private slots:
    void verifiesWithTheRightKey()
    {
        const TicketCode::Fields fields{QStringLiteral("K7P3M-XQ9B2"), QStringLiteral("show-42"),
                                        QStringLiteral("F12")};
        const QString code = TicketCode::sign(fields, "cinema key 0123456789");
        const auto verified = TicketCode::verify(code, "cinema key 0123456789");
        QVERIFY(verified.has_value());
        QVERIFY(*verified == fields);
    }

    void failsWithAWrongKey()
    {
        const QString code = TicketCode::sign(
            {QStringLiteral("K7P3M-XQ9B2"), QStringLiteral("show-42"), QStringLiteral("F12")}, "cinema key 0123456789");
        QVERIFY(!TicketCode::verify(code, "another cinema's key").has_value());
        QVERIFY(!TicketCode::verify(code, QByteArray()).has_value());
    }

    void failsWhenTheSeatIsEdited()
    {
        const QString code = TicketCode::sign(
            {QStringLiteral("K7P3M-XQ9B2"), QStringLiteral("show-42"), QStringLiteral("F12")}, "cinema key 0123456789");
        QString forged = code;
        forged.replace(QStringLiteral("|F12|"), QStringLiteral("|F13|"));
        QVERIFY(forged != code);
        QVERIFY(TicketCode::parse(forged).has_value());
        QVERIFY(!TicketCode::verify(forged, "cinema key 0123456789").has_value());
    }

    void failsOnGarbage()
    {
        QVERIFY(!TicketCode::verify(QStringLiteral("hello"), "k").has_value());
        QVERIFY(!TicketCode::verify(QStringLiteral("MQT1|a|b|c|!!!"), "k").has_value());
        QVERIFY(!TicketCode::verify(QStringLiteral("MQT1|a|b|c"), "k").has_value());
    }

    void qrImageEncodesTheCode()
    {
        const QImage image = TicketPrinter::qrImage(QStringLiteral("MQT1|K7P3M-XQ9B2|show-42|F12|sig"));
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 21 + 8);
    }
};

QTEST_MAIN(TestTicketCode)
#include "tst_TicketCode.moc"
