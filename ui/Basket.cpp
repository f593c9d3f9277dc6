#include "Basket.h"

#include "SyncService.h"
#include "Uuid.h"

#include <QLoggingCategory>
#include <algorithm>

namespace marquee {

Q_LOGGING_CATEGORY(lcBasket, "marquee.ui.basket")

Basket::Basket(LocalStore& store, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
{
}

Basket::~Basket()
{
    // No signals from a dying basket: its listeners may already be gone. A request still in
    // flight is answered to nobody; the server's hold then ends by its time limit.
    if (m_hold) {
        releaseHold(m_hold->id, "cancelled");
    }
}

void Basket::setSync(SyncService* sync)
{
    if (m_sync) {
        disconnect(m_sync, nullptr, this, nullptr);
    }
    m_sync = sync;
    if (m_sync) {
        connect(m_sync, &SyncService::holdAnswered, this, &Basket::onHoldAnswered);
    }
}

void Basket::releaseHold(const std::string& holdId, const std::string& reason)
{
    if (m_sync) {
        // The server's hold and its local mirror (CounterSync::release); idempotent.
        m_sync->requestRelease(QString::fromStdString(holdId));
        return;
    }
    auto released = m_store.release(holdId, reason);
    if (!released) {
        qCWarning(lcBasket) << "release failed:" << released.error().message.c_str();
    }
}

Result<void> Basket::setShow(const std::string& showId)
{
    clear();
    auto layout = m_store.layoutForShow(showId);
    if (!layout) {
        return std::unexpected(layout.error());
    }
    auto prices = m_store.priceListForShow(showId);
    if (!prices) {
        return std::unexpected(prices.error());
    }
    m_showId = showId;
    m_layout = *layout;
    m_priceList = *prices;
    emit changed();
    return {};
}

std::vector<std::string> Basket::seatIds() const
{
    std::vector<std::string> ids;
    if (!m_layout) {
        return ids;
    }
    for (int seat : m_seats) {
        ids.push_back(m_layout->seat(seat).id);
    }
    return ids;
}

Result<std::vector<std::string>> Basket::toggleSeat(int seat)
{
    std::vector<int> next = wantedSeats();
    auto it = std::find(next.begin(), next.end(), seat);
    if (it != next.end()) {
        next.erase(it);
    } else {
        next.push_back(seat);
    }
    return setSeats(std::move(next));
}

Result<std::vector<std::string>> Basket::setSeats(std::vector<int> seats)
{
    if (!m_layout) {
        return fail(ErrorCode::InvalidArgument, "no show chosen");
    }
    // A hold that ran out cannot be changed; start over from the seats asked for.
    if (m_hold && timeLeft() <= Duration::zero()) {
        dropExpired();
    }
    std::vector<int> unique;
    for (int seat : seats) {
        if (seat >= 0 && std::size_t(seat) < m_layout->seatCount() &&
            std::find(unique.begin(), unique.end(), seat) == unique.end()) {
            unique.push_back(seat);
        }
    }
    if (unique.empty()) {
        clear();
        return std::vector<std::string>{};
    }
    if (m_sync) {
        if (m_pendingTicket != 0) {
            m_nextSeats = std::move(unique); // sent when the request in flight is answered
            emit changed();
        } else {
            sendToServer(std::move(unique));
        }
        return std::vector<std::string>{};
    }
    HoldRequest request;
    request.requestId = newUuid();
    request.showId = m_showId;
    request.ttl = m_ttl;
    request.staff = m_staff;
    for (int seat : unique) {
        request.seats.push_back(m_layout->seat(seat).id);
    }
    auto outcome = m_hold ? m_store.changeHold(m_hold->id, request) : m_store.hold(request);
    if (!outcome && outcome.error().code == ErrorCode::Expired && m_hold) {
        // The old hold ran out between the check and the change: place a fresh one.
        dropExpired();
        outcome = m_store.hold(request);
    }
    if (!outcome) {
        qCWarning(lcBasket) << "hold failed:" << outcome.error().message.c_str();
        return std::unexpected(outcome.error());
    }
    if (!outcome->granted()) {
        return outcome->unavailable;
    }
    adopt(*outcome->hold, std::move(unique));
    return std::vector<std::string>{};
}

void Basket::adopt(Hold hold, std::vector<int> seats)
{
    m_hold = std::move(hold);
    m_seats = std::move(seats);
    for (auto it = m_ticketTypes.begin(); it != m_ticketTypes.end();) {
        it = std::find(m_seats.begin(), m_seats.end(), it->first) == m_seats.end() ? m_ticketTypes.erase(it)
                                                                                   : std::next(it);
    }
    for (auto it = m_overrides.begin(); it != m_overrides.end();) {
        it = std::find(m_seats.begin(), m_seats.end(), it->first) == m_seats.end() ? m_overrides.erase(it)
                                                                                   : std::next(it);
    }
    emit changed();
}

void Basket::sendToServer(std::vector<int> seats)
{
    QStringList ids;
    for (int seat : seats) {
        ids << QString::fromStdString(m_layout->seat(seat).id);
    }
    m_pendingSeats = std::move(seats);
    m_pendingTicket = m_sync->requestHold(QString::fromStdString(m_showId), ids, QString::fromStdString(m_staff),
                                          m_hold ? QString::fromStdString(m_hold->id) : QString());
    emit changed();
}

void Basket::onHoldAnswered(quint64 ticket, const QString& holdId, const QStringList& unavailable, const QString& error)
{
    if (ticket == 0 || ticket != m_pendingTicket) {
        // Another basket's answer, or one this basket no longer wants: give its seats back.
        if (m_abandoned.erase(ticket) > 0 && !holdId.isEmpty()) {
            releaseHold(holdId.toStdString(), "cancelled");
        }
        return;
    }
    m_pendingTicket = 0;
    std::vector<int> seats = std::move(m_pendingSeats);
    m_pendingSeats.clear();
    if (!holdId.isEmpty()) {
        // The sync thread mirrored the hold into the database before answering.
        auto hold = m_store.findHold(holdId.toStdString());
        if (hold) {
            adopt(*hold, std::move(seats));
        } else {
            qCWarning(lcBasket) << "granted hold not found locally:" << hold.error().message.c_str();
            releaseHold(holdId.toStdString(), "cancelled");
            emit refused({}, QString::fromStdString(hold.error().message));
        }
    } else {
        emit refused(unavailable, error);
    }
    if (m_nextSeats) {
        std::vector<int> next = std::move(*m_nextSeats);
        m_nextSeats.reset();
        (void)setSeats(std::move(next));
        return;
    }
    emit changed();
}

void Basket::clear()
{
    const bool wasPending = m_pendingTicket != 0 || m_nextSeats;
    if (m_pendingTicket != 0) {
        m_abandoned.insert(m_pendingTicket);
        m_pendingTicket = 0;
        m_pendingSeats.clear();
    }
    m_nextSeats.reset();
    if (m_hold) {
        releaseHold(m_hold->id, "cancelled");
    }
    const bool hadSeats = !m_seats.empty() || m_hold || wasPending;
    m_hold.reset();
    m_seats.clear();
    m_ticketTypes.clear();
    m_overrides.clear();
    if (hadSeats) {
        emit changed();
    }
}

void Basket::forgetHold()
{
    m_hold.reset();
    m_seats.clear();
    m_ticketTypes.clear();
    m_overrides.clear();
    emit changed();
}

Duration Basket::timeLeft() const
{
    if (!m_hold) {
        return Duration::zero();
    }
    const Duration left = m_hold->expiresAt - m_clock.now();
    return std::max(left, Duration::zero());
}

std::vector<const TicketType*> Basket::ticketTypesFor(int seat) const
{
    std::vector<const TicketType*> types;
    if (!m_layout || seat < 0 || std::size_t(seat) >= m_layout->seatCount()) {
        return types;
    }
    const auto& category = m_layout->categories()[std::size_t(m_layout->seat(seat).category)].id;
    for (const auto& type : m_priceList.ticketTypes) {
        if (type.priceByCategory.count(category) > 0) {
            types.push_back(&type);
        }
    }
    return types;
}

std::string Basket::ticketTypeOf(int seat) const
{
    auto it = m_ticketTypes.find(seat);
    if (it != m_ticketTypes.end()) {
        return it->second;
    }
    const auto types = ticketTypesFor(seat);
    return types.empty() ? std::string() : types.front()->id;
}

void Basket::setTicketType(int seat, const std::string& ticketTypeId)
{
    if (ticketTypeOf(seat) == ticketTypeId) {
        return;
    }
    m_ticketTypes[seat] = ticketTypeId;
    emit changed();
}

Result<std::vector<TicketLine>> Basket::lines() const
{
    std::vector<TicketLine> lines;
    for (int seat : m_seats) {
        TicketLine line;
        line.seatId = m_layout->seat(seat).id;
        line.ticketTypeId = ticketTypeOf(seat);
        if (auto it = m_overrides.find(seat); it != m_overrides.end()) {
            line.price = it->second.first;
            line.priceOverrideReason = it->second.second;
        }
        lines.push_back(std::move(line));
    }
    if (lines.empty()) {
        return lines;
    }
    return m_store.priceLines(m_showId, lines);
}

void Basket::checkExpiry()
{
    if (m_hold && timeLeft() <= Duration::zero()) {
        dropExpired();
    }
}

void Basket::dropExpired()
{
    QStringList seats;
    for (const auto& id : seatIds()) {
        seats << QString::fromStdString(id);
    }
    // Harmless if the sweeper got there first: releasing an expired hold changes nothing.
    if (m_hold) {
        releaseHold(m_hold->id, "expired");
    }
    m_hold.reset();
    m_seats.clear();
    m_ticketTypes.clear();
    m_overrides.clear();
    emit changed();
    emit expired(seats);
}

void Basket::setPriceOverride(int seat, const Money& price, const std::string& reason)
{
    if (std::find(m_seats.begin(), m_seats.end(), seat) == m_seats.end()) {
        return;
    }
    m_overrides[seat] = {price, reason};
    emit changed();
}

} // namespace marquee
