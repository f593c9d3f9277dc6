#pragma once
// The manager screen's charts of a day report (Qt Charts): sales by hour of the business
// day, and occupancy per show. Bars carry their values as labels, so nothing depends on
// colour alone.

#include "DayReport.h"

class QChart;

namespace marquee {

class ReportCharts
{
public:
    static QChart* salesByHour(const DayReport& report);
    static QChart* occupancyByShow(const DayReport& report, const class TimeZone& zone);
};

} // namespace marquee
