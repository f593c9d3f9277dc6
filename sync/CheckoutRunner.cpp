#include "CheckoutRunner.h"

#include "CardTerminalProvider.h"
#include "CashProvider.h"
#include "GatewayCardProvider.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCheckoutRunner, "marquee.sync.checkout")

namespace marquee {

// The runner's thread: its own store connection, server client and providers, opened on
// first use (so a database that cannot be opened is an outcome, not a crash at start).
class CheckoutWorker : public QObject
{
public:
    CheckoutWorker(CheckoutRunner& runner, const CheckoutRunner::Settings& settings, const Clock& clock,
                   std::atomic<bool>& busy, std::atomic<bool>& stopping)
        : m_runner(runner)
        , m_settings(settings)
        , m_clock(clock)
        , m_busy(busy)
        , m_stopping(stopping)
    {
    }

    void run(const CheckoutRequest& request)
    {
        m_current = request.sale.bookingId;
        if (auto ready = open(); !ready) {
            finish(failed(request.sale.bookingId, ready.error().message));
            return;
        }
        finish(m_checkout->run(request));
    }

    void abandon(const std::string& bookingId, const std::string& reason)
    {
        m_current = bookingId;
        CheckoutOutcome outcome;
        if (auto ready = open(); !ready)
            outcome = failed(bookingId, ready.error().message);
        else
            outcome = m_checkout->abandon(bookingId, reason);
        m_busy.store(false);
        emit m_runner.abandoned(outcome);
    }

    void resume()
    {
        m_current.clear();
        if (auto ready = open(); !ready) {
            qCWarning(lcCheckoutRunner) << "cannot resume checkouts:" << ready.error().message.c_str();
            m_busy.store(false);
            return;
        }
        auto outcomes = m_checkout->resume();
        m_busy.store(false);
        for (const auto& outcome : outcomes)
            emit m_runner.resumed(outcome);
    }

private:
    Result<void> open()
    {
        if (m_checkout)
            return {};
        auto store = LocalStore::open(m_settings.databasePath, m_clock, m_settings.store);
        if (!store)
            return errorOf(store);
        std::unique_ptr<ServerApi> api;
        if (m_settings.api) {
            auto made = m_settings.api();
            if (!made)
                return errorOf(made);
            api = std::move(*made);
        }
        std::unique_ptr<GatewayClient> gatewayClient;
        std::unique_ptr<GatewayCardProvider> gateway;
        if (m_settings.gateway) {
            auto client = GatewayClient::create(*m_settings.gateway);
            if (!client)
                return errorOf(client);
            gatewayClient = std::move(*client);
            gateway = std::make_unique<GatewayCardProvider>(*gatewayClient);
        }
        m_store = std::move(*store);
        m_api = std::move(api);
        m_gatewayClient = std::move(gatewayClient);
        m_gateway = std::move(gateway);
        m_checkout = std::make_unique<Checkout>(*m_store, Checkout::Providers{&m_cash, &m_terminal, m_gateway.get()},
                                                m_api.get(), m_settings.checkout);
        m_checkout->onProgress([this](CheckoutStage stage, const std::string& text) {
            emit m_runner.progress(QString::fromStdString(m_current), static_cast<int>(stage),
                                   QString::fromStdString(text));
            return !m_stopping.load();
        });
        return {};
    }

    static CheckoutOutcome failed(const std::string& bookingId, const std::string& why)
    {
        CheckoutOutcome outcome;
        outcome.result = CheckoutResult::Interrupted;
        outcome.bookingId = bookingId;
        outcome.message = why;
        return outcome;
    }

    void finish(const CheckoutOutcome& outcome)
    {
        m_busy.store(false);
        emit m_runner.finished(outcome);
    }

    CheckoutRunner& m_runner;
    const CheckoutRunner::Settings& m_settings;
    const Clock& m_clock;
    std::atomic<bool>& m_busy;
    std::atomic<bool>& m_stopping;
    CashProvider m_cash;
    CardTerminalProvider m_terminal;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<ServerApi> m_api;
    std::unique_ptr<GatewayClient> m_gatewayClient;
    std::unique_ptr<GatewayCardProvider> m_gateway; // over m_gatewayClient
    std::unique_ptr<Checkout> m_checkout;
    std::string m_current; // the booking id of the checkout running now
};

CheckoutRunner::CheckoutRunner(Settings settings, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_clock(clock)
{
    qRegisterMetaType<marquee::CheckoutOutcome>();
    m_thread.setObjectName("marquee-checkout");
    m_worker = new CheckoutWorker(*this, m_settings, m_clock, m_busy, m_stopping);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

CheckoutRunner::~CheckoutRunner()
{
    // A checkout still running stops at its next step; resume() at the next start finishes it.
    m_stopping.store(true);
    m_thread.quit();
    m_thread.wait();
}

bool CheckoutRunner::run(const CheckoutRequest& request)
{
    if (m_busy.exchange(true))
        return false;
    m_stopping.store(false);
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, request] { w->run(request); }, Qt::QueuedConnection);
    return true;
}

bool CheckoutRunner::abandon(const std::string& bookingId, const std::string& reason)
{
    if (m_busy.exchange(true))
        return false;
    m_stopping.store(false);
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, bookingId, reason] { w->abandon(bookingId, reason); }, Qt::QueuedConnection);
    return true;
}

void CheckoutRunner::resumeUnfinished()
{
    if (m_busy.exchange(true))
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->resume(); }, Qt::QueuedConnection);
}

} // namespace marquee
