#include "ShowCellDelegate.h"

#include "ScheduleModel.h"

#include <QApplication>
#include <QPainter>

namespace marquee {

void ShowCellDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (!index.data(ScheduleModel::ShowIdRole).isValid()) {
        return;
    }
    const int left = index.data(ScheduleModel::SeatsLeftRole).toInt();
    const int capacity = std::max(1, index.data(ScheduleModel::CapacityRole).toInt());
    const bool started = index.data(ScheduleModel::StartedRole).toBool();
    const QDateTime start = index.data(ScheduleModel::StartRole).toDateTime();
    const QString screen = index.data(ScheduleModel::ScreenNameRole).toString();

    painter->save();
    const QPalette& pal = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const QRect r = option.rect.adjusted(3, 3, -3, -3);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid), selected ? 3 : 1));
    painter->setBrush(started ? pal.color(QPalette::AlternateBase) : pal.color(QPalette::Base));
    painter->drawRoundedRect(r, 6, 6);

    const QRect inner = r.adjusted(8, 6, -8, -6);
    QFont timeFont = option.font;
    timeFont.setPointSizeF(option.font.pointSizeF() * 1.35);
    timeFont.setBold(true);
    painter->setFont(timeFont);
    painter->setPen(pal.color(started ? QPalette::PlaceholderText : QPalette::Text));
    const QString time = QLocale().toString(start.time(), QLocale::ShortFormat);
    painter->drawText(inner, Qt::AlignLeft | Qt::AlignTop, time);

    QFont small = option.font;
    painter->setFont(small);
    const int lineHeight = QFontMetrics(small).height();
    const int timeHeight = QFontMetrics(timeFont).height();
    painter->drawText(QRect(inner.left(), inner.top() + timeHeight, inner.width(), lineHeight),
                      Qt::AlignLeft | Qt::AlignVCenter, screen);

    QString mark;
    QColor barColour(0x2e, 0x7d, 0x32);
    if (left <= 0) {
        mark = tr("SOLD OUT");
        barColour = QColor(0xb7, 0x1c, 0x1c);
    } else if (double(left) / double(capacity) < kAlmostFullShare) {
        mark = tr("ALMOST FULL");
        barColour = QColor(0xe6, 0x51, 0x00);
    } else if (started) {
        mark = tr("started");
    }
    const QString seats =
        left <= 0 ? mark : tr("%n left", nullptr, left) + (mark.isEmpty() ? QString() : QStringLiteral(" · ") + mark);
    QFont seatsFont = small;
    seatsFont.setBold(left <= 0 || !mark.isEmpty());
    painter->setFont(seatsFont);
    painter->drawText(QRect(inner.left(), inner.top() + timeHeight + lineHeight, inner.width(), lineHeight),
                      Qt::AlignLeft | Qt::AlignVCenter, seats);

    // Occupancy bar: filled share = sold and held seats.
    const QRect bar(inner.left(), inner.bottom() - 6, inner.width(), 6);
    painter->setPen(Qt::NoPen);
    painter->setBrush(pal.color(QPalette::Midlight));
    painter->drawRoundedRect(bar, 3, 3);
    const double taken = double(capacity - left) / double(capacity);
    QRect filled = bar;
    filled.setWidth(int(bar.width() * std::clamp(taken, 0.0, 1.0)));
    painter->setBrush(barColour);
    painter->drawRoundedRect(filled, 3, 3);
    painter->restore();
}

QSize ShowCellDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    const QFontMetrics fm(option.font);
    return QSize(fm.horizontalAdvance(QStringLiteral("Screen 3 · Grand XXX")) + 24, fm.height() * 4 + 24);
}

} // namespace marquee
