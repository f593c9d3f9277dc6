#pragma once
// Everything `marquee-server serve` can be told on its command line, with the defaults
// documented in docs/api.md.

#include "GatewayRefunds.h"
#include "HoldService.h"

#include <chrono>
#include <cstddef>
#include <string>

namespace marquee::server {

struct ServerOptions
{
    std::string databaseUrl;
    std::string host = "127.0.0.1";
    int port = 8443;
    std::string tlsCert;
    std::string tlsKey;
    bool insecureHttp = false;

    int poolSize = 16;
    int threads = 96;                   // HTTP workers; one per kept-alive connection
    std::size_t maxBodyBytes = 1 << 20; // 1 MiB
    double deviceRate = 50;             // requests per second per device (0: off)
    double deviceBurst = 100;
    double showRate = 500; // holds/bookings per second per show (0: off)
    double showBurst = 1000;
    HoldLimits holds;
    std::chrono::seconds keyRetention{24 * 3600};
    std::chrono::milliseconds sweepInterval{5000};
    std::chrono::minutes businessDayCutoff{6 * 60};
    std::chrono::milliseconds authCache{2000}; // how long a token lookup is reused
    // Reconcile (card payments against bookings) runs every reconcileEvery (0: never), with
    // refunds only when a gateway is configured.
    GatewayOptions gateway;
    std::chrono::seconds reconcileEvery{300};
    std::chrono::seconds reconcileGrace{1800};
};

} // namespace marquee::server
