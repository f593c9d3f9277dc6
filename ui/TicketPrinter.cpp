#include "TicketPrinter.h"

#include "MoneyText.h"
#include "StaffSession.h"
#include "TicketCode.h"

#include <QCoreApplication>
#include <QDir>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QPrinter>
#include <QPrinterInfo>
#include <QStandardPaths>
#include <memory>
#include <qrencode.h>

namespace marquee {

namespace {

QString fromStd(const std::string& s)
{
    return QString::fromStdString(s);
}

QString percent(int basisPoints)
{
    return QLocale().toString(double(basisPoints) / 100.0, 'f', basisPoints % 100 == 0 ? 0 : 2) + QLatin1Char('%');
}

} // namespace

QString TicketPrinter::methodName(PaymentMethod method)
{
    switch (method) {
    case PaymentMethod::Cash:
        return tr("Cash");
    case PaymentMethod::CardTerminal:
        return tr("Card");
    case PaymentMethod::CardGateway:
        return tr("Card (online)");
    case PaymentMethod::ExchangeCredit:
        return tr("Exchange credit");
    }
    return {};
}

namespace {

// Draws text in a line of the given height and moves y down; returns the used height.
qreal textLine(QPainter& p, qreal& y, const QRectF& page, const QString& text, qreal pointSize, bool bold = false,
               Qt::Alignment align = Qt::AlignLeft)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(pointSize);
    font.setBold(bold);
    p.setFont(font);
    const QRectF box(page.left(), y, page.width(), page.height());
    const QRectF used = p.boundingRect(box, int(align) | Qt::TextWordWrap, text);
    p.drawText(QRectF(page.left(), y, page.width(), used.height()), int(align) | Qt::TextWordWrap, text);
    y += used.height();
    return used.height();
}

void twoColumns(QPainter& p, qreal& y, const QRectF& page, const QString& left, const QString& right, qreal pointSize,
                bool bold = false)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(pointSize);
    font.setBold(bold);
    p.setFont(font);
    const qreal h = QFontMetricsF(font, p.device()).height();
    p.drawText(QRectF(page.left(), y, page.width() * 0.68, h), Qt::AlignLeft | Qt::AlignVCenter, left);
    p.drawText(QRectF(page.left(), y, page.width(), h), Qt::AlignRight | Qt::AlignVCenter, right);
    y += h;
}

} // namespace

TicketPrinter::TicketPrinter(LocalStore& store, const Catalog& catalog, const CinemaTime& time, QByteArray signingKey)
    : m_store(store)
    , m_catalog(catalog)
    , m_time(time)
    , m_key(std::move(signingKey))
{
}

QString TicketPrinter::ticketCodeFor(const Booking& booking, const TicketLine& line) const
{
    return TicketCode::sign({fromStd(booking.reference), fromStd(booking.showId), fromStd(line.seatId)}, m_key);
}

QImage TicketPrinter::qrImage(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code) {
        return {};
    }
    const int width = code->width;
    const int quiet = 4;
    QImage image(width + 2 * quiet, width + 2 * quiet, QImage::Format_Mono);
    image.fill(1);
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            if (code->data[y * width + x] & 1) {
                image.setPixel(x + quiet, y + quiet, 0);
            }
        }
    }
    return image;
}

void TicketPrinter::paintTicket(QPainter& p, const QRectF& page, const Booking& booking, const TicketLine& line) const
{
    const auto found = m_store.show(booking.showId);
    const Show* show = found ? &*found : nullptr;
    const Film* film = show ? m_catalog.film(show->filmId) : nullptr;
    auto screen = show ? m_catalog.screen(show->screenId) : nullptr;
    const QDateTime start = show ? m_time.toLocal(show->start) : QDateTime();
    const PriceList* list = show ? m_catalog.priceList(show->priceListId) : nullptr;
    const TicketType* type = list ? list->ticketType(line.ticketTypeId) : nullptr;

    qreal y = page.top();
    const qreal mm = p.device()->logicalDpiY() / 25.4;
    textLine(p, y, page, fromStd(m_catalog.cinema().name), 9, true, Qt::AlignHCenter);
    y += 2 * mm;
    textLine(p, y, page, film ? fromStd(film->title) : fromStd(booking.showId), 14, true, Qt::AlignHCenter);
    if (film) {
        textLine(p, y, page,
                 QStringLiteral("%1 · %2 · %3")
                     .arg(fromStd(film->certificate), fromStd(show->language), fromStd(show->format)),
                 8, false, Qt::AlignHCenter);
    }
    y += 3 * mm;
    textLine(p, y, page, QLocale().toString(start.date(), QLocale::LongFormat), 10, false, Qt::AlignHCenter);
    textLine(p, y, page, QLocale().toString(start.time(), QLocale::ShortFormat), 16, true, Qt::AlignHCenter);
    y += 2 * mm;
    textLine(p, y, page, screen ? fromStd(screen->name()) : QString(), 10, false, Qt::AlignHCenter);
    textLine(p, y, page, tr("Seat %1").arg(fromStd(line.seatId)), 20, true, Qt::AlignHCenter);
    y += 2 * mm;
    twoColumns(p, y, page, type ? fromStd(type->name) : fromStd(line.ticketTypeId), MoneyText::format(line.price), 9);
    twoColumns(p, y, page, tr("incl. tax %1").arg(percent(line.taxRateBasisPoints)), MoneyText::format(line.tax), 8);
    y += 2 * mm;

    const QImage qr = qrImage(ticketCodeFor(booking, line));
    const qreal side = std::min(page.width() * 0.62, page.bottom() - y - 10 * mm);
    if (!qr.isNull() && side > 0) {
        const QRectF target(page.center().x() - side / 2, y, side, side);
        p.save();
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
        p.drawImage(target, qr);
        p.restore();
        y += side + 1.5 * mm;
    }
    textLine(p, y, page, tr("Booking %1").arg(fromStd(booking.reference)), 11, true, Qt::AlignHCenter);
}

void TicketPrinter::paintReceipt(QPagedPaintDevice& device, QPainter& p, const QRectF& page, const Booking& booking,
                                 const Money& change) const
{
    const auto found = m_store.show(booking.showId);
    const Show* show = found ? &*found : nullptr;
    const Film* film = show ? m_catalog.film(show->filmId) : nullptr;
    auto screen = show ? m_catalog.screen(show->screenId) : nullptr;
    const PriceList* list = show ? m_catalog.priceList(show->priceListId) : nullptr;
    const Cinema& cinema = m_catalog.cinema();
    qreal y = page.top();
    const qreal mm = p.device()->logicalDpiY() / 25.4;
    auto ensureRoom = [&](qreal needed) {
        if (y + needed > page.bottom()) {
            device.newPage();
            y = page.top();
        }
    };
    textLine(p, y, page, fromStd(cinema.name), 11, true, Qt::AlignHCenter);
    textLine(p, y, page, fromStd(cinema.address), 7, false, Qt::AlignHCenter);
    textLine(p, y, page, tr("Tax id %1").arg(fromStd(cinema.taxId)), 7, false, Qt::AlignHCenter);
    y += 2 * mm;
    textLine(p, y, page, tr("RECEIPT"), 12, true, Qt::AlignHCenter);
    textLine(p, y, page, tr("Booking %1").arg(fromStd(booking.reference)), 9, true, Qt::AlignHCenter);
    textLine(p, y, page, QLocale().toString(m_time.toLocal(booking.soldAt), QLocale::ShortFormat), 8, false,
             Qt::AlignHCenter);
    y += 2 * mm;
    if (show) {
        textLine(p, y, page,
                 QStringLiteral("%1 — %2, %3")
                     .arg(film ? fromStd(film->title) : fromStd(show->filmId),
                          QLocale().toString(m_time.toLocal(show->start), QLocale::ShortFormat),
                          screen ? fromStd(screen->name()) : fromStd(show->screenId)),
                 8);
    }
    y += 1.5 * mm;
    for (const TicketLine& l : booking.lines) {
        ensureRoom(10 * mm);
        const TicketType* type = list ? list->ticketType(l.ticketTypeId) : nullptr;
        QString left = tr("Seat %1, %2").arg(fromStd(l.seatId), type ? fromStd(type->name) : fromStd(l.ticketTypeId));
        if (l.refunded) {
            left += QStringLiteral(" — ") + tr("refunded");
        }
        twoColumns(p, y, page, left, MoneyText::format(l.price), 8);
        twoColumns(p, y, page, QStringLiteral("   ") + tr("tax %1").arg(percent(l.taxRateBasisPoints)),
                   MoneyText::format(l.tax), 7);
    }
    ensureRoom(25 * mm);
    y += 1.5 * mm;
    p.drawLine(QPointF(page.left(), y), QPointF(page.right(), y));
    y += 1 * mm;
    twoColumns(p, y, page, tr("Total"), MoneyText::format(booking.total), 10, true);
    twoColumns(p, y, page, tr("of which tax"), MoneyText::format(booking.tax), 8);
    y += 1.5 * mm;
    for (const Payment& pay : booking.payments) {
        ensureRoom(10 * mm);
        QString left = methodName(pay.method);
        if (!pay.reference.empty()) {
            left += QStringLiteral(" (") + tr("approval %1").arg(fromStd(pay.reference)) + QLatin1Char(')');
        }
        twoColumns(p, y, page, left, MoneyText::format(pay.amount), 8);
        if (pay.tendered) {
            twoColumns(p, y, page, QStringLiteral("   ") + tr("tendered"), MoneyText::format(*pay.tendered), 7);
            twoColumns(p, y, page, QStringLiteral("   ") + tr("change"), MoneyText::format(pay.change()), 7);
        }
    }
    for (const Refund& refund : booking.refunds) {
        ensureRoom(8 * mm);
        QStringList seats;
        for (const auto& s : refund.seats) {
            seats << fromStd(s);
        }
        twoColumns(p, y, page, tr("Refunded seats %1").arg(seats.join(QStringLiteral(", "))),
                   MoneyText::format(refund.amount.negated()), 8);
    }
    Q_UNUSED(change);
    y += 3 * mm;
    ensureRoom(8 * mm);
    textLine(p, y, page, tr("Served by %1").arg(StaffSession::nameFor(m_store, booking.staff)), 7, false,
             Qt::AlignHCenter);
    textLine(p, y, page, tr("Thank you. Enjoy the show!"), 8, false, Qt::AlignHCenter);
}

void TicketPrinter::paint(QPagedPaintDevice& device, const Booking& booking, const Money& change) const
{
    device.setPageSize(QPageSize(pageSizeMm(), QPageSize::Millimeter, QStringLiteral("Ticket")));
    device.setPageMargins(QMarginsF(4, 4, 4, 4), QPageLayout::Millimeter);
    QPainter p(&device);
    const QRectF page(QPointF(0, 0), QSizeF(device.width(), device.height()));
    bool first = true;
    for (const TicketLine& l : booking.lines) {
        if (l.refunded) {
            continue;
        }
        if (!first) {
            device.newPage();
        }
        first = false;
        paintTicket(p, page, booking, l);
    }
    if (!first) {
        device.newPage();
    }
    paintReceipt(device, p, page, booking, change);
}

Result<QString> TicketPrinter::printToPdf(const Booking& booking, const Money& change, const QString& path) const
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QPdfWriter writer(path);
    writer.setResolution(300);
    writer.setCreator(QStringLiteral("Marquee"));
    writer.setTitle(tr("Booking %1").arg(fromStd(booking.reference)));
    paint(writer, booking, change);
    if (!QFileInfo::exists(path)) {
        return fail(ErrorCode::Io, "could not write " + path.toStdString());
    }
    return path;
}

Result<QString> TicketPrinter::print(const Booking& booking, const Money& change) const
{
    QString dir = m_pdfDirectory;
    if (dir.isEmpty()) {
        const QPrinterInfo info = QPrinterInfo::defaultPrinter();
        if (!info.isNull()) {
            QPrinter printer(info, QPrinter::HighResolution);
            printer.setDocName(tr("Booking %1").arg(fromStd(booking.reference)));
            paint(printer, booking, change);
            if (printer.printerState() == QPrinter::Error) {
                return fail(ErrorCode::Io, "the printer " + info.printerName().toStdString() + " reported an error");
            }
            return info.printerName();
        }
        dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/Marquee tickets");
    }
    int n = 0;
    QString path;
    do {
        path = QStringLiteral("%1/booking-%2%3.pdf")
                   .arg(dir, fromStd(booking.reference), n == 0 ? QString() : QStringLiteral("-%1").arg(n));
        ++n;
    } while (QFileInfo::exists(path));
    return printToPdf(booking, change, path);
}

} // namespace marquee
