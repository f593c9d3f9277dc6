// Latency of the gateway card steps against marquee-gateway-sim over loopback (plain HTTP,
// one kept-alive connection), so the sale flow's budget for a card payment is known.

#include "GatewayCardProvider.h"
#include "GatewaySimHarness.h"
#include "Uuid.h"

#include <QLoggingCategory>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace marquee;
using namespace marquee::test;

namespace {
double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    return values[index];
}

double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

int main()
{
    QLoggingCategory::setFilterRules(QStringLiteral("marquee.*=false")); // a line per call would be the cost measured
    GatewaySimProcess sim;
    if (!sim.start()) {
        std::fprintf(stderr, "the simulator did not start: %s\n", sim.log().c_str());
        return 1;
    }
    GatewayConfig config;
    config.baseUrl = sim.baseUrl();
    config.secretKey = kSimApiKey;
    config.allowInsecureHttp = true;
    auto client = GatewayClient::create(config);
    if (!client) {
        std::fprintf(stderr, "%s\n", client.error().message.c_str());
        return 1;
    }
    GatewayCardProvider provider(**client);
    const Currency inr = *Currency::fromCode("INR");

    constexpr int kRounds = 400;
    std::vector<double> authorize, capture, replay;
    const auto total = std::chrono::steady_clock::now();
    for (int i = 0; i < kRounds; ++i) {
        AuthorizeRequest request;
        request.paymentId = newUuid();
        request.amount = Money(45000, inr);
        request.card = "pm_card_visa";
        const std::string key = newUuid();
        auto start = std::chrono::steady_clock::now();
        const PaymentResult authorized = provider.authorize(request, key);
        authorize.push_back(msSince(start));
        start = std::chrono::steady_clock::now();
        const PaymentResult again = provider.authorize(request, key);
        replay.push_back(msSince(start));
        start = std::chrono::steady_clock::now();
        const PaymentResult captured = provider.capture(authorized.reference, request.amount, newUuid());
        capture.push_back(msSince(start));
        if (!authorized.approved() || !again.replayed || !captured.approved()) {
            std::fprintf(stderr, "round %d went wrong: %s\n", i, captured.message.c_str());
            return 1;
        }
    }
    const double seconds = msSince(total) / 1000.0;
    std::printf("RESULT gateway_authorize_median_ms %.3f ms\n", percentile(authorize, 0.5));
    std::printf("RESULT gateway_authorize_p99_ms %.3f ms\n", percentile(authorize, 0.99));
    std::printf("RESULT gateway_capture_median_ms %.3f ms\n", percentile(capture, 0.5));
    std::printf("RESULT gateway_replayed_authorize_median_ms %.3f ms\n", percentile(replay, 0.5));
    std::printf("RESULT gateway_card_payments_per_s %.1f payments/s\n", kRounds / seconds);
    return 0;
}
