// marquee: the box-office counter app. Composition root: reads the command line, opens
// the local database (seeding the demo cinema when asked or when it is new), and shows
// the main window. Everything else lives in marquee_ui.

#include "CounterCommands.h"
#include "CounterDatabase.h"
#include "HeadlessCommands.h"
#include "MainWindow.h"
#include "OffsetClock.h"
#include "ScreenshotTour.h"
#include "Theme.h"
#include "TicketSigningKey.h"
#include "UiLanguage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QMessageBox>
#include <QSettings>
#include <QTextStream>
#include <QTimer>
#include <cstdio>

using namespace marquee;

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
    parser.addOptions(
        {demo, database, staff, pdfDir, language, dark, screenshots, quitWhenShown, now, backup, restore});
    parser.process(app);

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
    auto store = CounterDatabase::open(path, clock);
    if (!store) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Marquee"),
                              QApplication::translate("main", "The database %1 cannot be opened: %2")
                                  .arg(path, QString::fromStdString(store.error().message)));
        return 1;
    }
    step("database open");
    if (auto seeded = CounterDatabase::ensureDemoWeek(**store, clock); !seeded) {
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
    MainWindow window(**store, clock, options);
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
