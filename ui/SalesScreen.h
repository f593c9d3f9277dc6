#pragma once
// Selling one show: the seat map with its legend, the basket (one hold, a ticket type per
// seat, totals with the tax part, the hold's countdown) and the way to payment. The map is
// refreshed from the engine every second, so seats taken by another counter show as taken.
// Also used for the second half of an exchange: the new seats are paid partly with the
// value of the returned ones, and LocalStore::exchange commits both as one step.
//
// Connected to marquee-server (setSync), the basket's hold is the server's (asked for off the
// UI thread, Pay waits for the answer), the map also shows what the server says of every
// seat (other counters' holds and sales, polled about every second), and when the server
// cannot be reached only this counter's leased seats can be chosen. A sale then goes through
// sync/Checkout on its own thread (CheckoutRunner): payment taken, booking confirmed locally
// and then by the server, and saleCompleted (which prints) only once the server said
// CONFIRMED — or, for a lease sale offline, once it is committed locally.

#include "Catalog.h"
#include "CinemaTime.h"
#include "LocalStore.h"
#include "PaymentDialog.h"
#include "ServerSeatView.h"
#include "SyncService.h"

#include <QPointer>
#include <QWidget>
#include <map>
#include <optional>

class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace marquee {

class Basket;
class CheckoutRunner;
class SeatMapLegend;
struct CheckoutOutcome;
class SeatMapWidget;
class SupervisorOverride;

class SalesScreen : public QWidget
{
    Q_OBJECT
public:
    SalesScreen(LocalStore& store, const Catalog& catalog, const CinemaTime& time, QWidget* parent = nullptr);
    ~SalesScreen() override;

    void setStaff(const QString& staff);
    // Connects the screen to the server (see above); both outlive the screen or are null.
    void setSync(SyncService* sync, CheckoutRunner* checkout);
    // A connected sale is being paid and confirmed on the checkout thread.
    bool isCheckingOut() const { return m_checkingOut; }
    // Price changes need a supervisor's approval through this gate.
    void setOverride(SupervisorOverride* gate) { m_override = gate; }
    // Changes the price of the basket's seat in this table row, after approval.
    bool changePrice(int row);
    // Opens a show for sale; an open basket of another show is released first.
    bool openShow(const QString& showId);
    QString showId() const;
    // The next sale exchanges these seats of an existing booking (empty: all still booked).
    void startExchange(const Booking& booking, const std::vector<std::string>& seats);
    void cancelExchange();
    bool isExchange() const { return m_exchange.has_value(); }

    Basket& basket() { return *m_basket; }
    SeatMapWidget* seatMap() const { return m_map; }
    // The states last given to the map (the basket's own seats shown as available).
    const std::vector<SeatState>& seatStates() const { return m_states; }
    // The open payment dialog, if any (tests drive it; the app shows it window-modal).
    PaymentDialog* paymentDialog() const { return m_payment; }

    // Re-reads the show's seat states and updates countdown and expiry; the timer calls it.
    void refreshNow();
    void startPayment();
    // Releases the basket (leaving the screen).
    void abandon();
    QString message() const;

signals:
    void saleCompleted(const Booking& booking, const Money& change);
    void exchangeCompleted(const Booking& booking, const Money& change);
    void backRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void onSeatActivated(int seat);
    void onBlockRequested(const std::vector<int>& seats);
    void onBestSeats(int count);
    void applySeats(std::vector<int> seats);
    void rebuildBasketTable();
    void updateCountdown();
    void showMessage(const QString& text, bool warning);
    void finishPayment();
    void commitPending();
    void runCheckout();
    void onCheckoutProgress(const QString& bookingId, int stage);
    void onCheckoutFinished(const CheckoutOutcome& outcome);
    void onServerSeats(const QString& showId, const QVector<QPair<QString, QString>>& seats, bool snapshot);
    // Connected: what the server says of seats this counter does not hold, and what may not
    // be sold offline; `states` are the local engine's.
    void applyServerView(std::vector<SeatState>& states);
    // Refuses (with a message) a change of seats while a sale is being paid.
    bool basketLocked();
    QString seatTip(int seat) const;

    struct Exchange
    {
        Booking booking;
        std::vector<std::string> seats;
        Money value;
    };
    struct PendingSale
    {
        std::string holdId;
        Sale sale;
        Money change;
    };

    LocalStore& m_store;
    const Catalog& m_catalog;
    const CinemaTime& m_time;
    QString m_staff;
    Basket* m_basket = nullptr;
    SeatMapWidget* m_map = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_exchangeBanner = nullptr;
    SeatMapLegend* m_legend = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_total = nullptr;
    QLabel* m_tax = nullptr;
    QLabel* m_countdown = nullptr;
    QLabel* m_message = nullptr;
    QSpinBox* m_bestCount = nullptr;
    QPushButton* m_bestButton = nullptr;
    QPushButton* m_pay = nullptr;
    QPushButton* m_clear = nullptr;
    QPushButton* m_price = nullptr;
    SupervisorOverride* m_override = nullptr;
    QPushButton* m_back = nullptr;
    QTimer* m_timer = nullptr;
    PaymentDialog* m_payment = nullptr; // while open; cleared when it finishes
    std::optional<Exchange> m_exchange;
    std::optional<PendingSale> m_pending;
    std::vector<TicketLine> m_lines;
    std::vector<SeatState> m_states;
    std::int64_t m_version = -1;
    bool m_warned = false;

    QPointer<SyncService> m_sync;
    CheckoutRunner* m_checkout = nullptr;
    bool m_checkingOut = false;
    ServerSeatView m_serverSeats;   // what the server says of the open show's seats
    std::vector<int> m_notSellable; // offline and outside this counter's leases
};

} // namespace marquee
