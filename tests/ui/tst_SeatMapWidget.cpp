// Drives the seat map the way a cashier does (mouse, wheel, keys) on the 600-seat demo
// screen, and checks what it draws, what it repaints and what a screen reader hears.

#include "SeatMapLegend.h"
#include "SeatMapWidget.h"

#include <QAccessible>
#include <QApplication>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QNativeGestureEvent>
#include <QPaintEvent>
#include <QPointingDevice>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <cmath>
#include <memory>

using namespace marquee;

namespace {

// Records the region of every paint event the map receives.
class PaintRecorder : public QObject
{
public:
    QRegion painted;
    int paints = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint) {
            painted += static_cast<QPaintEvent*>(event)->region();
            ++paints;
        }
        return QObject::eventFilter(watched, event);
    }
};

std::vector<QAccessible::Event> g_accessibleEvents;
void recordAccessibleEvent(QAccessibleEvent* event)
{
    g_accessibleEvents.push_back(event->type());
}

} // namespace

class TestSeatMapWidget : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void clickOnSeatEmitsSeatActivated();
    void clickOnBlockedSeatDoesNothing();
    void seatAtFindsSeatCornersAndMissesAisles();
    void dragAcrossRowRequestsBlock();
    void arrowKeysMoveFocusAlongRowAndAcrossRows();
    void spaceActivatesFocusedSeat();
    void digitThenBRequestsBestSeats();
    void enterRequestsProceed();
    void zoomKeepsPointUnderCursor();
    void plusMinusAndZeroZoomAndFit();
    void fitShowsWholeLayout();
    void wheelWithoutCtrlPans();
    void pinchZoomsAboutFingers();
    void middleDragPans();
    void statesDifferInShapeNotOnlyColour();
    void changedSeatRepaintsOnlyItsRect();
    void unchangedStatesRepaintNothing();
    void tooltipNamesSeatCategoryAndPrice();
    void accessibleNameFollowsFocus();
    void bulkStateChangeStillAnnouncesFocusedSeat();
    void worksWithoutLayout();
    void screenshotForDocs();

private:
    int seat(const char* id) const { return m_layout->indexOf(id).value(); }
    QPoint centre(const char* id) const { return m_map->seatRect(seat(id)).center().toPoint(); }

    std::shared_ptr<const SeatLayout> m_layout;
    std::unique_ptr<SeatMapWidget> m_map;
};

void TestSeatMapWidget::initTestCase()
{
    auto layout = SeatLayout::load(MARQUEE_SOURCE_DIR "/resources/demo/screen-3.json");
    QVERIFY2(layout.has_value(), layout ? "" : layout.error().message.c_str());
    QCOMPARE(layout->seatCount(), std::size_t(600));
    m_layout = std::make_shared<const SeatLayout>(std::move(*layout));
}

void TestSeatMapWidget::init()
{
    m_map = std::make_unique<SeatMapWidget>();
    m_map->setObjectName(QStringLiteral("seatMap"));
    m_map->resize(1200, 800);
    m_map->setSeatLayout(m_layout);
    m_map->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_map.get()));
    m_map->activateWindow();
    m_map->setFocus();
}

void TestSeatMapWidget::cleanup()
{
    m_map.reset();
}

void TestSeatMapWidget::clickOnSeatEmitsSeatActivated()
{
    QSignalSpy activated(m_map.get(), &SeatMapWidget::seatActivated);
    QTest::mouseClick(m_map.get(), Qt::LeftButton, {}, centre("F12"));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toInt(), seat("F12"));
    QCOMPARE(m_map->focusedSeat(), seat("F12"));
    // The widget only reports: the selection stays the sales screen's business.
    QVERIFY(m_map->selection().empty());
}

void TestSeatMapWidget::clickOnBlockedSeatDoesNothing()
{
    QSignalSpy activated(m_map.get(), &SeatMapWidget::seatActivated);
    QTest::mouseClick(m_map.get(), Qt::LeftButton, {}, centre("V8"));
    QCOMPARE(activated.count(), 0);
}

void TestSeatMapWidget::seatAtFindsSeatCornersAndMissesAisles()
{
    const QRectF r = m_map->seatRect(seat("F12"));
    QVERIFY(r.width() > 10);
    const double e = 0.5;
    for (const QPointF& p : {r.topLeft() + QPointF(e, e), r.topRight() + QPointF(-e, e),
                             r.bottomLeft() + QPointF(e, -e), r.bottomRight() + QPointF(-e, -e), r.center()}) {
        QCOMPARE(m_map->seatAt(p), seat("F12"));
    }
    // F7 ends at x = 7, F8 starts at x = 8: the aisle between them hits nothing.
    const QRectF f7 = m_map->seatRect(seat("F7"));
    const QRectF f8 = m_map->seatRect(seat("F8"));
    QVERIFY(f8.left() - f7.right() > 10);
    QCOMPARE(m_map->seatAt(QPointF((f7.right() + f8.left()) / 2, f7.center().y())), -1);
    // The cross aisle between rows P and Q, the screen and the margins hit nothing either.
    const QRectF p = m_map->seatRect(seat("P12"));
    const QRectF q = m_map->seatRect(seat("Q12"));
    QCOMPARE(m_map->seatAt(QPointF(p.center().x(), (p.bottom() + q.top()) / 2)), -1);
    QCOMPARE(m_map->seatAt(QPointF(m_map->width() / 2.0, 5)), -1);
    QCOMPARE(m_map->seatAt(QPointF(-100, -100)), -1);
}

void TestSeatMapWidget::dragAcrossRowRequestsBlock()
{
    std::vector<std::vector<int>> blocks;
    connect(m_map.get(), &SeatMapWidget::blockRequested, this,
            [&blocks](const std::vector<int>& seats) { blocks.push_back(seats); });
    QSignalSpy activated(m_map.get(), &SeatMapWidget::seatActivated);
    const QPointF from = centre("F10");
    const QPointF to = centre("F14");
    QMouseEvent press(QEvent::MouseButtonPress, from, m_map->mapToGlobal(from), Qt::LeftButton, Qt::LeftButton, {});
    QApplication::sendEvent(m_map.get(), &press);
    for (int step = 1; step <= 4; ++step) {
        const QPointF p = from + (to - from) * step / 4.0;
        QMouseEvent move(QEvent::MouseMove, p, m_map->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, {});
        QApplication::sendEvent(m_map.get(), &move);
    }
    QMouseEvent release(QEvent::MouseButtonRelease, to, m_map->mapToGlobal(to), Qt::LeftButton, Qt::NoButton, {});
    QApplication::sendEvent(m_map.get(), &release);

    QCOMPARE(blocks.size(), std::size_t(1));
    const std::vector<int> expected = {seat("F10"), seat("F11"), seat("F12"), seat("F13"), seat("F14")};
    QCOMPARE(blocks.front(), expected);
    QCOMPARE(activated.count(), 0);
}

void TestSeatMapWidget::arrowKeysMoveFocusAlongRowAndAcrossRows()
{
    m_map->setFocusedSeat(seat("F7"));
    QTest::keyClick(m_map.get(), Qt::Key_Right); // across the aisle, by order in the row
    QCOMPARE(m_map->focusedSeat(), seat("F8"));
    QTest::keyClick(m_map.get(), Qt::Key_Left);
    QCOMPARE(m_map->focusedSeat(), seat("F7"));
    QTest::keyClick(m_map.get(), Qt::Key_Up); // towards the screen
    QCOMPARE(m_map->focusedSeat(), seat("E7"));
    QTest::keyClick(m_map.get(), Qt::Key_Down);
    QTest::keyClick(m_map.get(), Qt::Key_Down);
    QCOMPARE(m_map->focusedSeat(), seat("G7"));
    QTest::keyClick(m_map.get(), Qt::Key_End);
    QCOMPARE(m_map->focusedSeat(), seat("G30"));
    QTest::keyClick(m_map.get(), Qt::Key_Right); // the end of the row stays put
    QCOMPARE(m_map->focusedSeat(), seat("G30"));
    // To the nearest x: V10 (x = 10, after the blocked V8-V9) has U10 in front of it.
    m_map->setFocusedSeat(seat("V10"));
    QTest::keyClick(m_map.get(), Qt::Key_Up);
    QCOMPARE(m_map->focusedSeat(), seat("U10"));
    QTest::keyClick(m_map.get(), Qt::Key_Left);
    QTest::keyClick(m_map.get(), Qt::Key_Left);
    QTest::keyClick(m_map.get(), Qt::Key_Down); // from U8 (x = 8) to the blocked V8 there
    QCOMPARE(m_map->focusedSeat(), seat("V8"));
    m_map->setFocusedSeat(seat("Q5"));
    QTest::keyClick(m_map.get(), Qt::Key_Up);
    QCOMPARE(m_map->focusedSeat(), seat("P5"));
    m_map->setFocusedSeat(seat("A1"));
    QTest::keyClick(m_map.get(), Qt::Key_Up); // the front row stays put
    QCOMPARE(m_map->focusedSeat(), seat("A1"));
}

void TestSeatMapWidget::spaceActivatesFocusedSeat()
{
    QSignalSpy activated(m_map.get(), &SeatMapWidget::seatActivated);
    m_map->setFocusedSeat(seat("K15"));
    QTest::keyClick(m_map.get(), Qt::Key_Space);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toInt(), seat("K15"));
}

void TestSeatMapWidget::digitThenBRequestsBestSeats()
{
    QSignalSpy best(m_map.get(), &SeatMapWidget::bestSeatsRequested);
    QTest::keyClick(m_map.get(), Qt::Key_B); // no count yet: nothing
    QCOMPARE(best.count(), 0);
    QTest::keyClick(m_map.get(), Qt::Key_4);
    QTest::keyClick(m_map.get(), Qt::Key_B);
    QCOMPARE(best.count(), 1);
    QCOMPARE(best.at(0).at(0).toInt(), 4);
    QTest::keyClick(m_map.get(), Qt::Key_3);
    QTest::keyClick(m_map.get(), Qt::Key_Right); // any other key forgets the count
    QTest::keyClick(m_map.get(), Qt::Key_B);
    QCOMPARE(best.count(), 1);
}

void TestSeatMapWidget::enterRequestsProceed()
{
    QSignalSpy proceed(m_map.get(), &SeatMapWidget::proceedRequested);
    QTest::keyClick(m_map.get(), Qt::Key_Return);
    QTest::keyClick(m_map.get(), Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(proceed.count(), 2);
}

void TestSeatMapWidget::zoomKeepsPointUnderCursor()
{
    const QRectF before = m_map->seatRect(seat("F12"));
    const QPointF cursor = before.topLeft() + QPointF(before.width() * 0.3, before.height() * 0.6);
    const double scale = m_map->zoomScale();
    QWheelEvent wheel(cursor, m_map->mapToGlobal(cursor), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::ControlModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(m_map.get(), &wheel);
    QVERIFY(m_map->zoomScale() > scale * 1.4);
    QVERIFY(!m_map->isFitToView());
    const QRectF after = m_map->seatRect(seat("F12"));
    QCOMPARE(m_map->seatAt(cursor), seat("F12"));
    // Same fraction of the seat under the cursor, within a pixel of rounding.
    QVERIFY(std::fabs(after.left() + after.width() * 0.3 - cursor.x()) <= 1.0);
    QVERIFY(std::fabs(after.top() + after.height() * 0.6 - cursor.y()) <= 1.0);
}

void TestSeatMapWidget::plusMinusAndZeroZoomAndFit()
{
    const double fit = m_map->zoomScale();
    QTest::keyClick(m_map.get(), Qt::Key_Plus);
    QVERIFY(m_map->zoomScale() > fit);
    QTest::keyClick(m_map.get(), Qt::Key_Minus);
    QTest::keyClick(m_map.get(), Qt::Key_Minus);
    QVERIFY(m_map->zoomScale() < fit);
    QTest::keyClick(m_map.get(), Qt::Key_0);
    QVERIFY(m_map->isFitToView());
    QCOMPARE(m_map->zoomScale(), fit);
}

void TestSeatMapWidget::fitShowsWholeLayout()
{
    m_map->zoomIn();
    m_map->zoomIn();
    m_map->zoomIn();
    QVERIFY(!QRectF(m_map->rect()).contains(m_map->seatRect(seat("A1"))) ||
            !QRectF(m_map->rect()).contains(m_map->seatRect(seat("V30"))));
    for (const QSize& size : {QSize(1200, 800), QSize(500, 900), QSize(1600, 300)}) {
        m_map->resize(size);
        m_map->fitToView();
        const QRectF view = m_map->rect();
        for (std::size_t i = 0; i < m_layout->seatCount(); ++i) {
            QVERIFY2(view.contains(m_map->seatRect(int(i))), qPrintable(QString::number(i)));
        }
        // The map uses the space: it touches two opposite margins' worth of the view.
        const QRectF all = m_map->seatRect(seat("A1")).united(m_map->seatRect(seat("V30")));
        QVERIFY(all.width() > view.width() * 0.8 || all.height() > view.height() * 0.7);
    }
    m_map->resize(900, 600); // fit follows resizes until the cashier zooms
    QVERIFY(QRectF(m_map->rect()).contains(m_map->seatRect(seat("V30"))));
}

void TestSeatMapWidget::wheelWithoutCtrlPans()
{
    m_map->zoomIn();
    m_map->zoomIn();
    const double scale = m_map->zoomScale();
    const QRectF before = m_map->seatRect(seat("K15"));
    const QPointF at(600, 400);
    QWheelEvent wheel(at, m_map->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(m_map.get(), &wheel);
    QCOMPARE(m_map->zoomScale(), scale);
    QVERIFY(m_map->seatRect(seat("K15")).top() < before.top() - 20);
}

void TestSeatMapWidget::pinchZoomsAboutFingers()
{
    const QRectF before = m_map->seatRect(seat("H20"));
    const QPointF fingers = before.center();
    const double scale = m_map->zoomScale();
    for (int step = 0; step < 3; ++step) {
        QNativeGestureEvent pinch(Qt::ZoomNativeGesture, QPointingDevice::primaryPointingDevice(), 2, fingers, fingers,
                                  m_map->mapToGlobal(fingers), 0.2, QPointF());
        QApplication::sendEvent(m_map.get(), &pinch);
    }
    QVERIFY(m_map->zoomScale() > scale * 1.6);
    QCOMPARE(m_map->seatAt(fingers), seat("H20"));
    QVERIFY(std::fabs(m_map->seatRect(seat("H20")).center().x() - fingers.x()) <= 1.0);
}

void TestSeatMapWidget::middleDragPans()
{
    m_map->zoomIn();
    m_map->zoomIn();
    const QRectF before = m_map->seatRect(seat("K15"));
    const QPointF from(600, 400);
    const QPointF to(540, 330);
    QMouseEvent press(QEvent::MouseButtonPress, from, m_map->mapToGlobal(from), Qt::MiddleButton, Qt::MiddleButton, {});
    QApplication::sendEvent(m_map.get(), &press);
    QMouseEvent move(QEvent::MouseMove, to, m_map->mapToGlobal(to), Qt::NoButton, Qt::MiddleButton, {});
    QApplication::sendEvent(m_map.get(), &move);
    QMouseEvent release(QEvent::MouseButtonRelease, to, m_map->mapToGlobal(to), Qt::MiddleButton, Qt::NoButton, {});
    QApplication::sendEvent(m_map.get(), &release);
    const QRectF after = m_map->seatRect(seat("K15"));
    QVERIFY(std::fabs(after.left() - (before.left() - 60)) <= 1.0);
    QVERIFY(std::fabs(after.top() - (before.top() - 70)) <= 1.0);
}

void TestSeatMapWidget::statesDifferInShapeNotOnlyColour()
{
    std::vector<SeatState> states(m_layout->seatCount(), SeatState::Available);
    states[std::size_t(seat("F10"))] = SeatState::Held;
    states[std::size_t(seat("F12"))] = SeatState::Booked;
    states[std::size_t(seat("F14"))] = SeatState::Unsellable;
    m_map->setSeatStates(states);
    m_map->setSelection({seat("F16")});
    m_map->setNotSellable({seat("F18")});
    m_map->setFocusedSeat(seat("A15"));

    const QImage image = m_map->grab().toImage().convertToFormat(QImage::Format_Grayscale8);
    const double dpr = m_map->devicePixelRatioF();
    const auto crop = [&](const char* id) {
        // The same size for every seat, inside the category border.
        const QRectF r = m_map->seatRect(seat(id));
        const QRectF first = m_map->seatRect(seat("F20"));
        const double inset = first.width() * 0.22;
        const QPoint topLeft = ((r.topLeft() + QPointF(inset, inset)) * dpr).toPoint();
        const QSize size = ((first.size() - QSizeF(2 * inset, 2 * inset)) * dpr).toSize();
        return image.copy(QRect(topLeft, size));
    };
    struct Look
    {
        const char* name;
        QImage gray;
    };
    const std::vector<Look> looks = {{"available", crop("F20")},  {"held", crop("F10")},     {"booked", crop("F12")},
                                     {"unsellable", crop("F14")}, {"selected", crop("F16")}, {"offline", crop("F18")}};
    // The structure of a look, whatever its colour: which pixels are on the dark side of its
    // own range. A flat fill has no structure at all.
    const auto shape = [](const QImage& g) {
        int lo = 255;
        int hi = 0;
        for (int y = 0; y < g.height(); ++y) {
            for (int x = 0; x < g.width(); ++x) {
                lo = std::min(lo, qGray(g.pixel(x, y)));
                hi = std::max(hi, qGray(g.pixel(x, y)));
            }
        }
        std::vector<bool> mask;
        for (int y = 0; y < g.height(); ++y) {
            for (int x = 0; x < g.width(); ++x) {
                mask.push_back(hi - lo > 24 && qGray(g.pixel(x, y)) < (lo + hi) / 2);
            }
        }
        return mask;
    };
    for (std::size_t a = 0; a < looks.size(); ++a) {
        for (std::size_t b = a + 1; b < looks.size(); ++b) {
            QCOMPARE(looks[a].gray.size(), looks[b].gray.size());
            const std::vector<bool> maskA = shape(looks[a].gray);
            const std::vector<bool> maskB = shape(looks[b].gray);
            std::size_t differing = 0;
            for (std::size_t i = 0; i < maskA.size(); ++i) {
                differing += maskA[i] != maskB[i] ? 1 : 0;
            }
            const QString pair = QStringLiteral("%1 vs %2").arg(looks[a].name, looks[b].name);
            // In grayscale, and by shape alone (a pattern or a mark), every pair differs.
            QVERIFY2(looks[a].gray != looks[b].gray, qPrintable(pair));
            QVERIFY2(differing >= maskA.size() / 20, qPrintable(pair + QStringLiteral(": same shape")));
        }
    }
}

void TestSeatMapWidget::changedSeatRepaintsOnlyItsRect()
{
    PaintRecorder recorder;
    m_map->installEventFilter(&recorder);
    QTest::qWait(50); // let the first exposure settle
    recorder.painted = QRegion();
    recorder.paints = 0;

    std::vector<SeatState> states(m_layout->seatCount(), SeatState::Available);
    const int changed = seat("M20");
    states[std::size_t(changed)] = SeatState::Booked;
    m_map->setSeatStates(states);
    QTRY_VERIFY(recorder.paints > 0);
    const QRect seatBox = m_map->seatRect(changed).toAlignedRect();
    const QRect painted = recorder.painted.boundingRect();
    QVERIFY(painted.contains(seatBox));
    // The seat plus the few pixels its focus ring may need, nothing more.
    QVERIFY2(painted.width() <= seatBox.width() + 10 && painted.height() <= seatBox.height() + 10,
             qPrintable(QStringLiteral("painted %1x%2 for a %3x%4 seat")
                            .arg(painted.width())
                            .arg(painted.height())
                            .arg(seatBox.width())
                            .arg(seatBox.height())));

    // Selection changes repaint only the seats that flip.
    recorder.painted = QRegion();
    recorder.paints = 0;
    m_map->setSelection({seat("C3")});
    QTRY_VERIFY(recorder.paints > 0);
    QVERIFY(recorder.painted.boundingRect().width() <= m_map->seatRect(seat("C3")).width() + 10);
    m_map->removeEventFilter(&recorder);
}

void TestSeatMapWidget::unchangedStatesRepaintNothing()
{
    PaintRecorder recorder;
    m_map->installEventFilter(&recorder);
    QTest::qWait(50);
    recorder.paints = 0;
    m_map->setSeatStates(std::vector<SeatState>(m_layout->seatCount(), SeatState::Available));
    m_map->setSelection({});
    QTest::qWait(50);
    QCOMPARE(recorder.paints, 0);
    m_map->removeEventFilter(&recorder);
}

void TestSeatMapWidget::tooltipNamesSeatCategoryAndPrice()
{
    m_map->setPriceText([this](int s) {
        return m_layout->seat(s).category == 1 ? QStringLiteral("₹320.00") : QStringLiteral("₹200.00");
    });
    const QPoint at = centre("R12");
    QHelpEvent help(QEvent::ToolTip, at, m_map->mapToGlobal(at));
    QApplication::sendEvent(m_map.get(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    const QString text = QToolTip::text();
    QVERIFY2(text.contains(QStringLiteral("R12")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Row R")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Premium")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("available")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("₹320.00")), qPrintable(text));
    QToolTip::hideText();
}

void TestSeatMapWidget::accessibleNameFollowsFocus()
{
    m_map->setPriceText([](int) { return QStringLiteral("₹320.00"); });
    g_accessibleEvents.clear();
    QAccessible::setActive(true); // as when a screen reader is connected
    QAccessible::installUpdateHandler(recordAccessibleEvent);
    m_map->setFocusedSeat(seat("R12"));
    QCOMPARE(m_map->accessibleName(), QStringLiteral("Seat R12, Premium, available, ₹320.00"));
    QTest::keyClick(m_map.get(), Qt::Key_Right);
    QCOMPARE(m_map->accessibleName(), QStringLiteral("Seat R13, Premium, available, ₹320.00"));
    m_map->setSelection({seat("R13")});
    QCOMPARE(m_map->accessibleName(), QStringLiteral("Seat R13, Premium, selected, ₹320.00"));
    m_map->setFocusedSeat(seat("A1"));
    QCOMPARE(m_map->accessibleName(), QStringLiteral("Seat A1, Standard, wheelchair space, available, ₹320.00"));
    const bool active = QAccessible::isActive();
    QAccessible::installUpdateHandler(nullptr);
    QAccessible::setActive(false);
    // What a screen reader asks the widget for.
    QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(m_map.get());
    QVERIFY(iface);
    QCOMPARE(iface->text(QAccessible::Name), m_map->accessibleName());
    QVERIFY(!iface->text(QAccessible::Description).isEmpty());
    // Events reach a screen reader only where the platform has an accessibility bridge.
    if (active) {
        QVERIFY(std::count(g_accessibleEvents.begin(), g_accessibleEvents.end(), QAccessible::NameChanged) >= 3);
        QVERIFY(std::count(g_accessibleEvents.begin(), g_accessibleEvents.end(), QAccessible::Focus) >= 2);
    } else {
        qInfo("no accessibility bridge on this platform: focus and name events not observed");
    }
}

void TestSeatMapWidget::bulkStateChangeStillAnnouncesFocusedSeat()
{
    m_map->setFocusedSeat(seat("R12"));
    // Every seat changes at once (a full refresh from the server).
    m_map->setSeatStates(std::vector<SeatState>(m_layout->seatCount(), SeatState::Booked));
    QCOMPARE(m_map->accessibleName(), QStringLiteral("Seat R12, Premium, booked"));
}

void TestSeatMapWidget::worksWithoutLayout()
{
    SeatMapWidget empty;
    empty.resize(400, 300);
    empty.show();
    QVERIFY(QTest::qWaitForWindowExposed(&empty));
    QSignalSpy activated(&empty, &SeatMapWidget::seatActivated);
    QTest::mouseClick(&empty, Qt::LeftButton, {}, QPoint(200, 150));
    QTest::keyClick(&empty, Qt::Key_Right);
    QTest::keyClick(&empty, Qt::Key_Space);
    QTest::keyClick(&empty, Qt::Key_Plus);
    empty.setSeatStates({SeatState::Booked});
    empty.setSelection({3});
    QCOMPARE(activated.count(), 0);
    QCOMPARE(empty.seatAt(QPointF(200, 150)), -1);
    QCOMPARE(empty.focusedSeat(), -1);
    QVERIFY(!empty.grab().isNull());
    empty.setSeatLayout(m_layout);
    QVERIFY(empty.focusedSeat() >= 0);
    empty.setSeatLayout(nullptr);
    QCOMPARE(empty.focusedSeat(), -1);
    QVERIFY(!empty.grab().isNull());
}

// Not a check: writes the picture docs/screenshots/seatmap-widget.png is made from when
// MARQUEE_SCREENSHOT is set to a file name (run with QT_SCALE_FACTOR=2 for a high-DPI one,
// with MARQUEE_SCREENSHOT_DARK=1 for a dark palette).
void TestSeatMapWidget::screenshotForDocs()
{
    const QString path = qEnvironmentVariable("MARQUEE_SCREENSHOT");
    if (path.isEmpty()) {
        QSKIP("set MARQUEE_SCREENSHOT to write a screenshot");
    }
    m_map.reset();
    QWidget window;
    window.setWindowTitle(QStringLiteral("Seat map"));
    auto* column = new QVBoxLayout(&window);
    auto* map = new SeatMapWidget;
    map->setSeatLayout(m_layout);
    column->addWidget(map, 1);
    column->addWidget(new SeatMapLegend(map));
    window.resize(1200, 860);
    if (qEnvironmentVariableIsSet("MARQUEE_SCREENSHOT_DARK")) {
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
        window.setPalette(dark);
    }

    std::vector<SeatState> states(m_layout->seatCount(), SeatState::Available);
    std::uint32_t random = 12345;
    const auto next = [&random] { return random = random * 1103515245u + 12345u, (random >> 16) % 100; };
    for (std::size_t i = 0; i < states.size(); ++i) {
        const auto r = next();
        const Seat& s = m_layout->seat(int(i));
        const bool front = s.y < 3;
        states[i] = r < (front ? 10u : 38u)   ? SeatState::Booked
                    : r < (front ? 14u : 46u) ? SeatState::Held
                                              : SeatState::Available;
    }
    states[std::size_t(seat("K20"))] = SeatState::Unsellable;
    states[std::size_t(seat("A30"))] = SeatState::Booked;
    states[std::size_t(seat("A29"))] = SeatState::Held;
    map->setSeatStates(states);
    std::vector<int> mine = {seat("K14"), seat("K15"), seat("K16"), seat("K17")};
    std::vector<int> offline;
    for (const char* id : {"U1", "U2", "U3", "U4", "U5", "U6", "U7", "V1", "V2", "V3", "V4", "V5", "V6", "V7"}) {
        offline.push_back(seat(id));
    }
    for (int s : mine) {
        states[std::size_t(s)] = SeatState::Available;
    }
    map->setSeatStates(states);
    map->setSelection(mine);
    map->setNotSellable(offline);
    map->setPriceText([](int) { return QStringLiteral("₹320.00"); });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    map->setFocus();
    map->setFocusedSeat(seat("K18"));
    QTest::qWait(50);
    QVERIFY(window.grab().save(path));
}

QTEST_MAIN(TestSeatMapWidget)
#include "tst_SeatMapWidget.moc"
