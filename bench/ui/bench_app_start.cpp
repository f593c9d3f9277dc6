// app_start_ms: from starting the `marquee` process to the schedule shown, on a database
// holding about 1,000,000 booked seats (a year of a busy cinema). Goal: under 1,000 ms.
// Prints each run and `RESULT app_start_ms <median> ms`.
//
//   bench_app_start [--seats N] [--runs N] [--database FILE]

#include "BusyYearDatabase.h"

#include <QCoreApplication>
#include <QDate>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace marquee;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto option = [&](const QString& name, const QString& fallback) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
    };
    const qint64 seats = option(QStringLiteral("--seats"), QStringLiteral("1000000")).toLongLong();
    const int runs = option(QStringLiteral("--runs"), QStringLiteral("7")).toInt();
    const QString path =
        option(QStringLiteral("--database"), QStringLiteral(MARQUEE_BINARY_DIR "/bench/ui/busy-year.sqlite"));

    // The database is made once a day (its shows must include today) and then reused.
    const QString stamp = path + QStringLiteral(".made");
    const QString wanted = QDate::currentDate().toString(Qt::ISODate) + QLatin1Char(' ') + QString::number(seats);
    QFile stampFile(stamp);
    const bool fresh = QFileInfo::exists(path) && stampFile.open(QIODevice::ReadOnly) &&
                       QString::fromUtf8(stampFile.readAll()).trimmed() == wanted;
    stampFile.close();
    if (!fresh) {
        QElapsedTimer made;
        made.start();
        SystemClock clock;
        auto stats = bench::writeBusyYearDatabase(QFile::encodeName(path).toStdString(), clock.now(), seats);
        if (!stats) {
            std::fprintf(stderr, "cannot make the database: %s\n", stats.error().message.c_str());
            return 1;
        }
        std::printf("made %s: %lld shows, %lld bookings, %lld booked seats in %lld ms\n", qPrintable(path),
                    static_cast<long long>(stats->shows), static_cast<long long>(stats->bookings),
                    static_cast<long long>(stats->seats), static_cast<long long>(made.elapsed()));
        if (stampFile.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            stampFile.write(wanted.toUtf8());
        }
    }

    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    if (!env.contains(QStringLiteral("QT_QPA_PLATFORM"))) {
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    }
    std::vector<qint64> times;
    for (int run = 0; run < runs; ++run) {
        QProcess process;
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::SeparateChannels);
        QElapsedTimer timer;
        timer.start();
        process.start(QStringLiteral(MARQUEE_APP_PATH),
                      {QStringLiteral("--database"), path, QStringLiteral("--quit-when-shown")});
        qint64 shownAt = -1;
        QByteArray out;
        while (shownAt < 0 && process.waitForReadyRead(30'000)) {
            out += process.readAllStandardOutput();
            if (out.contains("SHOWN")) {
                shownAt = timer.elapsed();
            }
        }
        process.waitForFinished(30'000);
        if (shownAt < 0) {
            std::fprintf(stderr, "run %d: the schedule was never shown:\n%s\n%s\n", run, out.constData(),
                         process.readAllStandardError().constData());
            return 1;
        }
        // The first run warms the page cache; it is reported but not counted.
        std::printf("run %d: %lld ms%s\n", run, static_cast<long long>(shownAt), run == 0 ? " (warm-up)" : "");
        if (run > 0 || runs == 1) {
            times.push_back(shownAt);
        }
    }
    std::sort(times.begin(), times.end());
    std::printf("RESULT app_start_ms %lld ms\n", static_cast<long long>(times[times.size() / 2]));
    return 0;
}
