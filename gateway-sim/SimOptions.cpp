#include "SimOptions.h"

#include <charconv>
#include <map>

namespace marquee::gatewaysim {

const char* const kSimUsage =
    R"(usage: marquee-gateway-sim [options]
A payment gateway simulator speaking the shape of Stripe's PaymentIntents API (docs/payments.md).

  --listen HOST:PORT          where to listen (default 127.0.0.1:0, any free port)
  --tls-cert FILE --tls-key FILE
                              serve HTTPS; without them plain HTTP, on a loopback address only
  --api-key KEY               the secret key clients must send as "Authorization: Bearer KEY"
                              (default sk_test_marquee_sim)
  --webhook-url URL           where events are POSTed (also settable by POST /_sim/webhook)
  --webhook-secret SECRET     the signing secret of the Stripe-Signature header (default whsec_marquee_sim)
  --webhook-ca FILE           CA to verify an https:// webhook endpoint
  --webhook-attempts N        deliveries tried per event before giving up (default 3)
  --seed N                    seed of the fail-rate dice (default 1)
Fault switches (also settable at run time by POST /_sim/faults):
  --latency-ms N  --decline-next N  --decline-code CODE  --timeout-after-success N
  --timeout-mode drop|hang  --hang-ms N  --fail-next N  --fail-status S  --fail-rate R
  --webhook-duplicates N  --webhook-delay-ms N  --webhook-delay-next N
It prints "marquee-gateway-sim: listening on http(s)://HOST:PORT" when ready; SIGTERM stops it.
)";

namespace {
Result<std::int64_t> number(const std::string& flag, const std::string& text)
{
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0)
        return fail(ErrorCode::InvalidArgument, flag + " needs a whole number, not '" + text + "'");
    return value;
}
} // namespace

Result<SimOptions> parseSimOptions(const std::vector<std::string>& args)
{
    static const std::map<std::string, std::string> kIntegerFaults = {
        {"--latency-ms", "latency_ms"},
        {"--decline-next", "decline_next"},
        {"--timeout-after-success", "timeout_after_success_next"},
        {"--hang-ms", "hang_ms"},
        {"--fail-next", "fail_next"},
        {"--fail-status", "fail_status"},
        {"--webhook-duplicates", "webhook_duplicates"},
        {"--webhook-delay-ms", "webhook_delay_ms"},
        {"--webhook-delay-next", "webhook_delay_next"}};
    SimOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (i + 1 >= args.size())
            return fail(ErrorCode::InvalidArgument, "unknown option or missing value: " + flag);
        const std::string& value = args[++i];
        if (flag == "--listen") {
            const auto colon = value.rfind(':');
            if (colon == std::string::npos)
                return fail(ErrorCode::InvalidArgument, "--listen needs HOST:PORT, not '" + value + "'");
            auto port = number(flag, value.substr(colon + 1));
            if (!port || *port > 65535)
                return fail(ErrorCode::InvalidArgument, "--listen needs a port from 0 to 65535");
            options.host = value.substr(0, colon);
            options.port = static_cast<int>(*port);
        } else if (flag == "--tls-cert") {
            options.tlsCert = value;
        } else if (flag == "--tls-key") {
            options.tlsKey = value;
        } else if (flag == "--api-key") {
            if (value.empty())
                return fail(ErrorCode::InvalidArgument, "--api-key must not be empty");
            options.apiKey = value;
        } else if (flag == "--webhook-url") {
            options.webhook.url = value;
        } else if (flag == "--webhook-secret") {
            if (value.empty())
                return fail(ErrorCode::InvalidArgument, "--webhook-secret must not be empty");
            options.webhook.secret = value;
        } else if (flag == "--webhook-ca") {
            options.webhook.caFile = value;
        } else if (flag == "--webhook-attempts") {
            auto n = number(flag, value);
            if (!n || *n < 1 || *n > 20)
                return fail(ErrorCode::InvalidArgument, "--webhook-attempts needs a number from 1 to 20");
            options.webhook.attempts = static_cast<int>(*n);
        } else if (flag == "--seed") {
            auto n = number(flag, value);
            if (!n)
                return errorOf(n);
            options.seed = static_cast<std::uint64_t>(*n);
        } else if (flag == "--decline-code") {
            options.faults["decline_code"] = value;
        } else if (flag == "--timeout-mode") {
            options.faults["timeout_mode"] = value;
        } else if (flag == "--fail-rate") {
            char* end = nullptr;
            const double rate = std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0')
                return fail(ErrorCode::InvalidArgument, "--fail-rate needs a number from 0 to 1");
            options.faults["fail_rate"] = rate;
        } else if (const auto it = kIntegerFaults.find(flag); it != kIntegerFaults.end()) {
            auto n = number(flag, value);
            if (!n)
                return errorOf(n);
            options.faults[it->second] = *n;
        } else {
            return fail(ErrorCode::InvalidArgument, "unknown option: " + flag);
        }
    }
    if (options.tlsCert.empty() != options.tlsKey.empty())
        return fail(ErrorCode::InvalidArgument, "--tls-cert and --tls-key go together");
    return options;
}

} // namespace marquee::gatewaysim
