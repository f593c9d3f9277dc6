#pragma once
// The cinema's clock face: UTC timestamps shown in the cinema's own time zone (QTimeZone),
// and the business day, which ends at a cut-off (06:00) so a 00:30 show belongs to the
// day before. Built from the engine's BusinessDayRule (CashRegister::businessDayRule), so
// the screens' days are the days of the reports.

#include "BusinessDay.h"
#include "Clock.h"

#include <QDate>
#include <QDateTime>
#include <QTime>
#include <QTimeZone>
#include <chrono>

namespace marquee {

class CinemaTime
{
public:
    CinemaTime();
    explicit CinemaTime(const QByteArray& ianaId, QTime cutoff = QTime(6, 0));
    explicit CinemaTime(const BusinessDayRule& rule);

    const QTimeZone& zone() const { return m_zone; }
    QDateTime toLocal(Timestamp t) const;
    Timestamp fromLocal(const QDateTime& local) const;
    QDate businessDate(Timestamp t) const;
    // The business day `date` runs from its cut-off to the next day's cut-off.
    Timestamp businessDayStart(QDate date) const;
    Timestamp businessDayEnd(QDate date) const { return businessDayStart(date.addDays(1)); }
    static std::chrono::year_month_day toYmd(QDate date);
    static QDate toQDate(std::chrono::year_month_day date);

private:
    QTimeZone m_zone;
    QTime m_cutoff;
};

} // namespace marquee
