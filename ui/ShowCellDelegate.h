#pragma once
// Paints one show in the schedule grid: start time, screen, seats left and an occupancy
// bar, with "SOLD OUT" / "ALMOST FULL" written out (never shown by colour alone).

#include <QStyledItemDelegate>

namespace marquee {

class ShowCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    // Below this share of seats left a show is "almost full".
    static constexpr double kAlmostFullShare = 0.1;
};

} // namespace marquee
