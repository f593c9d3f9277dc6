#pragma once
// `marquee --kiosk`: everything a kiosk runs, put together for main(): the checkout thread with
// the card gateway, the ticket printer and its readiness check, the card reader (simulated
// until a hardware driver exists) and the full-screen KioskWindow. Kept out of main.cpp so the
// composition is testable and main() stays a switch.

#include "Catalog.h"
#include "CinemaTime.h"
#include "GatewayClient.h"
#include "KioskOptions.h"
#include "LocalStore.h"

#include <QByteArray>
#include <QString>
#include <memory>

namespace marquee {

class CheckoutRunner;
class SyncService;
class KioskCardReader;
class KioskPrinter;
class KioskWindow;
class TicketPrinter;

struct KioskSessionSettings
{
    KioskOptions kiosk;
    QString databasePath;
    QString pdfDirectory; // tickets as PDFs here instead of the default printer
    QByteArray signingKey;
    GatewayConfig gateway;
    QString simulatedCard = QStringLiteral("pm_card_visa"); // presented by the simulated reader
    int simulatedCardDelayMs = 2'500;
    bool fullScreen = true;
    // A kiosk connected to marquee-server (its device has the kiosk role): holds through the
    // server, checkouts confirmed there. nullptr: standalone.
    SyncService* sync = nullptr;
    QString device; // the registered device name when connected
};

class KioskSession
{
public:
    KioskSession(LocalStore& store, const Clock& clock, KioskSessionSettings settings);
    ~KioskSession();

    // Fails when the gateway configuration cannot work (no URL, no key).
    Result<void> start();
    KioskWindow* window() const { return m_window.get(); }

    // The kiosk options from the settings and the command line: --kiosk-idle SECONDS wins over
    // QSettings kiosk/idle_seconds, over the store setting kiosk.idle_seconds, over 60 s.
    static int idleSecondsFrom(LocalStore& store, int commandLineSeconds, int settingsSeconds);

private:
    LocalStore& m_store;
    const Clock& m_clock;
    KioskSessionSettings m_settings;
    Catalog m_catalog; // the ticket printer's
    CinemaTime m_time;
    std::unique_ptr<CheckoutRunner> m_checkout;
    std::unique_ptr<TicketPrinter> m_tickets;
    std::unique_ptr<KioskPrinter> m_printer;
    std::unique_ptr<KioskCardReader> m_reader;
    std::unique_ptr<KioskWindow> m_window;
};

} // namespace marquee
