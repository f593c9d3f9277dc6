#include "KioskPrinter.h"

#include "TicketPrinter.h"

#include <QDir>
#include <QFileInfo>
#include <QPrinter>
#include <QPrinterInfo>

namespace marquee {

KioskTicketPrinter::KioskTicketPrinter(const TicketPrinter& tickets)
    : m_tickets(tickets)
{
}

KioskPrinterState KioskTicketPrinter::state()
{
    if (!m_tickets.pdfDirectory().isEmpty()) {
        // PDFs: "printing" works when the folder can be made and written.
        const QString dir = m_tickets.pdfDirectory();
        if (!QDir().mkpath(dir) || !QFileInfo(dir).isWritable()) {
            return KioskPrinterState::Offline;
        }
        return KioskPrinterState::Ready;
    }
    const QPrinterInfo info = QPrinterInfo::defaultPrinter();
    if (info.isNull()) {
        return KioskPrinterState::Offline; // a kiosk without its printer must not sell
    }
    switch (info.state()) {
    case QPrinter::Error:
    case QPrinter::Aborted:
        return KioskPrinterState::Offline;
    case QPrinter::Idle:
    case QPrinter::Active:
        break;
    }
    return KioskPrinterState::Ready;
}

Result<QString> KioskTicketPrinter::print(const Booking& booking)
{
    return m_tickets.print(booking, Money::zero(booking.total.currency()));
}

} // namespace marquee
