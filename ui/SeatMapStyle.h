#pragma once
// How the seat map and its legend look: one colour-blind-safe palette (Okabe-Ito) derived
// from the application palette, and the shapes that tell states apart. Invariant: every
// look differs from every other by shape or pattern as well as by colour, so the map reads
// in grayscale and for colour-blind cashiers; the legend draws with the same functions.

#include <QBrush>
#include <QColor>
#include <QPainterPath>
#include <QPen>
#include <QRectF>

class QPainter;
class QPalette;

namespace marquee {

// What a seat looks like, decided from its kind, its state and the cashier's selection.
enum class SeatLook : quint8
{
    Available,  // light tint of its category, nothing inside
    Selected,   // the cashier's own hold: solid accent with a check mark
    Held,       // held by another sale: diagonal hatching
    Booked,     // sold: dark fill with a dotted texture
    Unsellable, // blocked, broken or not sellable for this show: grey with a cross
    Offline,    // not sellable by this counter while offline: horizontal stripes
};

class SeatMapStyle
{
public:
    static SeatMapStyle fromPalette(const QPalette& palette);

    QColor background;
    QColor text;
    QColor mutedText;
    QColor screen;
    QColor focusRing;
    QColor focusHalo; // a second ring in the background colour, so focus shows on any fill

    // Category -1 is "no category": a neutral outline (the legend's state samples).
    QColor categoryColour(int category) const;
    QColor availableFill(int category) const;

    // Sizes the textures (hatching, dots, stripes) for seats of `cellSize` logical pixels on a
    // device of `dpr`: patterns follow the zoom and stay crisp, unlike Qt's fixed 8x8 patterns.
    void prepare(double cellSize, double dpr);
    // The brush for the inner area of a seat: a flat colour, or a texture tile that includes
    // its background (hatching, dots, stripes) once prepare() has run.
    QBrush fill(SeatLook look) const;
    // Colour of marks drawn on top (check, cross, wheelchair): contrasts with fill(look).
    QColor markColour(SeatLook look) const;

    // One seat as the map draws it, for the legend and for single-seat drawing.
    void paintSeat(QPainter& painter, const QRectF& cell, int category, SeatLook look, bool wheelchair,
                   bool companion) const;

    // Geometry shared by the map and the legend, in pixels for a cell of `cellSize` pixels.
    static double gap(double cellSize);
    static double border(double cellSize);

    // Marks, in the inner rectangle of a seat.
    static void addCheck(QVector<QLineF>& lines, const QRectF& inner);
    static void addCross(QVector<QLineF>& lines, const QRectF& inner);
    static QPen markPen(const QColor& colour, double innerSize);
    void drawWheelchair(QPainter& painter, const QRectF& inner, const QColor& colour) const;
    void drawCompanionMark(QPainter& painter, const QRectF& inner, const QColor& colour) const;

private:
    bool m_dark = false;
    QColor m_selected;
    QColor m_held;
    QColor m_heldBackground;
    QColor m_booked;
    QColor m_bookedTexture;
    QColor m_unsellable;
    QColor m_unsellableMark;
    QColor m_offline;
    QColor m_offlineBackground;
    QPainterPath m_wheelchair; // in a unit square
    double m_preparedCell = 0;
    double m_preparedDpr = 0;
    QBrush m_heldBrush;
    QBrush m_bookedBrush;
    QBrush m_offlineBrush;
};

} // namespace marquee
