#include "ServerApi.h"

#include <nlohmann/json.hpp>

namespace marquee {

namespace {

constexpr std::string_view kJson = "application/json";

std::int64_t millis(Duration d)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

Result<nlohmann::json> parseBody(const HttpResponse& response, std::string_view what)
{
    auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return fail(ErrorCode::ParseError, "the server's answer to " + std::string(what) + " is not JSON");
    }
    return json;
}

template <typename T> Result<T> field(const nlohmann::json& json, const char* name, std::string_view what)
{
    auto it = json.find(name);
    if (it == json.end()) {
        return fail(ErrorCode::ParseError, "the server's answer to " + std::string(what) + " has no '" + name + "'");
    }
    try {
        return it->get<T>();
    } catch (const nlohmann::json::exception&) {
        return fail(ErrorCode::ParseError, "the server's answer to " + std::string(what) + " has a bad '" + name + "'");
    }
}

Result<Timestamp> timeField(const nlohmann::json& json, const char* name, std::string_view what)
{
    auto text = field<std::string>(json, name, what);
    if (!text)
        return errorOf(text);
    return parseIso8601(*text);
}

bool retryable(int status)
{
    return status == 429 || status >= 500;
}

} // namespace

void ServerClock::observe(Timestamp localBefore, Timestamp localAfter, Timestamp serverDate)
{
    // The Date header truncates to the second: the server's clock read somewhere in
    // [serverDate, serverDate + 1 s) while we waited between localBefore and localAfter.
    const Timestamp serverMid = serverDate + std::chrono::milliseconds(500);
    const Timestamp localMid = localBefore + (localAfter - localBefore) / 2;
    const std::int64_t offset = millis(serverMid - localMid);
    const std::int64_t uncertainty = 500 + millis(localAfter - localBefore) / 2 + 1;
    // A tighter observation replaces a looser one; an old estimate slowly loosens so that
    // a clock that jumped is followed.
    const std::int64_t previous = m_uncertaintyMs.load();
    if (!m_known.load() || uncertainty <= previous + 250) {
        m_offsetMs.store(offset);
        m_uncertaintyMs.store(uncertainty);
        m_known.store(true);
    } else {
        m_uncertaintyMs.store(previous + 250);
    }
}

ServerApi::ServerApi(std::unique_ptr<Transport> transport, std::string token, const Clock& clock,
                     std::shared_ptr<ServerClock> serverClock)
    : m_transport(std::move(transport))
    , m_token(std::move(token))
    , m_clock(clock)
    , m_serverClock(serverClock ? std::move(serverClock) : std::make_shared<ServerClock>())
{
}

Result<HttpResponse> ServerApi::exchange(HttpRequest request)
{
    request.headers.add("Authorization", "Bearer " + m_token);
    request.headers.add("Accept", std::string(kJson));
    if (!request.body.empty())
        request.headers.add("Content-Type", std::string(kJson));
    const Timestamp before = m_clock.now();
    auto response = m_transport->send(request);
    if (response && response->serverDate)
        m_serverClock->observe(before, m_clock.now(), *response->serverDate);
    return response;
}

std::string problemCode(const std::string& body)
{
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_object()) {
        if (auto it = json.find("code"); it != json.end() && it->is_string())
            return it->get<std::string>();
    }
    return {};
}

Error problemError(int status, const std::string& body)
{
    std::string detail;
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_object()) {
        if (auto it = json.find("detail"); it != json.end() && it->is_string())
            detail = it->get<std::string>();
    }
    if (detail.empty())
        detail = "the server answered " + std::to_string(status);
    const ErrorCode code = retryable(status) ? ErrorCode::Network
                           : status == 409   ? ErrorCode::Conflict
                           : status == 404   ? ErrorCode::NotFound
                           : status == 401   ? ErrorCode::Unauthorized
                           : status == 403   ? ErrorCode::Forbidden
                                             : ErrorCode::InvalidArgument;
    return Error{code, detail};
}

Result<ServerHoldAnswer> ServerApi::hold(const std::string& showId, const std::vector<std::string>& seats, Duration ttl,
                                         const std::string& idempotencyKey, const std::string& replacesHoldId)
{
    HttpRequest request{"POST", "/v1/holds", {}, {}};
    request.headers.add("Idempotency-Key", idempotencyKey);
    nlohmann::json body = {{"show_id", showId},
                           {"seats", seats},
                           {"ttl_s", std::chrono::duration_cast<std::chrono::seconds>(ttl).count()}};
    if (!replacesHoldId.empty())
        body["replaces_hold_id"] = replacesHoldId;
    request.body = body.dump();
    auto response = exchange(std::move(request));
    if (!response)
        return errorOf(response);
    if (!replacesHoldId.empty()) {
        const std::string code = problemCode(response->body);
        if ((response->status == 409 && code == "replaced_hold_not_held") ||
            (response->status == 422 && code == "unknown_replaced_hold")) {
            ServerHoldAnswer gone;
            gone.replacedHoldGone = true;
            return gone;
        }
    }
    if (response->status == 409 && problemCode(response->body) == "seats_unavailable") {
        auto json = parseBody(*response, "a hold");
        if (!json)
            return errorOf(json);
        auto taken = field<std::vector<std::string>>(*json, "unavailable_seats", "a hold");
        if (!taken)
            return errorOf(taken);
        return ServerHoldAnswer{std::nullopt, *taken};
    }
    if (response->status != 201 && response->status != 200)
        return std::unexpected(problemError(response->status, response->body));
    auto json = parseBody(*response, "a hold");
    if (!json)
        return errorOf(json);
    auto id = field<std::string>(*json, "hold_id", "a hold");
    auto expires = timeField(*json, "expires_at", "a hold");
    if (!id)
        return errorOf(id);
    if (!expires)
        return errorOf(expires);
    return ServerHoldAnswer{ServerHoldMirror{*id, *expires}, {}};
}

Result<void> ServerApi::release(const std::string& holdId)
{
    auto response = exchange(HttpRequest{"DELETE", "/v1/holds/" + holdId, {}, {}});
    if (!response)
        return errorOf(response);
    if (response->status != 204 && response->status != 200)
        return std::unexpected(problemError(response->status, response->body));
    return {};
}

Result<Lease> ServerApi::lease(const std::string& showId, int count, Duration length, const std::string& idempotencyKey)
{
    HttpRequest request{"POST", "/v1/allotments", {}, {}};
    request.headers.add("Idempotency-Key", idempotencyKey);
    request.body = nlohmann::json{{"show_id", showId},
                                  {"count", count},
                                  {"lease_s", std::chrono::duration_cast<std::chrono::seconds>(length).count()}}
                       .dump();
    const Timestamp asked = m_clock.now();
    auto response = exchange(std::move(request));
    if (!response)
        return errorOf(response);
    if (response->status != 201 && response->status != 200)
        return std::unexpected(problemError(response->status, response->body));
    auto json = parseBody(*response, "an allotment");
    if (!json)
        return errorOf(json);
    auto id = field<std::string>(*json, "allotment_id", "an allotment");
    auto seats = field<std::vector<std::string>>(*json, "seats", "an allotment");
    auto expires = timeField(*json, "lease_expires_at", "an allotment");
    if (!id)
        return errorOf(id);
    if (!seats)
        return errorOf(seats);
    if (!expires)
        return errorOf(expires);
    return Lease{*id, showId, *seats, asked, *expires};
}

Result<void> ServerApi::returnLease(const std::string& allotmentId)
{
    auto response = exchange(HttpRequest{"DELETE", "/v1/allotments/" + allotmentId, {}, {}});
    if (!response)
        return errorOf(response);
    if (response->status != 204 && response->status != 200)
        return std::unexpected(problemError(response->status, response->body));
    return {};
}

Result<SeatDelta> ServerApi::seats(const std::string& showId, std::optional<std::int64_t> since)
{
    std::string path = "/v1/shows/" + showId + "/seats";
    if (since)
        path += "?since=" + std::to_string(*since);
    auto response = exchange(HttpRequest{"GET", path, {}, {}});
    if (!response)
        return errorOf(response);
    if (response->status != 200)
        return std::unexpected(problemError(response->status, response->body));
    auto json = parseBody(*response, "a seat map");
    if (!json)
        return errorOf(json);
    SeatDelta delta;
    auto version = field<std::int64_t>(*json, "version", "a seat map");
    if (!version)
        return errorOf(version);
    delta.version = *version;
    delta.snapshot = json->value("snapshot", false);
    auto list = json->find("seats");
    if (list == json->end() || !list->is_array())
        return fail(ErrorCode::ParseError, "the server's seat map has no seat list");
    for (const auto& seat : *list) {
        auto id = field<std::string>(seat, "seat", "a seat map");
        auto state = field<std::string>(seat, "state", "a seat map");
        if (!id)
            return errorOf(id);
        if (!state)
            return errorOf(state);
        delta.seats.emplace_back(*id, *state);
    }
    return delta;
}

Result<CatalogAnswer> ServerApi::catalog(const std::string& etag)
{
    HttpRequest request{"GET", "/v1/catalog", {}, {}};
    if (!etag.empty())
        request.headers.add("If-None-Match", etag);
    auto response = exchange(std::move(request));
    if (!response)
        return errorOf(response);
    if (response->status == 304)
        return CatalogAnswer{true, etag, {}};
    if (response->status != 200)
        return std::unexpected(problemError(response->status, response->body));
    return CatalogAnswer{false, response->headers.find("ETag").value_or(""), std::move(response->body)};
}

Result<ChainDailyReport> ServerApi::dailyReport(const std::string& businessDate)
{
    static constexpr std::string_view what = "the daily report";
    auto response = exchange(HttpRequest{"GET", "/v1/reports/daily?business_date=" + businessDate, {}, {}});
    if (!response)
        return errorOf(response);
    if (response->status != 200)
        return std::unexpected(problemError(response->status, response->body));
    auto json = parseBody(*response, what);
    if (!json)
        return errorOf(json);
    ChainDailyReport report;
    auto date = field<std::string>(*json, "business_date", what);
    auto currency = field<std::string>(*json, "currency", what);
    auto totals = field<nlohmann::json>(*json, "totals", what);
    auto shows = field<nlohmann::json>(*json, "shows", what);
    auto payments = field<nlohmann::json>(*json, "payments", what);
    if (!date || !currency || !totals || !shows || !payments || !totals->is_object() || !shows->is_array() ||
        !payments->is_array())
        return fail(ErrorCode::ParseError, "the server's answer to the daily report is incomplete");
    report.businessDate = *date;
    report.currency = *currency;
    auto number = [&](const nlohmann::json& object, const char* name) -> Result<std::int64_t> {
        return field<std::int64_t>(object, name, what);
    };
    auto tickets = number(*totals, "tickets");
    auto gross = number(*totals, "gross_minor");
    auto tax = number(*totals, "tax_minor");
    auto refunded = number(*totals, "refunded_minor");
    auto net = number(*totals, "net_minor");
    if (!tickets || !gross || !tax || !refunded || !net)
        return fail(ErrorCode::ParseError, "the server's daily report has incomplete totals");
    report.tickets = *tickets;
    report.grossMinor = *gross;
    report.taxMinor = *tax;
    report.refundedMinor = *refunded;
    report.netMinor = *net;
    for (const auto& show : *shows) {
        auto id = field<std::string>(show, "show_id", what);
        auto count = number(show, "tickets");
        auto showGross = number(show, "gross_minor");
        auto showTax = number(show, "tax_minor");
        if (!id || !count || !showGross || !showTax)
            return fail(ErrorCode::ParseError, "the server's daily report has an incomplete show");
        report.shows.push_back({*id, *count, *showGross, *showTax, 0, 0});
    }
    for (const auto& payment : *payments) {
        auto method = field<std::string>(payment, "method", what);
        auto count = number(payment, "count");
        auto amount = number(payment, "amount_minor");
        auto back = number(payment, "refunded_minor");
        auto left = number(payment, "net_minor");
        if (!method || !count || !amount || !back || !left)
            return fail(ErrorCode::ParseError, "the server's daily report has an incomplete payment method");
        report.payments.push_back({*method, *count, *amount, 0, *back, *left});
    }
    return report;
}

Result<bool> ServerApi::health()
{
    auto response = exchange(HttpRequest{"GET", "/v1/health", {}, {}});
    if (!response)
        return errorOf(response);
    return response->status == 200;
}

Result<HttpResponse> ServerApi::send(const OutboxItem& item)
{
    HttpRequest request{item.method, item.path, {}, item.body};
    request.headers.add("Idempotency-Key", item.idempotencyKey);
    return exchange(std::move(request));
}

Result<std::vector<ServerApi::ItemAnswer>> ServerApi::sendBookings(const std::vector<OutboxItem>& items)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto& item : items) {
        auto booking = nlohmann::json::parse(item.body, nullptr, false);
        if (booking.is_discarded())
            return fail(ErrorCode::InvalidArgument, "outbox row " + std::to_string(item.seq) + " is not JSON");
        list.push_back({{"idempotency_key", item.idempotencyKey}, {"booking", std::move(booking)}});
    }
    HttpRequest request{"POST", "/v1/bookings:batch", {}, nlohmann::json{{"items", std::move(list)}}.dump()};
    auto response = exchange(std::move(request));
    if (!response)
        return errorOf(response);
    if (response->status != 200)
        return std::unexpected(problemError(response->status, response->body));
    auto json = parseBody(*response, "a batch of bookings");
    if (!json)
        return errorOf(json);
    auto results = json->find("results");
    if (results == json->end() || !results->is_array() || results->size() != items.size())
        return fail(ErrorCode::ParseError, "the server's answer to a batch has not one result per booking");
    std::vector<ItemAnswer> answers;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& result = (*results)[i];
        if (result.value("idempotency_key", std::string()) != items[i].idempotencyKey)
            return fail(ErrorCode::ParseError, "the server's answer to a batch is out of order");
        answers.push_back({result.value("status", 0), result.contains("body") ? result["body"].dump() : "{}"});
    }
    return answers;
}

} // namespace marquee
