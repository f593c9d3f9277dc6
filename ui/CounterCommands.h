#pragma once
// The counter's command line for automation, run before any window exists:
//   marquee report x|z --date YYYY-MM-DD [--pdf FILE] [--csv FILE] [--database FILE]
//   marquee audit verify [--database FILE]
//   marquee staff add NAME cashier|supervisor|manager [--database FILE]   (PIN on stdin)
// A Z-report that exists is printed again as it was made; one that does not closes the
// day, which needs `--manager NAME` and that manager's PIN on standard input. Exit status:
// 0 done, 1 refused or failed (the one line on stderr says why), 2 bad usage.

#include <QStringList>

class QTextStream;

namespace marquee {

class CounterCommands
{
public:
    // True when argv names a command (report, audit, staff) rather than the app's options.
    static bool isCommand(const QStringList& arguments);
    // `arguments` as QCoreApplication::arguments(); `in` gives PINs.
    static int run(const QStringList& arguments, QTextStream& in, QTextStream& out, QTextStream& err);
};

} // namespace marquee
