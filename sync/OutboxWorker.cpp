#include "OutboxWorker.h"

#include <QLoggingCategory>
#include <algorithm>
#include <charconv>
#include <future>

Q_LOGGING_CATEGORY(lcSyncOutbox, "marquee.sync.outbox")

namespace marquee {

namespace {

std::optional<Duration> parseRetryAfter(const std::optional<std::string>& value)
{
    if (!value || value->empty())
        return std::nullopt;
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
    if (ec == std::errc() && end == value->data() + value->size() && seconds >= 0)
        return std::chrono::seconds(std::min<std::int64_t>(seconds, 3600));
    if (auto date = parseHttpDate(*value)) {
        // An HTTP date: relative to now (our clock; close enough for a wait).
        const auto wait = *date - std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
        return std::clamp<Duration>(wait, Duration::zero(), std::chrono::hours(1));
    }
    return std::nullopt;
}

bool isBookingPost(const OutboxItem& item)
{
    return item.kind == OutboxKind::Booking && item.method == "POST" && item.path == "/v1/bookings";
}

} // namespace

DeliveryVerdict classifyAnswer(int status, const std::string& body, const std::optional<std::string>& retryAfter)
{
    DeliveryVerdict verdict;
    verdict.retryAfter = parseRetryAfter(retryAfter);
    if (status >= 200 && status < 300) {
        verdict.state = OutboxState::Done;
        return verdict;
    }
    const std::string code = problemCode(body);
    const std::string detail = problemError(status, body).message;
    if (status == 409 && code == "request_in_progress") {
        verdict.problem = "the server is still working on an earlier attempt";
    } else if (status == 409) {
        verdict.state = OutboxState::Conflict;
        verdict.problem = detail;
    } else if (status == 429 || status >= 500 || status == 408) {
        verdict.problem = "the server is busy or failing (" + std::to_string(status) + "): " + detail;
    } else if (status == 401) {
        // The token was revoked or mistyped: keep everything until a manager connects the
        // counter again; the sales are not lost.
        verdict.problem = "the server does not accept this counter's token; a manager must connect it again";
    } else {
        verdict.state = OutboxState::Failed;
        verdict.problem = detail;
    }
    return verdict;
}

OutboxWorker::OutboxWorker(Options options, const Clock& clock)
    : m_options(std::move(options))
    , m_clock(clock)
    , m_random(m_options.seed ? m_options.seed : std::random_device{}())
{
}

OutboxWorker::~OutboxWorker()
{
    stop();
}

Result<void> OutboxWorker::open()
{
    if (!m_store) {
        LocalStore::Options options;
        options.device = m_options.device;
        auto store = LocalStore::open(m_options.databasePath, m_clock, options);
        if (!store)
            return errorOf(store);
        m_store = std::move(*store);
        // Outcomes are replayable (the server keeps every key): losing the last few to a
        // power cut only means sending them again, so this connection skips the fsync.
        MQ_TRY(m_store->database().exec("PRAGMA synchronous=NORMAL"));
    }
    if (!m_api) {
        if (!m_options.connect)
            return fail(ErrorCode::InvalidArgument, "the outbox worker has no way to reach the server");
        auto api = m_options.connect();
        if (!api)
            return errorOf(api);
        m_api = std::move(*api);
    }
    return {};
}

Result<void> OutboxWorker::start()
{
    MQ_TRY(open());
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    // The connection made here moves to the worker thread; nothing else touches it.
    m_thread = std::thread([this] { loop(); });
    return {};
}

void OutboxWorker::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void OutboxWorker::wake()
{
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_wake.notify_all();
}

SyncStatus OutboxWorker::status() const
{
    std::lock_guard lock(m_mutex);
    return m_status;
}

void OutboxWorker::onStatus(std::function<void(const SyncStatus&)> callback)
{
    std::lock_guard lock(m_mutex);
    m_callback = std::move(callback);
}

Result<int> OutboxWorker::runOnce()
{
    MQ_TRY(open());
    return pass();
}

Duration OutboxWorker::backoff(int attempts, std::optional<Duration> atLeast)
{
    // Full jitter: a uniform wait in [0, min(cap, base * 2^attempts)].
    const auto base = std::chrono::duration_cast<std::chrono::milliseconds>(m_options.baseDelay).count();
    const auto cap = std::chrono::duration_cast<std::chrono::milliseconds>(m_options.maxDelay).count();
    const int shift = std::clamp(attempts, 0, 30);
    const std::int64_t ceiling = std::min<std::int64_t>(cap, base << shift);
    std::uniform_int_distribution<std::int64_t> pick(0, std::max<std::int64_t>(ceiling, 1));
    Duration wait = std::chrono::milliseconds(pick(m_random));
    if (atLeast)
        wait = std::max(wait, *atLeast);
    return wait;
}

OutboxOutcome OutboxWorker::outcomeFor(const OutboxItem& item, int status, const std::string& body,
                                       const std::optional<std::string>& retryAfter)
{
    const DeliveryVerdict verdict = classifyAnswer(status, body, retryAfter);
    OutboxOutcome outcome{item.seq, verdict.state, status, body, verdict.problem, {}};
    if (verdict.state == OutboxState::Pending)
        outcome.retryAt = m_clock.now() + backoff(item.attempts, verdict.retryAfter);
    if (verdict.state != OutboxState::Done) {
        qCWarning(lcSyncOutbox).noquote() << QString::fromStdString(std::string(nameOf(item.kind))) << item.seq
                                          << "answered" << status << QString::fromStdString(verdict.problem);
    }
    return outcome;
}

OutboxOutcome OutboxWorker::unreachable(const OutboxItem& item, const Error& error)
{
    const Duration wait = backoff(std::max(item.attempts, m_unreachableStreak), std::nullopt);
    return OutboxOutcome{item.seq, OutboxState::Pending, 0, "", error.message, m_clock.now() + wait};
}

Result<int> OutboxWorker::deliverBookings(const std::vector<OutboxItem>& items)
{
    return applyBatch(items, m_api->sendBookings(items));
}

Result<int> OutboxWorker::deliverBookingChunks(const std::vector<std::vector<OutboxItem>>& chunks)
{
    // A second connection lets the server work on two batches at once (its commits then
    // share WAL flushes); the rows of all chunks belong to different aggregates.
    while (m_extraApis.size() + 1 < chunks.size()) {
        auto api = m_options.connect();
        if (!api)
            break;
        m_extraApis.push_back(std::move(*api));
    }
    const std::size_t parallel = std::min(chunks.size(), m_extraApis.size() + 1);
    std::vector<std::future<Result<std::vector<ServerApi::ItemAnswer>>>> others;
    for (std::size_t i = 1; i < parallel; ++i) {
        others.push_back(std::async(std::launch::async, [api = m_extraApis[i - 1].get(), &chunk = chunks[i]] {
            return api->sendBookings(chunk);
        }));
    }
    auto first = m_api->sendBookings(chunks.front());
    int finished = 0;
    Result<void> recorded;
    auto apply = [&](const std::vector<OutboxItem>& chunk, Result<std::vector<ServerApi::ItemAnswer>> answers) {
        auto done = applyBatch(chunk, std::move(answers));
        if (done)
            finished += *done;
        else if (recorded)
            recorded = errorOf(done);
    };
    apply(chunks.front(), std::move(first));
    for (std::size_t i = 1; i < parallel; ++i)
        apply(chunks[i], others[i - 1].get()); // every future is waited for, even after an error
    if (!recorded)
        return errorOf(recorded);
    return finished;
}

Result<int> OutboxWorker::applyBatch(const std::vector<OutboxItem>& items,
                                     Result<std::vector<ServerApi::ItemAnswer>> answers)
{
    std::vector<OutboxOutcome> outcomes;
    if (!answers) {
        if (answers.error().code != ErrorCode::Network) {
            // The batch as a whole was refused (an old server, a malformed row): send the
            // rows one by one so each gets its own verdict.
            int finished = 0;
            for (const auto& item : items) {
                auto one = deliverOne(item);
                if (!one)
                    return one;
                finished += *one;
                if (m_notBefore > m_clock.now())
                    break;
            }
            return finished;
        }
        ++m_unreachableStreak;
        for (const auto& item : items)
            outcomes.push_back(unreachable(item, answers.error()));
        m_notBefore = outcomes.front().retryAt;
        MQ_TRY(m_store->outbox().record(outcomes));
        refreshStatus(false, answers.error().message);
        return 0;
    }
    m_unreachableStreak = 0;
    int finished = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        outcomes.push_back(outcomeFor(items[i], (*answers)[i].status, (*answers)[i].body, std::nullopt));
        finished += outcomes.back().state == OutboxState::Pending ? 0 : 1;
    }
    MQ_TRY(m_store->outbox().record(outcomes));
    refreshStatus(true, "");
    return finished;
}

Result<int> OutboxWorker::deliverOne(const OutboxItem& item)
{
    auto response = m_api->send(item);
    if (!response) {
        ++m_unreachableStreak;
        auto outcome = unreachable(item, response.error());
        m_notBefore = outcome.retryAt;
        MQ_TRY(m_store->outbox().record({outcome}));
        refreshStatus(false, response.error().message);
        return 0;
    }
    m_unreachableStreak = 0;
    auto outcome = outcomeFor(item, response->status, response->body, response->headers.find("Retry-After"));
    MQ_TRY(m_store->outbox().record({outcome}));
    refreshStatus(true, outcome.error);
    return outcome.state == OutboxState::Pending ? 0 : 1;
}

Result<int> OutboxWorker::pass()
{
    if (m_clock.now() < m_notBefore) {
        refreshStatus(false, status().lastProblem);
        return 0;
    }
    const int batchSize = std::max(m_options.batchSize, 1);
    auto due = m_store->outbox().due(batchSize * std::max(m_options.parallelRequests, 1) * 2);
    if (!due)
        return errorOf(due);
    int finished = 0;
    std::vector<OutboxItem> bookings;
    auto flushBookings = [&]() -> Result<void> {
        if (bookings.empty())
            return {};
        Result<int> done = 0;
        if (bookings.size() == 1) {
            done = deliverOne(bookings.front());
        } else if (static_cast<int>(bookings.size()) <= batchSize) {
            done = deliverBookings(bookings);
        } else {
            std::vector<std::vector<OutboxItem>> chunks;
            for (std::size_t at = 0; at < bookings.size(); at += static_cast<std::size_t>(batchSize)) {
                const auto end = std::min(bookings.size(), at + static_cast<std::size_t>(batchSize));
                chunks.emplace_back(bookings.begin() + static_cast<std::ptrdiff_t>(at),
                                    bookings.begin() + static_cast<std::ptrdiff_t>(end));
            }
            done = deliverBookingChunks(chunks);
        }
        bookings.clear();
        if (!done)
            return errorOf(done);
        finished += *done;
        return {};
    };
    for (const auto& item : *due) {
        if (m_clock.now() < m_notBefore)
            break; // the server went away during this pass
        if (isBookingPost(item)) {
            bookings.push_back(item);
            if (static_cast<int>(bookings.size()) >= batchSize * std::max(m_options.parallelRequests, 1))
                MQ_TRY(flushBookings());
            continue;
        }
        auto done = deliverOne(item);
        if (!done)
            return errorOf(done);
        finished += *done;
    }
    if (m_clock.now() >= m_notBefore)
        MQ_TRY(flushBookings());
    if (due->empty())
        refreshStatus(m_status.online, m_status.lastProblem);
    return finished;
}

void OutboxWorker::refreshStatus(bool answered, const std::string& problem)
{
    auto counts = m_store->outbox().counts();
    std::function<void(const SyncStatus&)> callback;
    SyncStatus copy;
    {
        std::lock_guard lock(m_mutex);
        m_status.online = answered;
        if (answered) {
            m_status.contacted = true;
            m_status.lastContact = m_clock.now();
        }
        if (!problem.empty() || answered)
            m_status.lastProblem = problem;
        if (counts) {
            m_status.pending = counts->pending;
            m_status.conflicts = counts->conflicts;
            m_status.failed = counts->failed;
        }
        copy = m_status;
        callback = m_callback;
    }
    if (callback)
        callback(copy);
}

void OutboxWorker::loop()
{
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                return;
            m_woken = false;
        }
        auto finished = pass();
        if (!finished) {
            qCWarning(lcSyncOutbox).noquote()
                << "outbox pass failed:" << QString::fromStdString(finished.error().message);
        }
        // Sleep until the next row is due, the back-off ends, a wake() or the idle check.
        Duration wait = m_options.idleCheck;
        const Timestamp now = m_clock.now();
        if (m_notBefore > now)
            wait = std::min(wait, m_notBefore - now);
        if (auto next = m_store->outbox().nextDueAt(); next && *next)
            wait = std::min(wait, std::max(Duration::zero(), **next - now));
        if (finished && *finished > 0)
            wait = Duration::zero(); // more may be waiting behind what was just delivered
        std::unique_lock lock(m_mutex);
        if (wait > Duration::zero())
            m_wake.wait_for(lock, wait, [this] { return m_stopping || m_woken; });
    }
}

} // namespace marquee
