#include "GatewaySim.h"

#include <cstdio>
#include <httplib.h>

namespace marquee::gatewaysim {

namespace {

bool isLoopback(const std::string& host)
{
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string formDecode(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

Params parseForm(std::string_view body)
{
    Params params;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        params[formDecode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : formDecode(pair.substr(eq + 1));
    }
    return params;
}

// {"metadata": {"a": "b"}, "amount": 100} -> metadata[a]=b, amount=100: the form names.
bool flattenJson(const nlohmann::json& value, const std::string& name, Params& out)
{
    if (value.is_object()) {
        for (const auto& [key, inner] : value.items()) {
            if (!flattenJson(inner, name.empty() ? key : name + "[" + key + "]", out))
                return false;
        }
        return true;
    }
    if (name.empty())
        return false;
    if (value.is_string())
        out[name] = value.get<std::string>();
    else if (value.is_boolean())
        out[name] = value.get<bool>() ? "true" : "false";
    else if (value.is_null())
        out[name] = "";
    else if (value.is_number_integer())
        out[name] = std::to_string(value.get<std::int64_t>());
    else
        out[name] = value.dump(); // a fraction or an array: the operation refuses it by name
    return true;
}

std::string fingerprint(const httplib::Request& request, const Params& params)
{
    std::string text = request.method + " " + request.path + "\n";
    for (const auto& [name, value] : params)
        text += name + "=" + value + "\n";
    return text;
}

} // namespace

Result<std::unique_ptr<GatewaySim>> GatewaySim::create(SimOptions options)
{
    if (!options.tls() && !isLoopback(options.host)) {
        return fail(ErrorCode::Insecure, "plain HTTP is only allowed on a loopback address; give --tls-cert and "
                                         "--tls-key to listen on " +
                                             options.host);
    }
    std::unique_ptr<GatewaySim> sim(new GatewaySim(std::move(options)));
    if (!sim->m_http->is_valid())
        return fail(ErrorCode::InvalidArgument, "the TLS certificate or key could not be loaded");
    if (auto faults = sim->m_faults.update(sim->m_options.faults); !faults)
        return fail(ErrorCode::InvalidArgument, "bad fault switch: " + faults.error().message);
    return sim;
}

GatewaySim::GatewaySim(SimOptions options)
    : m_options(std::move(options))
    , m_faults(m_options.seed)
    , m_ledger(m_clock)
    , m_webhooks(m_options.webhook)
{
    if (m_options.tls())
        m_http = std::make_unique<httplib::SSLServer>(m_options.tlsCert.c_str(), m_options.tlsKey.c_str());
    else
        m_http = std::make_unique<httplib::Server>();
    const auto threads = static_cast<std::size_t>(m_options.threads);
    m_http->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    m_http->set_tcp_nodelay(true);
    // A counter keeps one connection open (libcurl keep-alive); cpp-httplib's default closes
    // it after five requests.
    m_http->set_keep_alive_max_count(100'000);
    m_http->set_keep_alive_timeout(10);
    m_http->set_read_timeout(10, 0);
    m_http->set_write_timeout(10, 0);
    install();
}

GatewaySim::~GatewaySim()
{
    stop();
}

Result<int> GatewaySim::bind()
{
    int port = m_options.port;
    if (port == 0) {
        port = m_http->bind_to_any_port(m_options.host);
        if (port < 0)
            return fail(ErrorCode::Io, "cannot listen on " + m_options.host);
    } else if (!m_http->bind_to_port(m_options.host, port)) {
        return fail(ErrorCode::Io, "cannot listen on " + m_options.host + ":" + std::to_string(port));
    }
    return port;
}

void GatewaySim::run()
{
    m_http->listen_after_bind();
}

void GatewaySim::stop()
{
    {
        std::lock_guard lock(m_stopMutex);
        m_stopping = true;
    }
    m_stopWake.notify_all();
    if (m_http)
        m_http->stop();
}

void GatewaySim::pause(Duration duration)
{
    std::unique_lock lock(m_stopMutex);
    m_stopWake.wait_for(lock, duration, [this] { return m_stopping; });
}

void GatewaySim::send(httplib::Response& response, int status, const std::string& body)
{
    response.status = status;
    response.set_header("Request-Id", newObjectId("req"));
    response.set_content(body, "application/json");
}

void GatewaySim::logRequest(const httplib::Request& request, int status, bool replayed, const std::string& fault)
{
    std::lock_guard lock(m_logMutex);
    m_requests.push_back({{"method", request.method},
                          {"path", request.path},
                          {"idempotency_key", request.get_header_value("Idempotency-Key")},
                          {"status", status},
                          {"replayed", replayed},
                          {"fault", fault}});
}

bool GatewaySim::authorized(const httplib::Request& request, httplib::Response& response)
{
    const std::string header = request.get_header_value("Authorization");
    if (header == "Bearer " + m_options.apiKey)
        return true;
    const std::string message =
        header.empty() ? "You did not provide an API key. Provide it in the Authorization header as Bearer <key>."
                       : "Invalid API Key provided.";
    send(response, 401, stripeError(401, "invalid_request_error", "", message).body.dump());
    logRequest(request, 401, false, "");
    return false;
}

void GatewaySim::addLatency()
{
    if (const int latencyMs = m_faults.current().latencyMs; latencyMs > 0)
        pause(Duration(latencyMs));
}

// An injected failure that stands for a gateway in trouble before it did anything.
bool GatewaySim::injectedTrouble(const httplib::Request& request, httplib::Response& response)
{
    const auto failure = m_faults.takeFailure();
    if (!failure)
        return false;
    const bool rateLimited = *failure == 429;
    const SimReply reply = rateLimited ? stripeError(429, "invalid_request_error", "rate_limit",
                                                     "Too many requests hit the API too quickly.")
                                       : stripeError(*failure, "api_error", "",
                                                     "An error occurred with our connection to the card network "
                                                     "(simulated). Retry with the same Idempotency-Key.");
    send(response, reply.status, reply.body.dump());
    response.set_header("Stripe-Should-Retry", "true");
    if (rateLimited || *failure == 503)
        response.set_header("Retry-After", "1");
    logRequest(request, reply.status, false, "fail");
    return true;
}

void GatewaySim::apiPost(const httplib::Request& request, httplib::Response& response, const Operation& operation)
{
    if (!authorized(request, response) || injectedTrouble(request, response))
        return;
    Params params;
    if (request.get_header_value("Content-Type").rfind("application/json", 0) == 0) {
        const auto json = nlohmann::json::parse(request.body, nullptr, false);
        if ((!request.body.empty() && !json.is_object()) || (json.is_object() && !flattenJson(json, "", params))) {
            const SimReply reply = stripeError(400, "invalid_request_error", "parameter_invalid_string",
                                               "The JSON body is not an object.");
            send(response, reply.status, reply.body.dump());
            logRequest(request, reply.status, false, "");
            return;
        }
    } else {
        params = parseForm(request.body);
    }

    const std::string key = request.get_header_value("Idempotency-Key");
    if (!key.empty()) {
        response.set_header("Idempotency-Key", key);
        if (key.size() > 255) {
            const SimReply reply = stripeError(400, "invalid_request_error", "idempotency_key_too_long",
                                               "Idempotency-Key must be at most 255 characters.");
            send(response, reply.status, reply.body.dump());
            logRequest(request, reply.status, false, "");
            return;
        }
        const auto lookup = m_keys.begin(key, fingerprint(request, params));
        switch (lookup.kind) {
        case IdempotencyRecords::Kind::Replay:
            send(response, lookup.status, lookup.body);
            response.set_header("Idempotent-Replayed", "true");
            logRequest(request, lookup.status, true, "");
            return;
        case IdempotencyRecords::Kind::Mismatch: {
            const SimReply reply = stripeError(
                400, "idempotency_error", "",
                "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                "Try using a key other than '" +
                    key + "' if you meant to execute a different request.");
            send(response, reply.status, reply.body.dump());
            logRequest(request, reply.status, false, "");
            return;
        }
        case IdempotencyRecords::Kind::InProgress: {
            const SimReply reply =
                stripeError(409, "idempotency_error", "idempotency_key_in_use",
                            "There is currently another in-progress request using this Idempotent Key (that probably "
                            "means you submitted twice, and the other request is still going through).");
            send(response, reply.status, reply.body.dump());
            logRequest(request, reply.status, false, "");
            return;
        }
        case IdempotencyRecords::Kind::Fresh:
            break;
        }
    }

    // The work takes its time while the key is held, as a slow acquirer's would.
    addLatency();
    std::vector<SimEvent> events;
    const SimReply reply = operation(params, events);
    const std::string body = reply.body.dump();
    if (!key.empty()) {
        if (reply.keep)
            m_keys.finish(key, reply.status, body);
        else
            m_keys.abandon(key);
    }
    const Faults faults = m_faults.current();
    for (const SimEvent& event : events)
        m_webhooks.enqueue(event, m_faults.takeWebhookDelay(), 1 + faults.webhookDuplicates);

    if (reply.status >= 200 && reply.status < 300 && m_faults.takeTimeoutAfterSuccess()) {
        logRequest(request, reply.status, false, "timeout_after_success:" + faults.timeoutMode);
        if (faults.timeoutMode == "hang") {
            pause(Duration(faults.hangMs));
            send(response, reply.status, body);
            return;
        }
        // The headers go out, then the connection is cut before the body: the client learns
        // nothing it can use, as when a connection drops mid-answer.
        response.status = reply.status;
        response.set_content_provider(body.size(), "application/json",
                                      [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
        return;
    }
    send(response, reply.status, body);
    logRequest(request, reply.status, false, "");
}

bool GatewaySim::admitGet(const httplib::Request& request, httplib::Response& response)
{
    if (!authorized(request, response))
        return false;
    addLatency();
    return !injectedTrouble(request, response);
}

void GatewaySim::apiGet(const httplib::Request& request, httplib::Response& response, const SimReply& reply)
{
    send(response, reply.status, reply.body.dump());
    logRequest(request, reply.status, false, "");
}

void GatewaySim::install()
{
    using Request = httplib::Request;
    using Response = httplib::Response;
    m_http->Post("/v1/payment_intents", [this](const Request& req, Response& res) {
        apiPost(req, res, [this](const Params& params, std::vector<SimEvent>& events) {
            const bool confirming = params.contains("confirm") && params.at("confirm") == "true";
            return m_ledger.createIntent(params, confirming ? m_faults.takeDecline() : std::nullopt, events);
        });
    });
    m_http->Post(R"(/v1/payment_intents/([A-Za-z0-9_]+)/confirm)", [this](const Request& req, Response& res) {
        const std::string id = req.matches[1];
        apiPost(req, res, [this, id](const Params& params, std::vector<SimEvent>& events) {
            return m_ledger.confirm(id, params, m_faults.takeDecline(), events);
        });
    });
    m_http->Post(R"(/v1/payment_intents/([A-Za-z0-9_]+)/capture)", [this](const Request& req, Response& res) {
        const std::string id = req.matches[1];
        apiPost(req, res, [this, id](const Params& params, std::vector<SimEvent>& events) {
            return m_ledger.capture(id, params, events);
        });
    });
    m_http->Post(R"(/v1/payment_intents/([A-Za-z0-9_]+)/cancel)", [this](const Request& req, Response& res) {
        const std::string id = req.matches[1];
        apiPost(req, res, [this, id](const Params& params, std::vector<SimEvent>& events) {
            return m_ledger.cancel(id, params, events);
        });
    });
    m_http->Post("/v1/refunds", [this](const Request& req, Response& res) {
        apiPost(req, res, [this](const Params& params, std::vector<SimEvent>& events) {
            return m_ledger.createRefund(params, events);
        });
    });
    m_http->Get(R"(/v1/payment_intents/([A-Za-z0-9_]+))", [this](const Request& req, Response& res) {
        if (admitGet(req, res))
            apiGet(req, res, m_ledger.retrieve(req.matches[1]));
    });
    m_http->Get(R"(/v1/refunds/([A-Za-z0-9_]+))", [this](const Request& req, Response& res) {
        if (admitGet(req, res))
            apiGet(req, res, m_ledger.retrieveRefund(req.matches[1]));
    });

    // Control routes for tests: same key, no faults, no idempotency.
    m_http->Get("/_sim/faults", [this](const Request& req, Response& res) {
        if (authorized(req, res))
            send(res, 200, m_faults.toJson().dump());
    });
    m_http->Post("/_sim/faults", [this](const Request& req, Response& res) {
        if (!authorized(req, res))
            return;
        const auto patch = nlohmann::json::parse(req.body, nullptr, false);
        const auto updated = m_faults.update(patch);
        if (!updated) {
            send(res, 400,
                 stripeError(400, "invalid_request_error", "parameter_invalid", updated.error().message).body.dump());
            return;
        }
        send(res, 200, FaultSwitches::toJson(*updated).dump());
    });
    m_http->Post("/_sim/webhook", [this](const Request& req, Response& res) {
        if (!authorized(req, res))
            return;
        const auto json = nlohmann::json::parse(req.body, nullptr, false);
        if (!json.is_object() || !json.contains("url") || !json["url"].is_string()) {
            send(
                res, 400,
                stripeError(400, "invalid_request_error", "parameter_missing", "Give {\"url\": \"...\"}.").body.dump());
            return;
        }
        m_webhooks.setUrl(json["url"].get<std::string>());
        send(res, 200, nlohmann::json{{"url", json["url"]}}.dump());
    });
    m_http->Get("/_sim/ledger", [this](const Request& req, Response& res) {
        if (!authorized(req, res))
            return;
        nlohmann::json ledger = m_ledger.ledger();
        ledger["webhooks"] = m_webhooks.log();
        ledger["faults"] = m_faults.toJson();
        {
            std::lock_guard lock(m_logMutex);
            ledger["requests"] = m_requests;
        }
        send(res, 200, ledger.dump());
    });
    m_http->Post("/_sim/reset", [this](const Request& req, Response& res) {
        if (!authorized(req, res))
            return;
        m_ledger.reset();
        m_keys.reset();
        m_faults.reset();
        m_webhooks.reset();
        {
            std::lock_guard lock(m_logMutex);
            m_requests = nlohmann::json::array();
        }
        send(res, 200, R"({"reset":true})");
    });
    m_http->set_error_handler([this](const Request& req, Response& res) {
        if (res.status == 404 && res.body.empty()) {
            send(res, 404,
                 stripeError(404, "invalid_request_error", "",
                             "Unrecognized request URL (" + req.method + ": " + req.path + ").")
                     .body.dump());
        }
    });
    m_http->set_exception_handler([this](const Request&, Response& res, std::exception_ptr) {
        send(res, 500, stripeError(500, "api_error", "", "The simulator failed on this request.").body.dump());
    });
}

} // namespace marquee::gatewaysim
