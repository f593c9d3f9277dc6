#pragma once
// The interactive seat map: one painted widget for thousands of seats (no item per seat).
// It shows a show's seat states and the cashier's own selection and reports what the
// cashier asks for; the sales screen decides (places holds) and calls back with states.
// Invariants: the widget never changes states or the selection by itself; what it draws
// is exactly the last setSeatStates/setSelection/setNotSellable; the static layer (screen,
// row labels, seat outlines) is cached per size, zoom and device pixel ratio, and a state
// change repaints only the rectangles of the seats that changed.
//
// Input: click or Space on the focused seat -> seatActivated (never for blocked or broken
// seats); left-drag -> blockRequested with the seats shown available inside the band, by
// row front to back, then left to right; a digit 1-9 then B -> bestSeatsRequested; Enter ->
// proceedRequested. Arrows/Home/End move the focus ring (left/right in row order across
// aisles, up/down to the nearest seat of the next row); Ctrl+wheel, pinch and +/- zoom
// about the cursor, 0 fits, wheel/Shift+wheel and middle-drag pan. Escape is left to the
// parent unless it cancels a drag.

#include "Sale.h"
#include "SeatLayout.h"

#include <QWidget>
#include <functional>
#include <memory>
#include <vector>

namespace marquee {

class SeatMapWidget : public QWidget
{
    Q_OBJECT
public:
    explicit SeatMapWidget(QWidget* parent = nullptr);
    ~SeatMapWidget() override;

    void setSeatLayout(std::shared_ptr<const SeatLayout> layout);
    std::shared_ptr<const SeatLayout> seatLayout() const { return m_layout; }
    // States by layout seat index (Available, Held by others, Booked, Unsellable).
    void setSeatStates(const std::vector<SeatState>& states);
    // Seats in the cashier's own hold, drawn as "selected by me".
    void setSelection(const std::vector<int>& seats);
    const std::vector<int>& selection() const { return m_selection; }
    // Seats that cannot be sold right now for a reason other than their state
    // (offline and outside this counter's allotment).
    void setNotSellable(const std::vector<int>& seats);
    // Text for the price in the tooltip and the accessible name, per seat ("₹320.00").
    void setPriceText(std::function<QString(int seat)> priceText);

    int focusedSeat() const { return m_focus; }
    void setFocusedSeat(int seat);

    // Map coordinates <-> widget pixels; hit-testing by arithmetic on the layout's grid.
    int seatAt(QPointF widgetPos) const;
    QRectF seatRect(int seat) const;

    // The sentence a screen reader hears for a seat: "Seat F12, Premium, available, ₹320.00".
    QString describeSeat(int seat) const;
    // Pixels per seat unit at the current zoom, and whether the view follows "fit" on resize.
    double zoomScale() const;
    bool isFitToView() const;
    // Zooms by `factor` keeping the map point under `widgetPos` where it is.
    void zoomAt(double factor, QPointF widgetPos);

public slots:
    void zoomIn();
    void zoomOut();
    void fitToView();

signals:
    void seatActivated(int seat);                       // click or Space on a seat
    void blockRequested(const std::vector<int>& seats); // drag across seats
    void bestSeatsRequested(int count);                 // a digit, then B
    void proceedRequested();                            // Enter
    void focusedSeatChanged(int seat);                  // arrows, click or setFocusedSeat
    void seatLayoutChanged();                           // a new layout (the legend lists its categories)

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
    std::shared_ptr<const SeatLayout> m_layout;
    std::vector<SeatState> m_states;
    std::vector<int> m_selection;
    int m_focus = -1;
};

} // namespace marquee
