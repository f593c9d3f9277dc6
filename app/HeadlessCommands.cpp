#include "HeadlessCommands.h"

#include "Backup.h"
#include "CounterDatabase.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cstdio>
#include <string_view>

namespace marquee {

namespace {

bool asksForHeadlessCommand(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        for (std::string_view option : {"--backup", "--restore"}) {
            if (arg == option || (arg.starts_with(option) && arg.substr(option.size()).starts_with('='))) {
                return true;
            }
        }
        if (arg == "--version" || arg == "-v") {
            return true;
        }
    }
    return false;
}

std::string local(const QString& path)
{
    return QFile::encodeName(path).toStdString();
}

} // namespace

std::optional<int> runHeadlessCommand(int argc, char* argv[])
{
    if (!asksForHeadlessCommand(argc, argv)) {
        return std::nullopt;
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Marquee"));
    QCoreApplication::setApplicationName(QStringLiteral("marquee"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MARQUEE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Marquee box-office counter: backup and restore"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption backup(QStringLiteral("backup"), QStringLiteral("Copy the database into this file."),
                                    QStringLiteral("file"));
    const QCommandLineOption restore(QStringLiteral("restore"),
                                     QStringLiteral("Replace the database with this backup."), QStringLiteral("file"));
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("The counter's SQLite database."),
                                      QStringLiteral("file"));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("The demo cinema's database."));
    parser.addOptions({backup, restore, database, demo});
    parser.process(app); // --version and --help print and exit here; unknown options too
    if (parser.isSet(backup) == parser.isSet(restore)) {
        std::fprintf(stderr, "marquee: give either --backup FILE or --restore FILE\n");
        return 2;
    }
    const QString path =
        parser.isSet(database) ? parser.value(database) : CounterDatabase::defaultPath(parser.isSet(demo));

    if (parser.isSet(backup)) {
        const QString target = parser.value(backup);
        auto saved = Backup::save(local(path), local(target));
        if (!saved) {
            std::fprintf(stderr, "marquee: backup failed: %s\n", saved.error().message.c_str());
            return 1;
        }
        std::printf("marquee: backed up %s (schema %d, %lld bytes) to %s\n", qPrintable(path), saved->schemaVersion,
                    static_cast<long long>(saved->bytes), qPrintable(target));
        return 0;
    }

    const QString source = parser.value(restore);
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        std::fprintf(stderr, "marquee: restore failed: cannot create the folder for %s\n", qPrintable(path));
        return 1;
    }
    SystemClock clock;
    auto restored = Backup::restore(local(source), local(path), clock.now());
    if (!restored) {
        std::fprintf(stderr, "marquee: restore failed: %s\n", restored.error().message.c_str());
        return 1;
    }
    std::printf("marquee: restored %s (schema %d) into %s\n", qPrintable(source), restored->schemaVersion,
                qPrintable(path));
    if (!restored->keptAside.empty()) {
        std::printf("marquee: the previous database is kept as %s\n", restored->keptAside.c_str());
    }
    return 0;
}

} // namespace marquee
