#pragma once
// How a self-service kiosk behaves (issue 8): its name on sales and in the audit log, how long
// a customer may be idle before "Still there?", how long that countdown runs, how long the
// "take your tickets" screen stays, and the hidden gesture that opens the manager's exit PIN.
// Durations are milliseconds so tests can shorten them; `marquee --kiosk-idle SECONDS` and the
// store setting `kiosk.idle_seconds` set the idle time.

#include <QString>

namespace marquee {

struct KioskOptions
{
    QString device = QStringLiteral("kiosk"); // recorded on bookings and in the audit log
    int idleMs = 60'000;                      // no touch for this long: "Still there?"
    int stillThereMs = 15'000;                // then the sale is abandoned
    int doneMs = 20'000;                      // "Take your tickets" returns to the start after this
    int printProblemMs = 90'000;              // the booking code stays on screen this long
    int exitHoldMs = 3'000;                   // press and hold the top-left corner this long
    int holdTtlSeconds = 600;                 // the seats' hold while the customer chooses and pays
    QString language = QStringLiteral("en");  // each new customer starts in this language
};

} // namespace marquee
