#include "SalesScreen.h"

#include "Basket.h"
#include "BestSeats.h"
#include "CheckoutRunner.h"
#include "KeyShortcut.h"
#include "MoneyText.h"
#include "PaymentDialog.h"
#include "SeatMapLegend.h"
#include "SeatMapWidget.h"
#include "SupervisorOverride.h"
#include "SyncService.h"
#include "Uuid.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <chrono>
#include <set>

namespace marquee {

namespace {

QString joinSeats(const std::vector<std::string>& seats)
{
    QStringList list;
    for (const auto& s : seats) {
        list << QString::fromStdString(s);
    }
    return list.join(QStringLiteral(", "));
}

} // namespace

SalesScreen::SalesScreen(LocalStore& store, const Catalog& catalog, const CinemaTime& time, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_catalog(catalog)
    , m_time(time)
{
    setObjectName(QStringLiteral("salesScreen"));
    m_basket = new Basket(store, store.clock(), this);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("salesTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_exchangeBanner = new QLabel(this);
    m_exchangeBanner->setObjectName(QStringLiteral("exchangeBanner"));
    m_exchangeBanner->setWordWrap(true);
    m_exchangeBanner->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #5c4400; padding: 6px; }"));
    m_exchangeBanner->hide();

    m_map = new SeatMapWidget(this);
    m_map->setObjectName(QStringLiteral("seatMap"));
    m_map->setMinimumSize(520, 360);
    m_map->setPriceText([this](int seat) { return seatTip(seat); });

    // Drawn with the map's own SeatMapStyle, so the key and the seats never disagree.
    m_legend = new SeatMapLegend(m_map, this);
    m_legend->setObjectName(QStringLiteral("seatLegend"));

    m_bestCount = new QSpinBox(this);
    m_bestCount->setObjectName(QStringLiteral("bestCount"));
    m_bestCount->setRange(1, 10);
    m_bestCount->setValue(2);
    m_bestButton = new QPushButton(this);
    m_bestButton->setObjectName(QStringLiteral("bestSeatsButton"));
    KeyShortcut::bind(QKeySequence(Qt::CTRL | Qt::Key_B), m_bestButton);

    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(QStringLiteral("basketTable"));
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->setFocusPolicy(Qt::NoFocus);

    m_total = new QLabel(this);
    m_total->setObjectName(QStringLiteral("basketTotal"));
    QFont totalFont = m_total->font();
    totalFont.setPointSizeF(totalFont.pointSizeF() * 1.6);
    totalFont.setBold(true);
    m_total->setFont(totalFont);
    m_tax = new QLabel(this);
    m_tax->setObjectName(QStringLiteral("basketTax"));
    m_countdown = new QLabel(this);
    m_countdown->setObjectName(QStringLiteral("holdCountdown"));
    QFont countdownFont = m_countdown->font();
    countdownFont.setPointSizeF(countdownFont.pointSizeF() * 1.15);
    m_countdown->setFont(countdownFont);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("salesMessage"));
    m_message->setWordWrap(true);

    m_pay = new QPushButton(this);
    m_pay->setObjectName(QStringLiteral("payButton"));
    KeyShortcut::bind(QKeySequence(Qt::Key_F9), m_pay);
    m_pay->setMinimumHeight(44);
    m_pay->setMinimumWidth(180);
    QFont payFont = m_pay->font();
    payFont.setBold(true);
    payFont.setPointSizeF(payFont.pointSizeF() * 1.2);
    m_pay->setFont(payFont);
    m_clear = new QPushButton(this);
    m_clear->setObjectName(QStringLiteral("clearBasketButton"));
    KeyShortcut::bind(QKeySequence(Qt::CTRL | Qt::Key_Delete), m_clear);
    m_price = new QPushButton(this);
    m_price->setObjectName(QStringLiteral("changePriceButton"));
    m_back = new QPushButton(this);
    m_back->setObjectName(QStringLiteral("backButton"));
    KeyShortcut::bind(QKeySequence(Qt::Key_Escape), m_back);

    // The map gets the width: a wide hall fitted to a narrow column leaves bands above and
    // below it. Best seats sits by the title, so the legend has the map's full width.
    auto* left = new QVBoxLayout;
    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_bestCount);
    titleRow->addWidget(m_bestButton);
    left->addLayout(titleRow);
    left->addWidget(m_exchangeBanner);
    left->addWidget(m_map, 1);
    left->addWidget(m_legend);

    auto* right = new QVBoxLayout;
    right->addWidget(m_countdown);
    right->addWidget(m_table, 1);
    right->addWidget(m_total);
    right->addWidget(m_tax);
    right->addWidget(m_message);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_back);
    buttons->addWidget(m_clear);
    buttons->addWidget(m_price);
    buttons->addStretch(1);
    buttons->addWidget(m_pay);
    right->addLayout(buttons);

    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 5);
    layout->addLayout(right, 2);

    connect(m_map, &SeatMapWidget::seatActivated, this, &SalesScreen::onSeatActivated);
    connect(m_map, &SeatMapWidget::blockRequested, this, &SalesScreen::onBlockRequested);
    connect(m_map, &SeatMapWidget::bestSeatsRequested, this, &SalesScreen::onBestSeats);
    connect(m_map, &SeatMapWidget::proceedRequested, this, &SalesScreen::startPayment);
    connect(m_bestButton, &QPushButton::clicked, this, [this] { onBestSeats(m_bestCount->value()); });
    connect(m_pay, &QPushButton::clicked, this, &SalesScreen::startPayment);
    connect(m_price, &QPushButton::clicked, this, [this] { changePrice(std::max(0, m_table->currentRow())); });
    connect(m_clear, &QPushButton::clicked, this, [this] {
        if (basketLocked()) {
            return;
        }
        m_basket->clear();
        showMessage(tr("Basket cleared; the seats are on sale again."), false);
    });
    connect(m_back, &QPushButton::clicked, this, &SalesScreen::backRequested);
    connect(m_basket, &Basket::changed, this, [this] {
        if (!m_checkingOut) {
            m_pending.reset();
        }
        if (!m_basket->isPending() && m_message->text() == tr("Holding the seats on the server…")) {
            m_message->clear();
        }
        rebuildBasketTable();
        refreshNow();
    });
    connect(m_basket, &Basket::refused, this, [this](const QStringList& unavailable, const QString& error) {
        if (!unavailable.isEmpty()) {
            showMessage(tr("Seat %1 was just taken elsewhere; choose another.", nullptr, int(unavailable.size()))
                            .arg(unavailable.join(QStringLiteral(", "))),
                        true);
        } else {
            showMessage(tr("The seats could not be held: %1").arg(error), true);
        }
    });
    connect(m_basket, &Basket::expired, this, [this](const QStringList& seats) {
        if (m_payment) {
            m_payment->reject();
        }
        showMessage(tr("Time ran out: seats %1 were released and may be sold to someone else. "
                       "No money was taken. Choose the seats again.")
                        .arg(seats.join(QStringLiteral(", "))),
                    true);
    });

    m_timer = new QTimer(this);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &SalesScreen::refreshNow);
    m_timer->start();
    retranslate();
    rebuildBasketTable();
}

SalesScreen::~SalesScreen()
{
    // Payment dialogs are children and are deleted after this body (closed ones may still
    // wait for deleteLater): none may call back into a half-destroyed screen.
    for (PaymentDialog* dialog : findChildren<PaymentDialog*>()) {
        disconnect(dialog, nullptr, this, nullptr);
    }
}

void SalesScreen::retranslate()
{
    m_bestButton->setText(tr("&Best seats"));
    m_bestButton->setToolTip(tr("Hold the best N seats together (Ctrl+B; on the map: a digit, then B)"));
    m_bestCount->setToolTip(tr("How many seats for Best seats"));
    m_table->setHorizontalHeaderLabels({tr("Seat"), tr("Ticket type"), tr("Price"), tr("Tax")});
    m_pay->setText(m_pending ? tr("&Retry saving") : tr("&Pay"));
    m_pay->setToolTip(tr("Take payment for the basket (F9; Enter on the map)"));
    m_clear->setText(tr("C&lear basket"));
    m_clear->setToolTip(tr("Release every seat in the basket (Ctrl+Del)"));
    m_price->setText(tr("Change p&rice…"));
    m_price->setToolTip(tr("A different price for the chosen seat; needs a supervisor (Alt+R)"));
    m_back->setText(tr("Back to schedule"));
    m_back->setToolTip(tr("Release the basket and go back to the schedule (Esc)"));
    m_map->setToolTip(tr("Click or Space: add/remove a seat. Drag: a block. Digit then B: best seats. "
                         "Enter: pay. Ctrl+wheel: zoom."));
    updateCountdown();
}

void SalesScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        rebuildBasketTable();
        if (!showId().isEmpty()) {
            openShow(showId());
        }
    }
    QWidget::changeEvent(event);
}

void SalesScreen::setStaff(const QString& staff)
{
    m_staff = staff;
    m_basket->setStaff(staff.toStdString());
}

QString SalesScreen::showId() const
{
    return QString::fromStdString(m_basket->showId());
}

bool SalesScreen::openShow(const QString& showId)
{
    const std::string id = showId.toStdString();
    if (m_basket->showId() != id) {
        if (auto opened = m_basket->setShow(id); !opened) {
            showMessage(tr("This show cannot be opened: %1").arg(QString::fromStdString(opened.error().message)), true);
            return false;
        }
        m_map->setSeatLayout(m_basket->layout());
        m_message->clear();
        m_serverSeats.clear();
        m_notSellable.clear();
        m_map->setNotSellable({});
    }
    if (m_sync) {
        m_sync->watchShow(showId); // a snapshot of the server's seat states, then deltas
    }
    auto show = m_store.show(id);
    if (show) {
        const Film* film = m_catalog.film(show->filmId);
        auto screen = m_catalog.screen(show->screenId);
        const QDateTime start = m_time.toLocal(show->start);
        m_title->setText(tr("%1 · %2 · %3")
                             .arg(QString::fromStdString(film ? film->title : show->filmId),
                                  QLocale().toString(start.date(), QStringLiteral("ddd d MMM")) + QLatin1Char(' ') +
                                      QLocale().toString(start.time(), QLocale::ShortFormat),
                                  QString::fromStdString(screen ? screen->name() : show->screenId)));
    }
    m_version = -1;
    refreshNow();
    m_map->setFocus(Qt::OtherFocusReason);
    return true;
}

void SalesScreen::startExchange(const Booking& booking, const std::vector<std::string>& seats)
{
    std::int64_t value = 0;
    std::vector<std::string> chosen;
    for (const auto& line : booking.lines) {
        const bool wanted = seats.empty() || std::find(seats.begin(), seats.end(), line.seatId) != seats.end();
        if (wanted && !line.refunded) {
            value += line.price.minor();
            chosen.push_back(line.seatId);
        }
    }
    m_exchange = Exchange{booking, chosen, Money(value, booking.total.currency())};
    m_exchangeBanner->setText(
        tr("Exchange of booking %1: seats %2 (worth %3) are given back when the new seats "
           "are paid. Esc cancels the exchange.")
            .arg(QString::fromStdString(booking.reference), joinSeats(chosen), MoneyText::format(m_exchange->value)));
    m_exchangeBanner->show();
}

void SalesScreen::cancelExchange()
{
    m_exchange.reset();
    m_exchangeBanner->hide();
}

void SalesScreen::abandon()
{
    if (m_payment) {
        m_payment->reject();
    }
    if (m_sync) {
        m_sync->watchShow(QString());
    }
    if (m_checkingOut || (m_checkout && m_pending)) {
        // The payment goes on (or waits for Retry); its outcome still prints or unwinds.
        return;
    }
    m_basket->clear();
    m_pending.reset();
    cancelExchange();
}

void SalesScreen::setSync(SyncService* sync, CheckoutRunner* checkout)
{
    m_sync = sync;
    m_checkout = checkout;
    m_basket->setSync(sync);
    if (sync) {
        connect(sync, &SyncService::seatsChanged, this, &SalesScreen::onServerSeats);
        connect(sync, &SyncService::statusChanged, this, [this] { refreshNow(); });
    }
    if (checkout) {
        connect(checkout, &CheckoutRunner::progress, this,
                [this](const QString& bookingId, int stage, const QString&) { onCheckoutProgress(bookingId, stage); });
        connect(checkout, &CheckoutRunner::finished, this, &SalesScreen::onCheckoutFinished);
    }
}

bool SalesScreen::basketLocked()
{
    if (m_checkingOut) {
        showMessage(tr("The payment is being taken; the seats cannot change now."), true);
        return true;
    }
    if (m_checkout && m_pending) {
        showMessage(tr("This sale is not finished: press Retry (F9) first. It continues the same payment."), true);
        return true;
    }
    return false;
}

void SalesScreen::onServerSeats(const QString& showId, const QVector<QPair<QString, QString>>& seats, bool snapshot)
{
    if (showId.toStdString() != m_basket->showId()) {
        return;
    }
    m_serverSeats.apply(seats, snapshot);
    refreshNow();
}

void SalesScreen::applyServerView(std::vector<SeatState>& states)
{
    auto layout = m_basket->layout();
    std::set<std::string> leased;
    if (auto leases = m_store.leases(m_basket->showId())) {
        for (const Lease& lease : *leases) {
            leased.insert(lease.seats.begin(), lease.seats.end());
        }
    }
    // The basket's own hold is HELD on the server too: it stays "selected by me".
    std::set<std::string> ours = leased;
    for (const auto& id : m_basket->seatIds()) {
        ours.insert(id);
    }
    m_serverSeats.overlay(states, *layout, [&](const std::string& id) { return ours.contains(id); });
    std::vector<int> notSellable;
    if (!m_sync->status().online) {
        for (std::size_t i = 0; i < states.size() && i < layout->seatCount(); ++i) {
            if (states[i] == SeatState::Available && !leased.contains(layout->seat(int(i)).id)) {
                notSellable.push_back(int(i));
            }
        }
    }
    m_map->setNotSellable(notSellable);
    m_notSellable = std::move(notSellable);
}

QString SalesScreen::message() const
{
    return m_message->text();
}

void SalesScreen::showMessage(const QString& text, bool warning)
{
    m_message->setText(text);
    m_message->setStyleSheet(warning ? QStringLiteral("QLabel { color: #b71c1c; font-weight: bold; }") : QString());
}

QString SalesScreen::seatTip(int seat) const
{
    auto layout = m_basket->layout();
    if (!layout || seat < 0 || std::size_t(seat) >= layout->seatCount()) {
        return {};
    }
    const auto& category = layout->categories()[std::size_t(layout->seat(seat).category)].id;
    QStringList prices;
    for (const TicketType* type : m_basket->ticketTypesFor(seat)) {
        const auto price = m_basket->priceList().price(type->id, category);
        if (price) {
            prices << QStringLiteral("%1 %2").arg(QString::fromStdString(type->name), MoneyText::format(*price));
        }
    }
    return prices.join(QStringLiteral(" · "));
}

void SalesScreen::refreshNow()
{
    // While a show opens, the basket reports its change before the map has the new layout.
    if (m_basket->showId().empty() || m_map->seatLayout() != m_basket->layout()) {
        return;
    }
    // While a connected sale is being paid (or waits for Retry) Checkout owns the hold: it
    // unwinds the sale itself if the hold runs out, so the basket must not release it now.
    if (!m_checkingOut && !(m_checkout && m_pending)) {
        m_basket->checkExpiry();
    }
    auto availability = m_store.availability(m_basket->showId());
    if (availability) {
        // The basket's own seats are drawn as "selected by me", not as held by someone.
        std::vector<SeatState> states = availability->states;
        for (int seat : m_basket->seats()) {
            if (std::size_t(seat) < states.size()) {
                states[std::size_t(seat)] = SeatState::Available;
            }
        }
        if (m_sync) {
            applyServerView(states);
        }
        m_map->setSeatStates(states);
        m_states = std::move(states);
        m_map->setSelection(m_basket->seats());
    }
    updateCountdown();
}

void SalesScreen::updateCountdown()
{
    if (!m_basket->hold()) {
        m_countdown->setText(tr("No seats held."));
        m_countdown->setStyleSheet(QString());
        m_warned = false;
        return;
    }
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(m_basket->timeLeft()).count();
    const QString time = QStringLiteral("%1:%2").arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0'));
    if (left <= 60) {
        m_countdown->setText(
            tr("Seats held for %1 more. Hurry: take payment now or the seats are released.").arg(time));
        m_countdown->setStyleSheet(QStringLiteral("QLabel { color: #b71c1c; font-weight: bold; }"));
    } else {
        m_countdown->setText(tr("Seats held for %1").arg(time));
        m_countdown->setStyleSheet(QString());
    }
}

void SalesScreen::applySeats(std::vector<int> seats)
{
    if (basketLocked()) {
        return;
    }
    auto outcome = m_basket->setSeats(std::move(seats));
    if (outcome && outcome->empty() && m_basket->isPending()) {
        showMessage(tr("Holding the seats on the server…"), false);
    } else if (!outcome) {
        showMessage(tr("The seats could not be held: %1").arg(QString::fromStdString(outcome.error().message)), true);
    } else if (!outcome->empty()) {
        showMessage(tr("Seat %1 was just taken elsewhere; choose another.", nullptr, int(outcome->size()))
                        .arg(joinSeats(*outcome)),
                    true);
    } else {
        m_message->clear();
    }
    refreshNow();
}

void SalesScreen::onSeatActivated(int seat)
{
    std::vector<int> seats = m_basket->wantedSeats();
    auto it = std::find(seats.begin(), seats.end(), seat);
    if (it != seats.end()) {
        seats.erase(it);
    } else {
        seats.push_back(seat);
    }
    applySeats(std::move(seats));
}

void SalesScreen::onBlockRequested(const std::vector<int>& block)
{
    std::vector<int> seats = m_basket->wantedSeats();
    for (int seat : block) {
        if (std::find(seats.begin(), seats.end(), seat) == seats.end()) {
            seats.push_back(seat);
        }
    }
    applySeats(std::move(seats));
}

void SalesScreen::onBestSeats(int count)
{
    auto layout = m_basket->layout();
    auto availability = m_store.availability(m_basket->showId());
    if (!layout || !availability) {
        return;
    }
    // What the map shows (with the server's view when connected), the basket's seats free.
    std::vector<SeatState> states = m_states.size() == layout->seatCount() ? m_states : availability->states;
    for (int seat : m_basket->seats()) {
        states[std::size_t(seat)] = SeatState::Available;
    }
    for (int seat : m_notSellable) {
        states[std::size_t(seat)] = SeatState::Unsellable; // offline: only this counter's leased seats
    }
    BestSeatsRequest request;
    request.count = count;
    const BestSeats best = pickBestSeats(*layout, states, request);
    if (!best.found()) {
        showMessage(tr("There are not %n free seats left for this show.", nullptr, count), true);
        return;
    }
    applySeats(best.seats);
    if (best.split && !m_basket->isEmpty()) {
        showMessage(tr("No %n seats together; the best seats were held apart.", nullptr, count), false);
    }
}

void SalesScreen::rebuildBasketTable()
{
    m_table->setRowCount(0);
    auto lines = m_basket->lines();
    m_lines = lines ? *lines : std::vector<TicketLine>{};
    auto layout = m_basket->layout();
    const auto& seats = m_basket->seats();
    m_table->setRowCount(int(seats.size()));
    Money total = Money::zero(m_basket->priceList().currency);
    Money tax = total;
    for (std::size_t row = 0; row < seats.size(); ++row) {
        const int seat = seats[row];
        const Seat& s = layout->seat(seat);
        const QString category = QString::fromStdString(layout->categories()[std::size_t(s.category)].name);
        auto* seatItem = new QTableWidgetItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(s.id), category));
        m_table->setItem(int(row), 0, seatItem);
        auto* types = new QComboBox(m_table);
        types->setObjectName(QStringLiteral("ticketType_%1").arg(QString::fromStdString(s.id)));
        types->setToolTip(tr("Ticket type for seat %1").arg(QString::fromStdString(s.id)));
        const std::string current = m_basket->ticketTypeOf(seat);
        for (const TicketType* type : m_basket->ticketTypesFor(seat)) {
            types->addItem(QString::fromStdString(type->name), QString::fromStdString(type->id));
            if (type->id == current) {
                types->setCurrentIndex(types->count() - 1);
            }
        }
        connect(types, &QComboBox::currentIndexChanged, this,
                [this, seat, types] { m_basket->setTicketType(seat, types->currentData().toString().toStdString()); });
        m_table->setCellWidget(int(row), 1, types);
        if (row < m_lines.size()) {
            const TicketLine& line = m_lines[row];
            auto* price = new QTableWidgetItem(MoneyText::format(line.price));
            price->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            auto* lineTax = new QTableWidgetItem(MoneyText::format(line.tax));
            lineTax->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(int(row), 2, price);
            m_table->setItem(int(row), 3, lineTax);
            total = total.plus(line.price).value_or(total);
            tax = tax.plus(line.tax).value_or(tax);
        }
    }
    m_total->setText(tr("Total %1").arg(MoneyText::format(total)));
    m_tax->setText(tr("including tax %1 · %n seat(s)", nullptr, int(seats.size())).arg(MoneyText::format(tax)));
    m_pay->setEnabled(!seats.empty() && !m_basket->isPending() && !m_checkingOut);
    m_clear->setEnabled(!seats.empty() && !m_checkingOut);
    m_price->setEnabled(!seats.empty() && !m_exchange);
    m_pay->setText(m_pending       ? tr("&Retry saving")
                   : seats.empty() ? tr("&Pay")
                                   : tr("&Pay %1").arg(MoneyText::format(total)));
    // Keyboard path: map, then each seat's ticket type, then Pay.
    QWidget* previous = m_map;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (QWidget* types = m_table->cellWidget(row, 1)) {
            setTabOrder(previous, types);
            previous = types;
        }
    }
    setTabOrder(previous, m_pay);
    setTabOrder(m_pay, m_clear);
    setTabOrder(m_clear, m_back);
}

void SalesScreen::startPayment()
{
    if (m_checkingOut) {
        return;
    }
    if (m_pending) {
        m_checkout && !m_exchange ? runCheckout() : commitPending();
        return;
    }
    if (m_basket->isPending()) {
        showMessage(tr("Wait a moment: the server has not answered for the seats yet."), true);
        return;
    }
    if (m_basket->isEmpty() || !m_basket->hold()) {
        showMessage(tr("Choose seats first."), true);
        return;
    }
    if (m_payment) {
        return;
    }
    auto lines = m_basket->lines();
    if (!lines) {
        showMessage(tr("The basket cannot be priced: %1").arg(QString::fromStdString(lines.error().message)), true);
        return;
    }
    std::int64_t total = 0;
    for (const auto& line : *lines) {
        total += line.price.minor();
    }
    const Currency currency = m_basket->priceList().currency;
    // The booking id is made now, when payment starts: a retry after an error replays it.
    PendingSale pending;
    pending.holdId = m_basket->hold()->id;
    pending.sale.bookingId = newUuid();
    pending.sale.lines = *lines;
    pending.sale.staff = m_staff.toStdString();
    pending.sale.device = "counter";
    std::int64_t due = total;
    if (m_exchange) {
        const std::int64_t credit = std::min(total, m_exchange->value.minor());
        if (credit > 0) {
            Payment p;
            p.id = newUuid();
            p.method = PaymentMethod::ExchangeCredit;
            p.amount = Money(credit, currency);
            pending.sale.payments.push_back(p);
        }
        due = total - credit;
    }
    if (due == 0) {
        m_pending = pending;
        m_checkout && !m_exchange ? runCheckout() : commitPending();
        return;
    }
    auto* dialog = new PaymentDialog(Money(due, currency), this);
    m_payment = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this] { m_payment = nullptr; });
    connect(dialog, &QDialog::accepted, this, [this, dialog, pending]() mutable {
        m_payment = nullptr;
        for (const auto& p : dialog->payments()) {
            pending.sale.payments.push_back(p);
        }
        pending.change = dialog->changeDue();
        m_pending = pending;
        m_checkout && !m_exchange ? runCheckout() : commitPending();
    });
    connect(dialog, &QDialog::rejected, this, [this] { m_map->setFocus(Qt::OtherFocusReason); });
    dialog->open();
}

void SalesScreen::commitPending()
{
    if (!m_pending) {
        return;
    }
    Result<Booking> booking = fail(ErrorCode::InvalidArgument, "nothing to commit");
    if (m_exchange) {
        ExchangeRequest request;
        request.refund.refundId = newUuid();
        request.refund.bookingId = m_exchange->booking.id;
        request.refund.seats = m_exchange->seats;
        request.refund.reason = "exchange";
        request.refund.staff = m_staff.toStdString();
        request.newHoldId = m_pending->holdId;
        request.newSale = m_pending->sale;
        booking = m_store.exchange(request);
    } else {
        booking = m_store.confirm(m_pending->holdId, m_pending->sale);
    }
    if (!booking) {
        const Error& error = booking.error();
        if (error.code == ErrorCode::Expired) {
            m_pending.reset();
            m_basket->checkExpiry();
            showMessage(tr("The seats' hold ran out before the sale was saved, so there is NO booking. "
                           "Give the customer's money back and choose seats again."),
                        true);
        } else {
            // Kept: pressing Retry sends the same booking and payment ids, so it cannot book twice.
            showMessage(tr("The sale could not be saved (%1). Press Retry saving (F9); the customer is not "
                           "charged twice.")
                            .arg(QString::fromStdString(error.message)),
                        true);
            m_pay->setText(tr("&Retry saving"));
        }
        return;
    }
    const Money change = m_pending->change;
    const bool exchange = m_exchange.has_value();
    m_pending.reset();
    m_basket->forgetHold();
    cancelExchange();
    showMessage(tr("Booked: %1").arg(QString::fromStdString(booking->reference)), false);
    if (exchange) {
        emit exchangeCompleted(*booking, change);
    } else {
        emit saleCompleted(*booking, change);
    }
}

void SalesScreen::runCheckout()
{
    if (!m_pending || !m_checkout) {
        return;
    }
    CheckoutRequest request;
    request.holdId = m_pending->holdId;
    request.sale = m_pending->sale;
    request.sale.payments.clear();
    for (const Payment& payment : m_pending->sale.payments) {
        Tender tender;
        tender.method = payment.method;
        tender.amount = payment.amount;
        tender.tendered = payment.tendered;
        tender.approvalCode = payment.reference;
        request.tenders.push_back(std::move(tender));
    }
    if (!m_checkout->run(request)) {
        showMessage(tr("Another payment is still being finished; try again in a moment."), true);
        return;
    }
    m_checkingOut = true;
    rebuildBasketTable();
    showMessage(tr("Taking payment…"), false);
}

void SalesScreen::onCheckoutProgress(const QString& bookingId, int stage)
{
    if (!m_pending || bookingId.toStdString() != m_pending->sale.bookingId) {
        return;
    }
    switch (static_cast<CheckoutStage>(stage)) {
    case CheckoutStage::Recording:
    case CheckoutStage::Authorizing:
        showMessage(tr("Taking payment…"), false);
        break;
    case CheckoutStage::Confirming:
    case CheckoutStage::WaitingForServer:
        showMessage(tr("Confirming the seats with the server…"), false);
        break;
    case CheckoutStage::Capturing:
        showMessage(tr("Seats confirmed; completing the payment…"), false);
        break;
    case CheckoutStage::Unwinding:
        showMessage(tr("The seats could not be confirmed; giving the payment back…"), true);
        break;
    case CheckoutStage::Done:
        break;
    }
}

void SalesScreen::onCheckoutFinished(const CheckoutOutcome& outcome)
{
    if (!m_pending || outcome.bookingId != m_pending->sale.bookingId) {
        return; // a checkout resumed at start-up; the main window reports those
    }
    m_checkingOut = false;
    const Money change = m_pending->change;
    switch (outcome.result) {
    case CheckoutResult::Completed: {
        m_pending.reset();
        m_basket->forgetHold();
        if (m_sync) {
            m_sync->wakeOutbox();
        }
        const Booking booking = outcome.booking.value_or(Booking{});
        showMessage(tr("Booked: %1").arg(QString::fromStdString(booking.reference)), false);
        emit saleCompleted(booking, change);
        break;
    }
    case CheckoutResult::Declined:
        m_pending.reset();
        rebuildBasketTable();
        showMessage(tr("The payment was refused: %1. Nothing was sold and any cash was handed back; the seats are "
                       "still held, so take payment another way.")
                        .arg(QString::fromStdString(outcome.message)),
                    true);
        break;
    case CheckoutResult::SeatsNotConfirmed: {
        m_pending.reset();
        QStringList back;
        for (const TenderOutcome& tender : outcome.tenders) {
            if (tender.method == PaymentMethod::Cash) {
                back << tr("give back %1 cash").arg(MoneyText::format(tender.amount));
            } else if (tender.method == PaymentMethod::CardTerminal) {
                back << tr("void %1 on the card terminal (approval %2)")
                            .arg(MoneyText::format(tender.amount), QString::fromStdString(tender.reference));
            }
        }
        m_basket->forgetHold();
        showMessage(tr("Payment succeeded but seats could not be confirmed; refund initiated.") +
                        (back.isEmpty() ? QString() : QLatin1Char(' ') + back.join(QStringLiteral("; ")) + u'.'),
                    true);
        break;
    }
    case CheckoutResult::Interrupted:
        rebuildBasketTable(); // Pay reads "Retry saving": the same checkout continues
        showMessage(tr("The sale is not finished yet (%1). Press Retry (F9): it continues with the same payment "
                       "and never charges twice.")
                        .arg(QString::fromStdString(outcome.message)),
                    true);
        break;
    case CheckoutResult::Invalid:
        m_pending.reset();
        rebuildBasketTable();
        showMessage(tr("The sale could not start: %1").arg(QString::fromStdString(outcome.message)), true);
        break;
    }
}

bool SalesScreen::changePrice(int row)
{
    const auto& seats = m_basket->seats();
    if (row < 0 || std::size_t(row) >= seats.size() || std::size_t(row) >= m_lines.size() || !m_override) {
        return false;
    }
    const int seat = seats[std::size_t(row)];
    const TicketLine& line = m_lines[std::size_t(row)];
    auto approval = m_override->approve(ProtectedAction::PriceOverride,
                                        tr("A different price for seat %1 (list price %2)")
                                            .arg(QString::fromStdString(line.seatId), MoneyText::format(line.price)),
                                        m_basket->showId() + "/" + line.seatId, this, line.price);
    if (!approval || !approval->price) {
        showMessage(tr("The price was not changed: %1").arg(m_override->lastError()), true);
        return false;
    }
    m_basket->setPriceOverride(seat, *approval->price, approval->reason.toStdString());
    showMessage(tr("Seat %1 now costs %2 (approved by %3).")
                    .arg(QString::fromStdString(line.seatId), MoneyText::format(*approval->price),
                         QString::fromStdString(approval->approver.name)),
                false);
    return true;
}

} // namespace marquee
