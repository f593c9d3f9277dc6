#include "SeatMapWidget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>

namespace marquee {

// Minimal first version; the full painted map (cache, zoom, pan, patterns) replaces it.
struct SeatMapWidget::Private
{
    std::vector<bool> notSellable;
    std::function<QString(int)> priceText;
    double scale = 20;
    QPointF offset;
    int pendingCount = 0;
};

SeatMapWidget::SeatMapWidget(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>())
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAccessibleName(tr("Seat map"));
}

SeatMapWidget::~SeatMapWidget() = default;

void SeatMapWidget::setSeatLayout(std::shared_ptr<const SeatLayout> layout)
{
    m_layout = std::move(layout);
    m_states.assign(m_layout ? m_layout->seatCount() : 0, SeatState::Available);
    d->notSellable.assign(m_states.size(), false);
    m_selection.clear();
    m_focus = m_layout && m_layout->seatCount() > 0 ? 0 : -1;
    fitToView();
}

void SeatMapWidget::setSeatStates(const std::vector<SeatState>& states)
{
    m_states = states;
    update();
}

void SeatMapWidget::setSelection(const std::vector<int>& seats)
{
    m_selection = seats;
    update();
}

void SeatMapWidget::setNotSellable(const std::vector<int>& seats)
{
    d->notSellable.assign(m_states.size(), false);
    for (int s : seats) {
        if (s >= 0 && std::size_t(s) < d->notSellable.size()) d->notSellable[std::size_t(s)] = true;
    }
    update();
}

void SeatMapWidget::setPriceText(std::function<QString(int)> priceText)
{
    d->priceText = std::move(priceText);
}

void SeatMapWidget::setFocusedSeat(int seat)
{
    m_focus = seat;
    update();
}

QRectF SeatMapWidget::seatRect(int seat) const
{
    if (!m_layout || seat < 0 || std::size_t(seat) >= m_layout->seatCount()) return {};
    const Seat& s = m_layout->seat(seat);
    return QRectF(d->offset.x() + (s.x - m_layout->minX()) * d->scale, d->offset.y() + (s.y - m_layout->minY()) * d->scale,
                  s.width * d->scale, d->scale);
}

int SeatMapWidget::seatAt(QPointF pos) const
{
    if (!m_layout) return -1;
    const double x = (pos.x() - d->offset.x()) / d->scale + m_layout->minX();
    const double y = (pos.y() - d->offset.y()) / d->scale + m_layout->minY();
    return m_layout->seatAt(x, y).value_or(-1);
}

void SeatMapWidget::zoomIn()
{
    d->scale *= 1.25;
    update();
}

void SeatMapWidget::zoomOut()
{
    d->scale /= 1.25;
    update();
}

void SeatMapWidget::fitToView()
{
    if (!m_layout || m_layout->seatCount() == 0) return;
    const double w = m_layout->maxX() - m_layout->minX();
    const double h = m_layout->maxY() - m_layout->minY() + 2;
    d->scale = std::max(2.0, std::min(width() / (w + 2), height() / (h + 2)));
    d->offset = QPointF(d->scale, 2 * d->scale);
    update();
}

void SeatMapWidget::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (!m_layout) return;
    for (std::size_t i = 0; i < m_layout->seatCount(); ++i) {
        const QRectF r = seatRect(int(i)).adjusted(1, 1, -1, -1);
        QColor c = Qt::green;
        switch (m_states[i]) {
        case SeatState::Available: c = QColor(0x4c, 0xaf, 0x50); break;
        case SeatState::Held: c = QColor(0xff, 0x98, 0x00); break;
        case SeatState::Booked: c = QColor(0x75, 0x75, 0x75); break;
        case SeatState::Unsellable: c = QColor(0x30, 0x30, 0x30); break;
        }
        if (std::find(m_selection.begin(), m_selection.end(), int(i)) != m_selection.end()) c = QColor(0x21, 0x96, 0xf3);
        p.fillRect(r, c);
    }
}

void SeatMapWidget::resizeEvent(QResizeEvent*)
{
    fitToView();
}

void SeatMapWidget::mousePressEvent(QMouseEvent* event)
{
    const int seat = seatAt(event->position());
    if (seat >= 0) emit seatActivated(seat);
}

void SeatMapWidget::mouseMoveEvent(QMouseEvent*) {}
void SeatMapWidget::mouseReleaseEvent(QMouseEvent*) {}

void SeatMapWidget::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        event->angleDelta().y() > 0 ? zoomIn() : zoomOut();
    }
}

void SeatMapWidget::keyPressEvent(QKeyEvent* event)
{
    if (event->key() >= Qt::Key_1 && event->key() <= Qt::Key_9) {
        d->pendingCount = event->key() - Qt::Key_0;
        return;
    }
    if (event->key() == Qt::Key_B && d->pendingCount > 0) {
        emit bestSeatsRequested(d->pendingCount);
        d->pendingCount = 0;
        return;
    }
    if (event->key() == Qt::Key_Space && m_focus >= 0) {
        emit seatActivated(m_focus);
        return;
    }
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        emit proceedRequested();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool SeatMapWidget::event(QEvent* event)
{
    return QWidget::event(event);
}

} // namespace marquee
