// Connecting a counter: the manager's dialog and `marquee --connect URL --token T --ca F`.
// The token goes to the real OS keychain (gnome-keyring in a private D-Bus session) and
// nowhere else; bad addresses and missing tokens are refused with one sentence.

#include "ConnectionDialog.h"
#include "KeychainCredentialStore.h"

#include <QDirIterator>
#include <QLineEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace marquee;

class ConnectionDialogTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ManualClock m_clock{fromEpochMs(1'796'266'800'000)};
    std::unique_ptr<LocalStore> m_store;
    KeychainCredentialStore m_keychain;

    QString caFile() const { return m_dir.filePath(QStringLiteral("ca.pem")); }

    // Every file under the test's folder that contains `needle`.
    QStringList filesContaining(const QByteArray& needle) const
    {
        QStringList found;
        QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
                found << file.fileName();
        }
        return found;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("Marquee"));
        QCoreApplication::setApplicationName(QStringLiteral("marquee"));
        auto store = LocalStore::open(m_dir.filePath(QStringLiteral("counter.sqlite")).toStdString(), m_clock);
        QVERIFY(store);
        m_store = std::move(*store);
        QFile ca(caFile());
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    }

    void badFieldsAreRefusedWithOneSentence()
    {
        ConnectionDialog dialog(*m_store, m_keychain);
        dialog.serverField()->setText(QStringLiteral("http://box-office:8443"));
        dialog.tokenField()->setText(QStringLiteral("secret-token-1"));
        QVERIFY(!dialog.save());
        QVERIFY2(dialog.message().contains(QStringLiteral("https://")), qPrintable(dialog.message()));
        dialog.serverField()->setText(QStringLiteral("not a url"));
        QVERIFY(!dialog.save());
        QVERIFY2(dialog.message().contains(QStringLiteral("not a URL")), qPrintable(dialog.message()));
        dialog.serverField()->setText(QStringLiteral("https://box-office:8443"));
        dialog.caField()->setText(m_dir.filePath(QStringLiteral("missing.pem")));
        QVERIFY(!dialog.save());
        QVERIFY2(dialog.message().contains(QStringLiteral("cannot be read")), qPrintable(dialog.message()));
        QSettings settings;
        QVERIFY(!CounterConnection::load(settings));
        QCOMPARE(*m_keychain.readDeviceToken("https://box-office:8443"), std::nullopt);
    }

    void aSavedConnectionKeepsTheTokenInTheKeychainOnly()
    {
        ConnectionDialog dialog(*m_store, m_keychain);
        dialog.serverField()->setText(QStringLiteral("https://box-office:8443"));
        dialog.caField()->setText(caFile());
        dialog.deviceField()->setText(QStringLiteral("counter-7"));
        // No token typed and none stored: refused, saying how to get one in.
        QVERIFY(!dialog.save());
        QVERIFY2(dialog.message().contains(QStringLiteral("--token")), qPrintable(dialog.message()));

        dialog.tokenField()->setText(QStringLiteral("mq_secret_token_4711"));
        dialog.leaseField()->setValue(12);
        QVERIFY2(dialog.save(), qPrintable(dialog.message()));
        QVERIFY(dialog.tokenField()->text().isEmpty());
        QSettings settings;
        auto saved = CounterConnection::load(settings);
        QVERIFY(saved);
        QCOMPARE(saved->serverUrl, QStringLiteral("https://box-office:8443"));
        QCOMPARE(saved->caFile, caFile());
        QCOMPARE(saved->device, QStringLiteral("counter-7"));
        QCOMPARE(*m_store->setting("sync/lease_seats"), std::optional<std::string>("12"));
        QCOMPARE(*m_keychain.readDeviceToken("https://box-office:8443"),
                 std::optional<std::string>("mq_secret_token_4711"));
        settings.sync();
        QCOMPARE(filesContaining("mq_secret_token_4711"), QStringList());

        // Reopened: the fields show what was saved, never the token.
        ConnectionDialog again(*m_store, m_keychain);
        if (const QString shots = qEnvironmentVariable("MARQUEE_SCREENSHOT_DIR"); !shots.isEmpty()) {
            again.resize(640, 320);
            again.show();
            QVERIFY(again.grab().save(QDir(shots).filePath(QStringLiteral("connection-dialog.png"))));
        }
        QCOMPARE(again.serverField()->text(), QStringLiteral("https://box-office:8443"));
        QCOMPARE(again.leaseField()->value(), 12);
        QVERIFY(again.tokenField()->text().isEmpty());
        // Saved again without typing the token: the stored one stays.
        QVERIFY2(again.save(), qPrintable(again.message()));
    }

    void testSaysWhenTheServerDoesNotAnswer()
    {
        ConnectionDialog dialog(*m_store, m_keychain);
        // Port 9 (discard): nothing listens there on a test machine, so the connection is refused.
        dialog.serverField()->setText(QStringLiteral("https://127.0.0.1:9"));
        dialog.caField()->setText(caFile());
        dialog.tokenField()->setText(QStringLiteral("whatever"));
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        dialog.test();
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY2(dialog.message().contains(QStringLiteral("127.0.0.1")), qPrintable(dialog.message()));
    }

    void sellingStandaloneForgetsServerAndToken()
    {
        ConnectionDialog dialog(*m_store, m_keychain);
        QVERIFY(dialog.disconnectCounter());
        QSettings settings;
        QVERIFY(!CounterConnection::load(settings));
        QCOMPARE(*m_keychain.readDeviceToken("https://box-office:8443"), std::nullopt);
    }

    void theCommandLineStoresTheConnection()
    {
        // `marquee --connect` validates before anything else: a plain-http address is refused
        // with one line and exit code 2, and nothing is stored.
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(MARQUEE_APP), {QStringLiteral("--connect"), QStringLiteral("http://box-office:8443"),
                                                QStringLiteral("--token"), QStringLiteral("mq_cli_token")});
        QVERIFY(app.waitForFinished(30000));
        QCOMPARE(app.exitCode(), 2);
        const QString err = QString::fromLocal8Bit(app.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("https://")), qPrintable(err));
        QCOMPARE(*m_keychain.readDeviceToken("http://box-office:8443"), std::nullopt);

        // A saved server whose token is not in the keychain: the app refuses to start
        // standalone behind the manager's back, and says how to fix it.
        QSettings cli(m_dir.filePath(QStringLiteral("config/Marquee/marquee.conf")), QSettings::IniFormat);
        CounterConnection c;
        c.serverUrl = QStringLiteral("https://nowhere.invalid:8443");
        c.device = QStringLiteral("counter-9");
        c.save(cli);
        app.start(QStringLiteral(MARQUEE_APP),
                  {QStringLiteral("--database"), m_dir.filePath(QStringLiteral("cli.sqlite"))});
        QVERIFY(app.waitForFinished(30000));
        QCOMPARE(app.exitCode(), 1);
        const QString missing = QString::fromLocal8Bit(app.readAllStandardError());
        QVERIFY2(missing.contains(QStringLiteral("--connect")), qPrintable(missing));
    }
};

QTEST_MAIN(ConnectionDialogTest)
#include "tst_ConnectionDialog.moc"
