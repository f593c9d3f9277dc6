// The ticket signing key: made once, kept in a file only the user can read, the same on
// every start, and overridable by a setting.

#include "TicketSigningKey.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace marquee;

class TestTicketSigningKey : public QObject
{
    Q_OBJECT
private slots:
    void madeOnceAndReadableOnlyByTheUser()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config/ticket-signing.key"));
        auto first = TicketSigningKey::loadOrCreate(path);
        QVERIFY(first.has_value());
        QCOMPARE(first->size(), 32);
        QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup |
                                             QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        auto again = TicketSigningKey::loadOrCreate(path);
        QVERIFY(again.has_value());
        QCOMPARE(*again, *first);
        QTemporaryDir other;
        QVERIFY(*TicketSigningKey::loadOrCreate(other.filePath(QStringLiteral("k"))) != *first);
    }

    void aSettingOverridesTheFile()
    {
        QTemporaryDir dir;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("MarqueeTest"));
        QSettings().setValue(QStringLiteral("tickets/signingKey"), QStringLiteral("00112233445566778899aabbccddeeff"));
        auto key = TicketSigningKey::forThisCounter();
        QVERIFY(key.has_value());
        QCOMPARE(key->toHex(), QByteArray("00112233445566778899aabbccddeeff"));
        QSettings().remove(QStringLiteral("tickets/signingKey"));
    }

    void aDamagedKeyFileIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("short.key"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("abcd");
        file.close();
        QVERIFY(!TicketSigningKey::loadOrCreate(path).has_value());
    }
};

QTEST_MAIN(TestTicketSigningKey)
#include "tst_TicketSigningKey.moc"
