#include "MainWindow.h"

#include "BookingLookupScreen.h"
#include "CashRegister.h"
#include "CheckoutRunner.h"
#include "ManagerScreen.h"
#include "MoneyText.h"
#include "PaymentDialog.h"
#include "SalesScreen.h"
#include "ScheduleView.h"
#include "SeatMapWidget.h"
#include "SyncService.h"
#include "Theme.h"
#include "TicketPrinter.h"
#include "UiLanguage.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

namespace marquee {

Q_LOGGING_CATEGORY(lcWindow, "marquee.ui.window")

namespace {

QString seatList(const Booking& booking)
{
    QStringList seats;
    for (const auto& line : booking.lines) {
        if (!line.refunded) {
            seats << QString::fromStdString(line.seatId);
        }
    }
    return seats.join(QStringLiteral(", "));
}

} // namespace

MainWindow::MainWindow(LocalStore& store, const Clock& clock, CounterOptions options, QWidget* parent)
    : QMainWindow(parent)
    , m_store(store)
    , m_clock(clock)
    , m_options(std::move(options))
{
    setObjectName(QStringLiteral("mainWindow"));
    // Screens, films and price lists only: the screens ask for shows by id or by day.
    if (auto catalog = m_store.catalog(LocalStore::CatalogPart::WithoutShows)) {
        m_catalog = std::move(*catalog);
    } else {
        qCWarning(lcWindow) << "no catalog:" << catalog.error().message.c_str();
    }
    // The business day ends at a cut-off (06:00 unless set), so a 00:30 show is the day before's.
    // The rule is the engine's (store setting business_day_cutoff, the cinema's zone): the day
    // in the status bar and on the schedule is the day the shift and Z-reports are filed under.
    if (auto rule = CashRegister(m_store).businessDayRule()) {
        m_dayRule = *rule;
        m_time = CinemaTime(m_dayRule);
    } else {
        qCWarning(lcWindow) << "business day rule unreadable, using 06:00 in the cinema's zone:"
                            << rule.error().message.c_str();
        if (auto zone = TimeZone::load(m_catalog.cinema().timeZone)) {
            m_dayRule.zone = *zone;
        }
        m_time = CinemaTime(m_dayRule);
    }
    m_printer = std::make_unique<TicketPrinter>(m_store, m_catalog, m_time, m_options.signingKey);
    m_printer->setPdfDirectory(m_options.pdfDirectory);

    m_schedule = new ScheduleView(m_store, m_catalog, m_time, this);
    m_sales = new SalesScreen(m_store, m_catalog, m_time, this);
    m_lookup = new BookingLookupScreen(m_store, m_catalog, m_time, m_options.signingKey, this);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_schedule);
    m_stack->addWidget(m_sales);
    m_stack->addWidget(m_lookup);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("saleBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #e8f5e9; color: #1b5e20; padding: 6px; "
                                           "font-weight: bold; }"));
    m_banner->hide();

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_staffLabel = new QLabel(this);
    m_staffLabel->setObjectName(QStringLiteral("staffLabel"));
    m_dayLabel = new QLabel(this);
    m_dayLabel->setObjectName(QStringLiteral("businessDateLabel"));
    m_databaseLabel = new QLabel(this);
    m_databaseLabel->setObjectName(QStringLiteral("databaseLabel"));
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    statusBar()->addWidget(m_staffLabel);
    statusBar()->addWidget(m_dayLabel);
    statusBar()->addWidget(m_databaseLabel, 1);
    statusBar()->addPermanentWidget(m_connectionLabel);

    createActions();
    setUpStaff();

    connect(m_schedule, &ScheduleView::showChosen, this, &MainWindow::openShow);
    connect(m_schedule, &ScheduleView::firstPainted, this, &MainWindow::scheduleShown);
    connect(m_schedule, &ScheduleView::ticketScanned, this, [this](const QString& code) {
        showLookup();
        m_lookup->lookUp(code);
    });
    connect(m_sales, &SalesScreen::backRequested, this, [this] {
        m_sales->abandon();
        showSchedule();
    });
    connect(m_sales, &SalesScreen::saleCompleted, this, [this](const Booking& booking, const Money& change) {
        printBooking(booking, change, tr("Sold"));
        showSchedule();
    });
    connect(m_sales, &SalesScreen::exchangeCompleted, this, [this](const Booking& booking, const Money& change) {
        printBooking(booking, change, tr("Exchanged into"));
        showSchedule();
    });
    connect(m_lookup, &BookingLookupScreen::backRequested, this, &MainWindow::showSchedule);
    connect(m_lookup, &BookingLookupScreen::reprintRequested, this, [this](const Booking& booking) {
        printBooking(booking, Money::zero(booking.total.currency()), tr("Reprinted"));
    });
    connect(m_lookup, &BookingLookupScreen::exchangeRequested, this,
            [this](const Booking& booking, const std::vector<std::string>& seats) {
                m_sales->abandon();
                m_sales->startExchange(booking, seats);
                m_exchangeTitle = tr("Exchange %1: choose the new show").arg(QString::fromStdString(booking.reference));
                showSchedule();
            });

    m_tick = new QTimer(this);
    m_tick->setInterval(10'000);
    connect(m_tick, &QTimer::timeout, this, &MainWindow::tick);
    m_tick->start();

    m_businessDate = CinemaTime::toQDate(m_dayRule.dateOf(m_clock.now()));
    retranslate();
    m_schedule->setDate(m_businessDate);
    m_lookup->refreshShows(m_businessDate);
    tick();
    resize(1400, 900);
    restoreGeometry(QSettings().value(QStringLiteral("ui/geometry")).toByteArray());
}

MainWindow::~MainWindow()
{
    // Screens release their holds before the store goes away.
    m_sales->abandon();
}

void MainWindow::createActions()
{
    m_scheduleAction = new QAction(this);
    m_scheduleAction->setObjectName(QStringLiteral("scheduleAction"));
    m_scheduleAction->setShortcut(QKeySequence(Qt::Key_F2));
    connect(m_scheduleAction, &QAction::triggered, this, [this] {
        if (m_stack->currentWidget() == m_sales) {
            m_sales->abandon();
        }
        showSchedule();
    });
    m_lookupAction = new QAction(this);
    m_lookupAction->setObjectName(QStringLiteral("lookupAction"));
    m_lookupAction->setShortcut(QKeySequence(Qt::Key_F3));
    connect(m_lookupAction, &QAction::triggered, this, [this] {
        if (m_stack->currentWidget() == m_sales) {
            m_sales->abandon();
        }
        showLookup();
    });
    m_darkAction = new QAction(this);
    m_darkAction->setObjectName(QStringLiteral("darkModeAction"));
    m_darkAction->setCheckable(true);
    m_darkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_darkAction->setChecked(QSettings().value(QStringLiteral("ui/dark"), false).toBool());
    connect(m_darkAction, &QAction::toggled, this, &MainWindow::setDarkMode);
    m_quitAction = new QAction(this);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    auto* languages = new QActionGroup(this);
    m_englishAction = new QAction(QStringLiteral("English"), languages);
    m_englishAction->setCheckable(true);
    m_hindiAction = new QAction(QStringLiteral("हिन्दी"), languages);
    m_hindiAction->setCheckable(true);
    (UiLanguage::current() == QLatin1String("hi") ? m_hindiAction : m_englishAction)->setChecked(true);
    connect(m_englishAction, &QAction::triggered, this, [this] { setLanguage(QStringLiteral("en")); });
    connect(m_hindiAction, &QAction::triggered, this, [this] { setLanguage(QStringLiteral("hi")); });

    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_quitAction);
    m_goMenu = menuBar()->addMenu(QString());
    m_goMenu->addAction(m_scheduleAction);
    m_goMenu->addAction(m_lookupAction);
    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addAction(m_darkAction);
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->addAction(m_englishAction);
    m_languageMenu->addAction(m_hindiAction);
    for (QAction* action : {m_scheduleAction, m_lookupAction, m_darkAction, m_quitAction}) {
        addAction(action);
    }
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Marquee — %1").arg(QString::fromStdString(m_catalog.cinema().name)));
    m_fileMenu->setTitle(tr("&File"));
    m_goMenu->setTitle(tr("&Go"));
    m_viewMenu->setTitle(tr("&View"));
    m_languageMenu->setTitle(tr("&Language"));
    m_scheduleAction->setText(tr("&Schedule"));
    m_scheduleAction->setToolTip(tr("Today's shows (F2)"));
    m_lookupAction->setText(tr("&Find booking"));
    m_lookupAction->setToolTip(tr("Find a booking to reprint, refund or exchange (F3)"));
    m_darkAction->setText(tr("&Dark mode"));
    m_darkAction->setToolTip(tr("Switch between light and dark colours (Ctrl+Shift+D)"));
    m_quitAction->setText(tr("&Quit"));
    retranslateStaff();
    m_databaseLabel->setText(tr("Database: %1").arg(m_options.databasePath));
    updateConnection();
    m_dayLabel->setText(tr("Business day: %1").arg(QLocale().toString(m_businessDate, QLocale::LongFormat)));
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!m_shownOnce) {
        m_shownOnce = true;
        if (isCounterShown()) {
            m_schedule->focusGrid();
        }
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings().setValue(QStringLiteral("ui/geometry"), saveGeometry());
    m_sales->abandon();
    QMainWindow::closeEvent(event);
}

QString MainWindow::bannerText() const
{
    return m_banner->isVisible() || !m_banner->text().isEmpty() ? m_banner->text() : QString();
}

void MainWindow::tick()
{
    auto swept = m_store.sweepExpired();
    if (!swept) {
        qCWarning(lcWindow) << "sweep failed:" << swept.error().message.c_str();
    }
    const QDate today = CinemaTime::toQDate(m_dayRule.dateOf(m_clock.now()));
    if (today != m_businessDate) {
        m_businessDate = today;
        retranslate();
    }
    // The open show's lease is renewed before it runs low, while online.
    if (m_sync && m_stack->currentWidget() == m_sales && !m_sales->showId().isEmpty()) {
        keepLease(m_sales->showId());
    }
}

void MainWindow::showSchedule()
{
    m_schedule->setTitle(m_sales->isExchange() ? m_exchangeTitle : QString());
    m_stack->setCurrentWidget(m_schedule);
    m_schedule->refresh();
    m_schedule->focusGrid();
}

void MainWindow::setSync(SyncService* sync, CheckoutRunner* checkout)
{
    m_sync = sync;
    m_sales->setSync(sync, checkout);
    m_manager->setSync(sync);
    if (sync) {
        connect(sync, &SyncService::statusChanged, this, &MainWindow::updateConnection);
        connect(sync, &SyncService::catalogUpdated, this, [this] {
            // The server's films, screens and prices (a fresh counter has none before this).
            if (auto catalog = m_store.catalog(LocalStore::CatalogPart::WithoutShows)) {
                m_catalog = std::move(*catalog);
                setWindowTitle(tr("Marquee — %1").arg(QString::fromStdString(m_catalog.cinema().name)));
                m_schedule->refresh();
            }
        });
        connect(sync, &SyncService::leaseAnswered, this,
                [this](const QString& showId, int seats, const QString& error) {
                    if (!error.isEmpty()) {
                        statusBar()->showMessage(
                            tr("No seats for selling offline could be kept for this show: %1").arg(error), 10000);
                    } else if (seats > 0 && m_sales->showId() == showId) {
                        m_sales->refreshNow();
                    }
                });
    }
    if (checkout) {
        connect(checkout, &CheckoutRunner::resumed, this, &MainWindow::onCheckoutResumed);
        checkout->resumeUnfinished();
    }
    updateConnection();
}

QString MainWindow::connectionText() const
{
    if (!m_sync) {
        return m_options.connection.isEmpty() ? tr("Standalone") : m_options.connection;
    }
    const SyncStatus status = m_sync->status();
    QString text = status.online ? tr("Online") : tr("Offline: selling this counter's seats only");
    if (status.pending > 0) {
        text += QStringLiteral(" · ") + tr("%n change(s) waiting", nullptr, status.pending);
    }
    if (status.conflicts + status.failed > 0) {
        text +=
            QStringLiteral(" · ") + tr("%n sync problem(s) for a manager", nullptr, status.conflicts + status.failed);
    }
    return text;
}

void MainWindow::updateConnection()
{
    m_connectionLabel->setText(connectionText());
    const SyncService* sync = m_sync.data();
    if (sync == nullptr) {
        m_connectionLabel->setToolTip(tr("This counter sells from its own database, with no server"));
        m_connectionLabel->setStyleSheet(QString());
        return;
    }
    const SyncStatus status = sync->status();
    QString tip = tr("Server: %1").arg(QString::fromStdString(sync->settings().serverUrl));
    if (!status.lastProblem.empty()) {
        tip += QLatin1Char('\n') + tr("Last problem: %1").arg(QString::fromStdString(status.lastProblem));
    }
    m_connectionLabel->setToolTip(tip);
    m_connectionLabel->setStyleSheet(status.online ? QString()
                                                   : QStringLiteral("QLabel { color: #b71c1c; font-weight: bold; }"));
}

void MainWindow::keepLease(const QString& showId)
{
    if (!m_sync || !m_sync->status().online) {
        return;
    }
    int seats = kDefaultLeaseSeats;
    if (auto setting = m_store.setting("sync/lease_seats"); setting && *setting) {
        seats = QString::fromStdString(**setting).toInt();
    }
    if (seats <= 0) {
        return;
    }
    // At most one request per show every five minutes (a refused one is not repeated at once).
    const Timestamp now = m_clock.now();
    if (auto asked = m_leaseAskedAt.find(showId);
        asked != m_leaseAskedAt.end() && now - asked->second < std::chrono::minutes(5)) {
        return;
    }
    // A new lease only when none of this show will still sell in half an hour (each request
    // takes more seats; the server ends leases by their time limit).
    if (auto leases = m_store.leases(showId.toStdString())) {
        const Timestamp soon = m_clock.now() + std::chrono::minutes(30);
        for (const Lease& lease : *leases) {
            if (lease.expiresAt > soon) {
                return;
            }
        }
    }
    m_leaseAskedAt[showId] = now;
    m_sync->requestLease(showId, seats);
}

void MainWindow::onCheckoutResumed(const CheckoutOutcome& outcome)
{
    // A sale a crash or a closed app left half-way, finished now with the same keys.
    if (outcome.completed() && outcome.booking) {
        printBooking(*outcome.booking, Money::zero(outcome.booking->total.currency()), tr("Finished after a restart"));
    } else if (!outcome.message.empty()) {
        statusBar()->showMessage(tr("A sale left unfinished: %1").arg(QString::fromStdString(outcome.message)), 30000);
    }
}

void MainWindow::openShow(const QString& showId)
{
    keepLease(showId);
    if (m_sales->openShow(showId)) {
        m_stack->setCurrentWidget(m_sales);
        m_sales->seatMap()->setFocus(Qt::OtherFocusReason);
    }
}

void MainWindow::showLookup()
{
    m_lookup->refreshShows(m_schedule->date());
    m_stack->setCurrentWidget(m_lookup);
    m_lookup->focusQuery();
}

void MainWindow::printBooking(const Booking& booking, const Money& change, const QString& what)
{
    auto printed = m_printer->print(booking, change);
    if (printed) {
        m_lastPrintout = *printed;
    }
    QString text =
        tr("%1 %2: seats %3, total %4.")
            .arg(what, QString::fromStdString(booking.reference), seatList(booking), MoneyText::format(booking.total));
    if (!change.isZero()) {
        text += QLatin1Char(' ') + tr("Change due: %1.").arg(MoneyText::format(change));
    }
    text += QLatin1Char(' ') + (printed ? tr("Printed to %1.").arg(*printed)
                                        : tr("PRINTING FAILED (%1): reprint from Find booking (F3).")
                                              .arg(QString::fromStdString(printed.error().message)));
    m_banner->setText(text);
    m_banner->show();
}

void MainWindow::setDarkMode(bool dark)
{
    QSettings().setValue(QStringLiteral("ui/dark"), dark);
    Theme::apply(dark);
    if (m_darkAction->isChecked() != dark) {
        m_darkAction->setChecked(dark);
    }
}

void MainWindow::setLanguage(const QString& code)
{
    UiLanguage::apply(code);
    QSettings().setValue(QStringLiteral("ui/language"), code);
}

} // namespace marquee
