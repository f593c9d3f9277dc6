// Measures what makes the seat map feel instant on a big screen: a full repaint after every
// seat changed state, the same picture drawn as one QGraphicsRectItem per seat (the design
// we chose not to use), and a hit test. Prints one RESULT line per figure.
//
// Times are the main thread's CPU time (CLOCK_THREAD_CPUTIME_ID), median of many runs, and
// the two designs are measured alternately, so a busy shared machine (other builds
// preempting us) moves both alike instead of skewing the ratio. Wall-clock medians are
// printed as comments next to them.

#include "SeatMapWidget.h"

#include <QApplication>
#include <QBrush>
#include <QElapsedTimer>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QPen>
#include <QWheelEvent>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <time.h>
#include <vector>

using namespace marquee;

namespace {

constexpr int kRows = 80;
constexpr int kSeatsPerRow = 125; // 30 | 65 | 30 with two aisles
constexpr int kRuns = 61;
const QSize kView(1600, 1000);

nlohmann::json generatedLayout()
{
    nlohmann::json rows = nlohmann::json::array();
    for (int r = 0; r < kRows; ++r) {
        // Two letters ("AA", "AB", ...) so that label + seat number stays a unique seat id.
        const std::string label = {static_cast<char>('A' + r / 26), static_cast<char>('A' + r % 26)};
        nlohmann::json seats = nlohmann::json::array();
        seats.push_back({{"from", 1}, {"to", 30}, {"x", 0}});
        seats.push_back({{"from", 31}, {"to", 95}, {"x", 31.5}});
        seats.push_back({{"from", 96}, {"to", 125}, {"x", 98}});
        nlohmann::json row = {{"label", label}, {"y", r * 1.1}, {"seats", seats}};
        if (r >= 60) {
            row["category"] = "premium";
        }
        rows.push_back(row);
    }
    return {{"format", "marquee-layout/1"},
            {"id", "bench-10000"},
            {"name", "Generated 10,000 seats"},
            {"categories", {{{"id", "standard"}, {"name", "Standard"}}, {{"id", "premium"}, {"name", "Premium"}}}},
            {"rows", rows}};
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// CPU and wall time of each run of one piece of work.
struct Timings
{
    std::vector<double> cpu;
    std::vector<double> wall;

    void measure(const std::function<void()>& once)
    {
        QElapsedTimer timer;
        timer.start();
        const double start = threadCpuMs();
        once();
        cpu.push_back(threadCpuMs() - start);
        wall.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
};

// Two complete state pictures where every seat differs between them.
struct Picture
{
    std::vector<SeatState> states;
    std::vector<int> selection;
};

std::pair<Picture, Picture> alternatingPictures(std::size_t seats)
{
    std::mt19937 random(7);
    Picture a;
    Picture b;
    for (std::size_t i = 0; i < seats; ++i) {
        const auto k = static_cast<int>(random() % 5); // 4: selected by me, drawn over Available
        a.states.push_back(k == 4 ? SeatState::Available : static_cast<SeatState>(k));
        if (k == 4) {
            a.selection.push_back(static_cast<int>(i));
        }
        const int j = (k + 1 + static_cast<int>(random() % 4)) % 5;
        b.states.push_back(j == 4 ? SeatState::Available : static_cast<SeatState>(j));
        if (j == 4) {
            b.selection.push_back(static_cast<int>(i));
        }
    }
    return {a, b};
}

void print(const char* name, double value, const char* unit)
{
    std::printf("RESULT %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);

    auto loaded = SeatLayout::fromJson(generatedLayout(), "bench");
    if (!loaded) {
        std::fprintf(stderr, "layout: %s\n", loaded.error().message.c_str());
        return 1;
    }
    auto layout = std::make_shared<const SeatLayout>(std::move(*loaded));
    const std::size_t n = layout->seatCount();
    std::printf("# %zu seats, view %dx%d, median of %d runs\n", n, kView.width(), kView.height(), kRuns);
    const auto [pictureA, pictureB] = alternatingPictures(n);
    const auto picture = [&](int i) -> const Picture& { return (i & 1) ? pictureB : pictureA; };

    SeatMapWidget map;
    map.resize(kView);
    map.setSeatLayout(layout);
    map.show();
    QApplication::processEvents();
    const QRectF all = map.seatRect(0).united(map.seatRect(static_cast<int>(n) - 1));
    std::printf("# whole layout visible: %s, %.1f px per seat\n", QRectF(map.rect()).contains(all) ? "yes" : "NO",
                map.zoomScale());

    // The rejected design: one QGraphicsRectItem per seat, a brush and pen per state, drawn
    // at the same scale into an image of the same size.
    QGraphicsScene scene;
    scene.setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    const double s = map.zoomScale();
    const QColor categoryColours[] = {QColor(0x00, 0x9E, 0x73), QColor(0xCC, 0x79, 0xA7)};
    const QBrush stateBrushes[] = {QBrush(QColor(0xDC, 0xF0, 0xEA)), QBrush(QColor(0xD5, 0x5E, 0x00), Qt::BDiagPattern),
                                   QBrush(QColor(0x45, 0x45, 0x45)), QBrush(QColor(0xD0, 0xD0, 0xD0)),
                                   QBrush(QColor(0x00, 0x72, 0xB2))};
    std::vector<QGraphicsRectItem*> items;
    items.reserve(n);
    for (const Seat& seat : layout->seats()) {
        items.push_back(scene.addRect(seat.x * s + 1, seat.y * s + 1, seat.width * s - 2, s - 2,
                                      QPen(categoryColours[seat.category], 2), stateBrushes[0]));
    }
    const QRectF source(layout->minX() * s - 40, layout->minY() * s - 80, kView.width(), kView.height());
    // RGB32, the format of a window's backing store here (offscreen and xcb).
    QImage sceneImage(kView, QImage::Format_RGB32);
    QImage ourImage(kView, QImage::Format_RGB32);

    const auto ourRepaint = [&](int i) {
        map.setSeatStates(picture(i).states);
        map.setSelection(picture(i).selection);
        map.repaint();
    };
    const auto ourRender = [&](int i) {
        map.setSeatStates(picture(i).states);
        map.setSelection(picture(i).selection);
        // The map paints every pixel itself: no window background fill first.
        map.render(&ourImage, QPoint(), QRegion(), QWidget::DrawChildren);
    };
    const auto sceneRender = [&](int i) {
        const Picture& p = picture(i);
        std::vector<bool> mine(n, false);
        for (int k : p.selection) {
            mine[static_cast<std::size_t>(k)] = true;
        }
        for (std::size_t k = 0; k < n; ++k) {
            items[k]->setBrush(stateBrushes[mine[k] ? 4 : static_cast<int>(p.states[k])]);
        }
        sceneImage.fill(Qt::white);
        QPainter painter(&sceneImage);
        scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(kView)), source);
    };
    const auto rebuild = [&](int) {
        map.fitToView(); // drops the cached static layer, as zoom, pan and resize do
        map.repaint();
    };

    // Warm up each (lazily built caches, glyphs, index), then alternate them run by run.
    for (int i = 0; i < 2; ++i) {
        ourRepaint(i);
        ourRender(i);
        sceneRender(i);
        rebuild(i);
    }
    Timings repaint, render, graphicsView, rebuilt;
    for (int i = 0; i < kRuns; ++i) {
        repaint.measure([&] { ourRepaint(i); });
        graphicsView.measure([&] { sceneRender(i); });
        render.measure([&] { ourRender(i); });
        rebuilt.measure([&] { rebuild(i); });
    }
    if (const QString path = qEnvironmentVariable("MARQUEE_BENCH_IMAGES"); !path.isEmpty()) {
        ourImage.save(path + QStringLiteral("/bench-seatmap.png")); // to eyeball what was timed
        sceneImage.save(path + QStringLiteral("/bench-graphicsview.png"));
    }
    const auto wall = [](const char* name, const Timings& t) {
        std::printf("# %s: wall-clock median %.3f ms\n", name, median(t.wall));
    };
    print("seatmap_full_repaint_10000_ms", median(repaint.cpu), "ms");
    wall("full repaint", repaint);
    print("seatmap_full_render_image_10000_ms", median(render.cpu), "ms");
    wall("render into image", render);
    print("seatmap_static_layer_rebuild_repaint_10000_ms", median(rebuilt.cpu), "ms");
    wall("static layer rebuild + repaint", rebuilt);
    print("seatmap_graphicsview_repaint_10000_ms", median(graphicsView.cpu), "ms");
    wall("graphics view render", graphicsView);
    // Like for like: both designs change every seat, then draw into a QImage of the same size.
    print("seatmap_vs_graphicsview_ratio", median(graphicsView.cpu) / median(render.cpu), "x");
    print("seatmap_vs_graphicsview_ratio_onscreen", median(graphicsView.cpu) / median(repaint.cpu), "x");

    // Panning while zoomed in (seats big enough to carry numbers): every step rebuilds the
    // static layer for what is in view, so this is the cost of one frame of a drag.
    map.fitToView();
    map.zoomAt(3.2, QPointF(kView.width() / 2.0, kView.height() / 2.0));
    std::printf("# zoomed in: %.1f px per seat\n", map.zoomScale());
    Timings panned;
    for (int i = 0; i < kRuns; ++i) {
        const double step = (i & 1) ? 3 : -3;
        panned.measure([&] {
            QWheelEvent wheel(QPointF(800, 500), QPointF(800, 500), QPoint(0, static_cast<int>(step)), QPoint(),
                              Qt::NoButton, Qt::NoModifier, Qt::ScrollUpdate, false);
            QApplication::sendEvent(&map, &wheel);
            map.repaint();
        });
    }
    print("seatmap_pan_frame_zoomed_10000_ms", median(panned.cpu), "ms");
    wall("pan frame, zoomed in", panned);

    // Hit testing: many random points over the widget, timed in batches.
    std::mt19937 random(11);
    std::uniform_real_distribution<double> xs(0, kView.width());
    std::uniform_real_distribution<double> ys(0, kView.height());
    constexpr int kBatch = 10'000;
    std::vector<QPointF> points;
    for (int i = 0; i < kBatch; ++i) {
        points.emplace_back(xs(random), ys(random));
    }
    long hits = 0;
    std::vector<double> perCall;
    for (int run = 0; run < kRuns; ++run) {
        const double start = threadCpuMs();
        for (const QPointF& p : points) {
            hits += map.seatAt(p) >= 0 ? 1 : 0;
        }
        perCall.push_back((threadCpuMs() - start) * 1e3 / kBatch);
    }
    std::printf("# %ld of %d points hit a seat\n", hits, kRuns * kBatch);
    print("seatmap_hit_test_us", median(perCall), "us");
    return 0;
}
