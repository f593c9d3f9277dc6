#pragma once
// The counter app's one door to the server. Everything that touches the network runs on
// threads of its own, never on the UI thread: a request thread (holds, releases, leases,
// the catalog, seat-map polling; one libcurl handle) and the outbox worker (deliveries).
// Answers come back as queued signals on the thread that owns the SyncService (the UI).
//
// Both threads open their own connection to the counter's database file; the UI's own
// LocalStore sees what they write (mirrored holds, leases, the catalog) through WAL.

#include "OutboxWorker.h"
#include "ServerApi.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QVector>
#include <functional>
#include <memory>

namespace marquee {

struct ConnectionSettings
{
    std::string serverUrl; // "https://box-office.example:8443"
    std::string caFile;
    std::string pinnedPublicKey;
    std::string device; // this counter's name, for the local records
    Duration totalTimeout = std::chrono::seconds(5);
    bool allowInsecureHttp = false; // tests only
};

class SyncRequests; // lives on the request thread

class SyncService : public QObject
{
    Q_OBJECT
public:
    SyncService(std::string databasePath, ConnectionSettings settings, std::string token, const Clock& clock,
                QObject* parent = nullptr);
    ~SyncService() override;

    // Opens both threads' connections and starts them; pulls the catalog once.
    Result<void> start();
    void stop();

    // Asks for seats (online: a server hold mirrored locally; offline: this counter's
    // lease). Answered by holdAnswered(ticket, ...). Tickets increase. With `replacesHoldId`
    // (the basket's current hold) the new hold replaces it in one step: granted, the old hold
    // is released (reason "replaced") and holdAnswered names the new one; refused, the old
    // hold stays as it was (CounterSync::hold).
    quint64 requestHold(const QString& showId, const QStringList& seats, const QString& staff,
                        const QString& replacesHoldId = QString());
    void requestRelease(const QString& holdId);
    // Keeps `count` seats of the show leased to this counter (asked for now, renewed later).
    void requestLease(const QString& showId, int count);
    // Polls the show's seat states about every second while watched ("" stops).
    void watchShow(const QString& showId);
    // A sale or refund was written: deliver it now.
    void wakeOutbox();
    // Asks for the chain-wide totals of a business date (YYYY-MM-DD); answered by
    // dailyReportAnswered.
    void requestDailyReport(const QString& businessDate);

    SyncStatus status() const;
    const ServerClock& serverClock() const { return *m_serverClock; }
    const std::string& databasePath() const { return m_databasePath; }
    const ConnectionSettings& settings() const { return m_settings; }
    // Makes a server client with this counter's settings and token, sharing the server
    // clock; for threads of their own (the checkout's).
    std::function<Result<std::unique_ptr<ServerApi>>()> connector() const;

signals:
    // granted: the hold id; otherwise `unavailable` lists the taken seats or `error` says why.
    void holdAnswered(quint64 ticket, const QString& holdId, const QStringList& unavailable, const QString& error);
    void leaseAnswered(const QString& showId, int seats, const QString& error);
    // Seat states that changed (seat id, AVAILABLE/HELD/ALLOTTED/BOOKED); `snapshot` when the
    // list is every claimed seat of the show.
    void seatsChanged(const QString& showId, const QVector<QPair<QString, QString>>& seats, bool snapshot);
    void catalogUpdated();
    // `error` empty: `report` is the server's answer for `businessDate`.
    void dailyReportAnswered(const QString& businessDate, const marquee::ChainDailyReport& report,
                             const QString& error);
    void statusChanged(const marquee::SyncStatus& status);

private:
    std::string m_databasePath;
    ConnectionSettings m_settings;
    std::string m_token;
    const Clock& m_clock;
    std::shared_ptr<ServerClock> m_serverClock;
    std::unique_ptr<OutboxWorker> m_worker;
    QThread m_thread;
    SyncRequests* m_requests = nullptr; // owned by m_thread (deleteLater at stop)
    quint64 m_nextTicket = 1;
};

} // namespace marquee

Q_DECLARE_METATYPE(marquee::SyncStatus)
Q_DECLARE_METATYPE(marquee::ChainDailyReport)
