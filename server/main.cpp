// marquee-server: the central system of record for counters, kiosks and sales channels.
// Everything is in marquee_server_core; this is only the entry point.

#include "Cli.h"

int main(int argc, char** argv)
{
    return marquee::server::runCli(std::vector<std::string>(argv + 1, argv + argc));
}
