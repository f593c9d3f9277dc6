#include "SeatMapLegend.h"

#include "SeatMapStyle.h"
#include "SeatMapWidget.h"

#include <QEvent>
#include <QPainter>
#include <algorithm>

namespace marquee {

namespace {
constexpr int kSwatch = 22;
constexpr int kSpacing = 6;
constexpr int kEntryGap = 16;
} // namespace

struct SeatMapLegend::Entry
{
    QString text;
    int category = 0;
    SeatLook look = SeatLook::Available;
    bool wheelchair = false;
    bool companion = false;
};

SeatMapLegend::SeatMapLegend(SeatMapWidget* map, QWidget* parent)
    : QWidget(parent)
    , m_map(map)
{
    setAccessibleName(tr("Seat map legend"));
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    if (m_map) {
        connect(m_map, &SeatMapWidget::seatLayoutChanged, this, &SeatMapLegend::refresh);
    }
    refresh();
}

std::vector<SeatMapLegend::Entry> SeatMapLegend::entries() const
{
    // States and kinds in a neutral outline; the outline colour is kept for categories.
    std::vector<Entry> list = {
        {tr("Available"), -1, SeatLook::Available, false, false},
        {tr("Your selection"), -1, SeatLook::Selected, false, false},
        {tr("Held by another sale"), -1, SeatLook::Held, false, false},
        {tr("Booked"), -1, SeatLook::Booked, false, false},
        {tr("Blocked or not sellable"), -1, SeatLook::Unsellable, false, false},
        {tr("Not sellable offline"), -1, SeatLook::Offline, false, false},
        {tr("Wheelchair space"), -1, SeatLook::Available, true, false},
        {tr("Companion seat"), -1, SeatLook::Available, false, true},
    };
    const SeatMapWidget* map = m_map.data();
    const std::shared_ptr<const SeatLayout> layout = map ? map->seatLayout() : nullptr;
    if (layout) {
        const auto& categories = layout->categories();
        for (std::size_t c = 0; c < categories.size(); ++c) {
            list.push_back({tr("%1 (outline)").arg(QString::fromStdString(categories[c].name)), static_cast<int>(c),
                            SeatLook::Available, false, false});
        }
    }
    return list;
}

int SeatMapLegend::layoutEntries(int width, std::vector<QRect>* boxes) const
{
    const QFontMetrics metrics(font());
    const int lineHeight = std::max(kSwatch, metrics.height()) + kSpacing;
    int x = kSpacing;
    int y = kSpacing;
    for (const Entry& e : entries()) {
        const int w = kSwatch + kSpacing + metrics.horizontalAdvance(e.text);
        if (x > kSpacing && x + w > width - kSpacing) {
            x = kSpacing;
            y += lineHeight;
        }
        if (boxes) {
            boxes->push_back(QRect(x, y, w, lineHeight - kSpacing));
        }
        x += w + kEntryGap;
    }
    return y + lineHeight;
}

QSize SeatMapLegend::sizeHint() const
{
    return {600, heightForWidth(600)};
}

QSize SeatMapLegend::minimumSizeHint() const
{
    return {200, heightForWidth(200)};
}

int SeatMapLegend::heightForWidth(int width) const
{
    return layoutEntries(width, nullptr);
}

void SeatMapLegend::refresh()
{
    QStringList names;
    for (const Entry& e : entries()) {
        names << e.text;
    }
    setAccessibleDescription(names.join(QStringLiteral(", ")));
    updateGeometry();
    update();
}

void SeatMapLegend::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        refresh();
    }
}

void SeatMapLegend::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    SeatMapStyle style = SeatMapStyle::fromPalette(palette());
    style.prepare(kSwatch, devicePixelRatioF());
    p.fillRect(rect(), style.background);
    std::vector<QRect> boxes;
    layoutEntries(width(), &boxes);
    const std::vector<Entry> list = entries();
    p.setPen(style.text);
    for (std::size_t i = 0; i < list.size() && i < boxes.size(); ++i) {
        const QRect& box = boxes[i];
        const QRectF swatch(box.left(), box.center().y() - kSwatch / 2 + 1, kSwatch, kSwatch);
        style.paintSeat(p, swatch, list[i].category, list[i].look, list[i].wheelchair, list[i].companion);
        p.setPen(style.text);
        p.drawText(QRect(box.left() + kSwatch + kSpacing, box.top(), box.width() - kSwatch - kSpacing, box.height()),
                   Qt::AlignVCenter | Qt::AlignLeft, list[i].text);
    }
}

} // namespace marquee
