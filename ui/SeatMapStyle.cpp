#include "SeatMapStyle.h"

#include <QPainter>
#include <QPalette>
#include <algorithm>
#include <array>

namespace marquee {

namespace {

// Okabe & Ito, "Color Universal Design" (2008): distinguishable with every common colour
// vision deficiency. Blue and vermillion are kept for states, the rest mark categories.
const QColor kBlue(0x00, 0x72, 0xB2);
const QColor kVermillion(0xD5, 0x5E, 0x00);
const std::array<QColor, 5> kCategoryColours = {
    QColor(0x00, 0x9E, 0x73), // bluish green
    QColor(0xCC, 0x79, 0xA7), // reddish purple
    QColor(0x56, 0xB4, 0xE9), // sky blue
    QColor(0xE6, 0x9F, 0x00), // orange
    QColor(0xF0, 0xE4, 0x42), // yellow
};

QColor mix(const QColor& a, const QColor& b, double t)
{
    const auto channel = [t](int x, int y) { return static_cast<int>(x + (y - x) * t + 0.5); };
    return QColor(channel(a.red(), b.red()), channel(a.green(), b.green()), channel(a.blue(), b.blue()));
}

QPainterPath wheelchairPath()
{
    // The international symbol of access, reduced to strokes in a unit square.
    QPainterPath path;
    path.moveTo(0.50, 0.30);
    path.lineTo(0.50, 0.58);
    path.lineTo(0.72, 0.58);
    path.lineTo(0.84, 0.86);
    path.moveTo(0.50, 0.42);
    path.lineTo(0.68, 0.42);
    const QRectF wheel(0.14, 0.44, 0.46, 0.46);
    path.arcMoveTo(wheel, 95);
    path.arcTo(wheel, 95, 250);
    return path;
}

} // namespace

SeatMapStyle SeatMapStyle::fromPalette(const QPalette& palette)
{
    SeatMapStyle s;
    s.background = palette.color(QPalette::Base);
    s.text = palette.color(QPalette::Text);
    s.m_dark = s.background.lightness() < 128;
    s.mutedText = mix(s.background, s.text, 0.65);
    s.screen = mix(s.background, s.text, 0.55);
    s.focusRing = s.text;
    s.focusHalo = s.background;
    s.m_selected = kBlue;
    s.m_held = kVermillion;
    s.m_heldBackground = mix(s.background, kVermillion, s.m_dark ? 0.25 : 0.12);
    // "Booked" is the one solid non-accent fill: dark on a light theme, light on a dark one,
    // so it always stands apart from the background and from available seats.
    s.m_booked = s.m_dark ? QColor(0xB8, 0xB8, 0xB8) : QColor(0x45, 0x45, 0x45);
    s.m_bookedTexture = s.m_dark ? QColor(0x80, 0x80, 0x80) : QColor(0xA0, 0xA0, 0xA0);
    s.m_unsellable = mix(s.background, s.text, 0.18);
    s.m_unsellableMark = mix(s.background, s.text, 0.7);
    s.m_offline = mix(s.background, s.text, 0.45);
    s.m_offlineBackground = s.background;
    s.m_wheelchair = wheelchairPath();
    s.prepare(24, 1);
    return s;
}

QColor SeatMapStyle::categoryColour(int category) const
{
    if (category < 0) {
        return mutedText;
    }
    const auto n = static_cast<int>(kCategoryColours.size());
    return kCategoryColours[static_cast<std::size_t>(((category % n) + n) % n)];
}

QColor SeatMapStyle::availableFill(int category) const
{
    return mix(background, categoryColour(category), m_dark ? 0.28 : 0.16);
}

namespace {

// One square tile of a texture, `side` device pixels, shown at 1/dpr so it maps 1:1 to pixels.
QBrush tileBrush(const QImage& tile, double dpr)
{
    QBrush brush(tile);
    brush.setTransform(QTransform::fromScale(1 / dpr, 1 / dpr));
    return brush;
}

QImage blankTile(int side, const QColor& background)
{
    QImage tile(side, side, QImage::Format_RGB32);
    tile.fill(background);
    return tile;
}

} // namespace

void SeatMapStyle::prepare(double cellSize, double dpr)
{
    if (cellSize == m_preparedCell && dpr == m_preparedDpr) {
        return;
    }
    m_preparedCell = cellSize;
    m_preparedDpr = dpr;
    // About three stripes across a seat, never finer than 5 logical pixels.
    const double period = std::clamp(cellSize * 0.3, 5.0, 16.0);
    const int side = std::max(4, static_cast<int>(std::round(period * dpr)));
    const double line = std::max(1.0, std::round(side * 0.22));
    // A tile holds several periods: filling copies a tile row per run, and tiny tiles make
    // for many tiny copies.
    const int reps = std::max(1, (32 + side - 1) / side);
    const int tile = side * reps;

    QImage held = blankTile(tile, m_heldBackground);
    {
        QPainter p(&held);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(QPen(m_held, line, Qt::SolidLine, Qt::FlatCap));
        // "/" diagonals x + y = k * side, drawn well past the edges so the tile has no seams.
        for (int k = -1; k <= 2 * reps + 1; ++k) {
            const double c = k * side;
            p.drawLine(QPointF(c + tile, -tile), QPointF(c - 2 * tile, 2 * tile));
        }
    }
    m_heldBrush = tileBrush(held, dpr);

    QImage booked = blankTile(tile, m_booked);
    {
        QPainter p(&booked);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(Qt::NoPen);
        p.setBrush(m_bookedTexture);
        const double r = std::max(0.75, side * 0.16);
        for (int i = 0; i < reps; ++i) {
            for (int j = 0; j < reps; ++j) {
                p.drawEllipse(QPointF(i * side + side / 2.0, j * side + side / 2.0), r, r);
            }
        }
    }
    m_bookedBrush = tileBrush(booked, dpr);

    QImage offline = blankTile(tile, m_offlineBackground);
    {
        QPainter p(&offline);
        for (int j = 0; j < reps; ++j) {
            p.fillRect(QRectF(0, j * side + std::round((side - line) / 2), tile, line), m_offline);
        }
    }
    m_offlineBrush = tileBrush(offline, dpr);
}

QBrush SeatMapStyle::fill(SeatLook look) const
{
    switch (look) {
    case SeatLook::Available:
        return QBrush(background);
    case SeatLook::Selected:
        return QBrush(m_selected);
    case SeatLook::Held:
        return m_heldBrush;
    case SeatLook::Booked:
        return m_bookedBrush;
    case SeatLook::Unsellable:
        return QBrush(m_unsellable);
    case SeatLook::Offline:
        return m_offlineBrush;
    }
    return QBrush(background);
}

QColor SeatMapStyle::markColour(SeatLook look) const
{
    switch (look) {
    case SeatLook::Selected:
        return Qt::white;
    case SeatLook::Booked:
        return m_dark ? QColor(Qt::black) : QColor(Qt::white);
    case SeatLook::Unsellable:
        return m_unsellableMark;
    case SeatLook::Available:
    case SeatLook::Held:
    case SeatLook::Offline:
        break;
    }
    return text;
}

double SeatMapStyle::gap(double cellSize)
{
    return std::max(1.0, std::round(cellSize * 0.08));
}

double SeatMapStyle::border(double cellSize)
{
    return std::clamp(std::round(cellSize * 0.09), 1.0, 4.0);
}

void SeatMapStyle::addCheck(QVector<QLineF>& lines, const QRectF& r)
{
    const QPointF a(r.left() + r.width() * 0.22, r.top() + r.height() * 0.52);
    const QPointF b(r.left() + r.width() * 0.42, r.top() + r.height() * 0.74);
    const QPointF c(r.left() + r.width() * 0.80, r.top() + r.height() * 0.28);
    lines.append(QLineF(a, b));
    lines.append(QLineF(b, c));
}

void SeatMapStyle::addCross(QVector<QLineF>& lines, const QRectF& r)
{
    const double dx = r.width() * 0.22;
    const double dy = r.height() * 0.22;
    lines.append(QLineF(r.left() + dx, r.top() + dy, r.right() - dx, r.bottom() - dy));
    lines.append(QLineF(r.left() + dx, r.bottom() - dy, r.right() - dx, r.top() + dy));
}

QPen SeatMapStyle::markPen(const QColor& colour, double innerSize)
{
    const double width = innerSize * 0.13;
    if (width <= 1.25) {
        // On small seats a mark is one pixel wide whatever the scale: a cosmetic line.
        QPen pen(colour, 1);
        pen.setCosmetic(true);
        return pen;
    }
    return QPen(colour, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
}

void SeatMapStyle::drawWheelchair(QPainter& painter, const QRectF& inner, const QColor& colour) const
{
    const double side = std::min(inner.width(), inner.height()) * 0.95;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.translate(inner.center().x() - side / 2, inner.center().y() - side / 2);
    painter.scale(side, side);
    painter.setPen(QPen(colour, side < 12 ? 0.14 : 0.1, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(m_wheelchair);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(QPointF(0.52, 0.15), 0.1, 0.1);
    painter.restore();
}

void SeatMapStyle::drawCompanionMark(QPainter& painter, const QRectF& inner, const QColor& colour) const
{
    // A ring with a dot: "sits with the wheelchair space next to it".
    const double r = std::min(inner.width(), inner.height()) * 0.24;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(colour, std::max(1.0, r * 0.35)));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(inner.center(), r, r);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(inner.center(), r * 0.35, r * 0.35);
    painter.restore();
}

void SeatMapStyle::paintSeat(QPainter& painter, const QRectF& cell, int category, SeatLook look, bool wheelchair,
                             bool companion) const
{
    const double size = std::min(cell.width(), cell.height());
    const double g = gap(size);
    const double b = border(size);
    const QRectF body = cell.adjusted(g, g, -g, -g);
    const QRectF inner = body.adjusted(b, b, -b, -b);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillRect(body, categoryColour(category));
    painter.fillRect(inner, look == SeatLook::Available ? QBrush(availableFill(category)) : fill(look));
    painter.setRenderHint(QPainter::Antialiasing, true);
    QVector<QLineF> lines;
    const bool glyph = (wheelchair || companion) && look != SeatLook::Unsellable;
    if (look == SeatLook::Selected && !glyph) {
        addCheck(lines, inner);
    } else if (look == SeatLook::Unsellable) {
        addCross(lines, inner);
    }
    if (!lines.isEmpty()) {
        painter.setPen(markPen(markColour(look), std::min(inner.width(), inner.height())));
        painter.drawLines(lines);
    }
    if (glyph && wheelchair) {
        drawWheelchair(painter, inner, markColour(look));
    } else if (glyph) {
        drawCompanionMark(painter, inner, markColour(look));
    }
    painter.restore();
}

} // namespace marquee
