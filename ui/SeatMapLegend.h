#pragma once
// The key to the seat map: one sample seat per state and kind, and one per category of the
// map's current layout, drawn with the same SeatMapStyle as the map so the two never disagree.

#include <QPointer>
#include <QWidget>

namespace marquee {

class SeatMapWidget;

class SeatMapLegend : public QWidget
{
    Q_OBJECT
public:
    explicit SeatMapLegend(SeatMapWidget* map, QWidget* parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Entry;
    std::vector<Entry> entries() const;
    // Lays entries out left to right, wrapping at `width`; returns the height used.
    int layoutEntries(int width, std::vector<QRect>* boxes) const;
    void refresh();

    QPointer<SeatMapWidget> m_map;
};

} // namespace marquee
