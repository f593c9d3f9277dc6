#include "ReportDocument.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

namespace marquee {

namespace {

QString esc(const std::string& text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}

QString rate(int basisPoints)
{
    return QStringLiteral("%1.%2%").arg(basisPoints / 100).arg(basisPoints % 100, 2, 10, QLatin1Char('0'));
}

// A table with a header row; numeric columns (from `firstNumber` on) right-aligned.
class Table
{
public:
    Table(QString& out, const QStringList& headers, int firstNumber)
        : m_out(out)
        , m_firstNumber(firstNumber)
    {
        m_out += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" class=\"t\"><tr>");
        for (int i = 0; i < headers.size(); ++i) {
            m_out += QStringLiteral("<th align=\"%1\">%2</th>")
                         .arg(i >= firstNumber ? QStringLiteral("right") : QStringLiteral("left"),
                              headers[i].toHtmlEscaped());
        }
        m_out += QStringLiteral("</tr>");
    }
    void row(const QStringList& cells, bool bold = false)
    {
        m_out += bold ? QStringLiteral("<tr class=\"total\">") : QStringLiteral("<tr>");
        for (int i = 0; i < cells.size(); ++i) {
            m_out += QStringLiteral("<td align=\"%1\">%2</td>")
                         .arg(i >= m_firstNumber ? QStringLiteral("right") : QStringLiteral("left"), cells[i]);
        }
        m_out += QStringLiteral("</tr>");
    }
    ~Table() { m_out += QStringLiteral("</table>"); }

private:
    QString& m_out;
    int m_firstNumber;
};

} // namespace

ReportDocument::ReportDocument(DayReport report, TimeZone zone)
    : m_report(std::move(report))
    , m_zone(std::move(zone))
    , m_currency(Currency::fromCode(m_report.currency).value_or(Currency()))
{
}

QString ReportDocument::title() const
{
    return m_report.zNumber ? QObject::tr("Z-report %1").arg(*m_report.zNumber) : QObject::tr("X-report");
}

QString ReportDocument::amount(std::int64_t minor, Currency currency)
{
    const int digits = currency.isValid() ? currency.minorDigits() : 2;
    std::int64_t factor = 1;
    for (int i = 0; i < digits; ++i) {
        factor *= 10;
    }
    const std::int64_t whole = minor / factor;
    const std::int64_t frac = minor % factor < 0 ? -(minor % factor) : minor % factor;
    // English digits and grouping on paper, whatever the screen language: reports go to
    // accountants and spreadsheets.
    QString text = QLocale(QLocale::English, QLocale::UnitedStates).toString(qlonglong(whole < 0 ? -whole : whole));
    if (digits > 0) {
        text += QLatin1Char('.') + QString::number(frac).rightJustified(digits, QLatin1Char('0'));
    }
    return (minor < 0 ? QStringLiteral("-") : QString()) + text;
}

QString ReportDocument::localTime(Timestamp t) const
{
    const auto local = m_zone.toLocal(t);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd{day};
    const auto minutes = std::chrono::floor<std::chrono::minutes>(local - day).count();
    return QStringLiteral("%1 %2:%3")
        .arg(QString::fromStdString(formatDate(ymd)))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString ReportDocument::html() const
{
    const DayReport& r = m_report;
    auto money = [&](std::int64_t minor) { return amount(minor, m_currency); };
    auto n = [](std::int64_t v) { return QString::number(v); };
    QString out;
    out += QStringLiteral("<html><head><style>"
                          "body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; }"
                          "h1 { font-size: 15pt; margin-bottom: 2px; }"
                          "h2 { font-size: 11pt; margin-top: 14px; margin-bottom: 4px; color: #1a237e; }"
                          "table.t { border-collapse: collapse; }"
                          "th { background-color: #e8eaf6; border-bottom: 1px solid #5c6bc0; }"
                          "td { border-bottom: 1px solid #dddddd; }"
                          "tr.total td { font-weight: bold; border-top: 1px solid #333333; }"
                          ".meta { color: #444444; }"
                          "</style></head><body>");
    out += QStringLiteral("<h1>%1 — %2</h1>").arg(esc(r.cinema), title().toHtmlEscaped());
    out += QStringLiteral("<p class=\"meta\">%1<br>%2<br>%3</p>")
               .arg(QObject::tr("Business day %1 (%2 to %3), amounts in %4")
                        .arg(esc(r.businessDate), localTime(r.from), localTime(r.to), esc(r.currency)),
                    QObject::tr("Made %1 by %2")
                        .arg(localTime(r.createdAt),
                             m_creatorName.isEmpty() ? esc(r.createdBy) : m_creatorName.toHtmlEscaped()),
                    r.zNumber ? QObject::tr("Closes the business day; kept unchanged and reprintable.")
                              : QObject::tr("Figures so far; changes nothing."));

    out += QStringLiteral("<h2>%1</h2>").arg(QObject::tr("Summary"));
    {
        Table t(out, {QObject::tr("Figure"), QObject::tr("Tickets"), QObject::tr("Amount"), QObject::tr("Tax")}, 1);
        t.row({QObject::tr("Gross sales"), n(r.tickets), money(r.grossMinor), money(r.taxMinor)});
        t.row({QObject::tr("Refunds"), n(r.refundedTickets), money(-r.refundsMinor), money(-r.refundTaxMinor)});
        t.row({QObject::tr("of which voids"), n(r.voidedTickets), money(-r.voidsMinor), QString()});
        t.row({QObject::tr("Net sales"), n(r.tickets - r.refundedTickets), money(r.netMinor()),
               money(r.taxMinor - r.refundTaxMinor)},
              true);
    }

    out += QStringLiteral("<h2>%1</h2>").arg(QObject::tr("Payment methods"));
    {
        Table t(out, {QObject::tr("Method"), QObject::tr("Taken"), QObject::tr("Refunded"), QObject::tr("Net")}, 1);
        std::int64_t taken = 0, refunded = 0;
        for (const auto& m : r.byPaymentMethod) {
            t.row({esc(m.method), money(m.takenMinor), money(m.refundedMinor), money(m.netMinor())});
            taken += m.takenMinor;
            refunded += m.refundedMinor;
        }
        t.row({QObject::tr("Total"), money(taken), money(refunded), money(taken - refunded)}, true);
    }

    out += QStringLiteral("<h2>%1</h2>").arg(QObject::tr("Tax per rate"));
    {
        Table t(out, {QObject::tr("Rate"), QObject::tr("Gross"), QObject::tr("Tax"), QObject::tr("Net of tax")}, 1);
        for (const auto& line : r.byTaxRate) {
            t.row({rate(line.rateBasisPoints), money(line.grossMinor), money(line.taxMinor), money(line.netMinor())});
        }
    }

    const std::pair<QString, const std::vector<ReportLine>*> sections[] = {
        {QObject::tr("Sales by film"), &r.byFilm},       {QObject::tr("Sales by show"), &r.byShow},
        {QObject::tr("Sales by screen"), &r.byScreen},   {QObject::tr("Sales by ticket type"), &r.byTicketType},
        {QObject::tr("Sales by cashier"), &r.byCashier}, {QObject::tr("Sales by hour"), &r.byHour}};
    for (const auto& [heading, lines] : sections) {
        out += QStringLiteral("<h2>%1</h2>").arg(heading.toHtmlEscaped());
        Table t(out, {QString(), QObject::tr("Tickets"), QObject::tr("Gross"), QObject::tr("Tax")}, 1);
        for (const auto& line : *lines) {
            t.row({esc(line.label), n(line.tickets), money(line.grossMinor), money(line.taxMinor)});
        }
    }

    out += QStringLiteral("<h2>%1</h2>").arg(QObject::tr("Occupancy per show"));
    {
        Table t(out,
                {QObject::tr("Show"), QObject::tr("Screen"), QObject::tr("Sold"), QObject::tr("Seats"),
                 QObject::tr("Occupancy")},
                2);
        for (const auto& o : r.occupancy) {
            const int permille = o.capacity > 0 ? int((std::int64_t(o.sold) * 1000 + o.capacity / 2) / o.capacity) : 0;
            t.row({esc(o.film) + QStringLiteral(" ") + localTime(o.start).mid(11), esc(o.screen), n(o.sold),
                   n(o.capacity), QStringLiteral("%1.%2%").arg(permille / 10).arg(permille % 10)});
        }
    }

    out += QStringLiteral("<h2>%1</h2>").arg(QObject::tr("Refunds and voids"));
    if (r.refunds.empty()) {
        out += QStringLiteral("<p>%1</p>").arg(QObject::tr("None."));
    } else {
        Table t(out,
                {QObject::tr("Kind"), QObject::tr("Booking"), QObject::tr("Reason"), QObject::tr("By"),
                 QObject::tr("Time"), QObject::tr("Seats"), QObject::tr("Amount")},
                5);
        for (const auto& f : r.refunds) {
            t.row({f.isVoid ? QObject::tr("void") : QObject::tr("refund"), esc(f.bookingReference), esc(f.reason),
                   esc(f.staff), localTime(f.at).mid(11), n(f.seats), money(-f.amountMinor)});
        }
    }

    out += QStringLiteral("<h2>%1</h2>").arg(QObject::tr("Price overrides"));
    if (r.overrides.empty()) {
        out += QStringLiteral("<p>%1</p>").arg(QObject::tr("None."));
    } else {
        Table t(out,
                {QObject::tr("Booking"), QObject::tr("Seat"), QObject::tr("Reason"), QObject::tr("Sold by"),
                 QObject::tr("Price")},
                4);
        for (const auto& o : r.overrides) {
            t.row({esc(o.bookingReference), esc(o.seat), esc(o.reason), esc(o.staff), money(o.priceMinor)});
        }
    }

    out += QStringLiteral("<h2>%1</h2>").arg(QObject::tr("Cash-up per shift"));
    {
        Table t(out,
                {QObject::tr("Cashier"), QObject::tr("Counter"), QObject::tr("Float"), QObject::tr("Cash sales"),
                 QObject::tr("Cash refunds"), QObject::tr("In/out"), QObject::tr("Expected"), QObject::tr("Counted"),
                 QObject::tr("Variance")},
                2);
        for (const auto& s : r.shifts) {
            t.row({esc(s.staff), esc(s.device), money(s.floatMinor), money(s.cashSalesMinor), money(s.cashRefundsMinor),
                   money(s.cashMovementsMinor), money(s.expectedMinor.value_or(0)),
                   s.countedMinor ? money(*s.countedMinor) : QObject::tr("open"),
                   s.varianceMinor ? money(*s.varianceMinor) : QString()});
        }
    }
    out += QStringLiteral("<p class=\"meta\">%1</p>")
               .arg(QObject::tr("Audit log head: row %1, %2")
                        .arg(r.auditSeq)
                        .arg(QString::fromStdString(r.auditHash.substr(0, 16))));
    out += QStringLiteral("</body></html>");
    return out;
}

Result<int> ReportDocument::paint(QPagedPaintDevice& device) const
{
    QPainter painter;
    if (!painter.begin(&device)) {
        return fail(ErrorCode::Io, "cannot draw on the printer or PDF");
    }
    const QRectF page = device.pageLayout().paintRectPixels(device.logicalDpiX());
    QTextDocument doc;
    doc.documentLayout()->setPaintDevice(&device);
    QFont base(QStringLiteral("DejaVu Sans"));
    base.setPointSizeF(9);
    doc.setDefaultFont(base);
    doc.setHtml(html());
    doc.setDocumentMargin(0);
    const QFontMetricsF footerMetrics(base, &device);
    const qreal footerHeight = footerMetrics.height() * 2.5;
    const QSizeF body(page.width(), page.height() - footerHeight);
    doc.setPageSize(body);
    const int pages = doc.pageCount();
    const QString footerLeft =
        QStringLiteral("%1 — %2 — %3")
            .arg(QString::fromStdString(m_report.cinema), title(), QString::fromStdString(m_report.businessDate));
    for (int i = 0; i < pages; ++i) {
        if (i > 0 && !device.newPage()) {
            return fail(ErrorCode::Io, "cannot start a new page");
        }
        painter.save();
        painter.translate(0, -body.height() * i);
        doc.drawContents(&painter, QRectF(0, body.height() * i, body.width(), body.height()));
        painter.restore();
        painter.setFont(base);
        painter.setPen(QColor(0x55, 0x55, 0x55));
        const QRectF footer(0, page.height() - footerMetrics.height() * 1.5, page.width(), footerMetrics.height());
        painter.drawLine(QPointF(0, footer.top() - footerMetrics.height() * 0.5),
                         QPointF(page.width(), footer.top() - footerMetrics.height() * 0.5));
        painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter, footerLeft);
        painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter, QObject::tr("Page %1 of %2").arg(i + 1).arg(pages));
    }
    painter.end();
    return pages;
}

Result<int> ReportDocument::writePdf(const QString& path) const
{
    QPdfWriter writer(path);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 12),
                                     QPageLayout::Millimeter));
    writer.setResolution(300);
    writer.setTitle(title() + QStringLiteral(" ") + QString::fromStdString(m_report.businessDate));
    writer.setCreator(QStringLiteral("Marquee"));
    auto pages = paint(writer);
    if (!pages) {
        return pages;
    }
    if (!QFile::exists(path)) {
        return fail(ErrorCode::Io, "the PDF " + path.toStdString() + " was not written");
    }
    return pages;
}

Result<void> ReportDocument::writeCsv(const QString& path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return fail(ErrorCode::Io, "cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
    }
    const std::string csv = toCsv(m_report);
    if (file.write(csv.data(), qint64(csv.size())) != qint64(csv.size()) || !file.flush()) {
        return fail(ErrorCode::Io, "cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
    }
    return {};
}

} // namespace marquee
