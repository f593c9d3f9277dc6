// KeychainCredentialStore against a real Secret Service: ctest runs this binary through
// with_keyring.sh (a private D-Bus session, an unlocked gnome-keyring, a fresh HOME), and
// once more with no session bus at all for the missing-keychain case.

#include "KeychainCredentialStore.h"
#include "Uuid.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace marquee;

namespace {

// Every file under `root` whose bytes contain `needle`.
QStringList filesContaining(const QString& root, const std::string& needle)
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(QByteArray::fromStdString(needle)))
            found << file.fileName();
    }
    return found;
}

bool expectNoKeychain()
{
    return qEnvironmentVariableIsSet("MARQUEE_EXPECT_NO_KEYCHAIN");
}

} // namespace

class TestKeychainCredentialStore : public QObject
{
    Q_OBJECT

private:
    KeychainCredentialStore m_store;
    const std::string m_serverA = "https://box-office.example:8443";
    const std::string m_serverB = "https://other-cinema.example";

    static std::string newToken() { return "mqt_" + newUuid() + newUuid(); }

private slots:
    void init()
    {
        if (expectNoKeychain() && QString(QTest::currentTestFunction()) != "withoutKeychainSaysHowToGetOne")
            QSKIP("run without a keychain: only the missing-keychain case applies");
    }

    void writeThenReadBack()
    {
        const std::string token = newToken();
        auto written = m_store.writeDeviceToken(m_serverA, token);
        QVERIFY2(written, written ? "" : written.error().message.c_str());
        auto read = m_store.readDeviceToken(m_serverA);
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QVERIFY(read->has_value());
        QCOMPARE(**read, token);
    }

    void missingTokenIsEmptyNotAnError()
    {
        auto read = m_store.readDeviceToken("https://never-configured.example");
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QVERIFY(!read->has_value());
    }

    void overwriteReplacesTheToken()
    {
        const std::string first = newToken(), second = newToken();
        QVERIFY(m_store.writeDeviceToken(m_serverA, first));
        QVERIFY(m_store.writeDeviceToken(m_serverA, second));
        auto read = m_store.readDeviceToken(m_serverA);
        QVERIFY(read && read->has_value());
        QCOMPARE(**read, second);
    }

    void removeForgetsTheToken()
    {
        QVERIFY(m_store.writeDeviceToken(m_serverA, newToken()));
        auto removed = m_store.removeDeviceToken(m_serverA);
        QVERIFY2(removed, removed ? "" : removed.error().message.c_str());
        auto read = m_store.readDeviceToken(m_serverA);
        QVERIFY(read);
        QVERIFY(!read->has_value());
        QVERIFY2(m_store.removeDeviceToken(m_serverA), "removing twice is harmless");
    }

    void tokensForTwoServersStayApart()
    {
        const std::string a = newToken(), b = newToken();
        QVERIFY(m_store.writeDeviceToken(m_serverA, a));
        QVERIFY(m_store.writeDeviceToken(m_serverB, b));
        QCOMPARE(m_store.readDeviceToken(m_serverA)->value_or(""), a);
        QCOMPARE(m_store.readDeviceToken(m_serverB)->value_or(""), b);
        QVERIFY(m_store.removeDeviceToken(m_serverB));
        QCOMPARE(m_store.readDeviceToken(m_serverA)->value_or(""), a);
        // The same server written differently is the same key.
        QCOMPARE(m_store.readDeviceToken("HTTPS://Box-Office.example:8443/")->value_or(""), a);
    }

    void keyIsNormalisedFromTheUrl()
    {
        QCOMPARE(KeychainCredentialStore::keyFor("https://Box.example:443/"),
                 std::string("device-token:https://box.example"));
        QCOMPARE(KeychainCredentialStore::keyFor("https://box.example:8443"),
                 std::string("device-token:https://box.example:8443"));
        QVERIFY(KeychainCredentialStore::keyFor("https://a.example") !=
                KeychainCredentialStore::keyFor("https://b.example"));
    }

    void tokenIsNeverInAPlainFile()
    {
        const std::string token = newToken();
        QVERIFY(m_store.writeDeviceToken(m_serverA, token));
        QVERIFY(m_store.readDeviceToken(m_serverA));
        const QString home = QDir::homePath();
        QVERIFY2(home.startsWith("/tmp/"), "with_keyring.sh gives the test a fresh HOME");
        // gnome-keyring writes its encrypted store lazily; the plaintext must be nowhere in HOME.
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(home + "/.local/share/keyrings/login.keyring"), 2000);
        const QStringList leaks = filesContaining(home, token);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(", ")));
    }

    void withoutKeychainSaysHowToGetOne()
    {
        if (!expectNoKeychain())
            QSKIP("needs a run without a session bus (sync.KeychainCredentialStoreWithoutKeychain)");
        QVERIFY(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"));
        QTemporaryDir home;
        QVERIFY(home.isValid());
        qputenv("HOME", home.path().toLocal8Bit());
        const std::string token = newToken();

        auto written = m_store.writeDeviceToken(m_serverA, token);
        QVERIFY(!written);
        QCOMPARE(written.error().code, ErrorCode::Unavailable);
        const std::string expected = "No OS keychain is available to keep the device token safe; install and "
                                     "unlock a Secret Service such as gnome-keyring (or KWallet) and try again.";
        QCOMPARE(written.error().message, expected);
        auto read = m_store.readDeviceToken(m_serverA);
        QVERIFY(!read);
        QCOMPARE(read.error().message, expected);
        auto removed = m_store.removeDeviceToken(m_serverA);
        QVERIFY(!removed);
        QCOMPARE(removed.error().message, expected);

        const QStringList leaks = filesContaining(home.path(), token);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(", ")));
    }
};

QTEST_GUILESS_MAIN(TestKeychainCredentialStore)
#include "tst_KeychainCredentialStore.moc"
