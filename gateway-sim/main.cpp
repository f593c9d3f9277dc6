// marquee-gateway-sim: a payment gateway simulator for tests and the demo. Everything is in
// marquee_gateway_sim_core; this is only the entry point.

#include "GatewaySim.h"

#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <thread>

using namespace marquee::gatewaysim;

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::fputs(kSimUsage, stdout);
        return 0;
    }
    auto options = parseSimOptions(args);
    if (!options) {
        std::fprintf(stderr, "marquee-gateway-sim: %s\n%s", options.error().message.c_str(), kSimUsage);
        return 2;
    }
    // Signals are taken by one thread with sigwait, so no other thread ever sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    const bool tls = options->tls();
    const std::string host = options->host;
    auto sim = GatewaySim::create(std::move(*options));
    if (!sim) {
        std::fprintf(stderr, "marquee-gateway-sim: %s\n", sim.error().message.c_str());
        return 1;
    }
    auto port = (*sim)->bind();
    if (!port) {
        std::fprintf(stderr, "marquee-gateway-sim: %s\n", port.error().message.c_str());
        return 1;
    }
    std::printf("marquee-gateway-sim: listening on %s://%s:%d\n", tls ? "https" : "http", host.c_str(), *port);
    std::fflush(stdout);

    std::thread waiter([&] {
        int received = 0;
        sigwait(&signals, &received);
        (*sim)->stop();
    });
    (*sim)->run();
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return 0;
}
