#include "KioskWindow.h"

#include "BestSeats.h"
#include "CashRegister.h"
#include "CheckoutRunner.h"
#include "KioskCardReader.h"
#include "KioskIdleWatch.h"
#include "KioskPrinter.h"
#include "KioskStyle.h"
#include "KioskUnprintedSales.h"
#include "MoneyText.h"
#include "PinPad.h"
#include "SeatMapLegend.h"
#include "SeatMapWidget.h"
#include "StaffRoster.h"
#include "TicketPrinter.h"
#include "UiLanguage.h"
#include "Uuid.h"

#include <QApplication>
#include <QBoxLayout>
#include <QCloseEvent>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPainter>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QTranslator>
#include <algorithm>

Q_LOGGING_CATEGORY(lcKiosk, "marquee.ui.kiosk")

namespace marquee {

namespace {

QString fromStd(const std::string& text)
{
    return QString::fromStdString(text);
}

// Widgets of a page being rebuilt may be the sender of the signal that rebuilds it: detach
// them now, delete them later.
void clearLayout(QLayout* layout)
{
    while (QLayoutItem* item = layout->takeAt(0)) {
        if (QWidget* w = item->widget()) {
            w->hide();
            w->setParent(nullptr);
            w->deleteLater();
        } else if (QLayout* inner = item->layout()) {
            clearLayout(inner);
        }
        delete item;
    }
}

QLabel* label(const QString& text, const char* role = nullptr)
{
    auto* l = new QLabel(text);
    l->setWordWrap(true);
    if (role) {
        l->setProperty("role", QString::fromLatin1(role));
    }
    return l;
}

// The kiosk's own strings in Hindi (resources/translations/kiosk_hi.ts), on top of the
// counter's catalogue that UiLanguage installs.
void applyKioskTranslation(const QString& code)
{
    static std::unique_ptr<QTranslator> kiosk;
    if (kiosk) {
        QCoreApplication::removeTranslator(kiosk.get());
        kiosk.reset();
    }
    if (code == QLatin1String("en")) {
        return;
    }
    auto translator = std::make_unique<QTranslator>();
    if (translator->load(QStringLiteral(":/i18n/kiosk_%1.qm").arg(code))) {
        QCoreApplication::installTranslator(translator.get());
        kiosk = std::move(translator);
    }
}

// A screen of the stack. QStackedLayout asks every page for its height for a width (the
// largest wins), and a top-level window follows it: pages with word-wrapped text would make the
// kiosk taller than its screen. A page takes the height the window has instead.
class Page final : public QWidget
{
public:
    using QWidget::QWidget;
    bool hasHeightForWidth() const override { return false; }
};

QPixmap cardPicture(int width, bool highContrast)
{
    const int height = width * 54 / 86;
    QPixmap picture(width + 8, height + 8);
    picture.fill(Qt::transparent);
    QPainter p(&picture);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF card(4, 4, width, height);
    p.setPen(QPen(highContrast ? Qt::white : QColor(0xff, 0xd7, 0x5e), 4));
    p.setBrush(highContrast ? QColor(Qt::black) : QColor(0x2b, 0x30, 0x40));
    p.drawRoundedRect(card, width / 14.0, width / 14.0);
    // The chip and the contactless waves.
    p.setBrush(highContrast ? QColor(Qt::white) : QColor(0xf5, 0xb3, 0x01));
    p.setPen(Qt::NoPen);
    p.drawRoundedRect(QRectF(card.left() + width * 0.12, card.top() + height * 0.35, width * 0.16, height * 0.24), 6,
                      6);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(highContrast ? Qt::white : QColor(0xf4, 0xf4, 0xf4), 5, Qt::SolidLine, Qt::RoundCap));
    const QPointF c(card.right() - width * 0.22, card.center().y());
    for (int i = 1; i <= 3; ++i) {
        const double r = width * 0.05 * i;
        p.drawArc(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), -50 * 16, 100 * 16);
    }
    return picture;
}

} // namespace

KioskWindow::KioskWindow(LocalStore& store, const Clock& clock, CheckoutRunner& checkout, KioskCardReader& reader,
                         KioskPrinter& printer, KioskOptions options, QWidget* parent)
    : QWidget(parent, Qt::Window | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint)
    , m_store(store)
    , m_clock(clock)
    , m_checkout(checkout)
    , m_reader(reader)
    , m_printer(printer)
    , m_options(std::move(options))
    , m_basket(std::make_unique<Basket>(store, clock))
{
    setObjectName(QStringLiteral("kiosk"));
    setAttribute(Qt::WA_AcceptTouchEvents, false);
    if (auto catalog = m_store.catalog(LocalStore::CatalogPart::WithoutShows)) {
        m_catalog = std::move(*catalog);
    } else {
        qCWarning(lcKiosk) << "catalog unreadable:" << catalog.error().message.c_str();
    }
    if (auto rule = CashRegister(m_store).businessDayRule()) {
        m_time = CinemaTime(*rule);
    }
    m_basket->setStaff(m_options.device.toStdString());
    m_basket->setHoldTtl(std::chrono::seconds(m_options.holdTtlSeconds));

    m_idle = new KioskIdleWatch(m_options.idleMs, m_options.stillThereMs, this);
    connect(m_idle, &KioskIdleWatch::countdownStarted, this, &KioskWindow::showStillThere);
    connect(m_idle, &KioskIdleWatch::countdownTick, this, &KioskWindow::showStillThere);
    connect(m_idle, &KioskIdleWatch::countdownCancelled, this, &KioskWindow::hideStillThere);
    connect(m_idle, &KioskIdleWatch::timedOut, this, [this] {
        qCInfo(lcKiosk) << "customer gone: starting over";
        hideStillThere();
        if (!startOver()) {
            updateIdleArming();
        }
    });

    connect(&m_reader, &KioskCardReader::cardPresented, this, &KioskWindow::onCardPresented);
    connect(&m_checkout, &CheckoutRunner::progress, this, &KioskWindow::onCheckoutProgress);
    connect(&m_checkout, &CheckoutRunner::finished, this, &KioskWindow::onCheckoutFinished);
    connect(&m_checkout, &CheckoutRunner::abandoned, this, &KioskWindow::onCheckoutAbandoned);
    connect(&m_checkout, &CheckoutRunner::resumed, this, [this](const CheckoutOutcome&) { flushAbandoned(); });
    connect(m_basket.get(), &Basket::expired, this, [this] {
        if (!m_paying && m_screen != Screen::Done && m_screen != Screen::PrintProblem) {
            m_seatNotice = tr("Your seats were released because the time ran out. Please choose again.");
            if (!m_showId.empty()) {
                openShow(m_showId);
            }
        }
    });
    auto* expiry = new QTimer(this);
    expiry->setInterval(1000);
    connect(expiry, &QTimer::timeout, m_basket.get(), &Basket::checkExpiry);
    expiry->start();

    // The start screen shows what is on next: shows start, seats sell, the list moves on.
    auto* attractRefresh = new QTimer(this);
    attractRefresh->setInterval(30'000);
    connect(attractRefresh, &QTimer::timeout, this, [this] {
        if (m_screen == Screen::Attract && !isExitOpen()) {
            render();
        }
    });
    attractRefresh->start();

    m_returnTimer = new QTimer(this);
    m_returnTimer->setSingleShot(true);
    connect(m_returnTimer, &QTimer::timeout, this, [this] { startOver(); });

    buildChrome();
    applyKioskTranslation(UiLanguage::current());
    qApp->installEventFilter(this);
    abandonLeftovers();
    showScreen(Screen::Attract);
}

KioskWindow::~KioskWindow()
{
    qApp->removeEventFilter(this);
    m_reader.cancel();
    if (!m_paying) {
        m_basket->clear();
    } else {
        m_basket->forgetHold(); // the checkout owns it now; the next start finishes or undoes it
    }
}

void KioskWindow::setSync(SyncService* sync)
{
    m_basket->setSync(sync);
    m_sync = sync;
    if (!sync) {
        return;
    }
    // Other counters' holds and sales of the open show, polled by the sync thread.
    connect(sync, &SyncService::seatsChanged, this,
            [this](const QString& showId, const QVector<QPair<QString, QString>>& seats, bool snapshot) {
                if (showId.toStdString() != m_showId) {
                    return;
                }
                m_serverSeats.apply(seats, snapshot);
                if (m_screen == Screen::Seats) {
                    refreshSeatMap();
                }
            });
    // Connected, the server answers for the seats later: redraw the seats page when it does.
    connect(m_basket.get(), &Basket::changed, this, [this] {
        if (m_screen == Screen::Seats && !m_paying) {
            if (!m_basket->isPending()) {
                m_ticketCount = std::max(1, static_cast<int>(m_basket->seats().size()));
            }
            refreshSeatMap();
            renderSeats();
        }
    });
    connect(m_basket.get(), &Basket::refused, this, [this](const QStringList& unavailable, const QString&) {
        m_seatNotice = unavailable.isEmpty() ? tr("Your seats could not be kept just now. Please try again.")
                                             : tr("That seat is taken. Please choose another.");
        if (m_screen == Screen::Seats) {
            refreshSeatMap();
            renderSeats();
        }
    });
}

void KioskWindow::buildChrome()
{
    auto* root = new QVBoxLayout(this);
    // The kiosk is as big as its screen: the content fits that, never the other way round.
    root->setSizeConstraint(QLayout::SetNoConstraint);
    root->setContentsMargins(24, 16, 24, 16);
    root->setSpacing(16);

    auto* header = new QHBoxLayout;
    m_cinemaName = label(fromStd(m_catalog.cinema().name), "brand");
    m_cinemaName->setObjectName(QStringLiteral("cinemaName"));
    header->addSpacing(100); // the exit corner sits here, invisible
    header->addWidget(m_cinemaName, 1);
    m_contrastButton = new QPushButton(this);
    m_contrastButton->setObjectName(QStringLiteral("contrastButton"));
    m_contrastButton->setCheckable(true);
    m_contrastButton->setFocusPolicy(Qt::NoFocus);
    connect(m_contrastButton, &QPushButton::toggled, this, &KioskWindow::setHighContrast);
    m_languageButton = new QPushButton(this);
    m_languageButton->setObjectName(QStringLiteral("languageButton"));
    m_languageButton->setFocusPolicy(Qt::NoFocus);
    connect(m_languageButton, &QPushButton::clicked, this, [this] {
        setLanguage(UiLanguage::current() == QLatin1String("hi") ? QStringLiteral("en") : QStringLiteral("hi"));
    });
    header->addWidget(m_contrastButton);
    header->addWidget(m_languageButton);
    root->addLayout(header);

    m_stack = new QStackedWidget(this);
    for (int i = 0; i <= static_cast<int>(Screen::PrintProblem); ++i) {
        auto* page = new Page(m_stack);
        page->setObjectName(QStringLiteral("page%1").arg(i));
        auto* layout = new QVBoxLayout(page);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(18);
        m_stack->addWidget(page);
        m_pages.push_back(page);
    }
    root->addWidget(m_stack, 1);

    // The seats page keeps its map (zoom, caches) across renders.
    m_seatMap = new SeatMapWidget;
    m_seatMap->setObjectName(QStringLiteral("seatMap"));
    m_seatMap->setMinimumSize(300, 300);
    m_seatMap->setFocusPolicy(Qt::NoFocus);
    connect(m_seatMap, &SeatMapWidget::seatActivated, this, &KioskWindow::onSeatTapped);
    m_legend = new SeatMapLegend(m_seatMap);
    m_seatControls = new QWidget;
    m_seatControls->setObjectName(QStringLiteral("seatControls"));
    new QVBoxLayout(m_seatControls);
    auto* seatsPage = m_pages[static_cast<int>(Screen::Seats)];
    auto* seatsLayout = static_cast<QVBoxLayout*>(seatsPage->layout());
    m_seatBody = new QBoxLayout(QBoxLayout::LeftToRight);
    auto* mapColumn = new QVBoxLayout;
    mapColumn->addWidget(m_seatMap, 1);
    mapColumn->addWidget(m_legend);
    m_seatBody->addLayout(mapColumn, 3);
    m_seatBody->addWidget(m_seatControls, 2);
    seatsLayout->addLayout(m_seatBody, 1);

    m_footer = new QWidget(this);
    auto* footer = new QHBoxLayout(m_footer);
    footer->setContentsMargins(0, 0, 0, 0);
    m_backButton = new QPushButton(m_footer);
    m_backButton->setObjectName(QStringLiteral("backButton"));
    m_backButton->setFocusPolicy(Qt::NoFocus);
    connect(m_backButton, &QPushButton::clicked, this, [this] {
        switch (m_screen) {
        case Screen::Films:
            startOver();
            break;
        case Screen::Times:
            showScreen(Screen::Films);
            break;
        case Screen::Seats:
            m_basket->clear();
            if (!m_filmId.empty()) {
                showScreen(Screen::Times);
            } else {
                startOver();
            }
            break;
        case Screen::Tickets:
            showScreen(Screen::Seats);
            break;
        case Screen::Payment:
            if (!m_paying) {
                m_reader.cancel();
                showScreen(Screen::Tickets);
            }
            break;
        default:
            break;
        }
    });
    m_startOverButton = new QPushButton(m_footer);
    m_startOverButton->setObjectName(QStringLiteral("startOverButton"));
    m_startOverButton->setFocusPolicy(Qt::NoFocus);
    connect(m_startOverButton, &QPushButton::clicked, this, [this] { startOver(); });
    footer->addWidget(m_backButton);
    footer->addStretch(1);
    footer->addWidget(m_startOverButton);
    root->addWidget(m_footer);

    // The hidden way out: press and hold the top-left corner.
    m_exitCorner = new QWidget(this);
    m_exitCorner->setObjectName(QStringLiteral("exitCorner"));
    m_exitCorner->setGeometry(0, 0, 110, 110);
    m_exitCorner->installEventFilter(this);
    m_exitHold = new QTimer(this);
    m_exitHold->setSingleShot(true);
    m_exitHold->setInterval(m_options.exitHoldMs);
    connect(m_exitHold, &QTimer::timeout, this, &KioskWindow::openExit);

    // "Still there?" over everything.
    m_stillThere = new QWidget(this);
    m_stillThere->setObjectName(QStringLiteral("stillThere"));
    m_stillThere->setAttribute(Qt::WA_StyledBackground);
    auto* still = new QVBoxLayout(m_stillThere);
    still->setAlignment(Qt::AlignCenter);
    auto* stillTitle = label({}, "title");
    stillTitle->setObjectName(QStringLiteral("stillThereTitle"));
    stillTitle->setAlignment(Qt::AlignCenter);
    m_stillThereText = label({});
    m_stillThereText->setObjectName(QStringLiteral("stillThereText"));
    m_stillThereText->setAlignment(Qt::AlignCenter);
    auto* here = new QPushButton(m_stillThere);
    here->setObjectName(QStringLiteral("stillHereButton"));
    here->setProperty("role", QStringLiteral("primary"));
    here->setFocusPolicy(Qt::NoFocus);
    connect(here, &QPushButton::clicked, m_idle, &KioskIdleWatch::stillHere);
    still->addWidget(stillTitle);
    still->addWidget(m_stillThereText);
    still->addWidget(here, 0, Qt::AlignCenter);
    m_stillThere->hide();

    // The manager's PIN to leave kiosk mode.
    m_exit = new QWidget(this);
    m_exit->setObjectName(QStringLiteral("exitPanel"));
    m_exit->setAttribute(Qt::WA_StyledBackground);
    auto* exit = new QVBoxLayout(m_exit);
    exit->setAlignment(Qt::AlignCenter);
    auto* exitTitle = label({}, "title");
    exitTitle->setObjectName(QStringLiteral("exitTitle"));
    exitTitle->setAlignment(Qt::AlignCenter);
    m_exitManagers = new QWidget(m_exit);
    new QHBoxLayout(m_exitManagers);
    m_exitPin = new PinPad(m_exit);
    m_exitPin->setObjectName(QStringLiteral("exitPin"));
    m_exitPin->setMaximumWidth(520);
    connect(m_exitPin, &PinPad::submitted, this, &KioskWindow::submitExitPin);
    m_exitStatus = label({});
    m_exitStatus->setObjectName(QStringLiteral("exitStatus"));
    m_exitStatus->setAlignment(Qt::AlignCenter);
    auto* cancel = new QPushButton(m_exit);
    cancel->setObjectName(QStringLiteral("exitCancel"));
    cancel->setFocusPolicy(Qt::NoFocus);
    connect(cancel, &QPushButton::clicked, this, &KioskWindow::closeExit);
    exit->addWidget(exitTitle);
    exit->addWidget(m_exitManagers, 0, Qt::AlignCenter);
    exit->addWidget(m_exitPin, 0, Qt::AlignCenter);
    exit->addWidget(m_exitStatus);
    exit->addWidget(cancel, 0, Qt::AlignCenter);
    m_exit->hide();

    retranslateChrome();
    applyStyle();
}

void KioskWindow::retranslateChrome()
{
    // Every switch says its state in words or a tick, not by colour alone.
    m_contrastButton->setText((m_highContrast ? QStringLiteral("✓ ") : QString()) + tr("High contrast"));
    // The switch names the other language in that language, so both readers find it.
    m_languageButton->setText(UiLanguage::current() == QLatin1String("hi") ? QStringLiteral("English")
                                                                           : QStringLiteral("हिन्दी"));
    m_backButton->setText(tr("‹ Back"));
    m_startOverButton->setText(tr("Start over"));
    m_stillThere->findChild<QLabel*>(QStringLiteral("stillThereTitle"))->setText(tr("Still there?"));
    m_stillThere->findChild<QPushButton*>(QStringLiteral("stillHereButton"))->setText(tr("Yes, I'm still here"));
    m_exit->findChild<QLabel*>(QStringLiteral("exitTitle"))->setText(tr("Staff only: leave kiosk mode"));
    m_exit->findChild<QPushButton*>(QStringLiteral("exitCancel"))->setText(tr("Cancel"));
    if (m_stillThere->isVisible()) {
        showStillThere(m_idle->secondsLeft());
    }
}

void KioskWindow::applyStyle()
{
    const int shortSide = std::max(480, std::min(width(), height()));
    setStyleSheet(KioskStyle::sheet(m_highContrast, shortSide));
    m_seatMap->setPalette(KioskStyle::seatMapPalette(m_highContrast));
    m_legend->setPalette(KioskStyle::seatMapPalette(m_highContrast));
    m_legend->setAutoFillBackground(true);
    QFont legendFont = m_legend->font();
    legendFont.setPixelSize(std::max(16, shortSide / 50));
    m_legend->setFont(legendFont);
}

void KioskWindow::setHighContrast(bool on)
{
    m_highContrast = on;
    if (m_contrastButton->isChecked() != on) {
        m_contrastButton->setChecked(on);
    }
    retranslateChrome();
    applyStyle();
    render();
}

void KioskWindow::setLanguage(const QString& code)
{
    UiLanguage::apply(code);
    applyKioskTranslation(UiLanguage::current());
    retranslateChrome();
    render();
}

bool KioskWindow::isExitOpen() const
{
    return m_exit->isVisible();
}

QString KioskWindow::paymentText() const
{
    if (auto* status =
            m_pages[static_cast<int>(Screen::Payment)]->findChild<QLabel*>(QStringLiteral("paymentStatus"))) {
        return status->text();
    }
    return {};
}

void KioskWindow::showScreen(Screen screen)
{
    m_screen = screen;
    m_stack->setCurrentIndex(static_cast<int>(screen));
    // Only the shown page may ask for room: a page left from before must not make the window
    // taller than the screen.
    for (std::size_t i = 0; i < m_pages.size(); ++i) {
        const bool current = i == static_cast<std::size_t>(screen);
        m_pages[i]->setSizePolicy(current ? QSizePolicy::Preferred : QSizePolicy::Ignored,
                                  current ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    }
    render();
    const bool customerPages = screen != Screen::Attract && screen != Screen::Done && screen != Screen::PrintProblem;
    m_footer->setVisible(customerPages);
    if (screen == Screen::Done) {
        m_returnTimer->start(m_options.doneMs);
    } else if (screen == Screen::PrintProblem) {
        m_returnTimer->start(m_options.printProblemMs);
    } else {
        m_returnTimer->stop();
    }
    updateIdleArming();
    emit screenChanged(screen);
}

void KioskWindow::updateIdleArming()
{
    const bool customerPages = m_screen == Screen::Films || m_screen == Screen::Times || m_screen == Screen::Seats ||
                               m_screen == Screen::Tickets || m_screen == Screen::Payment;
    m_idle->setArmed(customerPages && !m_paying && !isExitOpen());
}

void KioskWindow::render()
{
    switch (m_screen) {
    case Screen::Attract:
        renderAttract();
        break;
    case Screen::Films:
        renderFilms();
        break;
    case Screen::Times:
        renderTimes();
        break;
    case Screen::Seats:
        renderSeats();
        break;
    case Screen::Tickets:
        renderTickets();
        break;
    case Screen::Payment:
        renderPayment();
        break;
    case Screen::Done:
        renderDone();
        break;
    case Screen::PrintProblem:
        renderPrintProblem();
        break;
    }
    const bool paying = m_screen == Screen::Payment && m_paying;
    m_backButton->setVisible(!paying && m_screen != Screen::Attract);
    m_startOverButton->setVisible(!paying);
}

QPushButton* KioskWindow::bigButton(const QString& text, const QString& objectName, bool primary)
{
    // Film titles have ampersands ("Chai & Chaos"); a button would take them for a shortcut.
    auto* button = new QPushButton(QString(text).replace(QLatin1Char('&'), QStringLiteral("&&")));
    button->setObjectName(objectName);
    button->setFocusPolicy(Qt::NoFocus);
    if (primary) {
        button->setProperty("role", QStringLiteral("primary"));
    }
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    return button;
}

QString KioskWindow::timeText(Timestamp t) const
{
    return QLocale().toString(m_time.toLocal(t).time(), QStringLiteral("HH:mm"));
}

QString KioskWindow::money(const Money& amount) const
{
    return MoneyText::format(amount);
}

const Film* KioskWindow::film(const std::string& filmId) const
{
    for (const auto& f : m_catalog.films()) {
        if (f.id == filmId) {
            return &f;
        }
    }
    return nullptr;
}

std::vector<ShowSummary> KioskWindow::showsToday() const
{
    // Shows that start from now to the end of the business day, still open for sale.
    const Timestamp now = m_clock.now();
    const QDate today = m_time.businessDate(now);
    auto shows = m_store.showsBetween(now, m_time.businessDayEnd(today));
    if (!shows) {
        qCWarning(lcKiosk) << "shows unreadable:" << shows.error().message.c_str();
        return {};
    }
    return *shows;
}

QString KioskWindow::showLine(const ShowSummary& show) const
{
    const Film* f = film(show.show.filmId);
    QString screenName = fromStd(show.show.screenId);
    for (const auto& s : m_catalog.screens()) {
        if (s->id() == show.show.screenId) {
            screenName = fromStd(s->name());
        }
    }
    const QString left = show.seatsLeft() > 0 ? tr("%n seat(s) left", nullptr, show.seatsLeft()) : tr("Sold out");
    return tr("%1  %2\n%3 · %4 %5 · %6")
        .arg(timeText(show.show.start), f ? fromStd(f->title) : fromStd(show.show.filmId), screenName,
             fromStd(show.show.format), fromStd(show.show.language), left);
}

void KioskWindow::renderAttract()
{
    auto* layout = static_cast<QVBoxLayout*>(m_pages[static_cast<int>(Screen::Attract)]->layout());
    clearLayout(layout);
    auto* title = label(tr("Buy your tickets here"), "hero");
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto* hint = label(tr("Card payments only · Tickets print right here"), "hint");
    hint->setAlignment(Qt::AlignCenter);
    layout->addWidget(hint);
    layout->addWidget(label(tr("Showing next"), "title"));
    auto* grid = new QGridLayout;
    grid->setSpacing(16);
    const int columns = landscape() ? 2 : 1;
    constexpr int most = 6;
    int n = 0;
    for (const auto& show : showsToday()) {
        if (n >= most) {
            break;
        }
        if (show.seatsLeft() <= 0) {
            continue;
        }
        auto* button = bigButton(showLine(show), QStringLiteral("attractShow%1").arg(n));
        button->setProperty("role", QStringLiteral("card"));
        const std::string id = show.show.id;
        const std::string filmId = show.show.filmId;
        connect(button, &QPushButton::clicked, this, [this, id, filmId] {
            m_filmId = filmId;
            openShow(id);
        });
        grid->addWidget(button, n / columns, n % columns);
        ++n;
    }
    layout->addLayout(grid);
    if (n == 0) {
        auto* none = label(tr("No more shows today. Please come back tomorrow."), "title");
        none->setAlignment(Qt::AlignCenter);
        layout->addWidget(none);
    }
    layout->addStretch(1);
    auto* start = bigButton(tr("Touch to buy tickets"), QStringLiteral("kioskStart"), true);
    start->setProperty("size", QStringLiteral("huge"));
    start->setEnabled(n > 0);
    connect(start, &QPushButton::clicked, this, [this] { showScreen(Screen::Films); });
    layout->addWidget(start);
}

void KioskWindow::renderFilms()
{
    auto* layout = static_cast<QVBoxLayout*>(m_pages[static_cast<int>(Screen::Films)]->layout());
    clearLayout(layout);
    layout->addWidget(label(tr("Choose a film"), "title"));
    auto* grid = new QGridLayout;
    grid->setSpacing(16);
    const int columns = landscape() ? 3 : 2;
    std::vector<std::string> films;
    std::map<std::string, Timestamp> next;
    for (const auto& show : showsToday()) {
        if (show.seatsLeft() <= 0) {
            continue;
        }
        if (!next.contains(show.show.filmId)) {
            films.push_back(show.show.filmId);
            next[show.show.filmId] = show.show.start;
        }
    }
    int n = 0;
    for (const auto& id : films) {
        const Film* f = film(id);
        QString text = f ? fromStd(f->title) : fromStd(id);
        if (f) {
            text +=
                QStringLiteral("\n") +
                tr("%1 · %2 min · %3").arg(fromStd(f->certificate)).arg(f->runtimeMinutes).arg(fromStd(f->language));
        }
        text += QStringLiteral("\n") + tr("Next: %1").arg(timeText(next[id]));
        auto* button = bigButton(text, QStringLiteral("film_%1").arg(fromStd(id)));
        button->setProperty("role", QStringLiteral("card"));
        connect(button, &QPushButton::clicked, this, [this, id] { openFilm(id); });
        grid->addWidget(button, n / columns, n % columns);
        ++n;
    }
    layout->addLayout(grid);
    layout->addStretch(1);
}

void KioskWindow::openFilm(const std::string& filmId)
{
    m_filmId = filmId;
    showScreen(Screen::Times);
}

void KioskWindow::renderTimes()
{
    auto* layout = static_cast<QVBoxLayout*>(m_pages[static_cast<int>(Screen::Times)]->layout());
    clearLayout(layout);
    const Film* f = film(m_filmId);
    layout->addWidget(label(tr("%1: choose a time").arg(f ? fromStd(f->title) : fromStd(m_filmId)), "title"));
    auto* grid = new QGridLayout;
    grid->setSpacing(16);
    const int columns = landscape() ? 3 : 2;
    int n = 0;
    for (const auto& show : showsToday()) {
        if (show.show.filmId != m_filmId) {
            continue;
        }
        QString screenName = fromStd(show.show.screenId);
        for (const auto& s : m_catalog.screens()) {
            if (s->id() == show.show.screenId) {
                screenName = fromStd(s->name());
            }
        }
        const QString left = show.seatsLeft() > 0 ? tr("%n seat(s) left", nullptr, show.seatsLeft()) : tr("Sold out");
        auto* button = bigButton(tr("%1\n%2 · %3 %4\n%5")
                                     .arg(timeText(show.show.start), screenName, fromStd(show.show.format),
                                          fromStd(show.show.language), left),
                                 QStringLiteral("show_%1").arg(fromStd(show.show.id)));
        button->setProperty("role", QStringLiteral("card"));
        button->setEnabled(show.seatsLeft() > 0);
        const std::string id = show.show.id;
        connect(button, &QPushButton::clicked, this, [this, id] { openShow(id); });
        grid->addWidget(button, n / columns, n % columns);
        ++n;
    }
    layout->addLayout(grid);
    layout->addStretch(1);
}

void KioskWindow::openShow(const std::string& showId)
{
    m_showId = showId;
    m_serverSeats.clear();
    if (m_sync) {
        m_sync->watchShow(QString::fromStdString(showId));
    }
    if (auto set = m_basket->setShow(showId); !set) {
        qCWarning(lcKiosk) << "show" << showId.c_str() << "cannot be sold:" << set.error().message.c_str();
        startOver();
        return;
    }
    m_seatMap->setSeatLayout(m_basket->layout());
    m_seatMap->setPriceText({});
    m_wheelchair = false;
    m_ticketCount = 2;
    showScreen(Screen::Seats);
    suggestSeats();
}

std::vector<SeatState> KioskWindow::seatStates()
{
    auto availability = m_store.availability(m_showId);
    auto layout = m_basket->layout();
    if (!availability || !layout) {
        return {};
    }
    std::vector<SeatState> states = availability->states;
    m_serverSeats.overlay(states, *layout); // the kiosk's own seats are Held in its own store
    return states;
}

void KioskWindow::suggestSeats()
{
    auto layout = m_basket->layout();
    std::vector<SeatState> states = seatStates();
    if (!layout || states.empty()) {
        return;
    }
    for (int seat : m_basket->seats()) {
        states[static_cast<std::size_t>(seat)] = SeatState::Available; // ours to choose again
    }
    BestSeatsRequest request;
    request.count = m_ticketCount;
    request.wheelchairSpaces = m_wheelchair ? 1 : 0;
    const BestSeats best = pickBestSeats(*layout, states, request);
    if (!best.found()) {
        m_seatNotice = m_wheelchair ? tr("There is no wheelchair space with companion seats left for this show.")
                                    : tr("There are not %n seats left together for this show.", nullptr, m_ticketCount);
        m_basket->clear();
    } else {
        auto held = m_basket->setSeats(best.seats);
        if (!held || !held->empty()) {
            m_seatNotice = tr("Those seats were just taken. Please choose again.");
        } else {
            m_seatNotice =
                best.split ? tr("We could not seat everyone together; these are the best seats left.") : QString();
        }
    }
    refreshSeatMap();
    renderSeats();
}

void KioskWindow::refreshSeatMap()
{
    if (auto states = seatStates(); !states.empty()) {
        m_seatMap->setSeatStates(states);
    }
    m_seatMap->setSelection(m_basket->seats());
}

void KioskWindow::onSeatTapped(int seat)
{
    auto layout = m_basket->layout();
    if (!layout) {
        return;
    }
    const SeatKind kind = layout->seat(seat).kind;
    const auto& wanted = m_basket->wantedSeats(); // connected: what the server is being asked for
    const bool selected = std::ranges::find(wanted, seat) != wanted.end();
    if (!selected && !m_wheelchair && (kind == SeatKind::Wheelchair || kind == SeatKind::Companion)) {
        m_seatNotice = tr("This space is kept for wheelchair users and their companions. Turn on \"Wheelchair "
                          "space\" to choose it.");
        renderSeats();
        return;
    }
    auto toggled = m_basket->toggleSeat(seat);
    if (!toggled || !toggled->empty()) {
        m_seatNotice = tr("That seat is taken. Please choose another.");
    } else {
        m_seatNotice.clear();
        m_ticketCount = std::max(1, static_cast<int>(m_basket->wantedSeats().size()));
    }
    refreshSeatMap();
    renderSeats();
}

void KioskWindow::setTicketCount(int count)
{
    m_ticketCount = std::clamp(count, 1, 10);
    suggestSeats();
}

void KioskWindow::renderSeats()
{
    m_seatBody->setDirection(landscape() ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    auto* page = m_pages[static_cast<int>(Screen::Seats)];
    auto* pageLayout = static_cast<QVBoxLayout*>(page->layout());
    // The title sits above the map and the controls; it is the page's first item.
    if (pageLayout->count() == 1) {
        auto* title = label({}, "title");
        title->setObjectName(QStringLiteral("seatsTitle"));
        pageLayout->insertWidget(0, title);
    }
    page->findChild<QLabel*>(QStringLiteral("seatsTitle"))->setText(tr("Choose your seats"));

    auto* layout = static_cast<QVBoxLayout*>(m_seatControls->layout());
    clearLayout(layout);
    layout->setSpacing(14);
    auto* countRow = new QHBoxLayout;
    countRow->addWidget(label(tr("Tickets"), "subtitle"), 1);
    auto* fewer = bigButton(QStringLiteral("−"), QStringLiteral("ticketsFewer"));
    fewer->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    fewer->setEnabled(m_ticketCount > 1);
    fewer->setAccessibleName(tr("One ticket fewer"));
    connect(fewer, &QPushButton::clicked, this, [this] { setTicketCount(m_ticketCount - 1); });
    auto* count = label(QString::number(m_ticketCount), "count");
    count->setObjectName(QStringLiteral("ticketCount"));
    count->setAlignment(Qt::AlignCenter);
    count->setMinimumWidth(80);
    auto* more = bigButton(QStringLiteral("+"), QStringLiteral("ticketsMore"));
    more->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    more->setEnabled(m_ticketCount < 10);
    more->setAccessibleName(tr("One ticket more"));
    connect(more, &QPushButton::clicked, this, [this] { setTicketCount(m_ticketCount + 1); });
    countRow->addWidget(fewer);
    countRow->addWidget(count);
    countRow->addWidget(more);
    layout->addLayout(countRow);

    auto* wheelchair = bigButton((m_wheelchair ? QStringLiteral("✓ ") : QString()) + tr("♿ Wheelchair space"),
                                 QStringLiteral("wheelchair"));
    wheelchair->setCheckable(true);
    wheelchair->setChecked(m_wheelchair);
    connect(wheelchair, &QPushButton::toggled, this, [this](bool on) {
        m_wheelchair = on;
        suggestSeats();
    });
    layout->addWidget(wheelchair);
    layout->addWidget(label(tr("A space for a wheelchair, with companion seats beside it."), "hint"));
    auto* best = bigButton(tr("Suggest the best seats"), QStringLiteral("bestSeats"));
    connect(best, &QPushButton::clicked, this, [this] { suggestSeats(); });
    layout->addWidget(best);

    QStringList ids;
    for (const auto& id : m_basket->seatIds()) {
        ids << fromStd(id);
    }
    auto* chosen = label(m_basket->isPending() ? tr("Keeping your seats…")
                         : ids.isEmpty()       ? tr("Touch a seat to choose it.")
                                               : tr("Your seats: %1").arg(ids.join(", ")),
                         "subtitle");
    chosen->setObjectName(QStringLiteral("chosenSeats"));
    layout->addWidget(chosen);
    layout->addWidget(label(tr("Touch seats on the map to change them."), "hint"));
    if (!m_seatNotice.isEmpty()) {
        auto* notice = label(m_seatNotice, "notice");
        notice->setObjectName(QStringLiteral("seatNotice"));
        layout->addWidget(notice);
    }
    layout->addStretch(1);
    auto* next = bigButton(tr("Continue"), QStringLiteral("seatsContinue"), true);
    next->setEnabled(!m_basket->isEmpty() && !m_basket->isPending());
    connect(next, &QPushButton::clicked, this, [this] { showScreen(Screen::Tickets); });
    layout->addWidget(next);
}

void KioskWindow::renderTickets()
{
    auto* layout = static_cast<QVBoxLayout*>(m_pages[static_cast<int>(Screen::Tickets)]->layout());
    clearLayout(layout);
    layout->addWidget(label(tr("Who are the tickets for?"), "title"));
    auto layoutOfShow = m_basket->layout();
    const Currency currency = m_basket->priceList().currency;
    for (int seat : m_basket->seats()) {
        const Seat& s = layoutOfShow->seat(seat);
        auto* row = new QHBoxLayout;
        row->setSpacing(12);
        auto* seatLabel = label(fromStd(s.id), "subtitle");
        seatLabel->setMinimumWidth(110);
        row->addWidget(seatLabel);
        const std::string category = layoutOfShow->categories()[static_cast<std::size_t>(s.category)].id;
        const std::string current = m_basket->ticketTypeOf(seat);
        for (const TicketType* type : m_basket->ticketTypesFor(seat)) {
            const auto price = type->priceByCategory.find(category);
            QString text = (type->id == current ? QStringLiteral("✓ ") : QString()) + fromStd(type->name);
            if (price != type->priceByCategory.end()) {
                text += QStringLiteral("\n") + money(Money(price->second, currency));
            }
            auto* button = bigButton(text, QStringLiteral("type_%1_%2").arg(fromStd(s.id), fromStd(type->id)));
            button->setCheckable(true);
            button->setChecked(type->id == current);
            const std::string typeId = type->id;
            connect(button, &QPushButton::clicked, this, [this, seat, typeId] {
                m_basket->setTicketType(seat, typeId);
                renderTickets();
            });
            row->addWidget(button);
        }
        layout->addLayout(row);
    }
    layout->addStretch(1);
    auto lines = m_basket->lines();
    std::int64_t total = 0;
    if (lines) {
        for (const auto& line : *lines) {
            total += line.price.minor();
        }
    }
    auto* totalLabel = label(tr("Total %1 (taxes included)").arg(money(Money(total, currency))), "title");
    totalLabel->setObjectName(QStringLiteral("total"));
    layout->addWidget(totalLabel);
    auto* pay = bigButton(tr("Pay %1 by card").arg(money(Money(total, currency))), QStringLiteral("payButton"), true);
    pay->setEnabled(lines && total > 0);
    connect(pay, &QPushButton::clicked, this, &KioskWindow::goToPayment);
    layout->addWidget(pay);
}

void KioskWindow::goToPayment()
{
    // Asked before the card: a kiosk that cannot print takes no money.
    switch (m_printer.state()) {
    case KioskPrinterState::Ready:
        m_paymentState = PaymentState::WaitingForCard;
        m_paymentDetail.clear();
        break;
    case KioskPrinterState::NoPaper:
        m_paymentState = PaymentState::PrinterBad;
        m_paymentDetail = tr("The ticket printer has run out of paper, so this machine cannot sell tickets right "
                             "now. Nothing has been charged. Please buy your tickets at the box office.");
        break;
    case KioskPrinterState::Offline:
        m_paymentState = PaymentState::PrinterBad;
        m_paymentDetail = tr("The ticket printer is not working, so this machine cannot sell tickets right now. "
                             "Nothing has been charged. Please buy your tickets at the box office.");
        break;
    }
    if (m_paymentState == PaymentState::PrinterBad) {
        qCWarning(lcKiosk) << "printer not ready; payment refused";
        (void)m_store.audit(m_options.device.toStdString(), "kiosk.printer_not_ready", m_showId, "{}");
        m_reader.cancel();
    } else {
        m_reader.start();
    }
    showScreen(Screen::Payment);
}

void KioskWindow::renderPayment()
{
    auto* layout = static_cast<QVBoxLayout*>(m_pages[static_cast<int>(Screen::Payment)]->layout());
    clearLayout(layout);
    std::int64_t total = 0;
    if (auto lines = m_basket->lines()) {
        for (const auto& line : *lines) {
            total += line.price.minor();
        }
    }
    layout->addWidget(label(tr("Pay by card"), "title"));
    auto* amount = label(money(Money(total, m_basket->priceList().currency)), "hero");
    amount->setObjectName(QStringLiteral("paymentAmount"));
    amount->setAlignment(Qt::AlignCenter);
    layout->addWidget(amount);
    layout->addStretch(1);
    if (m_paymentState != PaymentState::PrinterBad) {
        auto* picture = new QLabel;
        picture->setAlignment(Qt::AlignCenter);
        picture->setPixmap(cardPicture(std::min(width(), height()) / 3, m_highContrast));
        layout->addWidget(picture);
    }
    QString text;
    const char* role = "subtitle";
    switch (m_paymentState) {
    case PaymentState::WaitingForCard:
        text = tr("Tap or insert your card on the reader below the screen");
        break;
    case PaymentState::Processing:
        text = m_paymentDetail.isEmpty() ? tr("Processing your payment. Please wait and keep your card at hand.")
                                         : m_paymentDetail;
        break;
    case PaymentState::Declined:
        text = tr("Your card was declined (%1). Nothing has been charged. Tap or insert another card, or start over.")
                   .arg(m_paymentDetail);
        role = "notice";
        break;
    case PaymentState::Failed:
    case PaymentState::PrinterBad:
        text = m_paymentDetail;
        role = "notice";
        break;
    }
    auto* status = label(text, role);
    status->setObjectName(QStringLiteral("paymentStatus"));
    status->setAlignment(Qt::AlignCenter);
    layout->addWidget(status);
    layout->addStretch(1);
}

void KioskWindow::onCardPresented(const QString& paymentMethod)
{
    if (m_screen != Screen::Payment || m_paying || m_checkout.isBusy()) {
        return;
    }
    auto hold = m_basket->hold();
    auto lines = m_basket->lines();
    if (!hold || !lines || lines->empty()) {
        m_paymentState = PaymentState::Failed;
        m_paymentDetail = tr("Your seats are no longer kept. Nothing has been charged. Please start over.");
        render();
        return;
    }
    std::int64_t total = 0;
    for (const auto& line : *lines) {
        total += line.price.minor();
    }
    CheckoutRequest request;
    request.holdId = hold->id;
    request.sale.bookingId = newUuid(); // one attempt per card; a declined attempt keeps its record
    request.sale.lines = *lines;
    request.sale.staff = m_options.device.toStdString();
    request.sale.device = m_options.device.toStdString();
    request.tenders = {Tender::gateway(Money(total, m_basket->priceList().currency), paymentMethod.toStdString())};
    // From here until the checkout answers, nothing cuts the customer off.
    m_paying = true;
    updateIdleArming();
    if (!m_checkout.run(request)) {
        m_paying = false;
        m_paymentState = PaymentState::Failed;
        m_paymentDetail = tr("The machine is busy. Nothing has been charged. Please try again in a moment.");
        updateIdleArming();
        render();
        m_reader.start();
        return;
    }
    m_bookingId = request.sale.bookingId;
    m_settled = false;
    m_paymentState = PaymentState::Processing;
    m_paymentDetail.clear();
    render();
}

void KioskWindow::onCheckoutProgress(const QString& bookingId, int stage, const QString&)
{
    if (bookingId.toStdString() != m_bookingId || m_screen != Screen::Payment) {
        return;
    }
    switch (static_cast<CheckoutStage>(stage)) {
    case CheckoutStage::Recording:
    case CheckoutStage::Authorizing:
        m_paymentDetail = tr("Contacting your bank. Please wait.");
        break;
    case CheckoutStage::Confirming:
    case CheckoutStage::WaitingForServer:
        m_paymentDetail = tr("Approved. Booking your seats.");
        break;
    case CheckoutStage::Capturing:
    case CheckoutStage::Done:
        m_paymentDetail = tr("Completing the payment.");
        break;
    case CheckoutStage::Unwinding:
        m_paymentDetail = tr("Cancelling the payment.");
        break;
    }
    // Only the sentence changes: the page is not rebuilt under the customer's eyes.
    if (auto* status =
            m_pages[static_cast<int>(Screen::Payment)]->findChild<QLabel*>(QStringLiteral("paymentStatus"))) {
        status->setText(m_paymentDetail);
    } else {
        render();
    }
}

void KioskWindow::onCheckoutFinished(const CheckoutOutcome& outcome)
{
    if (outcome.bookingId != m_bookingId) {
        flushAbandoned();
        return;
    }
    m_paying = false;
    emit paymentFinished(outcome);
    switch (outcome.result) {
    case CheckoutResult::Completed:
        m_settled = true;
        m_basket->forgetHold();
        if (outcome.booking) {
            m_booking = *outcome.booking;
            printTickets(*outcome.booking);
        }
        break;
    case CheckoutResult::Declined: {
        m_settled = true; // nothing to undo; the hold stays for another card
        QString why = tr("declined");
        if (!outcome.tenders.empty() && !outcome.tenders.front().declineCode.empty()) {
            why = fromStd(outcome.tenders.front().declineCode).replace(QLatin1Char('_'), QLatin1Char(' '));
        }
        m_paymentState = PaymentState::Declined;
        m_paymentDetail = why;
        m_reader.start();
        break;
    }
    case CheckoutResult::SeatsNotConfirmed:
        m_settled = true;
        m_basket->forgetHold();
        m_paymentState = PaymentState::Failed;
        m_paymentDetail = tr("Your seats could not be kept, so the payment was cancelled and nothing has been "
                             "charged. Please start over.");
        break;
    case CheckoutResult::Interrupted:
    case CheckoutResult::Invalid:
        // Left for Checkout::abandon when the customer starts over or walks away.
        m_settled = outcome.result == CheckoutResult::Invalid;
        m_paymentState = PaymentState::Failed;
        m_paymentDetail = tr("We could not complete the payment. Any amount held on your card will be released. "
                             "Please start over or buy at the box office.");
        qCWarning(lcKiosk) << "payment not completed:" << outcome.message.c_str();
        break;
    }
    updateIdleArming();
    if (m_screen == Screen::Payment) {
        render();
    }
    flushAbandoned();
}

void KioskWindow::printTickets(const Booking& booking)
{
    auto printed = m_printer.print(booking);
    if (printed) {
        (void)m_store.audit(m_options.device.toStdString(), "kiosk.printed", booking.id, "{}");
        showScreen(Screen::Done);
        return;
    }
    qCWarning(lcKiosk) << "tickets of" << booking.reference.c_str()
                       << "not printed:" << printed.error().message.c_str();
    if (auto flagged =
            KioskUnprintedSales::flag(m_store, booking, m_options.device.toStdString(), printed.error().message);
        !flagged) {
        qCCritical(lcKiosk) << "the unprinted sale could not be flagged:" << flagged.error().message.c_str();
    }
    showScreen(Screen::PrintProblem);
}

void KioskWindow::renderDone()
{
    auto* layout = static_cast<QVBoxLayout*>(m_pages[static_cast<int>(Screen::Done)]->layout());
    clearLayout(layout);
    layout->addStretch(1);
    auto* title = label(tr("Take your tickets"), "hero");
    title->setObjectName(QStringLiteral("doneTitle"));
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto* arrow = label(QStringLiteral("⬇"), "hero");
    arrow->setAlignment(Qt::AlignCenter);
    layout->addWidget(arrow);
    if (m_booking) {
        auto* ref = label(tr("Booking %1").arg(fromStd(m_booking->reference)), "title");
        ref->setObjectName(QStringLiteral("bookingReference"));
        ref->setAlignment(Qt::AlignCenter);
        layout->addWidget(ref);
    }
    auto* enjoy = label(tr("Enjoy the film! Your receipt is printed with the tickets."), "subtitle");
    enjoy->setAlignment(Qt::AlignCenter);
    layout->addWidget(enjoy);
    layout->addStretch(1);
    auto* done = bigButton(tr("Done"), QStringLiteral("doneButton"), true);
    connect(done, &QPushButton::clicked, this, [this] { startOver(); });
    layout->addWidget(done);
}

void KioskWindow::renderPrintProblem()
{
    auto* layout = static_cast<QVBoxLayout*>(m_pages[static_cast<int>(Screen::PrintProblem)]->layout());
    clearLayout(layout);
    auto* title = label(tr("Your tickets could not be printed"), "title");
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto* paid = label(tr("Don't worry: your seats are booked and paid for. Show this code at the box office and "
                          "staff will print your tickets. They have already been told."),
                       "subtitle");
    paid->setAlignment(Qt::AlignCenter);
    layout->addWidget(paid);
    if (m_booking) {
        auto* ref = label(fromStd(m_booking->reference), "hero");
        ref->setObjectName(QStringLiteral("bookingReference"));
        ref->setAlignment(Qt::AlignCenter);
        ref->setTextInteractionFlags(Qt::NoTextInteraction);
        layout->addWidget(ref);
        const int side = std::min(width(), height()) * 2 / 5;
        auto* qr = new QLabel;
        qr->setObjectName(QStringLiteral("bookingQr"));
        qr->setAlignment(Qt::AlignCenter);
        const QImage image = TicketPrinter::qrImage(fromStd(m_booking->reference));
        qr->setPixmap(QPixmap::fromImage(image.scaled(side, side, Qt::KeepAspectRatio, Qt::FastTransformation)));
        qr->setProperty("role", QStringLiteral("qr"));
        layout->addWidget(qr, 0, Qt::AlignHCenter); // the white quiet zone hugs the code
        auto* photo = label(tr("Take a photo of this screen to keep the code."), "hint");
        photo->setAlignment(Qt::AlignCenter);
        layout->addWidget(photo);
    }
    layout->addStretch(1);
    auto* done = bigButton(tr("Done"), QStringLiteral("doneButton"), true);
    connect(done, &QPushButton::clicked, this, [this] { startOver(); });
    layout->addWidget(done);
}

bool KioskWindow::startOver()
{
    if (m_paying) {
        return false; // a payment is never cut off
    }
    m_reader.cancel();
    if (!m_bookingId.empty() && !m_settled) {
        m_toAbandon.push_back(m_bookingId);
    }
    m_basket->clear();
    m_bookingId.clear();
    m_settled = true;
    m_booking.reset();
    m_filmId.clear();
    m_showId.clear();
    m_serverSeats.clear();
    if (m_sync) {
        m_sync->watchShow(QString());
    }
    m_seatNotice.clear();
    m_paymentState = PaymentState::WaitingForCard;
    m_paymentDetail.clear();
    hideStillThere();
    // The next customer starts with the defaults.
    if (m_highContrast) {
        setHighContrast(false);
    }
    if (UiLanguage::current() != m_options.language) {
        setLanguage(m_options.language);
    }
    showScreen(Screen::Attract);
    flushAbandoned();
    return true;
}

void KioskWindow::flushAbandoned()
{
    if (m_toAbandon.empty() || m_checkout.isBusy()) {
        return;
    }
    const std::string id = m_toAbandon.front();
    if (m_checkout.abandon(id, "The customer left the kiosk before the sale finished.")) {
        m_toAbandon.erase(m_toAbandon.begin());
    }
}

void KioskWindow::onCheckoutAbandoned(const CheckoutOutcome& outcome)
{
    qCInfo(lcKiosk) << "abandoned sale" << outcome.bookingId.c_str() << "ended" << nameOf(outcome.result).data();
    if (outcome.result == CheckoutResult::Interrupted) {
        // The gateway did not answer: the checkout stays UNWINDING and is undone later.
        m_toAbandon.push_back(outcome.bookingId);
        QTimer::singleShot(30'000, this, &KioskWindow::flushAbandoned);
    }
    emit saleAbandoned(outcome);
    flushAbandoned();
}

void KioskWindow::abandonLeftovers()
{
    // A kiosk that stopped mid-sale (power, crash): its customer has gone, so unfinished sales
    // are undone, not finished. A sale confirmed locally is finished by Checkout::abandon.
    auto& find = m_store.database().cached(
        "SELECT booking_id FROM checkouts WHERE state IN ('STARTED', 'CONFIRMING', 'UNWINDING') ORDER BY created_at");
    (void)find.each([&](Statement& s) -> Result<void> {
        m_toAbandon.push_back(s.text(0));
        return {};
    });
}

void KioskWindow::showStillThere(int secondsLeft)
{
    m_stillThereText->setText(tr("Touch the screen to carry on. Otherwise this sale will be cancelled in %n second(s).",
                                 nullptr, secondsLeft));
    m_stillThere->setGeometry(rect());
    m_stillThere->raise();
    m_stillThere->show();
}

void KioskWindow::hideStillThere()
{
    m_stillThere->hide();
}

void KioskWindow::openExit()
{
    if (m_paying) {
        return;
    }
    m_exitPin->clear();
    m_exitStatus->setText(tr("A manager's PIN is needed."));
    clearLayout(m_exitManagers->layout());
    m_exitManager.clear();
    if (auto staff = StaffRoster(m_store).list()) {
        for (const auto& member : *staff) {
            if (!member.active || member.role != StaffRole::Manager) {
                continue;
            }
            auto* button = bigButton(fromStd(member.name), QStringLiteral("exitManager_%1").arg(fromStd(member.name)));
            button->setCheckable(true);
            button->setAutoExclusive(true);
            const std::string id = member.id;
            connect(button, &QPushButton::clicked, this, [this, id] { m_exitManager = id; });
            m_exitManagers->layout()->addWidget(button);
            if (m_exitManager.empty()) {
                m_exitManager = id;
                button->setChecked(true);
            }
        }
    }
    m_exit->setGeometry(rect());
    m_exit->raise();
    m_exit->show();
    m_exitPin->setFocus();
    updateIdleArming();
}

void KioskWindow::closeExit()
{
    m_exitPin->clear();
    m_exit->hide();
    updateIdleArming();
}

void KioskWindow::submitExitPin()
{
    const std::string pin = m_exitPin->pin().toStdString();
    m_exitPin->clear();
    StaffRoster roster(m_store);
    auto approver = m_exitManager.empty() ? Result<StaffMember>(fail(ErrorCode::Unauthorized, "no manager"))
                                          : roster.authorize(m_exitManager, pin, ProtectedAction::LeaveKiosk);
    if (!approver) {
        m_exitStatus->setText(approver.error().code == ErrorCode::Locked ? tr("Too many wrong PINs. Try again later.")
                                                                         : tr("Wrong PIN. The kiosk stays open."));
        return;
    }
    (void)roster.recordOverride(*approver, m_options.device.toStdString(), ProtectedAction::LeaveKiosk,
                                m_options.device.toStdString(), "left kiosk mode");
    qCInfo(lcKiosk) << "kiosk mode left by" << approver->name.c_str();
    m_exitAllowed = true;
    m_exit->hide();
    emit exitApproved();
}

void KioskWindow::closeEvent(QCloseEvent* event)
{
    if (!m_exitAllowed) {
        event->ignore(); // the window manager's close, Alt+F4
        return;
    }
    QWidget::closeEvent(event);
}

void KioskWindow::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    m_stillThere->setGeometry(rect());
    m_exit->setGeometry(rect());
    m_exitCorner->raise();
    if (m_exit->isVisible()) {
        m_exit->raise();
    }
    applyStyle();
    render();
}

bool KioskWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_exitCorner) {
        // A second touch soon after the first arrives as a double click.
        if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseButtonDblClick) {
            m_exitHold->start();
        } else if (event->type() == QEvent::MouseButtonRelease) {
            m_exitHold->stop();
        }
        return QWidget::eventFilter(watched, event);
    }
    if (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const auto mods = key->modifiers();
        const bool quitKeys = (mods & Qt::ControlModifier) && (key->key() == Qt::Key_Q || key->key() == Qt::Key_W);
        const bool closeKeys = (mods & Qt::AltModifier) && key->key() == Qt::Key_F4;
        const bool away = key->key() == Qt::Key_Escape || key->key() == Qt::Key_Meta || key->key() == Qt::Key_Super_L ||
                          key->key() == Qt::Key_Super_R || ((mods & Qt::AltModifier) && key->key() == Qt::Key_Tab);
        if (quitKeys || closeKeys || away) {
            event->accept();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace marquee
