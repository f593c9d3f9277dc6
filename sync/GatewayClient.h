#pragma once
// The counter's client of a card gateway that speaks the shape of Stripe's PaymentIntents
// API (docs/payments.md): create an intent, confirm it with a card (authorize), capture,
// cancel (void), refund, and read its status. Pointing it at marquee-gateway-sim or at a real
// Stripe-shaped acquirer is only configuration: a base URL, a secret key, a CA.
//
// Every POST carries an Idempotency-Key that the caller made when it recorded the payment
// step, so a retry after a timeout, a crash or a double click is the same request: the
// gateway answers it from its idempotency store and never charges twice. Answers are
// classified as in GatewayProtocol.h; an Unknown outcome is resolved by sending the same
// call with the same key again, or by retrieve().
//
// Thread rule: as its Transport; with create() it owns a CurlTransport, so one GatewayClient
// per thread, and every call blocks (run it on a worker thread, never the UI thread).
// Logging (marquee.sync.gateway): operation, intent id, outcome and codes; never the key.

#include "GatewayProtocol.h"
#include "Money.h"
#include "Transport.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace marquee {

struct GatewayConfig
{
    std::string baseUrl;   // "https://api.stripe.com" or the simulator's "https://127.0.0.1:8443"
    std::string secretKey; // sent as "Authorization: Bearer <key>"
    std::string caFile;    // CA that signed the gateway's certificate (https)
    std::string pinnedPublicKey;
    Duration connectTimeout{5'000};
    Duration totalTimeout{20'000};  // per call; a call that runs out is Unknown, not failed
    bool allowInsecureHttp = false; // tests on loopback only
};

class GatewayClient
{
public:
    // A client over its own CurlTransport; fails when the configuration cannot work.
    static Result<std::unique_ptr<GatewayClient>> create(const GatewayConfig& config);
    // A client over a transport the caller owns (and keeps alive).
    GatewayClient(Transport& transport, std::string secretKey);
    ~GatewayClient();
    GatewayClient(const GatewayClient&) = delete;
    GatewayClient& operator=(const GatewayClient&) = delete;

    // capture_method=manual: confirm() only authorizes; capture() takes the money.
    GatewayResult createIntent(const Money& amount, const std::map<std::string, std::string>& metadata,
                               const std::string& idempotencyKey);
    // Authorizes with a card: a payment method id or token ("pm_card_visa", "tok_visa").
    GatewayResult confirm(const std::string& intentId, const std::string& paymentMethod,
                          const std::string& idempotencyKey);
    // The whole authorized amount, or part of it (the rest is released).
    GatewayResult capture(const std::string& intentId, std::optional<std::int64_t> amountMinor,
                          const std::string& idempotencyKey);
    GatewayResult cancel(const std::string& intentId, const std::string& idempotencyKey,
                         const std::string& reason = "abandoned");
    // All that is left unrefunded, or part of it.
    GatewayResult refund(const std::string& intentId, std::optional<std::int64_t> amountMinor,
                         const std::string& idempotencyKey, const std::map<std::string, std::string>& metadata = {});
    GatewayResult retrieve(const std::string& intentId);

private:
    GatewayResult post(const char* operation, const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& fields, const std::string& key);
    GatewayResult exchange(const char* operation, HttpRequest request);

    std::unique_ptr<Transport> m_ownedTransport;
    Transport& m_transport;
    std::string m_secretKey;
};

} // namespace marquee
