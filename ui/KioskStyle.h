#pragma once
// The kiosk's look: large type and touch targets of at least 48 px (buttons are 88 px high at
// 1080 px), scaled to the screen's short side, in the normal colours or in high contrast
// (white on black, yellow actions, thick outlines). No hover states: a touch screen has none.

#include <QPalette>
#include <QString>

namespace marquee {

class KioskStyle
{
public:
    static QString sheet(bool highContrast, int shortSide);
    // The seat map paints with its palette (SeatMapStyle::fromPalette).
    static QPalette seatMapPalette(bool highContrast);
};

} // namespace marquee
