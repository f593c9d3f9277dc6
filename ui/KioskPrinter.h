#pragma once
// The kiosk's ticket printer, asked before the customer pays ("can you print?") and used after
// ("print these"). A kiosk that knows its printer is out of paper or offline takes no money;
// a print that fails after payment is the kiosk window's to handle (the booking code on the
// screen, the sale flagged for staff: KioskUnprintedSales).
//
// KioskTicketPrinter prints with TicketPrinter: to the system's default printer (CUPS), or to
// PDFs in a folder (the demo, tests). Qt tells only whether a printer exists and whether it is
// in an error state, so "no paper" is known only from a printer whose driver reports it as an
// error; a test or a driver seam reports it through this interface.

#include "Error.h"
#include "Sale.h"

#include <QString>
#include <memory>

namespace marquee {

class TicketPrinter;

enum class KioskPrinterState : std::uint8_t
{
    Ready,
    NoPaper,
    Offline
};

class KioskPrinter
{
public:
    virtual ~KioskPrinter() = default;
    virtual KioskPrinterState state() = 0;
    // Tickets (and the receipt) of a paid booking; where they went, or why they did not.
    virtual Result<QString> print(const Booking& booking) = 0;
};

class KioskTicketPrinter final : public KioskPrinter
{
public:
    // `tickets` must outlive this printer.
    explicit KioskTicketPrinter(const TicketPrinter& tickets);

    KioskPrinterState state() override;
    Result<QString> print(const Booking& booking) override;

private:
    const TicketPrinter& m_tickets;
};

} // namespace marquee
