#pragma once
// Signed payment-gateway callbacks, in the scheme of Stripe's `Stripe-Signature` header:
//   Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// The timestamp is inside the MAC, so a captured callback cannot be replayed later than the
// tolerance; several v1 entries may be present while a secret is being rotated, and any one
// matching is enough. The gateway simulator signs with signWebhook, receivers check with
// verifyWebhook. Qt-free and network-free: the counter and the server can both use it.

#include "Clock.h"
#include "Error.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace marquee {

inline constexpr std::string_view kWebhookSignatureHeader = "Stripe-Signature";
inline constexpr Duration kWebhookTolerance = std::chrono::minutes(5);

// The header value for `payload` signed at `signedAt` (whole seconds are used).
std::string signWebhook(std::string_view secret, std::string_view payload, Timestamp signedAt);

// Checks a header against the raw body as received (before any JSON parsing). Fails with
// Unauthorized and a sentence when the header is missing parts or no v1 signature matches,
// and with Expired when the timestamp is further than `tolerance` from `now` either way.
Result<void> verifyWebhook(std::string_view header, std::string_view payload, std::string_view secret, Timestamp now,
                           Duration tolerance = kWebhookTolerance);

} // namespace marquee
