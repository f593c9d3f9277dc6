#pragma once
// marquee-gateway-sim's command line (docs/payments.md lists every flag).

#include "Error.h"
#include "WebhookDispatcher.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace marquee::gatewaysim {

struct SimOptions
{
    std::string host = "127.0.0.1";
    int port = 0; // 0: any free port
    std::string tlsCert;
    std::string tlsKey;
    std::string apiKey = "sk_test_marquee_sim"; // the secret key clients send as a Bearer token
    WebhookSettings webhook{
        .url = {}, .secret = "whsec_marquee_sim", .caFile = {}, .attempts = 3, .backoff = Duration(200)};
    nlohmann::json faults = nlohmann::json::object(); // applied at start, as POST /_sim/faults would
    std::uint64_t seed = 1;
    int threads = 16;

    bool tls() const { return !tlsCert.empty(); }
};

extern const char* const kSimUsage;

// Fails with a sentence naming the flag that is wrong.
Result<SimOptions> parseSimOptions(const std::vector<std::string>& args);

} // namespace marquee::gatewaysim
