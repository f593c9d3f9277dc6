#include "ReportCharts.h"

#include "ReportDocument.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QValueAxis>

namespace marquee {

namespace {

void finish(QChart* chart, QAbstractBarSeries* series, const QStringList& categories, const QString& valueTitle,
            double maxValue, bool horizontal)
{
    chart->addSeries(series);
    auto* categoryAxis = new QBarCategoryAxis(chart);
    categoryAxis->append(categories);
    auto* valueAxis = new QValueAxis(chart);
    valueAxis->setTitleText(valueTitle);
    valueAxis->setRange(0, maxValue > 0 ? maxValue * 1.15 : 1);
    valueAxis->applyNiceNumbers();
    valueAxis->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(categoryAxis, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    chart->addAxis(valueAxis, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categoryAxis);
    series->attachAxis(valueAxis);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    // The theme's label colour is white (meant for inside the bars); outside they need ink.
    for (QBarSet* set : series->barSets()) {
        set->setLabelColor(QColor(0x21, 0x21, 0x21));
    }
    chart->legend()->hide();
    chart->setAnimationOptions(QChart::NoAnimation);
}

} // namespace

QChart* ReportCharts::salesByHour(const DayReport& report)
{
    auto* chart = new QChart;
    chart->setObjectName(QStringLiteral("salesByHourChart"));
    const Currency currency = Currency::fromCode(report.currency).value_or(Currency());
    chart->setTitle(QObject::tr("Sales by hour (%1, gross)").arg(QString::fromStdString(report.currency)));
    auto* set = new QBarSet(QObject::tr("Gross"));
    set->setColor(QColor(0x3f, 0x51, 0xb5));
    QStringList hours;
    double top = 0;
    std::int64_t factor = 1;
    for (int i = 0; i < currency.minorDigits(); ++i) {
        factor *= 10;
    }
    for (const auto& line : report.byHour) {
        // Whole currency units for the bar heights; the exact figures are in the tables.
        const double major = static_cast<double>(line.grossMinor / factor);
        set->append(major);
        hours << QString::fromStdString(line.label);
        top = std::max(top, major);
    }
    auto* series = new QBarSeries(chart);
    series->append(set);
    series->setLabelsFormat(QStringLiteral("@value"));
    finish(chart, series, hours, QObject::tr("Gross (%1)").arg(QString::fromStdString(report.currency)), top, false);
    return chart;
}

QChart* ReportCharts::occupancyByShow(const DayReport& report, const TimeZone& zone)
{
    auto* chart = new QChart;
    chart->setObjectName(QStringLiteral("occupancyChart"));
    chart->setTitle(QObject::tr("Occupancy by show (% of sellable seats)"));
    auto* set = new QBarSet(QObject::tr("Occupancy"));
    set->setColor(QColor(0x00, 0x89, 0x7b));
    QStringList shows;
    // Horizontal bars list the first show at the bottom; reverse so the day reads top down.
    for (auto it = report.occupancy.rbegin(); it != report.occupancy.rend(); ++it) {
        const auto local = zone.toLocal(it->start);
        const auto minutes =
            std::chrono::floor<std::chrono::minutes>(local - std::chrono::floor<std::chrono::days>(local)).count();
        shows << QStringLiteral("%1:%2 %3 (%4)")
                     .arg(minutes / 60, 2, 10, QLatin1Char('0'))
                     .arg(minutes % 60, 2, 10, QLatin1Char('0'))
                     .arg(QString::fromStdString(it->film).left(22), QString::fromStdString(it->screen));
        set->append(it->capacity > 0 ? 100.0 * it->sold / it->capacity : 0.0);
    }
    auto* series = new QHorizontalBarSeries(chart);
    series->append(set);
    series->setLabelsFormat(QStringLiteral("@value%"));
    series->setLabelsPrecision(3);
    finish(chart, series, shows, QObject::tr("% sold"), 100 / 1.15, true);
    chart->axes(Qt::Horizontal).constFirst()->setRange(0, 100);
    return chart;
}

} // namespace marquee
