#include "WebhookSignature.h"

#include "Crypto.h"

#include <charconv>
#include <vector>

namespace marquee {

namespace {
std::int64_t unixSeconds(Timestamp t)
{
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
} // namespace

std::string signWebhook(std::string_view secret, std::string_view payload, Timestamp signedAt)
{
    const std::string t = std::to_string(unixSeconds(signedAt));
    std::string signedText = t;
    signedText += '.';
    signedText += payload;
    return "t=" + t + ",v1=" + hmacSha256Hex(secret, signedText);
}

Result<void> verifyWebhook(std::string_view header, std::string_view payload, std::string_view secret, Timestamp now,
                           Duration tolerance)
{
    if (secret.empty())
        return fail(ErrorCode::InvalidArgument,
                    "No webhook signing secret is configured; callbacks cannot be trusted.");
    std::string_view timestamp;
    std::vector<std::string_view> signatures;
    while (!header.empty()) {
        const auto comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        if (item.starts_with("t="))
            timestamp = item.substr(2);
        else if (item.starts_with("v1="))
            signatures.push_back(item.substr(3));
    }
    std::int64_t seconds = 0;
    const auto [end, error] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), seconds);
    if (timestamp.empty() || error != std::errc() || end != timestamp.data() + timestamp.size())
        return fail(ErrorCode::Unauthorized, "The callback's signature header has no valid timestamp (t=).");
    if (signatures.empty())
        return fail(ErrorCode::Unauthorized, "The callback's signature header has no v1 signature.");
    std::string signedText(timestamp);
    signedText += '.';
    signedText += payload;
    const std::string expected = hmacSha256Hex(secret, signedText);
    bool matched = false;
    for (std::string_view candidate : signatures)
        matched = equalInConstantTime(candidate, expected) || matched;
    if (!matched)
        return fail(ErrorCode::Unauthorized,
                    "The callback's signature does not match its body: it was altered or signed with another secret.");
    const auto skew = std::chrono::seconds(unixSeconds(now) - seconds);
    if (std::chrono::abs(skew) > tolerance) {
        return fail(ErrorCode::Expired,
                    "The callback was signed " + std::to_string(skew.count()) +
                        " s away from this machine's clock, more than the " +
                        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(tolerance).count()) +
                        " s allowed; it may be a replay, or a clock is wrong.");
    }
    return {};
}

} // namespace marquee
