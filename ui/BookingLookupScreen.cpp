#include "BookingLookupScreen.h"

#include "CashRegister.h"
#include "KeyShortcut.h"
#include "MoneyText.h"
#include "StaffSession.h"
#include "SupervisorOverride.h"
#include "TicketCode.h"
#include "Uuid.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace marquee {

namespace {

QString stateName(BookingState state)
{
    switch (state) {
    case BookingState::Confirmed:
        return BookingLookupScreen::tr("confirmed");
    case BookingState::PartlyRefunded:
        return BookingLookupScreen::tr("partly refunded");
    case BookingState::Refunded:
        return BookingLookupScreen::tr("refunded");
    }
    return {};
}

} // namespace

BookingLookupScreen::BookingLookupScreen(LocalStore& store, const Catalog& catalog, const CinemaTime& time,
                                         QByteArray signingKey, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_catalog(catalog)
    , m_time(time)
    , m_key(std::move(signingKey))
{
    setObjectName(QStringLiteral("bookingLookup"));
    m_query = new QLineEdit(this);
    m_query->setObjectName(QStringLiteral("lookupQuery"));
    m_query->setClearButtonEnabled(true);
    m_queryLabel = new QLabel(this);
    m_queryLabel->setBuddy(m_query);
    m_find = new QPushButton(this);
    m_find->setObjectName(QStringLiteral("lookupFindButton"));

    m_show = new QComboBox(this);
    m_show->setObjectName(QStringLiteral("lookupShow"));
    m_seat = new QLineEdit(this);
    m_seat->setObjectName(QStringLiteral("lookupSeat"));
    m_seat->setMaximumWidth(90);
    m_seatLabel = new QLabel(this);
    m_seatLabel->setBuddy(m_show);
    m_findSeat = new QPushButton(this);
    m_findSeat->setObjectName(QStringLiteral("lookupFindSeatButton"));

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("lookupSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lines = new QTreeWidget(this);
    m_lines->setObjectName(QStringLiteral("lookupLines"));
    m_lines->setRootIsDecorated(false);
    m_lines->setColumnCount(4);
    m_lines->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("lookupMessage"));
    m_message->setWordWrap(true);

    m_refund = new QPushButton(this);
    m_refund->setObjectName(QStringLiteral("refundButton"));
    KeyShortcut::bind(QKeySequence(Qt::CTRL | Qt::Key_R), m_refund);
    m_reprint = new QPushButton(this);
    m_reprint->setObjectName(QStringLiteral("reprintButton"));
    KeyShortcut::bind(QKeySequence(Qt::CTRL | Qt::Key_P), m_reprint);
    m_void = new QPushButton(this);
    m_void->setObjectName(QStringLiteral("voidButton"));
    KeyShortcut::bind(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V), m_void);
    m_exchange = new QPushButton(this);
    m_exchange->setObjectName(QStringLiteral("exchangeButton"));
    KeyShortcut::bind(QKeySequence(Qt::CTRL | Qt::Key_E), m_exchange);
    m_back = new QPushButton(this);
    m_back->setObjectName(QStringLiteral("lookupBackButton"));
    KeyShortcut::bind(QKeySequence(Qt::Key_Escape), m_back);

    auto* queryRow = new QHBoxLayout;
    queryRow->addWidget(m_queryLabel);
    queryRow->addWidget(m_query, 1);
    queryRow->addWidget(m_find);
    auto* seatRow = new QHBoxLayout;
    seatRow->addWidget(m_seatLabel);
    seatRow->addWidget(m_show, 1);
    seatRow->addWidget(m_seat);
    seatRow->addWidget(m_findSeat);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_back);
    buttons->addStretch(1);
    buttons->addWidget(m_reprint);
    buttons->addWidget(m_exchange);
    buttons->addWidget(m_void);
    buttons->addWidget(m_refund);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(queryRow);
    layout->addLayout(seatRow);
    layout->addWidget(m_summary);
    layout->addWidget(m_lines, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);

    connect(m_query, &QLineEdit::returnPressed, this, [this] { lookUp(m_query->text()); });
    connect(m_find, &QPushButton::clicked, this, [this] { lookUp(m_query->text()); });
    connect(m_seat, &QLineEdit::returnPressed, this,
            [this] { lookUpSeat(m_show->currentData().toString(), m_seat->text()); });
    connect(m_findSeat, &QPushButton::clicked, this,
            [this] { lookUpSeat(m_show->currentData().toString(), m_seat->text()); });
    connect(m_refund, &QPushButton::clicked, this, &BookingLookupScreen::refundChosen);
    connect(m_reprint, &QPushButton::clicked, this, &BookingLookupScreen::reprint);
    connect(m_void, &QPushButton::clicked, this, &BookingLookupScreen::voidBooking);
    connect(m_exchange, &QPushButton::clicked, this, [this] {
        if (m_booking && m_booking->state != BookingState::Refunded) {
            emit exchangeRequested(*m_booking, chosenSeats());
        }
    });
    connect(m_back, &QPushButton::clicked, this, &BookingLookupScreen::backRequested);
    retranslate();
    m_refund->setEnabled(false);
    m_void->setEnabled(false);
    m_reprint->setEnabled(false);
    m_exchange->setEnabled(false);
}

void BookingLookupScreen::retranslate()
{
    m_queryLabel->setText(tr("&Reference or ticket code:"));
    m_query->setPlaceholderText(tr("K7P3M-XQ9B2, or scan the ticket's QR code"));
    m_query->setToolTip(tr("Type a booking reference or scan a ticket, then Enter"));
    m_find->setText(tr("&Find"));
    m_find->setToolTip(tr("Find the booking (Enter)"));
    m_seatLabel->setText(tr("Or by s&how and seat:"));
    m_seat->setPlaceholderText(tr("Seat"));
    m_seat->setToolTip(tr("Seat id, e.g. F12, then Enter"));
    m_findSeat->setText(tr("Find &seat"));
    m_lines->setHeaderLabels({tr("Seat"), tr("Ticket type"), tr("Price"), tr("State")});
    m_lines->setToolTip(tr("Tick seats to refund or exchange only those (Space ticks); none ticked means all"));
    m_refund->setText(tr("Refund"));
    m_refund->setToolTip(tr("Refund the ticked seats, or the whole booking (Ctrl+R)"));
    m_void->setText(tr("Void"));
    m_void->setToolTip(tr("Cancel this shift's sale before the show, all money back; needs a supervisor "
                          "(Ctrl+Shift+V)"));
    m_reprint->setText(tr("Reprint"));
    m_reprint->setToolTip(tr("Print the tickets and receipt again (Ctrl+P)"));
    m_exchange->setText(tr("Exchange…"));
    m_exchange->setToolTip(tr("Move the ticked seats to another show (Ctrl+E)"));
    m_back->setText(tr("Back to schedule"));
    m_back->setToolTip(tr("Back to the schedule (Esc)"));
}

void BookingLookupScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        if (m_booking) {
            showBooking(*m_booking);
        }
    }
    QWidget::changeEvent(event);
}

void BookingLookupScreen::refreshShows(QDate day)
{
    const QString keep = m_show->currentData().toString();
    m_show->clear();
    auto shows = m_store.showsBetween(m_time.businessDayStart(day), m_time.businessDayEnd(day));
    if (!shows) {
        return;
    }
    for (const auto& summary : *shows) {
        const Film* film = m_catalog.film(summary.show.filmId);
        auto screen = m_catalog.screen(summary.show.screenId);
        m_show->addItem(QStringLiteral("%1 %2 · %3")
                            .arg(QLocale().toString(m_time.toLocal(summary.show.start).time(), QLocale::ShortFormat),
                                 QString::fromStdString(film ? film->title : summary.show.filmId),
                                 QString::fromStdString(screen ? screen->name() : summary.show.screenId)),
                        QString::fromStdString(summary.show.id));
    }
    const int index = m_show->findData(keep);
    if (index >= 0) {
        m_show->setCurrentIndex(index);
    }
}

void BookingLookupScreen::focusQuery()
{
    m_query->setFocus(Qt::OtherFocusReason);
    m_query->selectAll();
}

QString BookingLookupScreen::message() const
{
    return m_message->text();
}

void BookingLookupScreen::showMessage(const QString& text, bool warning)
{
    m_message->setText(text);
    m_message->setStyleSheet(warning ? QStringLiteral("QLabel { color: #b71c1c; font-weight: bold; }") : QString());
}

bool BookingLookupScreen::lookUp(const QString& query)
{
    const QString text = query.trimmed();
    if (text.isEmpty()) {
        return false;
    }
    if (TicketCode::parse(text)) {
        const auto fields = TicketCode::verify(text, m_key);
        if (!fields) {
            showMessage(tr("This ticket code is NOT genuine: its signature does not match. Do not accept it."), true);
            return false;
        }
        return lookUpSeat(fields->showId, fields->seatId);
    }
    QString reference = text.toUpper();
    auto booking = m_store.bookingByReference(reference.toStdString());
    if (!booking && !reference.contains(QLatin1Char('-')) && reference.size() == 10) {
        reference.insert(5, QLatin1Char('-'));
        booking = m_store.bookingByReference(reference.toStdString());
    }
    if (!booking) {
        m_booking.reset();
        m_lines->clear();
        m_summary->clear();
        showMessage(tr("No booking %1. Check the reference and try again.").arg(text), true);
        return false;
    }
    showBooking(*booking);
    return true;
}

bool BookingLookupScreen::lookUpSeat(const QString& showId, const QString& seatId)
{
    auto booking = m_store.bookingForSeat(showId.toStdString(), seatId.trimmed().toUpper().toStdString());
    if (!booking) {
        showMessage(tr("Seat %1 of that show is not booked.").arg(seatId.trimmed().toUpper()), true);
        return false;
    }
    showBooking(*booking);
    return true;
}

void BookingLookupScreen::showBooking(const Booking& booking)
{
    m_booking = booking;
    const auto found = m_store.show(booking.showId);
    const Show* show = found ? &*found : nullptr;
    const Film* film = show ? m_catalog.film(show->filmId) : nullptr;
    auto screen = show ? m_catalog.screen(show->screenId) : nullptr;
    m_summary->setText(
        tr("<b>%1</b> · %2 · %3 %4<br>Total %5, sold %6 by %7 · %8")
            .arg(QString::fromStdString(booking.reference).toHtmlEscaped(),
                 QString::fromStdString(film ? film->title : booking.showId).toHtmlEscaped(),
                 show ? QLocale().toString(m_time.toLocal(show->start), QLocale::ShortFormat) : QString(),
                 QString::fromStdString(screen ? screen->name() : std::string()).toHtmlEscaped(),
                 MoneyText::format(booking.total),
                 QLocale().toString(m_time.toLocal(booking.soldAt), QLocale::ShortFormat),
                 StaffSession::nameFor(m_store, booking.staff).toHtmlEscaped(), stateName(booking.state)));
    m_lines->clear();
    const PriceList* list = show ? m_catalog.priceList(show->priceListId) : nullptr;
    for (const TicketLine& line : booking.lines) {
        const TicketType* type = list ? list->ticketType(line.ticketTypeId) : nullptr;
        auto* item = new QTreeWidgetItem(m_lines, {QString::fromStdString(line.seatId),
                                                   QString::fromStdString(type ? type->name : line.ticketTypeId),
                                                   MoneyText::format(line.price),
                                                   line.refunded ? tr("refunded") : tr("booked")});
        item->setData(0, Qt::UserRole, QString::fromStdString(line.seatId));
        if (!line.refunded) {
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(0, Qt::Unchecked);
        } else {
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
        }
    }
    const bool open = booking.state != BookingState::Refunded;
    m_refund->setEnabled(open);
    m_void->setEnabled(CashRegister(m_store).checkVoidable(booking.id).has_value());
    m_exchange->setEnabled(open);
    m_reprint->setEnabled(true);
    showMessage(QString(), false);
    m_lines->setFocus(Qt::OtherFocusReason);
    if (m_lines->topLevelItemCount() > 0) {
        m_lines->setCurrentItem(m_lines->topLevelItem(0));
    }
}

std::vector<std::string> BookingLookupScreen::chosenSeats() const
{
    std::vector<std::string> seats;
    for (int i = 0; i < m_lines->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = m_lines->topLevelItem(i);
        if ((item->flags() & Qt::ItemIsUserCheckable) && item->checkState(0) == Qt::Checked) {
            seats.push_back(item->data(0, Qt::UserRole).toString().toStdString());
        }
    }
    return seats;
}

void BookingLookupScreen::setSeatChecked(const QString& seatId, bool checked)
{
    for (int i = 0; i < m_lines->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_lines->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == seatId && (item->flags() & Qt::ItemIsUserCheckable)) {
            item->setCheckState(0, checked ? Qt::Checked : Qt::Unchecked);
        }
    }
}

bool BookingLookupScreen::refundChosen()
{
    if (!m_booking) {
        return false;
    }
    if (!m_override) {
        showMessage(tr("Refunds need a supervisor, and none can approve here."), true);
        return false;
    }
    auto approval = m_override->approve(ProtectedAction::Refund,
                                        tr("Refund of booking %1").arg(QString::fromStdString(m_booking->reference)),
                                        m_booking->id, this);
    if (!approval) {
        showMessage(tr("The refund was not made: %1").arg(m_override->lastError()), true);
        return false;
    }
    RefundRequest request;
    request.refundId = newUuid();
    request.bookingId = m_booking->id;
    request.seats = chosenSeats();
    request.reason = approval->reason.toStdString();
    request.staff = m_staff.toStdString();
    auto refund = m_store.refund(request);
    if (!refund) {
        showMessage(tr("The refund was not made: %1").arg(QString::fromStdString(refund.error().message)), true);
        return false;
    }
    showRefunded(*refund, tr("Refunded"));
    return true;
}

bool BookingLookupScreen::voidBooking()
{
    if (!m_booking) {
        return false;
    }
    CashRegister drawer(m_store);
    if (auto voidable = drawer.checkVoidable(m_booking->id); !voidable) {
        showMessage(tr("This sale cannot be voided: %1").arg(QString::fromStdString(voidable.error().message)), true);
        return false;
    }
    if (!m_override) {
        showMessage(tr("Voids need a supervisor, and none can approve here."), true);
        return false;
    }
    auto approval = m_override->approve(ProtectedAction::Void,
                                        tr("Void of booking %1").arg(QString::fromStdString(m_booking->reference)),
                                        m_booking->id, this);
    if (!approval) {
        showMessage(tr("The sale was not voided: %1").arg(m_override->lastError()), true);
        return false;
    }
    auto refund = drawer.voidSale(m_booking->id, approval->reason.toStdString(), m_staff.toStdString());
    if (!refund) {
        showMessage(tr("The sale was not voided: %1").arg(QString::fromStdString(refund.error().message)), true);
        return false;
    }
    showRefunded(*refund, tr("Voided"));
    return true;
}

bool BookingLookupScreen::reprint()
{
    if (!m_booking) {
        return false;
    }
    auto show = m_store.show(m_booking->showId);
    if (show && show->start <= m_store.clock().now()) {
        if (!m_override) {
            showMessage(tr("The show has started: a reprint needs a supervisor."), true);
            return false;
        }
        auto approval = m_override->approve(
            ProtectedAction::LateReprint,
            tr("Reprint of booking %1 after its show started").arg(QString::fromStdString(m_booking->reference)),
            m_booking->id, this);
        if (!approval) {
            showMessage(tr("Not reprinted: %1").arg(m_override->lastError()), true);
            return false;
        }
    }
    emit reprintRequested(*m_booking);
    return true;
}

void BookingLookupScreen::showRefunded(const Refund& refund, const QString& what)
{
    QStringList parts;
    for (const RefundPart& part : refund.parts) {
        parts << (part.method == PaymentMethod::Cash ? tr("%1 in cash").arg(MoneyText::format(part.amount))
                                                     : tr("%1 to the card").arg(MoneyText::format(part.amount)));
    }
    QStringList seats;
    for (const auto& s : refund.seats) {
        seats << QString::fromStdString(s);
    }
    auto reloaded = m_store.booking(m_booking->id);
    if (reloaded) {
        showBooking(*reloaded);
    }
    showMessage(tr("%1 seats %2: give back %3. The seats are on sale again.")
                    .arg(what, seats.join(QStringLiteral(", ")), parts.join(QStringLiteral(" + "))),
                false);
}

} // namespace marquee
