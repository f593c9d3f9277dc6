#pragma once
// The server's one way of moving money: refunds at a Stripe-shaped card gateway, for
// `marquee-server reconcile` (a capture that no booking claims goes back to the card).
// A refund carries an Idempotency-Key made from our payment intent id, so however often
// reconcile runs, and whatever the network loses, the gateway refunds once: a repeat gets
// the stored answer back (Idempotent-Replayed). Answers are read with the same rule as the
// counter's GatewayClient (models/GatewayProtocol). Speaks HTTPS (cpp-httplib over OpenSSL);
// plain HTTP only to a loopback address, for the simulator in tests.
// Threading: one instance per thread.

#include "Error.h"
#include "GatewayProtocol.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace httplib {
class Client;
}

namespace marquee::server {

struct GatewayOptions
{
    std::string baseUrl;   // "https://api.stripe.com", or "http://127.0.0.1:PORT" for the simulator
    std::string secretKey; // sent as "Authorization: Bearer <key>"
    std::string caFile;    // CA that signs the gateway's certificate; empty: the system's CAs
    std::chrono::seconds connectTimeout{5};
    std::chrono::seconds timeout{20}; // per read or write; a refund that runs out is Unknown

    bool configured() const { return !baseUrl.empty(); }
};

class GatewayRefunds
{
public:
    // Fails when the options cannot work (no key, not http(s), plain HTTP off loopback).
    static Result<std::unique_ptr<GatewayRefunds>> create(const GatewayOptions& options);
    ~GatewayRefunds();
    GatewayRefunds(const GatewayRefunds&) = delete;
    GatewayRefunds& operator=(const GatewayRefunds&) = delete;

    // The key reconcile refunds intent `intentId` under: the same on every run.
    static std::string refundKey(const std::string& intentId);
    // Whether `id` looks like a gateway object id (letters, digits, underscores), so a stored
    // value can never rewrite a request path.
    static bool isObjectId(const std::string& id);

    // Refunds what is left of gateway payment `gatewayIntentId` (all of it, as nothing else
    // refunds a capture without a booking) under `idempotencyKey`.
    GatewayResult refundAll(const std::string& gatewayIntentId, const std::string& idempotencyKey,
                            const std::map<std::string, std::string>& metadata);

private:
    explicit GatewayRefunds(GatewayOptions options);
    GatewayOptions m_options;
    std::unique_ptr<httplib::Client> m_client;
};

} // namespace marquee::server
