#pragma once
// What the server says of one show's seats, kept from SyncService::seatsChanged, and drawn
// over the local engine's states by the screens that sell (the counter's sales screen, the
// kiosk): a seat the local store thinks free but the server has held, allotted or booked for
// someone else is shown taken.

#include "Sale.h"
#include "SeatLayout.h"

#include <QPair>
#include <QString>
#include <QVector>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace marquee {

class ServerSeatView
{
public:
    void clear() { m_states.clear(); }
    // A snapshot replaces what was known; a delta changes the seats it lists (AVAILABLE: free).
    void apply(const QVector<QPair<QString, QString>>& seats, bool snapshot);
    // Every seat `states` has as Available that the server has taken becomes Booked (BOOKED)
    // or Held (held or allotted), unless `ours(seat id)` says it is this device's own.
    void overlay(std::vector<SeatState>& states, const SeatLayout& layout,
                 const std::function<bool(const std::string&)>& ours = {}) const;

private:
    std::map<std::string, std::string> m_states; // seat id -> HELD / ALLOTTED / BOOKED
};

} // namespace marquee
