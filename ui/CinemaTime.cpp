#include "CinemaTime.h"

namespace marquee {

CinemaTime::CinemaTime()
    : m_zone(QTimeZone::utc())
    , m_cutoff(6, 0)
{
}

CinemaTime::CinemaTime(const QByteArray& ianaId, QTime cutoff)
    : m_zone(ianaId)
    , m_cutoff(cutoff)
{
    if (!m_zone.isValid()) {
        m_zone = QTimeZone::utc();
    }
}

CinemaTime::CinemaTime(const BusinessDayRule& rule)
    : CinemaTime(QByteArray::fromStdString(rule.zone.name()),
                 QTime(0, 0).addSecs(static_cast<int>(std::chrono::seconds(rule.cutoff).count())))
{
}

QDateTime CinemaTime::toLocal(Timestamp t) const
{
    return QDateTime::fromMSecsSinceEpoch(toEpochMs(t), m_zone);
}

Timestamp CinemaTime::fromLocal(const QDateTime& local) const
{
    return fromEpochMs(local.toMSecsSinceEpoch());
}

QDate CinemaTime::businessDate(Timestamp t) const
{
    const QDateTime local = toLocal(t);
    return local.time() < m_cutoff ? local.date().addDays(-1) : local.date();
}

Timestamp CinemaTime::businessDayStart(QDate date) const
{
    return fromEpochMs(QDateTime(date, m_cutoff, m_zone).toMSecsSinceEpoch());
}

std::chrono::year_month_day CinemaTime::toYmd(QDate date)
{
    return std::chrono::year_month_day(std::chrono::year(date.year()),
                                       std::chrono::month(static_cast<unsigned>(date.month())),
                                       std::chrono::day(static_cast<unsigned>(date.day())));
}

QDate CinemaTime::toQDate(std::chrono::year_month_day date)
{
    return QDate(static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
                 static_cast<int>(static_cast<unsigned>(date.day())));
}

} // namespace marquee
