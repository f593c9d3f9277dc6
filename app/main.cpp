// marquee: the box-office counter app. Composition root: reads the command line, opens
// the local database (seeding the demo cinema when asked or when it is new), and shows
// the main window. Everything else lives in marquee_ui.

#include "CheckoutRunner.h"
#include "CounterCommands.h"
#include "CounterConnection.h"
#include "CounterDatabase.h"
#include "HeadlessCommands.h"
#include "KeychainCredentialStore.h"
#include "KioskSession.h"
#include "MainWindow.h"
#include "OffsetClock.h"
#include "ScreenshotTour.h"
#include "SyncService.h"
#include "Theme.h"
#include "TicketSigningKey.h"
#include "UiLanguage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMessageBox>
#include <QSettings>
#include <QSysInfo>
#include <QTextStream>
#include <QTimer>
#include <cstdio>

using namespace marquee;

namespace {

// One clear sentence on stderr and, with a screen, in a message box.
int refuse(const QString& text, int code)
{
    std::fprintf(stderr, "marquee: %s\n", qPrintable(text));
    if (qEnvironmentVariable("QT_QPA_PLATFORM") != QLatin1String("offscreen")) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Marquee"), text);
    }
    return code;
}

} // namespace

int main(int argc, char* argv[])
{
    // --version, --backup and --restore need no display (cron, ssh): they run and quit here.
    if (auto code = runHeadlessCommand(argc, argv)) {
        return *code;
    }
    QElapsedTimer sinceStart;
    sinceStart.start();
    // MARQUEE_TRACE_STARTUP=1 prints how long each start-up step took (see bench/ui).
    const bool trace = qEnvironmentVariableIsSet("MARQUEE_TRACE_STARTUP");
    auto step = [&](const char* what) {
        if (trace) {
            std::fprintf(stderr, "startup %6lld ms  %s\n", static_cast<long long>(sinceStart.elapsed()), what);
        }
    };
    // `marquee report|audit|staff ...` runs without a window (cron, scripts, no display).
    {
        QStringList words;
        for (int i = 0; i < argc; ++i) {
            words << QString::fromLocal8Bit(argv[i]);
        }
        if (CounterCommands::isCommand(words)) {
            if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM") && !qEnvironmentVariableIsSet("DISPLAY") &&
                !qEnvironmentVariableIsSet("WAYLAND_DISPLAY")) {
                qputenv("QT_QPA_PLATFORM", "offscreen"); // fonts for PDFs, no screen needed
            }
            QGuiApplication app(argc, argv);
            QGuiApplication::setOrganizationName(QStringLiteral("Marquee"));
            QGuiApplication::setApplicationName(QStringLiteral("marquee"));
            QTextStream in(stdin), out(stdout), err(stderr);
            return CounterCommands::run(words, in, out, err);
        }
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Marquee"));
    QApplication::setApplicationName(QStringLiteral("marquee"));
    QApplication::setApplicationDisplayName(QStringLiteral("Marquee"));
    QApplication::setApplicationVersion(QStringLiteral(MARQUEE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.marquee.Marquee"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Marquee box-office counter"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"), QApplication::translate("main", "Use the demo cinema's database (made on first use)."));
    const QCommandLineOption database(QStringLiteral("database"),
                                      QApplication::translate("main", "Use this SQLite database file."),
                                      QStringLiteral("file"));
    const QCommandLineOption staff(
        QStringLiteral("staff"),
        QApplication::translate("main", "Sign in as this member of staff without a PIN (demos, tests)."),
        QStringLiteral("name"));
    const QCommandLineOption pdfDir(QStringLiteral("pdf-dir"),
                                    QApplication::translate("main", "Print tickets to PDFs in this folder."),
                                    QStringLiteral("dir"));
    const QCommandLineOption language(QStringLiteral("lang"),
                                      QApplication::translate("main", "Language of the screens: en or hi."),
                                      QStringLiteral("code"));
    const QCommandLineOption dark(QStringLiteral("dark"), QApplication::translate("main", "Dark colours."));
    const QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                         QApplication::translate("main", "Save screenshots of the main screens "
                                                                         "into this folder, then quit."),
                                         QStringLiteral("dir"));
    const QCommandLineOption quitWhenShown(QStringLiteral("quit-when-shown"),
                                           QApplication::translate("main", "Print the start-up time and quit once "
                                                                           "the schedule is shown (benchmarks)."));
    const QCommandLineOption now(QStringLiteral("now"),
                                 QApplication::translate("main",
                                                         "Pretend it is this UTC time, e.g. 2026-12-03T03:00:00Z "
                                                         "(demos and screenshots; the clock then runs from there)."),
                                 QStringLiteral("time"));
    // Listed for --help; runHeadlessCommand has carried them out before this parser runs.
    const QCommandLineOption backup(QStringLiteral("backup"),
                                    QApplication::translate("main", "Copy the database into this file, then quit "
                                                                    "(safe while the counter is selling)."),
                                    QStringLiteral("file"));
    const QCommandLineOption restore(QStringLiteral("restore"),
                                     QApplication::translate("main", "Replace the database with this backup, then "
                                                                     "quit (the old one is kept beside it)."),
                                     QStringLiteral("file"));
    const QCommandLineOption connectTo(
        QStringLiteral("connect"),
        QApplication::translate("main", "Sell through the Marquee server at this https:// address from now on "
                                        "(kept for later starts; the first time needs --token)."),
        QStringLiteral("url"));
    const QCommandLineOption token(QStringLiteral("token"),
                                   QApplication::translate("main", "This counter's device token, as `marquee-server "
                                                                   "device add` printed it (kept in the OS keychain "
                                                                   "only)."),
                                   QStringLiteral("token"));
    const QCommandLineOption ca(QStringLiteral("ca"),
                                QApplication::translate("main", "Trust the server by this CA (or certificate) PEM "
                                                                "file instead of the system's CAs."),
                                QStringLiteral("file"));
    const QCommandLineOption deviceName(QStringLiteral("device"),
                                        QApplication::translate("main", "The name this counter was registered under "
                                                                        "(default: the host name)."),
                                        QStringLiteral("name"));
    const QCommandLineOption standalone(QStringLiteral("standalone"),
                                        QApplication::translate("main", "Forget the server and its token: sell from "
                                                                        "this counter's own database only."));
    // Issue 8: the self-service kiosk (docs/kiosk.md).
    const QCommandLineOption kiosk(QStringLiteral("kiosk"),
                                   QApplication::translate("main", "Run as a self-service ticket machine (full "
                                                                   "screen, locked down, card payments only)."));
    const QCommandLineOption kioskIdle(QStringLiteral("kiosk-idle"),
                                       QApplication::translate("main", "Kiosk: seconds without a touch before "
                                                                       "\"Still there?\" (default 60)."),
                                       QStringLiteral("seconds"));
    const QCommandLineOption gatewayUrl(QStringLiteral("gateway-url"),
                                        QApplication::translate("main", "Kiosk: the card gateway's address "
                                                                        "(marquee-gateway-sim for the demo)."),
                                        QStringLiteral("url"));
    const QCommandLineOption gatewayKey(QStringLiteral("gateway-key"),
                                        QApplication::translate("main", "Kiosk: the gateway's secret key (or "
                                                                        "MARQUEE_GATEWAY_KEY)."),
                                        QStringLiteral("key"));
    const QCommandLineOption gatewayCa(QStringLiteral("gateway-ca"),
                                       QApplication::translate("main", "Kiosk: trust the gateway by this CA file."),
                                       QStringLiteral("file"));
    const QCommandLineOption windowed(QStringLiteral("kiosk-windowed"),
                                      QApplication::translate("main", "Kiosk: a window instead of full screen "
                                                                      "(development)."));
    parser.addOptions({demo, database, staff, pdfDir, language, dark, screenshots, quitWhenShown, now, backup, restore,
                       connectTo, token, ca, deviceName, standalone});
    parser.addOptions({kiosk, kioskIdle, gatewayUrl, gatewayKey, gatewayCa, windowed});
    parser.process(app);

    // The server this counter sells through, if any (the token lives in the OS keychain).
    std::optional<CounterConnection> connection;
    {
        QSettings connectionSettings;
        KeychainCredentialStore keychain;
        if (parser.isSet(standalone)) {
            if (auto old = CounterConnection::load(connectionSettings)) {
                (void)keychain.removeDeviceToken(old->serverUrl.toStdString());
            }
            CounterConnection::forget(connectionSettings);
        }
        if (parser.isSet(connectTo)) {
            CounterConnection wanted;
            wanted.serverUrl = parser.value(connectTo);
            wanted.caFile = parser.isSet(ca) ? QFileInfo(parser.value(ca)).absoluteFilePath() : QString();
            wanted.device = parser.isSet(deviceName) ? parser.value(deviceName) : QSysInfo::machineHostName();
            if (auto valid = wanted.validate(); !valid) {
                return refuse(QString::fromStdString(valid.error().message), 2);
            }
            if (parser.isSet(token)) {
                if (auto stored = wanted.storeToken(keychain, parser.value(token).toStdString()); !stored) {
                    return refuse(QString::fromStdString(stored.error().message), 1);
                }
            }
            wanted.save(connectionSettings);
            connection = wanted;
        } else {
            connection = CounterConnection::load(connectionSettings);
        }
    }

    step("application");
    QSettings settings;
    UiLanguage::apply(parser.isSet(language)
                          ? parser.value(language)
                          : settings.value(QStringLiteral("ui/language"), QStringLiteral("en")).toString());
    Theme::apply(parser.isSet(dark) || settings.value(QStringLiteral("ui/dark"), false).toBool());

    step("language and theme");
    const bool isDemo = parser.isSet(demo);
    const QString path = parser.isSet(database) ? parser.value(database) : CounterDatabase::defaultPath(isDemo);
    SystemClock systemClock;
    std::unique_ptr<OffsetClock> shiftedClock;
    if (parser.isSet(now)) {
        auto at = parseIso8601(parser.value(now).toStdString());
        if (!at) {
            std::fprintf(stderr, "marquee: --now: %s\n", at.error().message.c_str());
            return 2;
        }
        shiftedClock = std::make_unique<OffsetClock>(systemClock, *at);
    }
    const Clock& clock = shiftedClock ? static_cast<const Clock&>(*shiftedClock) : systemClock;
    auto store = CounterDatabase::open(path, clock, connection.has_value(),
                                       connection ? connection->device.toStdString() : std::string("counter"));
    if (!store) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Marquee"),
                              QApplication::translate("main", "The database %1 cannot be opened: %2")
                                  .arg(path, QString::fromStdString(store.error().message)));
        return 1;
    }
    step("database open");
    // A connected counter's catalog is the server's (pulled at start and every few minutes).
    if (auto seeded = connection ? Result<bool>(false) : CounterDatabase::ensureDemoWeek(**store, clock); !seeded) {
        std::fprintf(stderr, "marquee: demo cinema not imported: %s\n", seeded.error().message.c_str());
    }
    if (auto staffed = CounterDatabase::ensureDemoStaff(**store); !staffed) {
        std::fprintf(stderr, "marquee: demo staff not added: %s\n", staffed.error().message.c_str());
    }
    step("demo week checked");
    auto key = TicketSigningKey::forThisCounter();
    if (!key) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Marquee"),
                              QApplication::translate("main", "Tickets cannot be signed: %1")
                                  .arg(QString::fromStdString(key.error().message)));
        return 1;
    }

    CounterOptions options;
    options.staff = parser.value(staff);
    if (options.staff.isEmpty() && parser.isSet(screenshots)) {
        options.staff = QStringLiteral("Asha"); // the tour starts at the schedule, past the sign-in
    }
    options.databasePath = path;
    options.pdfDirectory = parser.value(pdfDir);
    options.signingKey = *key;

    std::unique_ptr<SyncService> sync;
    std::unique_ptr<CheckoutRunner> checkout;
    if (connection) {
        KeychainCredentialStore keychain;
        auto deviceToken = connection->readToken(keychain);
        if (!deviceToken) {
            return refuse(QApplication::translate("main", "This counter sells through %1, but: %2")
                              .arg(connection->serverUrl, QString::fromStdString(deviceToken.error().message)),
                          1);
        }
        ConnectionSettings connectionSettings;
        connectionSettings.serverUrl = connection->serverUrl.toStdString();
        connectionSettings.caFile = QFile::encodeName(connection->caFile).toStdString();
        connectionSettings.pinnedPublicKey = connection->pinnedPublicKey.toStdString();
        connectionSettings.device = connection->device.toStdString();
        const std::string file = QFile::encodeName(path).toStdString();
        sync = std::make_unique<SyncService>(file, connectionSettings, *deviceToken, clock);
        if (auto started = sync->start(); !started) {
            return refuse(QApplication::translate("main", "The connection to %1 cannot start: %2")
                              .arg(connection->serverUrl, QString::fromStdString(started.error().message)),
                          1);
        }
        CheckoutRunner::Settings runner;
        runner.databasePath = file;
        runner.store.device = connectionSettings.device;
        runner.store.connected = true;
        runner.api = sync->connector();
        checkout = std::make_unique<CheckoutRunner>(runner, clock);
        options.connection = QApplication::translate("main", "Connecting to %1…").arg(connection->serverUrl);
    }
    if (parser.isSet(kiosk) || settings.value(QStringLiteral("kiosk/enabled"), false).toBool()) {
        KioskSessionSettings kioskSettings;
        kioskSettings.kiosk.idleMs =
            1000 * KioskSession::idleSecondsFrom(**store, parser.value(kioskIdle).toInt(),
                                                 settings.value(QStringLiteral("kiosk/idle_seconds"), 0).toInt());
        kioskSettings.kiosk.language = UiLanguage::current();
        kioskSettings.databasePath = path;
        kioskSettings.pdfDirectory = parser.value(pdfDir);
        kioskSettings.signingKey = *key;
        kioskSettings.gateway.baseUrl =
            parser.value(gatewayUrl).isEmpty()
                ? settings.value(QStringLiteral("kiosk/gateway_url")).toString().toStdString()
                : parser.value(gatewayUrl).toStdString();
        kioskSettings.gateway.secretKey = parser.isSet(gatewayKey)
                                              ? parser.value(gatewayKey).toStdString()
                                              : qEnvironmentVariable("MARQUEE_GATEWAY_KEY").toStdString();
        kioskSettings.gateway.caFile = QFile::encodeName(parser.value(gatewayCa)).toStdString();
        kioskSettings.gateway.allowInsecureHttp = kioskSettings.gateway.baseUrl.starts_with("http://127.0.0.1");
        kioskSettings.fullScreen = !parser.isSet(windowed);
        if (sync) {
            // Connected: holds and bookings go through the server, as the counter's do.
            kioskSettings.sync = sync.get();
            kioskSettings.device = connection->device;
        }
        KioskSession session(**store, clock, kioskSettings);
        if (auto started = session.start(); !started) {
            return refuse(QString::fromStdString(started.error().message), 2);
        }
        return app.exec();
    }

    MainWindow window(**store, clock, options);
    if (sync) {
        window.setSync(sync.get(), checkout.get());
    }
    step("main window built");
    if (parser.isSet(quitWhenShown)) {
        auto shown = [&] {
            std::printf("SHOWN %lld ms\n", static_cast<long long>(sinceStart.elapsed()));
            std::fflush(stdout);
            QTimer::singleShot(0, &app, &QApplication::quit);
        };
        QObject::connect(&window, &MainWindow::scheduleShown, &app, shown);
        if (!window.isCounterShown()) {
            // Nobody signed in (no --staff): the first screen is the sign-in screen.
            QTimer::singleShot(0, &app, shown);
        }
    }
    std::unique_ptr<ScreenshotTour> tour;
    if (parser.isSet(screenshots)) {
        tour = std::make_unique<ScreenshotTour>(window, parser.value(screenshots));
        QObject::connect(&window, &MainWindow::scheduleShown, tour.get(), &ScreenshotTour::start);
    }
    QObject::connect(&window, &MainWindow::scheduleShown, &app, [&] { step("schedule shown"); });
    window.show();
    step("window.show() returned");
    return app.exec();
}
