#include "SyncService.h"

#include "CounterSync.h"
#include "CurlTransport.h"
#include "LocalStore.h"

#include <QLoggingCategory>
#include <QTimer>
#include <atomic>

Q_LOGGING_CATEGORY(lcSyncService, "marquee.sync.service")

namespace marquee {

// The request thread's side: its own store connection, API client and timers.
class SyncRequests : public QObject
{
public:
    SyncRequests(SyncService& service, const Clock& clock)
        : m_service(service)
        , m_clock(clock)
    {
    }

    Result<void> open(const std::string& databasePath, const std::string& device,
                      const std::function<Result<std::unique_ptr<ServerApi>>()>& connect)
    {
        LocalStore::Options options;
        options.device = device;
        options.connected = true;
        auto store = LocalStore::open(databasePath, m_clock, options);
        if (!store)
            return errorOf(store);
        auto api = connect();
        if (!api)
            return errorOf(api);
        m_store = std::move(*store);
        m_api = std::move(*api);
        m_sync = std::make_unique<CounterSync>(*m_store, *m_api);
        return {};
    }

    // Timers are made on the request thread, after the move.
    void startTimers()
    {
        m_poll = new QTimer(this);
        m_poll->setInterval(1000);
        connect(m_poll, &QTimer::timeout, this, [this] { pollSeats(); });
        m_poll->start();
        m_catalogTimer = new QTimer(this);
        m_catalogTimer->setInterval(5 * 60 * 1000);
        connect(m_catalogTimer, &QTimer::timeout, this, [this] { pullCatalog(); });
        m_catalogTimer->start();
        pullCatalog();
    }

    void hold(quint64 ticket, const std::string& showId, const std::vector<std::string>& seats,
              const std::string& staff, const std::string& replacesHoldId)
    {
        auto outcome = m_sync->hold(showId, seats, staff, replacesHoldId);
        noteReachable(outcome || outcome.error().code != ErrorCode::Network);
        if (!outcome) {
            emit m_service.holdAnswered(ticket, {}, {}, QString::fromStdString(outcome.error().message));
            return;
        }
        QStringList unavailable;
        for (const auto& seat : outcome->unavailable)
            unavailable << QString::fromStdString(seat);
        emit m_service.holdAnswered(ticket, outcome->granted() ? QString::fromStdString(outcome->hold->id) : QString(),
                                    unavailable, {});
    }

    void release(const std::string& holdId)
    {
        auto released = m_sync->release(holdId);
        if (!released)
            qCWarning(lcSyncService) << "release failed:" << released.error().message.c_str();
    }

    void lease(const std::string& showId, int count)
    {
        auto lease = m_sync->takeLease(showId, count, std::chrono::hours(4));
        noteReachable(lease || lease.error().code != ErrorCode::Network);
        emit m_service.leaseAnswered(QString::fromStdString(showId), lease ? static_cast<int>(lease->seats.size()) : 0,
                                     lease ? QString() : QString::fromStdString(lease.error().message));
    }

    void watch(const std::string& showId)
    {
        m_watched = showId;
        m_version.reset();
        pollSeats();
    }

    void pollSeats()
    {
        if (m_watched.empty()) {
            // Nothing to draw: a health check keeps the online state true.
            if (++m_idleTicks % 5 == 0) {
                auto healthy = m_api->health();
                noteReachable(healthy.has_value());
            }
            return;
        }
        auto delta = m_api->seats(m_watched, m_version);
        noteReachable(delta || delta.error().code != ErrorCode::Network);
        if (!delta)
            return;
        const bool changed = !delta->seats.empty() || !m_version;
        m_version = delta->version;
        if (!changed)
            return;
        QVector<QPair<QString, QString>> seats;
        for (const auto& [seat, state] : delta->seats)
            seats.append({QString::fromStdString(seat), QString::fromStdString(state)});
        emit m_service.seatsChanged(QString::fromStdString(m_watched), seats, delta->snapshot);
    }

    void dailyReport(const std::string& businessDate)
    {
        auto report = m_api->dailyReport(businessDate);
        noteReachable(report || report.error().code != ErrorCode::Network);
        emit m_service.dailyReportAnswered(QString::fromStdString(businessDate), report ? *report : ChainDailyReport{},
                                           report ? QString() : QString::fromStdString(report.error().message));
    }

    void pullCatalog()
    {
        auto pulled = m_sync->pullCatalog();
        noteReachable(pulled || pulled.error().code != ErrorCode::Network);
        if (pulled && *pulled)
            emit m_service.catalogUpdated();
        else if (!pulled && pulled.error().code != ErrorCode::Network)
            qCWarning(lcSyncService) << "catalog:" << pulled.error().message.c_str();
    }

    std::atomic<int> reachable{-1}; // -1 unknown, 0 no, 1 yes

private:
    void noteReachable(bool yes)
    {
        if (reachable.exchange(yes ? 1 : 0) != (yes ? 1 : 0))
            emit m_service.statusChanged(m_service.status());
    }

    SyncService& m_service;
    const Clock& m_clock;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<ServerApi> m_api;
    std::unique_ptr<CounterSync> m_sync;
    QTimer* m_poll = nullptr;
    QTimer* m_catalogTimer = nullptr;
    std::string m_watched;
    std::optional<std::int64_t> m_version;
    int m_idleTicks = 0;
};

SyncService::SyncService(std::string databasePath, ConnectionSettings settings, std::string token, const Clock& clock,
                         QObject* parent)
    : QObject(parent)
    , m_databasePath(std::move(databasePath))
    , m_settings(std::move(settings))
    , m_token(std::move(token))
    , m_clock(clock)
    , m_serverClock(std::make_shared<ServerClock>())
{
    qRegisterMetaType<marquee::SyncStatus>();
    qRegisterMetaType<marquee::ChainDailyReport>();
    qRegisterMetaType<QVector<QPair<QString, QString>>>();
    m_thread.setObjectName("marquee-sync-requests");
}

SyncService::~SyncService()
{
    stop();
}

std::function<Result<std::unique_ptr<ServerApi>>()> SyncService::connector() const
{
    return [settings = m_settings, token = m_token, &clock = m_clock,
            serverClock = m_serverClock]() -> Result<std::unique_ptr<ServerApi>> {
        CurlTransportOptions options;
        options.baseUrl = settings.serverUrl;
        options.caFile = settings.caFile;
        options.pinnedPublicKey = settings.pinnedPublicKey;
        options.totalTimeout = settings.totalTimeout;
        options.connectTimeout = std::min<Duration>(settings.totalTimeout, std::chrono::seconds(3));
        options.allowInsecureHttp = settings.allowInsecureHttp;
        auto transport = CurlTransport::create(options);
        if (!transport)
            return errorOf(transport);
        return std::make_unique<ServerApi>(std::move(*transport), token, clock, serverClock);
    };
}

Result<void> SyncService::start()
{
    auto requests = std::make_unique<SyncRequests>(*this, m_clock);
    MQ_TRY(requests->open(m_databasePath, m_settings.device, connector()));
    OutboxWorker::Options options;
    options.databasePath = m_databasePath;
    options.device = m_settings.device;
    options.connect = connector();
    m_worker = std::make_unique<OutboxWorker>(options, m_clock);
    m_worker->onStatus([this](const SyncStatus&) { emit statusChanged(status()); });
    MQ_TRY(m_worker->start());
    m_requests = requests.release();
    m_requests->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_requests, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_requests, [r = m_requests] { r->startTimers(); }, Qt::QueuedConnection);
    return {};
}

void SyncService::stop()
{
    if (m_worker)
        m_worker->stop();
    if (m_thread.isRunning()) {
        m_thread.quit();
        m_thread.wait();
    }
    m_requests = nullptr;
}

quint64 SyncService::requestHold(const QString& showId, const QStringList& seats, const QString& staff,
                                 const QString& replacesHoldId)
{
    const quint64 ticket = m_nextTicket++;
    std::vector<std::string> list;
    for (const auto& seat : seats)
        list.push_back(seat.toStdString());
    QMetaObject::invokeMethod(
        m_requests,
        [r = m_requests, ticket, show = showId.toStdString(), list, who = staff.toStdString(),
         replaces = replacesHoldId.toStdString()] { r->hold(ticket, show, list, who, replaces); },
        Qt::QueuedConnection);
    return ticket;
}

void SyncService::requestRelease(const QString& holdId)
{
    QMetaObject::invokeMethod(
        m_requests, [r = m_requests, id = holdId.toStdString()] { r->release(id); }, Qt::QueuedConnection);
}

void SyncService::requestLease(const QString& showId, int count)
{
    QMetaObject::invokeMethod(
        m_requests, [r = m_requests, show = showId.toStdString(), count] { r->lease(show, count); },
        Qt::QueuedConnection);
}

void SyncService::watchShow(const QString& showId)
{
    QMetaObject::invokeMethod(
        m_requests, [r = m_requests, show = showId.toStdString()] { r->watch(show); }, Qt::QueuedConnection);
}

void SyncService::requestDailyReport(const QString& businessDate)
{
    QMetaObject::invokeMethod(
        m_requests, [r = m_requests, date = businessDate.toStdString()] { r->dailyReport(date); },
        Qt::QueuedConnection);
}

void SyncService::wakeOutbox()
{
    if (m_worker)
        m_worker->wake();
}

SyncStatus SyncService::status() const
{
    SyncStatus status = m_worker ? m_worker->status() : SyncStatus{};
    // The request thread talks to the server every second or so; its view of reachability
    // is the fresher one when the outbox has had nothing to send.
    if (m_requests && m_requests->reachable.load() >= 0 && status.pending == 0)
        status.online = m_requests->reachable.load() == 1;
    return status;
}

} // namespace marquee
