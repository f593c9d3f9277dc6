#include "SeatMapWidget.h"

#include "SeatMapStyle.h"

#include <QAccessible>
#include <QApplication>
#include <QGestureEvent>
#include <QHelpEvent>
#include <QImage>
#include <QKeyEvent>
#include <QLoggingCategory>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QPinchGesture>
#include <QStaticText>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

Q_LOGGING_CATEGORY(lcSeatMap, "marquee.ui.seatmap")

namespace marquee {

namespace {

// Margins around the seats, in seat units: row labels on both sides, the screen in front.
constexpr double kSideMargin = 1.7;
constexpr double kFrontMargin = 2.8;
constexpr double kBackMargin = 0.5;
constexpr double kMaxScale = 120; // pixels per seat unit
constexpr double kZoomStep = 1.25;
constexpr int kRingMargin = 4;           // the focus ring and hover outline reach this far outside a seat
constexpr std::size_t kBulkUpdate = 256; // more changed seats than this: one full update is cheaper
constexpr int kLookCount = 6;
constexpr double kNumberedSeat = 16; // inner size in pixels from which seats show their number

int lookIndex(SeatLook look)
{
    return static_cast<int>(look);
}

std::size_t at(int i)
{
    return static_cast<std::size_t>(i);
}

} // namespace

struct SeatMapWidget::Private
{
    explicit Private(SeatMapWidget* owner)
        : q(owner)
    {
    }

    SeatMapWidget* q;
    SeatMapStyle style;
    std::vector<quint8> selected;     // by seat index: in the cashier's own hold
    std::vector<quint8> notSellable;  // by seat index: outside this counter's allotment offline
    std::vector<int> positionInRow;   // by seat index
    std::vector<int> rowsFrontToBack; // row indices by increasing y
    std::vector<int> depthOfRow;      // inverse of rowsFrontToBack
    std::vector<int> glyphSeats;      // wheelchair and companion seats: glyphs drawn per frame
    std::function<QString(int)> priceText;

    double scale = 20; // pixels per seat unit
    QPointF origin;    // widget position of the map point (0, 0)
    bool fitMode = true;
    // Derived from scale and the screen by refreshMetrics(): asking the screen for its
    // pixel ratio once per seat would cost more than drawing the seat.
    double dpr = 1;
    double gapPx = 1;
    double borderPx = 1;

    QImage staticLayer;
    bool staticValid = false;

    int hover = -1;
    Qt::MouseButton pressButton = Qt::NoButton;
    QPointF pressPos;
    QPointF lastPos;
    int pressSeat = -1;
    bool banding = false;
    QRectF band;
    int pendingCount = 0;

    // Reused between paints so a repaint allocates nothing.
    std::array<QVector<QRect>, kLookCount> rects; // in device pixels
    QVector<QRect> checkRects;                    // device pixels, where a check or a cross goes
    QVector<QRect> crossRects;
    // Check marks and crosses, antialiased once per seat size and blitted per seat: stroking
    // them per seat cost more than all the rest of a frame. Keyed by (cross?, w, h).
    std::map<std::tuple<bool, int, int>, QImage> markSprites;
    double spriteScale = 0;
    double spriteDpr = 0;

    const SeatLayout* layout() const { return q->m_layout.get(); }
    int seatCount() const { return layout() ? static_cast<int>(layout()->seatCount()) : 0; }
    bool valid(int seat) const { return seat >= 0 && seat < seatCount(); }

    void refreshMetrics()
    {
        dpr = q->devicePixelRatioF();
        gapPx = SeatMapStyle::gap(scale);
        borderPx = SeatMapStyle::border(scale);
        if (scale != spriteScale || dpr != spriteDpr) {
            markSprites.clear();
            spriteScale = scale;
            spriteDpr = dpr;
        }
    }

    const QImage& markSprite(bool cross, QSize size)
    {
        auto [it, inserted] = markSprites.try_emplace(std::tuple(cross, size.width(), size.height()));
        if (inserted) {
            QImage& sprite = it->second;
            sprite = QImage(size, QImage::Format_ARGB32_Premultiplied);
            sprite.fill(Qt::transparent);
            QPainter sp(&sprite);
            sp.setRenderHint(QPainter::Antialiasing, true);
            QVector<QLineF> lines;
            const QRectF r(QPointF(0, 0), QSizeF(size));
            cross ? SeatMapStyle::addCross(lines, r) : SeatMapStyle::addCheck(lines, r);
            const SeatLook look = cross ? SeatLook::Unsellable : SeatLook::Selected;
            sp.setPen(SeatMapStyle::markPen(style.markColour(look), std::min(size.width(), size.height())));
            sp.drawLines(lines);
        }
        return it->second;
    }
    double snap(double v) const { return std::round(v * dpr) / dpr; }
    // The inside of a seat's outline in whole device pixels, straight from map units: the
    // same pixels as inner(body(cell(s))), without the round trips through logical pixels.
    QRect innerDevicePixels(const Seat& s) const
    {
        const double k = scale * dpr;
        const double ox = origin.x() * dpr;
        const double oy = origin.y() * dpr;
        const int inset = static_cast<int>(std::lround((gapPx + borderPx) * dpr));
        const int x0 = static_cast<int>(std::lround(ox + s.x * k)) + inset;
        const int x1 = static_cast<int>(std::lround(ox + (s.x + s.width) * k)) - inset;
        const int y0 = static_cast<int>(std::lround(oy + s.y * k)) + inset;
        const int y1 = static_cast<int>(std::lround(oy + (s.y + 1) * k)) - inset;
        return QRect(QPoint(x0, y0), QPoint(std::max(x0, x1 - 1), std::max(y0, y1 - 1)));
    }
    // A snapped rectangle in whole device pixels, for drawing under an identity transform.
    QRect devicePixels(const QRectF& r) const
    {
        const auto px = [this](double v) { return static_cast<int>(std::lround(v * dpr)); };
        return QRect(QPoint(px(r.left()), px(r.top())), QPoint(px(r.right()) - 1, px(r.bottom()) - 1));
    }
    QPointF toWidget(double x, double y) const { return {origin.x() + x * scale, origin.y() + y * scale}; }
    QPointF toMap(QPointF p) const { return (p - origin) / scale; }

    QRectF cell(const Seat& s) const
    {
        return QRectF(QPointF(snap(origin.x() + s.x * scale), snap(origin.y() + s.y * scale)),
                      QPointF(snap(origin.x() + (s.x + s.width) * scale), snap(origin.y() + (s.y + 1) * scale)));
    }
    QRectF body(const QRectF& c) const { return c.adjusted(gapPx, gapPx, -gapPx, -gapPx); }
    QRectF inner(const QRectF& b) const
    {
        const QRectF r = b.adjusted(borderPx, borderPx, -borderPx, -borderPx);
        return r.isValid() ? r : b;
    }

    // The map area that must be visible, in seat units.
    QRectF sceneBounds() const
    {
        const SeatLayout* l = layout();
        return QRectF(QPointF(l->minX() - kSideMargin, l->minY() - kFrontMargin),
                      QPointF(l->maxX() + kSideMargin, l->maxY() + kBackMargin));
    }

    SeatLook lookOf(int i) const
    {
        const std::size_t k = at(i);
        if (selected[k]) {
            return SeatLook::Selected;
        }
        if (!layout()->seat(i).isSellable()) {
            return SeatLook::Unsellable;
        }
        switch (q->m_states[k]) {
        case SeatState::Held:
            return SeatLook::Held;
        case SeatState::Booked:
            return SeatLook::Booked;
        case SeatState::Unsellable:
            return SeatLook::Unsellable;
        case SeatState::Available:
            break;
        }
        return notSellable[k] ? SeatLook::Offline : SeatLook::Available;
    }

    QString stateText(int i) const
    {
        const Seat& s = layout()->seat(i);
        if (s.kind == SeatKind::Blocked) {
            return SeatMapWidget::tr("blocked");
        }
        if (s.kind == SeatKind::Broken) {
            return SeatMapWidget::tr("broken");
        }
        switch (lookOf(i)) {
        case SeatLook::Selected:
            return SeatMapWidget::tr("selected");
        case SeatLook::Held:
            return SeatMapWidget::tr("held by another sale");
        case SeatLook::Booked:
            return SeatMapWidget::tr("booked");
        case SeatLook::Unsellable:
            return SeatMapWidget::tr("not sellable");
        case SeatLook::Offline:
            return SeatMapWidget::tr("not sellable offline");
        case SeatLook::Available:
            break;
        }
        return SeatMapWidget::tr("available");
    }

    QString kindText(int i) const
    {
        switch (layout()->seat(i).kind) {
        case SeatKind::Wheelchair:
            return SeatMapWidget::tr("wheelchair space");
        case SeatKind::Companion:
            return SeatMapWidget::tr("companion seat");
        case SeatKind::Standard:
        case SeatKind::Blocked:
        case SeatKind::Broken:
            break;
        }
        return {};
    }

    QString categoryName(int i) const
    {
        const Seat& s = layout()->seat(i);
        return QString::fromStdString(layout()->categories()[at(s.category)].name);
    }

    QString price(int i) const { return priceText ? priceText(i) : QString(); }

    void updateSeat(int i)
    {
        if (valid(i)) {
            const QRectF c = cell(layout()->seat(i));
            q->update(c.toAlignedRect().adjusted(-kRingMargin, -kRingMargin, kRingMargin, kRingMargin));
        }
    }

    void viewChanged()
    {
        refreshMetrics();
        staticValid = false;
        q->update();
    }

    // Keeps some of the map on screen whatever the pan, without fighting zoom-at-cursor.
    void clampPan()
    {
        if (!layout()) {
            return;
        }
        const QRectF b = sceneBounds();
        const double margin = 40;
        const double left = origin.x() + b.left() * scale;
        const double right = origin.x() + b.right() * scale;
        const double top = origin.y() + b.top() * scale;
        const double bottom = origin.y() + b.bottom() * scale;
        if (right < margin) {
            origin.rx() += margin - right;
        } else if (left > q->width() - margin) {
            origin.rx() -= left - (q->width() - margin);
        }
        if (bottom < margin) {
            origin.ry() += margin - bottom;
        } else if (top > q->height() - margin) {
            origin.ry() -= top - (q->height() - margin);
        }
    }

    double fitScale() const
    {
        const QRectF b = sceneBounds();
        return std::max(1.0, std::min(q->width() / b.width(), q->height() / b.height()));
    }

    void fit()
    {
        if (!layout() || layout()->seatCount() == 0) {
            return;
        }
        const QRectF b = sceneBounds();
        scale = fitScale();
        origin = QPointF((q->width() - b.width() * scale) / 2 - b.left() * scale,
                         (q->height() - b.height() * scale) / 2 - b.top() * scale);
        viewChanged();
    }

    void pan(QPointF delta)
    {
        if (delta.isNull()) {
            return;
        }
        origin += delta;
        fitMode = false;
        clampPan();
        viewChanged();
    }

    void ensureVisible(int i)
    {
        if (!valid(i)) {
            return;
        }
        const QRectF c = cell(layout()->seat(i)).adjusted(-8, -8, 8, 8);
        const QRectF view = q->rect();
        QPointF delta;
        if (c.left() < view.left()) {
            delta.rx() = view.left() - c.left();
        } else if (c.right() > view.right()) {
            delta.rx() = view.right() - c.right();
        }
        if (c.top() < view.top()) {
            delta.ry() = view.top() - c.top();
        } else if (c.bottom() > view.bottom()) {
            delta.ry() = view.bottom() - c.bottom();
        }
        pan(delta);
    }

    void announceFocus()
    {
        q->setAccessibleName(valid(q->m_focus) ? q->describeSeat(q->m_focus) : SeatMapWidget::tr("Seat map"));
        QAccessibleEvent nameChanged(q, QAccessible::NameChanged);
        QAccessible::updateAccessibility(&nameChanged);
        if (q->hasFocus()) {
            QAccessibleEvent focus(q, QAccessible::Focus);
            QAccessible::updateAccessibility(&focus);
        }
    }

    void setHover(int seat)
    {
        if (seat == hover) {
            return;
        }
        updateSeat(hover);
        hover = seat;
        updateSeat(hover);
    }

    // The seat a cashier reaches with an arrow key from `from`.
    int neighbour(int from, int key) const
    {
        if (!valid(from)) {
            return seatCount() > 0 ? centreSeat() : -1;
        }
        const Seat& s = layout()->seat(from);
        const auto& rowSeats = layout()->rows()[at(s.row)].seats;
        const int p = positionInRow[at(from)];
        switch (key) {
        case Qt::Key_Left:
            return p > 0 ? rowSeats[at(p - 1)] : from;
        case Qt::Key_Right:
            return at(p + 1) < rowSeats.size() ? rowSeats[at(p + 1)] : from;
        case Qt::Key_Home:
            return rowSeats.front();
        case Qt::Key_End:
            return rowSeats.back();
        case Qt::Key_Up:
        case Qt::Key_Down: {
            const int depth = depthOfRow[at(s.row)] + (key == Qt::Key_Up ? -1 : 1);
            if (depth < 0 || at(depth) >= rowsFrontToBack.size()) {
                return from;
            }
            return nearestInRow(rowsFrontToBack[at(depth)], s.x + s.width / 2);
        }
        default:
            break;
        }
        return from;
    }

    int nearestInRow(int row, double centreX) const
    {
        int best = -1;
        double bestDistance = std::numeric_limits<double>::max();
        for (int i : layout()->rows()[at(row)].seats) {
            const Seat& t = layout()->seat(i);
            const double d = std::fabs(t.x + t.width / 2 - centreX);
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    // Where keyboard focus starts: the middle of the middle row, where most customers sit.
    int centreSeat() const
    {
        if (rowsFrontToBack.empty()) {
            return -1;
        }
        const int row = rowsFrontToBack[rowsFrontToBack.size() / 2];
        return nearestInRow(row, (layout()->minX() + layout()->maxX()) / 2);
    }

    std::vector<int> seatsInBand() const
    {
        std::vector<int> seats;
        if (!layout()) {
            return seats;
        }
        // A band drawn along one row has no height; half a pixel each way still finds the row.
        const QRectF r = band.normalized().adjusted(-0.5, -0.5, 0.5, 0.5);
        for (int row : rowsFrontToBack) {
            for (int i : layout()->rows()[at(row)].seats) {
                if (lookOf(i) == SeatLook::Available && cell(layout()->seat(i)).intersects(r)) {
                    seats.push_back(i);
                }
            }
        }
        return seats;
    }

    QSize layerPixels(double ratio) const
    {
        return QSize(static_cast<int>(std::ceil(q->width() * ratio)), static_cast<int>(std::ceil(q->height() * ratio)));
    }
    void buildStaticLayer(double ratio);
    void paintStates(QPainter& p, const QRect& exposed);
    void paintDecorations(QPainter& p);
};

SeatMapWidget::SeatMapWidget(QWidget* parent)
    : QWidget(parent)
    , d(std::make_unique<Private>(this))
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(160, 120);
    setAttribute(Qt::WA_AcceptTouchEvents); // pinch needs touch points; taps still arrive as clicks
    grabGesture(Qt::PinchGesture);
    d->style = SeatMapStyle::fromPalette(palette());
    setAccessibleName(tr("Seat map"));
    setAccessibleDescription(tr("Arrow keys move between seats, Space selects or releases the focused seat, "
                                "a digit then B picks the best seats for that many people, Enter continues. "
                                "Plus and minus zoom, 0 fits the whole screen."));
}

SeatMapWidget::~SeatMapWidget() = default;

void SeatMapWidget::setSeatLayout(std::shared_ptr<const SeatLayout> layout)
{
    m_layout = std::move(layout);
    const std::size_t n = m_layout ? m_layout->seatCount() : 0;
    m_states.assign(n, SeatState::Available);
    m_selection.clear();
    d->selected.assign(n, 0);
    d->notSellable.assign(n, 0);
    d->positionInRow.assign(n, 0);
    d->rowsFrontToBack.clear();
    d->depthOfRow.clear();
    d->glyphSeats.clear();
    d->hover = -1;
    d->pendingCount = 0;
    if (m_layout) {
        const auto& rows = m_layout->rows();
        for (std::size_t r = 0; r < rows.size(); ++r) {
            for (std::size_t p = 0; p < rows[r].seats.size(); ++p) {
                d->positionInRow[at(rows[r].seats[p])] = static_cast<int>(p);
            }
            d->rowsFrontToBack.push_back(static_cast<int>(r));
        }
        std::stable_sort(d->rowsFrontToBack.begin(), d->rowsFrontToBack.end(),
                         [&rows](int a, int b) { return rows[at(a)].y < rows[at(b)].y; });
        d->depthOfRow.assign(rows.size(), 0);
        for (std::size_t k = 0; k < d->rowsFrontToBack.size(); ++k) {
            d->depthOfRow[at(d->rowsFrontToBack[k])] = static_cast<int>(k);
        }
        for (std::size_t i = 0; i < n; ++i) {
            const SeatKind kind = m_layout->seat(static_cast<int>(i)).kind;
            if (kind == SeatKind::Wheelchair || kind == SeatKind::Companion) {
                d->glyphSeats.push_back(static_cast<int>(i));
            }
        }
    }
    m_focus = d->centreSeat();
    d->fitMode = true;
    d->fit();
    d->viewChanged();
    d->announceFocus();
    emit seatLayoutChanged();
    emit focusedSeatChanged(m_focus);
}

void SeatMapWidget::setSeatStates(const std::vector<SeatState>& states)
{
    if (states.size() != m_states.size()) {
        qCWarning(lcSeatMap) << "setSeatStates: got" << states.size() << "states for" << m_states.size()
                             << "seats; missing seats count as available";
    }
    const bool focusValid = d->valid(m_focus);
    const SeatState focusBefore = focusValid ? m_states[at(m_focus)] : SeatState::Available;
    std::vector<int> changed;
    for (std::size_t i = 0; i < m_states.size(); ++i) {
        const SeatState next = i < states.size() ? states[i] : SeatState::Available;
        if (m_states[i] != next) {
            m_states[i] = next;
            if (changed.size() <= kBulkUpdate) {
                changed.push_back(static_cast<int>(i));
            }
        }
    }
    if (changed.size() > kBulkUpdate) {
        update();
    } else {
        for (int i : changed) {
            d->updateSeat(i);
        }
    }
    if (focusValid && m_states[at(m_focus)] != focusBefore) {
        d->announceFocus();
    }
}

namespace {

// Sets flags[i] for the listed seats, clears the rest, and reports which flags flipped.
std::vector<int> assignFlags(std::vector<quint8>& flags, const std::vector<int>& seats)
{
    std::vector<quint8> next(flags.size(), 0);
    for (int s : seats) {
        if (s >= 0 && at(s) < next.size()) {
            next[at(s)] = 1;
        }
    }
    std::vector<int> changed;
    for (std::size_t i = 0; i < flags.size(); ++i) {
        if (flags[i] != next[i]) {
            changed.push_back(static_cast<int>(i));
        }
    }
    flags.swap(next);
    return changed;
}

} // namespace

void SeatMapWidget::setSelection(const std::vector<int>& seats)
{
    m_selection.clear();
    for (int s : seats) {
        if (d->valid(s)) {
            m_selection.push_back(s);
        }
    }
    const std::vector<int> changed = assignFlags(d->selected, m_selection);
    if (changed.size() > kBulkUpdate) {
        update();
    } else {
        for (int i : changed) {
            d->updateSeat(i);
        }
    }
    if (std::find(changed.begin(), changed.end(), m_focus) != changed.end()) {
        d->announceFocus();
    }
}

void SeatMapWidget::setNotSellable(const std::vector<int>& seats)
{
    const std::vector<int> changed = assignFlags(d->notSellable, seats);
    if (changed.size() > kBulkUpdate) {
        update();
    } else {
        for (int i : changed) {
            d->updateSeat(i);
        }
    }
    if (std::find(changed.begin(), changed.end(), m_focus) != changed.end()) {
        d->announceFocus();
    }
}

void SeatMapWidget::setPriceText(std::function<QString(int)> priceText)
{
    d->priceText = std::move(priceText);
    d->announceFocus();
}

void SeatMapWidget::setFocusedSeat(int seat)
{
    if (!d->valid(seat)) {
        seat = -1;
    }
    if (seat == m_focus) {
        return;
    }
    d->updateSeat(m_focus);
    m_focus = seat;
    if (!d->fitMode) {
        d->ensureVisible(m_focus);
    }
    d->updateSeat(m_focus);
    d->announceFocus();
    emit focusedSeatChanged(m_focus);
}

QRectF SeatMapWidget::seatRect(int seat) const
{
    if (!d->valid(seat)) {
        return {};
    }
    return d->cell(m_layout->seat(seat));
}

int SeatMapWidget::seatAt(QPointF pos) const
{
    if (!m_layout) {
        return -1;
    }
    const QPointF m = d->toMap(pos);
    return m_layout->seatAt(m.x(), m.y()).value_or(-1);
}

QString SeatMapWidget::describeSeat(int seat) const
{
    if (!d->valid(seat)) {
        return {};
    }
    QStringList parts;
    parts << tr("Seat %1").arg(QString::fromStdString(m_layout->seat(seat).id)) << d->categoryName(seat);
    if (const QString kind = d->kindText(seat); !kind.isEmpty()) {
        parts << kind;
    }
    parts << d->stateText(seat);
    if (const QString price = d->price(seat); !price.isEmpty()) {
        parts << price;
    }
    return parts.join(QStringLiteral(", "));
}

double SeatMapWidget::zoomScale() const
{
    return d->scale;
}

bool SeatMapWidget::isFitToView() const
{
    return d->fitMode;
}

void SeatMapWidget::zoomAt(double factor, QPointF widgetPos)
{
    if (!m_layout || !(factor > 0)) {
        return;
    }
    const double minScale = std::max(1.0, d->fitScale() / 2);
    const double next = std::clamp(d->scale * factor, minScale, std::max(minScale, kMaxScale));
    if (next == d->scale) {
        return;
    }
    const QPointF anchor = d->toMap(widgetPos);
    d->scale = next;
    d->origin = widgetPos - anchor * next;
    d->fitMode = false;
    d->clampPan();
    d->viewChanged();
}

void SeatMapWidget::zoomIn()
{
    zoomAt(kZoomStep, QRectF(rect()).center());
}

void SeatMapWidget::zoomOut()
{
    zoomAt(1 / kZoomStep, QRectF(rect()).center());
}

void SeatMapWidget::fitToView()
{
    d->fitMode = true;
    d->fit();
}

void SeatMapWidget::Private::buildStaticLayer(double ratio)
{
    const QSize pixels = layerPixels(ratio);
    if (staticLayer.size() != pixels) {
        staticLayer = QImage(pixels, QImage::Format_RGB32);
    }
    staticLayer.setDevicePixelRatio(ratio);
    staticLayer.fill(style.background);
    staticValid = true;
    const SeatLayout* l = layout();
    if (!l || l->seatCount() == 0) {
        return;
    }
    QPainter p(&staticLayer);
    const QRectF view = q->rect();

    // The screen: a bar curving towards the audience at both ends, labelled, in front of row one.
    const double sy = l->minY() - kFrontMargin;
    QPainterPath screenPath;
    screenPath.moveTo(toWidget(l->minX(), sy + 1.2));
    screenPath.quadTo(toWidget((l->minX() + l->maxX()) / 2, sy + 0.1), toWidget(l->maxX(), sy + 1.2));
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(style.screen, std::max(2.0, scale * 0.22), Qt::SolidLine, Qt::RoundCap));
    p.drawPath(screenPath);
    QFont font = q->font();
    font.setPixelSize(static_cast<int>(std::clamp(scale * 0.55, 9.0, 22.0)));
    const QString screenLabel = SeatMapWidget::tr("SCREEN");
    // Spaced capitals read as a sign in Latin script; spacing pulls Devanagari's joined letters apart.
    const bool latin = !screenLabel.isEmpty() && screenLabel.at(0).script() == QChar::Script_Latin;
    font.setLetterSpacing(QFont::PercentageSpacing, latin ? 130 : 100);
    p.setFont(font);
    p.setPen(style.mutedText);
    const QRectF screenText(toWidget(l->minX(), sy + 0.75), toWidget(l->maxX(), l->minY() - 0.1));
    p.drawText(screenText, Qt::AlignHCenter | Qt::AlignVCenter, screenLabel);

    // Row labels at both ends of each row, beside its first and last seat.
    if (scale >= 6) {
        font.setLetterSpacing(QFont::PercentageSpacing, 100);
        font.setPixelSize(static_cast<int>(std::clamp(scale * 0.55, 7.0, 18.0)));
        font.setBold(true);
        p.setFont(font);
        p.setPen(style.text);
        const double w = kSideMargin - 0.2;
        for (const SeatRow& row : l->rows()) {
            if (row.seats.empty()) {
                continue;
            }
            const Seat& first = l->seat(row.seats.front());
            const Seat& last = l->seat(row.seats.back());
            const QRectF left(toWidget(first.x - w, row.y), toWidget(first.x - 0.15, row.y + 1));
            const QRectF right(toWidget(last.x + last.width + 0.15, row.y),
                               toWidget(last.x + last.width + w, row.y + 1));
            const QString label = QString::fromStdString(row.label);
            if (left.intersects(view)) {
                p.drawText(left, Qt::AlignCenter, label);
            }
            if (right.intersects(view)) {
                p.drawText(right, Qt::AlignCenter, label);
            }
        }
    }

    // Seat outlines in their category colour and the "available" tint; states go on top per frame.
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(Qt::NoPen);
    const auto categories = static_cast<int>(l->categories().size());
    std::vector<QVector<QRect>> bodies(at(categories));
    std::vector<QVector<QRect>> inners(at(categories));
    for (const Seat& s : l->seats()) {
        const QRectF c = cell(s);
        if (!c.intersects(view)) {
            continue;
        }
        const QRectF b = body(c);
        bodies[at(s.category)].append(devicePixels(b));
        inners[at(s.category)].append(devicePixels(inner(b)));
    }
    p.setWorldTransform(QTransform::fromScale(1 / dpr, 1 / dpr));
    for (int c = 0; c < categories; ++c) {
        p.setBrush(style.categoryColour(c));
        p.drawRects(bodies[at(c)]);
        p.setBrush(style.availableFill(c));
        p.drawRects(inners[at(c)]);
    }

    // Seat numbers once seats are big enough to read them: "F12" is what customers ask for.
    // They sit on the available tint, so any state drawn on top covers them, and sold or
    // held seats show their state instead of a number nobody can buy.
    const double innerSize = scale - 2 * (gapPx + borderPx);
    if (innerSize < kNumberedSeat) {
        return;
    }
    p.resetTransform();
    p.setRenderHint(QPainter::TextAntialiasing, true);
    QFont numberFont = q->font();
    numberFont.setPixelSize(static_cast<int>(std::clamp(innerSize * 0.42, 8.0, 16.0)));
    p.setFont(numberFont);
    p.setPen(style.mutedText);
    std::unordered_map<int, QStaticText> numbers; // the same few numbers recur in every row
    for (const Seat& s : l->seats()) {
        if (s.kind != SeatKind::Standard) {
            continue; // glyphs and crosses go there
        }
        const QRectF in = inner(body(cell(s)));
        if (!in.intersects(view)) {
            continue;
        }
        auto [it, inserted] = numbers.try_emplace(s.number);
        if (inserted) {
            it->second.setText(QString::number(s.number));
            it->second.setTextFormat(Qt::PlainText);
            it->second.prepare(QTransform(), numberFont);
        }
        const QSizeF size = it->second.size();
        p.drawStaticText(QPointF(in.center().x() - size.width() / 2, in.center().y() - size.height() / 2), it->second);
    }
}

void SeatMapWidget::Private::paintStates(QPainter& p, const QRect& exposed)
{
    const SeatLayout* l = layout();
    for (auto& r : rects) {
        r.clear();
    }
    checkRects.clear();
    crossRects.clear();
    // Cull in map units first: cheap, and most seats are off a partial repaint.
    const QRectF m(toMap(QPointF(exposed.topLeft()) - QPointF(1, 1)),
                   toMap(QPointF(exposed.bottomRight()) + QPointF(2, 2)));
    const auto n = static_cast<int>(l->seatCount());
    for (int i = 0; i < n; ++i) {
        const Seat& s = l->seat(i);
        if (s.x > m.right() || s.x + s.width < m.left() || s.y > m.bottom() || s.y + 1 < m.top()) {
            continue;
        }
        const SeatLook look = lookOf(i);
        if (look == SeatLook::Available) {
            continue;
        }
        // Whole device pixels (cells are snapped to them): the raster engine fills integer
        // rectangles under an identity transform as plain spans, much faster than it
        // rasterizes QRectF edges.
        const QRect device = innerDevicePixels(s);
        rects[at(lookIndex(look))].append(device);
        if (look == SeatLook::Selected && s.kind != SeatKind::Wheelchair && s.kind != SeatKind::Companion) {
            checkRects.append(device);
        } else if (look == SeatLook::Unsellable) {
            crossRects.append(device);
        }
    }
    p.save();
    p.setWorldTransform(QTransform::fromScale(1 / dpr, 1 / dpr)); // device pixels from here
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(Qt::NoPen);
    for (int k = 1; k < kLookCount; ++k) {
        const auto& r = rects[at(k)];
        if (r.isEmpty()) {
            continue;
        }
        QBrush brush = style.fill(static_cast<SeatLook>(k));
        brush.setTransform(QTransform()); // texture tiles are made in device pixels
        p.setBrush(brush);
        p.drawRects(r);
    }
    for (const QRect& r : checkRects) {
        p.drawImage(r.topLeft(), markSprite(false, r.size()));
    }
    for (const QRect& r : crossRects) {
        p.drawImage(r.topLeft(), markSprite(true, r.size()));
    }
    p.restore();
    p.setRenderHint(QPainter::Antialiasing, true);
    for (int i : glyphSeats) {
        const Seat& s = l->seat(i);
        const QRectF c = cell(s);
        if (!c.intersects(exposed)) {
            continue;
        }
        const SeatLook look = lookOf(i);
        if (look == SeatLook::Unsellable) {
            continue; // the cross says it all
        }
        if (s.kind == SeatKind::Wheelchair) {
            style.drawWheelchair(p, inner(body(c)), style.markColour(look));
        } else {
            style.drawCompanionMark(p, inner(body(c)), style.markColour(look));
        }
    }
}

void SeatMapWidget::Private::paintDecorations(QPainter& p)
{
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setBrush(Qt::NoBrush);
    if (valid(hover) && hover != q->m_focus) {
        p.setPen(QPen(style.text, 1));
        p.drawRect(cell(layout()->seat(hover)).adjusted(0, 0, -1, -1));
    }
    if (valid(q->m_focus) && q->hasFocus()) {
        const QRectF c = cell(layout()->seat(q->m_focus));
        p.setPen(QPen(style.focusHalo, 4));
        p.drawRect(c.adjusted(-1, -1, 1, 1));
        p.setPen(QPen(style.focusRing, 2));
        p.drawRect(c.adjusted(-1, -1, 1, 1));
    }
    if (banding) {
        QColor fillColour = q->palette().color(QPalette::Highlight);
        fillColour.setAlpha(50);
        p.setBrush(fillColour);
        p.setPen(QPen(q->palette().color(QPalette::Highlight), 1, Qt::DashLine));
        p.drawRect(band.normalized());
    }
}

void SeatMapWidget::paintEvent(QPaintEvent* event)
{
    QPainter p(this);
    d->refreshMetrics();
    const double dpr = d->dpr;
    if (!d->staticValid || !qFuzzyCompare(d->staticLayer.devicePixelRatio(), dpr) ||
        d->staticLayer.size() != d->layerPixels(dpr)) {
        d->buildStaticLayer(dpr);
    }
    const QRect exposed = event->rect();
    p.drawImage(QRectF(exposed), d->staticLayer,
                QRectF(exposed.x() * dpr, exposed.y() * dpr, exposed.width() * dpr, exposed.height() * dpr));
    if (!m_layout) {
        p.setPen(d->style.mutedText);
        p.drawText(rect(), Qt::AlignCenter, tr("No seat layout"));
        return;
    }
    d->style.prepare(d->scale, dpr);
    d->paintStates(p, exposed);
    d->paintDecorations(p);
}

void SeatMapWidget::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (d->fitMode) {
        d->fit();
    } else {
        d->clampPan();
        d->viewChanged();
    }
}

void SeatMapWidget::mousePressEvent(QMouseEvent* event)
{
    d->pressButton = event->button();
    d->pressPos = d->lastPos = event->position();
    d->pressSeat = seatAt(event->position());
    d->banding = false;
    if (event->button() == Qt::MiddleButton) {
        setCursor(Qt::ClosedHandCursor);
    }
    event->accept();
}

void SeatMapWidget::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF pos = event->position();
    if (d->pressButton == Qt::MiddleButton) {
        d->pan(pos - d->lastPos);
    } else if (d->pressButton == Qt::LeftButton) {
        if (!d->banding && (pos - d->pressPos).manhattanLength() >= QApplication::startDragDistance()) {
            d->banding = true;
        }
        if (d->banding) {
            const QRect before = d->band.normalized().toAlignedRect().adjusted(-2, -2, 2, 2);
            d->band = QRectF(d->pressPos, pos);
            update(before.united(d->band.normalized().toAlignedRect().adjusted(-2, -2, 2, 2)));
        }
    } else {
        d->setHover(seatAt(pos));
    }
    d->lastPos = pos;
}

void SeatMapWidget::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != d->pressButton) {
        return;
    }
    const Qt::MouseButton button = d->pressButton;
    d->pressButton = Qt::NoButton;
    if (button == Qt::MiddleButton) {
        unsetCursor();
        return;
    }
    if (button != Qt::LeftButton) {
        return;
    }
    if (d->banding) {
        d->band = QRectF(d->pressPos, event->position());
        const std::vector<int> seats = d->seatsInBand();
        d->banding = false;
        update(d->band.normalized().toAlignedRect().adjusted(-2, -2, 2, 2));
        if (!seats.empty()) {
            setFocusedSeat(seats.back());
            emit blockRequested(seats);
        }
        return;
    }
    const int seat = seatAt(event->position());
    if (seat >= 0 && seat == d->pressSeat) {
        setFocusedSeat(seat);
        if (m_layout->seat(seat).isSellable()) {
            emit seatActivated(seat);
        }
    }
}

void SeatMapWidget::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int steps = event->angleDelta().y();
        if (steps != 0) {
            zoomAt(std::pow(kZoomStep, steps / 120.0), event->position());
        }
        event->accept();
        return;
    }
    // Plain wheel scrolls the map up and down, Shift+wheel (or a sideways wheel) left and right.
    QPointF delta = event->pixelDelta().isNull() ? QPointF(event->angleDelta()) / 2.0 : QPointF(event->pixelDelta());
    if ((event->modifiers() & Qt::ShiftModifier) && qFuzzyIsNull(delta.x())) {
        delta = QPointF(delta.y(), 0);
    }
    d->pan(delta);
    event->accept();
}

void SeatMapWidget::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    const bool plain = !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
    if (plain && key >= Qt::Key_1 && key <= Qt::Key_9) {
        d->pendingCount = key - Qt::Key_0;
        return;
    }
    const int pending = std::exchange(d->pendingCount, 0);
    if (event->matches(QKeySequence::ZoomIn) || key == Qt::Key_Plus || key == Qt::Key_Equal) {
        const QPointF at = d->valid(m_focus) ? seatRect(m_focus).center() : QRectF(rect()).center();
        zoomAt(kZoomStep, rect().contains(at.toPoint()) ? at : QRectF(rect()).center());
        return;
    }
    if (event->matches(QKeySequence::ZoomOut) || key == Qt::Key_Minus) {
        zoomAt(1 / kZoomStep, QRectF(rect()).center());
        return;
    }
    if (!plain) {
        QWidget::keyPressEvent(event);
        return;
    }
    switch (key) {
    case Qt::Key_0:
        fitToView();
        return;
    case Qt::Key_Escape:
        if (d->banding) { // drop a block drag in progress; otherwise Escape belongs to the dialog
            d->banding = false;
            d->pressButton = Qt::NoButton;
            update();
            return;
        }
        break;
    case Qt::Key_B:
        if (pending > 0) {
            emit bestSeatsRequested(pending);
        }
        return;
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_Home:
    case Qt::Key_End:
        setFocusedSeat(d->neighbour(m_focus, key));
        return;
    case Qt::Key_Space:
        if (d->valid(m_focus) && m_layout->seat(m_focus).isSellable()) {
            emit seatActivated(m_focus);
        }
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        emit proceedRequested();
        return;
    default:
        break;
    }
    QWidget::keyPressEvent(event);
}

bool SeatMapWidget::event(QEvent* event)
{
    switch (event->type()) {
    case QEvent::ShortcutOverride:
        // Escape during a block drag cancels the drag here, before a window shortcut (the sales
        // screen's "Back") takes it. Every other key stays free for the window's shortcuts.
        if (d->banding && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
            event->accept();
            return true;
        }
        break;
    case QEvent::ToolTip: {
        const auto* help = static_cast<QHelpEvent*>(event);
        const int seat = seatAt(help->pos());
        if (seat < 0) {
            QToolTip::showText(help->globalPos(),
                               tr("Click a seat to select or release it, drag to select a block.\n"
                                  "Ctrl+wheel or +/- zooms, 0 fits, wheel or middle-drag moves.\n"
                                  "Arrows, Space, a digit then B for best seats, Enter to continue."),
                               this);
            return true;
        }
        const Seat& s = m_layout->seat(seat);
        QString text = tr("Seat %1 · Row %2").arg(QString::fromStdString(s.id), QString::fromStdString(s.rowLabel));
        QString second = d->categoryName(seat);
        if (const QString kind = d->kindText(seat); !kind.isEmpty()) {
            second += QStringLiteral(" · ") + kind;
        }
        text += QLatin1Char('\n') + second + QLatin1Char('\n') + d->stateText(seat);
        if (const QString price = d->price(seat); !price.isEmpty()) {
            text += QStringLiteral(" · ") + price;
        }
        QToolTip::showText(help->globalPos(), text, this, seatRect(seat).toAlignedRect());
        return true;
    }
    case QEvent::Gesture: {
        auto* gestureEvent = static_cast<QGestureEvent*>(event);
        if (auto* pinch = static_cast<QPinchGesture*>(gestureEvent->gesture(Qt::PinchGesture))) {
            if (pinch->changeFlags() & QPinchGesture::ScaleFactorChanged) {
                zoomAt(pinch->scaleFactor(), mapFromGlobal(pinch->centerPoint()));
            }
            gestureEvent->accept(pinch);
            return true;
        }
        break;
    }
    case QEvent::NativeGesture: {
        const auto* native = static_cast<QNativeGestureEvent*>(event);
        if (native->gestureType() == Qt::ZoomNativeGesture) {
            zoomAt(1 + native->value(), native->position());
            return true;
        }
        break;
    }
    case QEvent::PaletteChange:
    case QEvent::StyleChange:
    case QEvent::FontChange:
        d->style = SeatMapStyle::fromPalette(palette());
        d->markSprites.clear();
        d->viewChanged();
        break;
    case QEvent::Leave:
        d->setHover(-1);
        break;
    case QEvent::FocusIn:
    case QEvent::FocusOut:
        d->updateSeat(m_focus);
        if (event->type() == QEvent::FocusIn) {
            d->announceFocus();
        }
        break;
    default:
        break;
    }
    return QWidget::event(event);
}

} // namespace marquee
