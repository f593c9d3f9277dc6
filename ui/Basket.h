#pragma once
// The cashier's basket for one show: the seats chosen so far, always backed by exactly ONE
// hold in the seat engine. The first seat places a hold, every change replaces that hold's
// seats in one step (changeHold with a fresh request id), removing the last seat releases
// it. So the seats on screen are the seats the engine keeps for this counter, never more.
//
// The basket also knows each seat's ticket type and prices the lines through the engine
// (LocalStore::priceLines computes category and tax), and notices when the hold runs out.
//
// On a counter connected to marquee-server (setSync) the hold is the server's, mirrored in the
// local store, and asking for it takes a round trip: setSeats() sends the whole new seat set
// as one hold that replaces the current one (SyncService::requestHold) and returns at once
// with the basket pending; the answer arrives later as changed() (granted) or refused().
// One request is in flight at a time: seats chosen meanwhile are sent when it is answered,
// and a hold granted for a basket that was emptied meanwhile is released.

#include "LocalStore.h"
#include "SyncService.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace marquee {

class Basket : public QObject
{
    Q_OBJECT
public:
    Basket(LocalStore& store, const Clock& clock, QObject* parent = nullptr);
    ~Basket() override;

    // Starts a basket for a show (releasing any hold of the previous one).
    Result<void> setShow(const std::string& showId);
    const std::string& showId() const { return m_showId; }
    std::shared_ptr<const SeatLayout> layout() const { return m_layout; }
    const PriceList& priceList() const { return m_priceList; }

    void setStaff(const std::string& staff) { m_staff = staff; }
    // Connected counter: holds go through the server (see above). nullptr: standalone.
    void setSync(SyncService* sync);
    bool isConnected() const { return m_sync != nullptr; }
    // A hold request is on its way to the server (connected only).
    bool isPending() const { return m_pendingTicket != 0; }
    void setHoldTtl(Duration ttl) { m_ttl = ttl; }

    // Changes the basket to exactly these layout seats. The value lists the seats that were
    // unavailable (empty: done); the basket is unchanged when any seat was unavailable.
    Result<std::vector<std::string>> setSeats(std::vector<int> seats);
    Result<std::vector<std::string>> toggleSeat(int seat);
    // Releases the hold and empties the basket.
    void clear();
    // Forgets the hold without releasing it (it became a booking).
    void forgetHold();

    const std::vector<int>& seats() const { return m_seats; }
    // The seats the cashier has asked for: seats() once the server has answered, until then
    // what the request in flight (or the one queued behind it) asks for. Clicks build on this.
    const std::vector<int>& wantedSeats() const
    {
        return m_nextSeats ? *m_nextSeats : (m_pendingTicket != 0 ? m_pendingSeats : m_seats);
    }
    std::vector<std::string> seatIds() const;
    bool isEmpty() const { return m_seats.empty(); }
    const std::optional<Hold>& hold() const { return m_hold; }
    // Time left on the hold; zero when there is none or it has run out.
    Duration timeLeft() const;

    // Ticket types that may be sold for a seat (its category has a price for them).
    std::vector<const TicketType*> ticketTypesFor(int seat) const;
    std::string ticketTypeOf(int seat) const;
    void setTicketType(int seat, const std::string& ticketTypeId);
    // A price other than the list's for one seat, approved by a supervisor (the reason is
    // stored on the ticket line and shown on the reports). Dropped when the seat leaves.
    void setPriceOverride(int seat, const Money& price, const std::string& reason);
    bool hasPriceOverride(int seat) const { return m_overrides.contains(seat); }
    // Lines priced by the engine: category, price and tax per seat.
    Result<std::vector<TicketLine>> lines() const;

    // Called by a timer: when the hold ran out, the basket empties and says so.
    void checkExpiry();

signals:
    void changed();
    // The hold ran out; these seats are no longer kept for the customer.
    void expired(const QStringList& seats);
    // Connected: the server kept the basket as it was, because these seats were taken (or,
    // with `unavailable` empty, for the reason in `error`).
    void refused(const QStringList& unavailable, const QString& error);

private:
    void dropExpired();
    void releaseHold(const std::string& holdId, const std::string& reason);
    void adopt(Hold hold, std::vector<int> seats);
    void sendToServer(std::vector<int> seats);
    void onHoldAnswered(quint64 ticket, const QString& holdId, const QStringList& unavailable, const QString& error);

    LocalStore& m_store;
    const Clock& m_clock;
    std::string m_staff;
    Duration m_ttl = std::chrono::minutes(5);
    std::string m_showId;
    std::shared_ptr<const SeatLayout> m_layout;
    PriceList m_priceList;
    std::vector<int> m_seats;
    std::map<int, std::string> m_ticketTypes;
    std::map<int, std::pair<Money, std::string>> m_overrides;
    std::optional<Hold> m_hold;

    QPointer<SyncService> m_sync;
    quint64 m_pendingTicket = 0;                 // the request in flight, 0 when none
    std::vector<int> m_pendingSeats;             // what it asks for
    std::optional<std::vector<int>> m_nextSeats; // chosen while it was in flight
    std::set<quint64> m_abandoned;               // sent, then the basket moved on: release if granted
};

} // namespace marquee
