#pragma once
// The self-service ticket machine (issue 8, `marquee --kiosk`): one full-screen, frameless,
// touch-first window that walks a customer from the start screen (what is showing next) through
// film, time, seats (best available suggested; wheelchair space with companion seats), ticket
// types and card payment to printed tickets, then starts again by itself.
//
// What it keeps:
// - Seats: one Basket, so the seats on screen are exactly one hold in the store; leaving or
//   abandoning a sale releases it.
// - Money: payments run on CheckoutRunner's thread (the gateway provider); the UI thread never
//   waits. A sale that was not finished when the customer left is abandoned there
//   (Checkout::abandon: authorizations voided, hold released), never confirmed.
// - Idle: KioskIdleWatch asks "Still there?" and then starts over, but never while a payment
//   is running (it is disarmed from the card's arrival to the checkout's answer).
// - Printing: the printer is asked before the card is; a known bad printer takes no money. A
//   print that fails after payment shows the booking code and its QR code and flags the sale
//   for staff (KioskUnprintedSales).
// - Lock-down: no staff functions, close refused, Alt+F4 / Ctrl+Q / Ctrl+W / Escape swallowed;
//   holding the top-left corner opens a PIN pad, and only a manager's PIN (StaffRoster,
//   ProtectedAction::LeaveKiosk, audited) lets the kiosk quit (exitApproved()).
// - Language and contrast: English/Hindi and high contrast on every screen; each new customer
//   starts with the defaults again.

#include "Basket.h"
#include "Catalog.h"
#include "CheckoutRunner.h"
#include "CinemaTime.h"
#include "KioskOptions.h"
#include "ServerSeatView.h"
#include "SyncService.h"

#include <QPointer>
#include <QWidget>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QBoxLayout;
class QGridLayout;
class QLabel;
class QPushButton;
class QStackedWidget;
class QVBoxLayout;

namespace marquee {

class KioskCardReader;
class KioskIdleWatch;
class KioskPrinter;
class PinPad;
class SeatMapLegend;
class SeatMapWidget;

class KioskWindow : public QWidget
{
    Q_OBJECT
public:
    enum class Screen
    {
        Attract,
        Films,
        Times,
        Seats,
        Tickets,
        Payment,
        Done,
        PrintProblem
    };
    Q_ENUM(Screen)

    // The store is the UI thread's connection; `checkout` runs payments on its own thread with
    // the gateway. All must outlive the window.
    KioskWindow(LocalStore& store, const Clock& clock, CheckoutRunner& checkout, KioskCardReader& reader,
                KioskPrinter& printer, KioskOptions options, QWidget* parent = nullptr);
    ~KioskWindow() override;

    // A kiosk connected to marquee-server places its holds there (Basket::setSync).
    void setSync(SyncService* sync);

    Screen screen() const { return m_screen; }
    Basket& basket() { return *m_basket; }
    KioskIdleWatch& idleWatch() { return *m_idle; }
    const KioskOptions& options() const { return m_options; }
    // The booking id of the current payment attempt ("" before the card).
    const std::string& bookingId() const { return m_bookingId; }
    bool isPaying() const { return m_paying; }
    bool highContrast() const { return m_highContrast; }
    bool isExitOpen() const;
    QString paymentText() const;

public slots:
    void setHighContrast(bool on);
    void setLanguage(const QString& code);
    // Back to the start screen: the hold released and an unfinished payment abandoned. Refused
    // (false) while a payment is running.
    bool startOver();

signals:
    void screenChanged(marquee::KioskWindow::Screen screen);
    // A manager's PIN allowed leaving kiosk mode; the app quits.
    void exitApproved();
    // A payment attempt ended (any result); for tests and logs.
    void paymentFinished(const marquee::CheckoutOutcome& outcome);
    // An abandoned sale was undone on the checkout thread.
    void saleAbandoned(const marquee::CheckoutOutcome& outcome);

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildChrome();
    void showScreen(Screen screen);
    void render();
    void renderAttract();
    void renderFilms();
    void renderTimes();
    void renderSeats();
    void renderTickets();
    void renderPayment();
    void renderDone();
    void renderPrintProblem();
    void retranslateChrome();
    void applyStyle();
    bool landscape() const { return width() >= height(); }
    void updateIdleArming();

    void openFilm(const std::string& filmId);
    void openShow(const std::string& showId);
    void suggestSeats();
    void onSeatTapped(int seat);
    void refreshSeatMap();
    void setTicketCount(int count);
    void goToPayment();
    void onCardPresented(const QString& paymentMethod);
    void onCheckoutProgress(const QString& bookingId, int stage, const QString& text);
    void onCheckoutFinished(const CheckoutOutcome& outcome);
    void onCheckoutAbandoned(const CheckoutOutcome& outcome);
    void printTickets(const Booking& booking);
    void flushAbandoned();
    void abandonLeftovers();

    void showStillThere(int secondsLeft);
    void hideStillThere();
    void openExit();
    void closeExit();
    void submitExitPin();

    QPushButton* bigButton(const QString& text, const QString& objectName, bool primary = false);
    QString showLine(const ShowSummary& show) const;
    QString timeText(Timestamp t) const;
    QString money(const Money& amount) const;
    const Film* film(const std::string& filmId) const;
    std::vector<ShowSummary> showsToday() const;

    LocalStore& m_store;
    const Clock& m_clock;
    CheckoutRunner& m_checkout;
    KioskCardReader& m_reader;
    KioskPrinter& m_printer;
    KioskOptions m_options;
    Catalog m_catalog;
    CinemaTime m_time;
    std::unique_ptr<Basket> m_basket;
    KioskIdleWatch* m_idle = nullptr;

    Screen m_screen = Screen::Attract;
    std::string m_filmId;
    std::string m_showId;
    QPointer<SyncService> m_sync; // connected kiosks only
    ServerSeatView m_serverSeats; // what the server says of the open show's seats
    // The engine's seat states of the open show with what the server says of seats this kiosk
    // does not hold (connected).
    std::vector<SeatState> seatStates();
    int m_ticketCount = 2;
    bool m_wheelchair = false;
    QString m_seatNotice;
    bool m_highContrast = false;

    // The payment: one attempt per card (a declined card's attempt keeps the hold).
    enum class PaymentState
    {
        PrinterBad,
        WaitingForCard,
        Processing,
        Declined,
        Failed
    };
    PaymentState m_paymentState = PaymentState::WaitingForCard;
    QString m_paymentDetail;
    std::string m_bookingId;
    bool m_paying = false;
    bool m_settled = true; // the current attempt needs no undoing
    std::vector<std::string> m_toAbandon;
    std::optional<Booking> m_booking; // the sale just made (Done, PrintProblem)

    // Widgets.
    QLabel* m_cinemaName = nullptr;
    QPushButton* m_contrastButton = nullptr;
    QPushButton* m_languageButton = nullptr;
    QWidget* m_exitCorner = nullptr;
    QStackedWidget* m_stack = nullptr;
    QPushButton* m_backButton = nullptr;
    QPushButton* m_startOverButton = nullptr;
    QWidget* m_footer = nullptr;
    std::vector<QWidget*> m_pages; // by Screen
    SeatMapWidget* m_seatMap = nullptr;
    SeatMapLegend* m_legend = nullptr;
    QWidget* m_seatControls = nullptr;
    QBoxLayout* m_seatBody = nullptr;
    QTimer* m_returnTimer = nullptr;

    QWidget* m_stillThere = nullptr;
    QLabel* m_stillThereText = nullptr;
    QWidget* m_exit = nullptr;
    PinPad* m_exitPin = nullptr;
    QLabel* m_exitStatus = nullptr;
    QWidget* m_exitManagers = nullptr;
    std::string m_exitManager;
    QTimer* m_exitHold = nullptr;
    bool m_exitAllowed = false;
};

} // namespace marquee
