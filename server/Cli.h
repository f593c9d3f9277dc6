#pragma once
// The admin command line of marquee-server: migrate, serve, device add|list|revoke,
// catalog import, reconcile. Bad flags or an unreachable database give one clear line on
// stderr and a non-zero exit (2 for usage, 1 for everything else).

#include <string>
#include <vector>

namespace marquee::server {

int runCli(const std::vector<std::string>& args);

} // namespace marquee::server
