#pragma once
// Tickets and the receipt of a booking, painted on any paged device: a QPrinter for the
// counter's ticket printer (CUPS) or a QPdfWriter. A ticket names cinema, film, screen,
// seat, local time, price and tax, the booking reference, and carries a QR code with the
// signed TicketCode. The receipt itemises every line with its tax and the payments.

#include "Catalog.h"
#include "CinemaTime.h"
#include "LocalStore.h"
#include "Sale.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QImage>
#include <QString>

class QPagedPaintDevice;
class QPainter;

namespace marquee {

class TicketPrinter
{
    Q_DECLARE_TR_FUNCTIONS(marquee::TicketPrinter)
public:
    // Shows are looked up in the store; the catalog gives cinema, films, screens and prices.
    TicketPrinter(LocalStore& store, const Catalog& catalog, const CinemaTime& time, QByteArray signingKey);

    // Where print() sends its output: a folder for PDFs (tests, no printer), or empty to use
    // the default system printer when there is one (else PDFs in the documents folder).
    void setPdfDirectory(const QString& dir) { m_pdfDirectory = dir; }
    const QString& pdfDirectory() const { return m_pdfDirectory; }

    // Prints tickets for the seats still booked and the receipt; returns where it went
    // (a PDF path or the printer's name).
    Result<QString> print(const Booking& booking, const Money& change) const;
    Result<QString> printToPdf(const Booking& booking, const Money& change, const QString& path) const;
    void paint(QPagedPaintDevice& device, const Booking& booking, const Money& change) const;

    QString ticketCodeFor(const Booking& booking, const TicketLine& line) const;
    static QImage qrImage(const QString& text);
    static QSizeF pageSizeMm() { return {80, 150}; }

private:
    static QString methodName(PaymentMethod method);
    void paintTicket(QPainter& painter, const QRectF& page, const Booking& booking, const TicketLine& line) const;
    void paintReceipt(QPagedPaintDevice& device, QPainter& painter, const QRectF& page, const Booking& booking,
                      const Money& change) const;

    LocalStore& m_store;
    const Catalog& m_catalog;
    const CinemaTime& m_time;
    QByteArray m_key;
    QString m_pdfDirectory;
};

} // namespace marquee
