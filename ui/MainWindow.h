#pragma once
// The counter's main window: the sign-in screen until someone signs in, then schedule,
// sales screen, booking lookup and manager screen on one stack, a status bar (who is
// signed in, their shift, business day, database, connection), and the timers that
// keep the seat engine tidy (sweeping expired holds). Nothing here blocks: every engine
// call is a small local SQLite transaction.

#include "BusinessDay.h"
#include "Catalog.h"
#include "CinemaTime.h"
#include "CounterOptions.h"
#include "LocalStore.h"
#include "SyncService.h"

#include <QMainWindow>
#include <QPointer>
#include <map>
#include <memory>

class QAction;
class QLabel;
class QStackedWidget;
class QTimer;

namespace marquee {

class BookingLookupScreen;
class CheckoutRunner;
class DrawerMenu;
struct CheckoutOutcome;
class ManagerScreen;
class SalesScreen;
class SignInScreen;
class StaffSession;
class SupervisorOverride;
class ScheduleView;
class TicketPrinter;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(LocalStore& store, const Clock& clock, CounterOptions options, QWidget* parent = nullptr);
    ~MainWindow() override;

    LocalStore& store() const { return m_store; }
    ScheduleView* schedule() const { return m_schedule; }
    SalesScreen* sales() const { return m_sales; }
    BookingLookupScreen* lookup() const { return m_lookup; }
    TicketPrinter& printer() { return *m_printer; }
    const Catalog& catalog() const { return m_catalog; }
    const CinemaTime& cinemaTime() const { return m_time; }
    // Where the last tickets went (a PDF path or a printer name).
    QString lastPrintout() const { return m_lastPrintout; }
    QString bannerText() const;
    // A counter connected to marquee-server: holds, sales and the seat map go through the
    // server (SalesScreen::setSync), the status bar says Online or Offline with what waits,
    // and opening a show keeps this counter's lease of it (for selling offline) topped up.
    // Both outlive the window. Also finishes checkouts a crash left half-way.
    void setSync(SyncService* sync, CheckoutRunner* checkout);
    SyncService* sync() const { return m_sync; }
    QString connectionText() const;
    // Seats of each show this counter keeps leased while online (setting sync/lease_seats).
    static constexpr int kDefaultLeaseSeats = 4;

public slots:
    void showSchedule();
    void openShow(const QString& showId);
    void showLookup();
    void setDarkMode(bool dark);
    void setLanguage(const QString& code);
    // Sweeps expired holds and updates the status bar (a timer calls it).
    void tick();

    // Staff, shifts and reports (MainWindowStaff.cpp).
public:
    StaffSession& session() const { return *m_session; }
    SupervisorOverride& supervisorOverride() const { return *m_override; }
    SignInScreen* signInScreen() const { return m_signIn; }
    ManagerScreen* managerScreen() const { return m_manager; }
    DrawerMenu* drawer() const { return m_drawer; }
    bool isCounterShown() const;

public slots:
    void showManager();

signals:
    // The schedule has been painted on screen for the first time.
    void scheduleShown();

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void createActions();
    void retranslate();
    void printBooking(const Booking& booking, const Money& change, const QString& what);
    void setUpStaff();
    void retranslateStaff();
    void onSignedIn();
    void onSignedOut(bool idle);
    void updateConnection();
    void keepLease(const QString& showId);
    void onCheckoutResumed(const CheckoutOutcome& outcome);

    LocalStore& m_store;
    const Clock& m_clock;
    CounterOptions m_options;
    Catalog m_catalog;
    BusinessDayRule m_dayRule; // read once at start, like the catalog
    CinemaTime m_time;
    std::unique_ptr<TicketPrinter> m_printer;
    QStackedWidget* m_stack = nullptr;
    ScheduleView* m_schedule = nullptr;
    SalesScreen* m_sales = nullptr;
    BookingLookupScreen* m_lookup = nullptr;
    QLabel* m_banner = nullptr;
    QLabel* m_staffLabel = nullptr;
    QLabel* m_dayLabel = nullptr;
    QLabel* m_databaseLabel = nullptr;
    QLabel* m_connectionLabel = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_goMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QAction* m_scheduleAction = nullptr;
    QAction* m_lookupAction = nullptr;
    QAction* m_darkAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_englishAction = nullptr;
    QAction* m_hindiAction = nullptr;
    QTimer* m_tick = nullptr;
    QString m_lastPrintout;
    QString m_exchangeTitle;
    QDate m_businessDate;
    bool m_shownOnce = false;

    StaffSession* m_session = nullptr;
    SupervisorOverride* m_override = nullptr;
    SignInScreen* m_signIn = nullptr;
    ManagerScreen* m_manager = nullptr;
    DrawerMenu* m_drawer = nullptr;
    QStackedWidget* m_outer = nullptr; // sign-in screen or the counter
    QWidget* m_counter = nullptr;
    QLabel* m_shiftLabel = nullptr;
    QAction* m_managerAction = nullptr;
    QAction* m_signOutAction = nullptr;

    QPointer<SyncService> m_sync;
    std::map<QString, Timestamp> m_leaseAskedAt; // when this counter last asked for a show's lease
};

} // namespace marquee
