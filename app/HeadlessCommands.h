#pragma once
// The command-line actions of `marquee` that need no window: --version, --backup FILE and
// --restore FILE. They run before any QApplication exists, so they also work from a cron
// job or an ssh session on a counter with no display.

#include <optional>

namespace marquee {

// The exit code when the command line asks for one of these actions, nothing otherwise.
std::optional<int> runHeadlessCommand(int argc, char* argv[]);

} // namespace marquee
