#pragma once
// A day report (X or Z) on paper: the same HTML shown on the manager screen, laid out on
// A4 pages with a footer on each ("Z-report 12 · 2026-12-03 · page 2 of 3"). Written as a
// PDF with QPdfWriter or sent to a QPrinter; CSV comes from models (toCsv).

#include "DayReport.h"
#include "TimeZone.h"

#include <QString>

class QPagedPaintDevice;

namespace marquee {

class ReportDocument
{
public:
    ReportDocument(DayReport report, TimeZone zone);

    const DayReport& report() const { return m_report; }
    // The name for "Made by" (the report stores the staff id).
    void setCreatorName(const QString& name) { m_creatorName = name; }
    // "X-report" or "Z-report 12".
    QString title() const;
    QString html() const;
    // Lays the report out on the device's pages, with page numbers; returns the page count.
    Result<int> paint(QPagedPaintDevice& device) const;
    Result<int> writePdf(const QString& path) const;
    Result<void> writeCsv(const QString& path) const;
    // Amounts as printed in the report: "2,109.00" (no symbol; the currency is in the heading).
    static QString amount(std::int64_t minor, Currency currency);

private:
    QString localTime(Timestamp t) const;

    DayReport m_report;
    TimeZone m_zone;
    Currency m_currency;
    QString m_creatorName;
};

} // namespace marquee
