#include "ServerSeatView.h"

namespace marquee {

void ServerSeatView::apply(const QVector<QPair<QString, QString>>& seats, bool snapshot)
{
    if (snapshot)
        m_states.clear();
    for (const auto& [seat, state] : seats) {
        if (state == QLatin1String("AVAILABLE"))
            m_states.erase(seat.toStdString());
        else
            m_states[seat.toStdString()] = state.toStdString();
    }
}

void ServerSeatView::overlay(std::vector<SeatState>& states, const SeatLayout& layout,
                             const std::function<bool(const std::string&)>& ours) const
{
    if (m_states.empty())
        return;
    for (std::size_t i = 0; i < states.size() && i < layout.seatCount(); ++i) {
        if (states[i] != SeatState::Available)
            continue; // this device's own holds and sales, and seats that are never sold
        const std::string& id = layout.seat(static_cast<int>(i)).id;
        auto it = m_states.find(id);
        if (it != m_states.end() && !(ours && ours(id)))
            states[i] = it->second == "BOOKED" ? SeatState::Booked : SeatState::Held;
    }
}

} // namespace marquee
