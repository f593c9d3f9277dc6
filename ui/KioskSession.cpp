#include "KioskSession.h"

#include "CashRegister.h"
#include "CheckoutRunner.h"
#include "KioskCardReader.h"
#include "KioskPrinter.h"
#include "KioskWindow.h"
#include "SyncService.h"
#include "TicketPrinter.h"

#include <QApplication>
#include <QFile>

namespace marquee {

KioskSession::KioskSession(LocalStore& store, const Clock& clock, KioskSessionSettings settings)
    : m_store(store)
    , m_clock(clock)
    , m_settings(std::move(settings))
{
}

KioskSession::~KioskSession()
{
    m_window.reset();
    m_checkout.reset();
}

int KioskSession::idleSecondsFrom(LocalStore& store, int commandLineSeconds, int settingsSeconds)
{
    if (commandLineSeconds > 0) {
        return commandLineSeconds;
    }
    if (settingsSeconds > 0) {
        return settingsSeconds;
    }
    if (auto stored = store.setting("kiosk.idle_seconds"); stored && *stored) {
        const int seconds = QString::fromStdString(**stored).toInt();
        if (seconds > 0) {
            return seconds;
        }
    }
    return 60;
}

Result<void> KioskSession::start()
{
    if (m_settings.gateway.baseUrl.empty() || m_settings.gateway.secretKey.empty()) {
        return fail(ErrorCode::InvalidArgument, "a kiosk takes cards through a gateway: give --gateway-url and "
                                                "--gateway-key (or MARQUEE_GATEWAY_KEY)");
    }
    CheckoutRunner::Settings runner;
    runner.databasePath = QFile::encodeName(m_settings.databasePath).toStdString();
    if (!m_settings.device.isEmpty()) {
        m_settings.kiosk.device = m_settings.device;
    }
    runner.store.device = m_settings.kiosk.device.toStdString();
    runner.gateway = m_settings.gateway;
    if (m_settings.sync) {
        runner.store.connected = true;
        runner.api = m_settings.sync->connector();
    }
    m_checkout = std::make_unique<CheckoutRunner>(runner, m_clock);

    if (auto catalog = m_store.catalog(LocalStore::CatalogPart::WithoutShows)) {
        m_catalog = std::move(*catalog);
    }
    if (auto rule = CashRegister(m_store).businessDayRule()) {
        m_time = CinemaTime(*rule);
    }
    m_tickets = std::make_unique<TicketPrinter>(m_store, m_catalog, m_time, m_settings.signingKey);
    m_tickets->setPdfDirectory(m_settings.pdfDirectory);
    m_printer = std::make_unique<KioskTicketPrinter>(*m_tickets);
    m_reader = std::make_unique<SimulatedCardReader>(m_settings.simulatedCard, m_settings.simulatedCardDelayMs);
    m_window = std::make_unique<KioskWindow>(m_store, m_clock, *m_checkout, *m_reader, *m_printer, m_settings.kiosk);
    if (m_settings.sync) {
        m_window->setSync(m_settings.sync);
    }
    QObject::connect(m_window.get(), &KioskWindow::exitApproved, qApp, &QApplication::quit, Qt::QueuedConnection);
    if (m_settings.fullScreen) {
        m_window->showFullScreen();
    } else {
        m_window->show();
    }
    return {};
}

} // namespace marquee
