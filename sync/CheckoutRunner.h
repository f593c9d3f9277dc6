#pragma once
// Checkout for a Qt screen: runs sync/Checkout on a thread of its own, so the UI thread never
// waits on a payment, the disk or the server. The thread opens its own LocalStore on the
// counter's database file (one connection per thread), its own ServerApi when the counter is
// connected, the cash and card-terminal providers and, when Settings::gateway is set, a card
// gateway (GatewayClient and GatewayCardProvider, made on the runner's thread: the kiosk pays
// only this way). Progress and the outcome come back as
// queued signals on the thread that owns the runner.
//
// One checkout at a time: run() while one is running is refused (returns false). A run()
// with a booking id that already has a checkout continues it (Checkout's own replay rule), so
// "Retry" after an Interrupted outcome is simply run() with the same request.

#include "Checkout.h"
#include "GatewayClient.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <QVector>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace marquee {

class CheckoutWorker; // lives on the runner's thread

class CheckoutRunner : public QObject
{
    Q_OBJECT
public:
    using ApiFactory = std::function<Result<std::unique_ptr<ServerApi>>()>;

    struct Settings
    {
        std::string databasePath;
        LocalStore::Options store;
        ApiFactory api; // empty: standalone (the local commit is the commit point)
        Checkout::Options checkout;
        // Card payments through this gateway (Tender::gateway); none: cash and terminal only.
        std::optional<GatewayConfig> gateway;
    };

    CheckoutRunner(Settings settings, const Clock& clock, QObject* parent = nullptr);
    ~CheckoutRunner() override;

    // Starts the checkout; false when one is already running.
    bool run(const CheckoutRequest& request);
    // Finishes or unwinds checkouts a crash or a closed app left half-way; each outcome
    // arrives as resumed() (the start-up does this once).
    void resumeUnfinished();
    // Undoes a checkout the customer walked away from (Checkout::abandon: authorizations
    // voided, hold released); the outcome arrives as abandoned(). False while one is running.
    bool abandon(const std::string& bookingId, const std::string& reason);
    bool isBusy() const { return m_busy.load(); }
    // Makes a running checkout stop at its next step, as a crash would (the app is closing);
    // resumeUnfinished() at the next start finishes it with the same keys.
    void stopSoon() { m_stopping.store(true); }

signals:
    void progress(const QString& bookingId, int stage, const QString& text);
    void finished(const marquee::CheckoutOutcome& outcome);
    void resumed(const marquee::CheckoutOutcome& outcome);
    void abandoned(const marquee::CheckoutOutcome& outcome);

private:
    Settings m_settings;
    const Clock& m_clock;
    QThread m_thread;
    CheckoutWorker* m_worker = nullptr; // owned by m_thread (deleteLater at finish)
    std::atomic<bool> m_busy{false};
    std::atomic<bool> m_stopping{false};
};

} // namespace marquee

Q_DECLARE_METATYPE(marquee::CheckoutOutcome)
