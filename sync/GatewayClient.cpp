#include "GatewayClient.h"

#include "CurlTransport.h"

#include <QLoggingCategory>
#include <algorithm>
#include <cctype>
#include <charconv>

Q_LOGGING_CATEGORY(lcSyncGateway, "marquee.sync.gateway")

namespace marquee {

namespace {
// Gateway object ids are letters, digits and underscores ("pi_3Q..."); anything else would
// let a stored value rewrite the request path.
bool isObjectId(const std::string& id)
{
    return !id.empty() && id.size() <= 255 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

GatewayResult refused(std::string message)
{
    GatewayResult result;
    result.outcome = GatewayOutcome::Failed;
    result.message = std::move(message);
    return result;
}

std::string lowerCurrency(const Money& amount)
{
    std::string code(amount.currency().code());
    for (char& c : code)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return code;
}

std::optional<Duration> retryAfterOf(const HttpResponse& response)
{
    const auto header = response.headers.find("Retry-After");
    if (!header)
        return std::nullopt;
    long long seconds = 0;
    const auto [end, error] = std::from_chars(header->data(), header->data() + header->size(), seconds);
    if (error != std::errc() || end != header->data() + header->size() || seconds < 0)
        return std::nullopt;
    return std::chrono::duration_cast<Duration>(std::chrono::seconds(seconds));
}
} // namespace

Result<std::unique_ptr<GatewayClient>> GatewayClient::create(const GatewayConfig& config)
{
    if (config.secretKey.empty())
        return fail(ErrorCode::InvalidArgument, "No secret key is configured for the card gateway.");
    CurlTransportOptions options;
    options.baseUrl = config.baseUrl;
    options.caFile = config.caFile;
    options.pinnedPublicKey = config.pinnedPublicKey;
    options.connectTimeout = config.connectTimeout;
    options.totalTimeout = config.totalTimeout;
    options.allowInsecureHttp = config.allowInsecureHttp;
    auto transport = CurlTransport::create(std::move(options));
    if (!transport)
        return errorOf(transport);
    auto client = std::make_unique<GatewayClient>(**transport, config.secretKey);
    client->m_ownedTransport = std::move(*transport);
    return client;
}

GatewayClient::GatewayClient(Transport& transport, std::string secretKey)
    : m_transport(transport)
    , m_secretKey(std::move(secretKey))
{
}

GatewayClient::~GatewayClient() = default;

GatewayResult GatewayClient::exchange(const char* operation, HttpRequest request)
{
    request.headers.add("Authorization", "Bearer " + m_secretKey);
    auto response = m_transport.send(request);
    GatewayResult result = response ? classifyGatewayAnswer(response->status, response->body,
                                                            response->headers.find("Idempotent-Replayed") == "true",
                                                            retryAfterOf(*response))
                                    : gatewayNoAnswer(response.error());
    const std::string id = result.intent ? result.intent->id : (result.refund ? result.refund->id : std::string());
    qCInfo(lcSyncGateway).noquote() << operation << id.c_str() << "->" << nameOf(result.outcome).data()
                                    << result.httpStatus << result.errorCode.c_str() << result.declineCode.c_str()
                                    << (result.replayed ? "(replayed)" : "");
    return result;
}

GatewayResult GatewayClient::post(const char* operation, const std::string& path,
                                  const std::vector<std::pair<std::string, std::string>>& fields,
                                  const std::string& key)
{
    // Without a key a retry could charge twice; refuse rather than send.
    if (key.empty() || key.size() > 255)
        return refused("Every gateway call needs an idempotency key of 1 to 255 characters, made when the payment "
                       "step was recorded.");
    HttpRequest request;
    request.method = "POST";
    request.path = path;
    request.headers.add("Idempotency-Key", key);
    request.headers.add("Content-Type", "application/x-www-form-urlencoded");
    request.body = formEncode(fields);
    return exchange(operation, std::move(request));
}

GatewayResult GatewayClient::createIntent(const Money& amount, const std::map<std::string, std::string>& metadata,
                                          const std::string& idempotencyKey)
{
    if (amount.minor() <= 0 || !amount.currency().isValid())
        return refused("A card payment needs a positive amount in a known currency.");
    std::vector<std::pair<std::string, std::string>> fields = {
        {"amount", std::to_string(amount.minor())}, {"currency", lowerCurrency(amount)}, {"capture_method", "manual"}};
    for (const auto& [name, value] : metadata)
        fields.emplace_back("metadata[" + name + "]", value);
    return post("create", "/v1/payment_intents", fields, idempotencyKey);
}

GatewayResult GatewayClient::confirm(const std::string& intentId, const std::string& paymentMethod,
                                     const std::string& idempotencyKey)
{
    if (!isObjectId(intentId))
        return refused("'" + intentId + "' is not a gateway payment id.");
    if (paymentMethod.empty())
        return refused("No card was given to authorize the payment with.");
    return post("confirm", "/v1/payment_intents/" + intentId + "/confirm", {{"payment_method", paymentMethod}},
                idempotencyKey);
}

GatewayResult GatewayClient::capture(const std::string& intentId, std::optional<std::int64_t> amountMinor,
                                     const std::string& idempotencyKey)
{
    if (!isObjectId(intentId))
        return refused("'" + intentId + "' is not a gateway payment id.");
    std::vector<std::pair<std::string, std::string>> fields;
    if (amountMinor)
        fields.emplace_back("amount_to_capture", std::to_string(*amountMinor));
    return post("capture", "/v1/payment_intents/" + intentId + "/capture", fields, idempotencyKey);
}

GatewayResult GatewayClient::cancel(const std::string& intentId, const std::string& idempotencyKey,
                                    const std::string& reason)
{
    if (!isObjectId(intentId))
        return refused("'" + intentId + "' is not a gateway payment id.");
    std::vector<std::pair<std::string, std::string>> fields;
    if (!reason.empty())
        fields.emplace_back("cancellation_reason", reason);
    return post("cancel", "/v1/payment_intents/" + intentId + "/cancel", fields, idempotencyKey);
}

GatewayResult GatewayClient::refund(const std::string& intentId, std::optional<std::int64_t> amountMinor,
                                    const std::string& idempotencyKey,
                                    const std::map<std::string, std::string>& metadata)
{
    if (!isObjectId(intentId))
        return refused("'" + intentId + "' is not a gateway payment id.");
    std::vector<std::pair<std::string, std::string>> fields = {{"payment_intent", intentId}};
    if (amountMinor)
        fields.emplace_back("amount", std::to_string(*amountMinor));
    for (const auto& [name, value] : metadata)
        fields.emplace_back("metadata[" + name + "]", value);
    return post("refund", "/v1/refunds", fields, idempotencyKey);
}

GatewayResult GatewayClient::retrieve(const std::string& intentId)
{
    if (!isObjectId(intentId))
        return refused("'" + intentId + "' is not a gateway payment id.");
    HttpRequest request;
    request.path = "/v1/payment_intents/" + intentId;
    return exchange("retrieve", std::move(request));
}

} // namespace marquee
