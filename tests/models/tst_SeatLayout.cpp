#include "SeatLayout.h"
#include "TestSupport.h"

#include <QFile>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace marquee;

class TestSeatLayout : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string writeLayout(const QByteArray& json)
    {
        const QString path = m_dir.filePath("layout.json");
        QFile f(path);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(json);
        f.close();
        return path.toStdString();
    }

    static QByteArray layoutWithRows(const QByteArray& rows, const QByteArray& categories = R"([{"id":"standard"}])")
    {
        return R"({"id":"s","categories":)" + categories + R"(,"rows":)" + rows + "}";
    }

    void expectError(const QByteArray& json, const std::string& expected)
    {
        const std::string path = writeLayout(json);
        auto layout = SeatLayout::load(path);
        QVERIFY2(!layout, "a bad layout was accepted");
        const std::string& message = layout.error().message;
        QVERIFY2(message.find(path) != std::string::npos, message.c_str());
        QVERIFY2(message.find(expected) != std::string::npos, message.c_str());
    }

private slots:
    void demoScreensHaveTheirSeats()
    {
        auto small = SeatLayout::load(test::demoDir() + "/screen-1.json");
        auto medium = SeatLayout::load(test::demoDir() + "/screen-2.json");
        auto large = SeatLayout::load(test::demoDir() + "/screen-3.json");
        QVERIFY2(small && medium && large, "demo layouts must load");
        QCOMPARE(small->seatCount(), std::size_t(40));
        QCOMPARE(medium->seatCount(), std::size_t(260));
        QCOMPARE(large->seatCount(), std::size_t(600));
        QCOMPARE(large->seat(*large->indexOf("A1")).kind, SeatKind::Wheelchair);
        QCOMPARE(large->seat(*large->indexOf("A2")).kind, SeatKind::Companion);
        QVERIFY(!large->seat(*large->indexOf("V8")).isSellable());
        QCOMPARE(large->categories()[std::size_t(large->seat(*large->indexOf("T15")).category)].id,
                 std::string("premium"));
    }

    void neighboursStopAtAisles()
    {
        auto layout = SeatLayout::load(test::demoDir() + "/screen-3.json");
        QVERIFY(layout);
        const int c7 = *layout->indexOf("C7");
        const int c8 = *layout->indexOf("C8");
        QVERIFY(!layout->rightNeighbour(c7)); // aisle between 7 and 8
        QVERIFY(!layout->leftNeighbour(c8));
        QCOMPARE(*layout->rightNeighbour(c8), *layout->indexOf("C9"));
        QCOMPARE(*layout->leftNeighbour(*layout->indexOf("C9")), c8);
    }

    void hitTestFindsSeatsAndMissesGaps()
    {
        auto layout = SeatLayout::load(test::demoDir() + "/screen-3.json");
        QVERIFY(layout);
        for (std::size_t i = 0; i < layout->seatCount(); ++i) {
            const Seat& s = layout->seat(int(i));
            QCOMPARE(layout->seatAt(s.x + 0.01, s.y + 0.01).value_or(-1), int(i));
            QCOMPARE(layout->seatAt(s.x + s.width - 0.01, s.y + 0.99).value_or(-1), int(i));
        }
        const Seat& c7 = layout->seat(*layout->indexOf("C7"));
        QVERIFY(!layout->seatAt(c7.x + 1.5, c7.y + 0.5)); // the aisle
        QVERIFY(!layout->seatAt(-100, -100));
        QVERIFY(!layout->seatAt(std::nan(""), 0));
    }

    void rangesNumberInEitherDirection()
    {
        auto layout = SeatLayout::fromJson(
            nlohmann::json::parse(
                layoutWithRows(R"([{"label":"A","y":0,"seats":[{"from":5,"to":1,"x":0}]}])").toStdString()),
            "inline");
        QVERIFY(layout);
        QCOMPARE(layout->seat(*layout->indexOf("A5")).x, 0.0);
        QCOMPARE(layout->seat(*layout->indexOf("A1")).x, 4.0);
    }

    void layoutSurvivesJsonRoundTrip()
    {
        auto layout = SeatLayout::load(test::demoDir() + "/screen-2.json");
        QVERIFY(layout);
        auto again = SeatLayout::fromJson(layout->toJson(), "round trip");
        QVERIFY(again);
        QCOMPARE(again->seatCount(), layout->seatCount());
        for (std::size_t i = 0; i < layout->seatCount(); ++i) {
            const Seat& a = layout->seat(int(i));
            const Seat& b = again->seat(*again->indexOf(a.id));
            QCOMPARE(b.x, a.x);
            QCOMPARE(b.kind, a.kind);
            QCOMPARE(b.category, a.category);
        }
    }

    void badLayoutsNameFilePlaceAndProblem()
    {
        expectError("{not json", "not valid JSON");
        expectError("[]", "must be a JSON object");
        expectError(layoutWithRows(R"([{"label":"A","y":0,"seats":[{"number":1,"x":0},{"number":1,"x":3}]}])"),
                    "rows[0].seats[1]: seat id 'A1' is used twice (first at rows[0].seats[0])");
        expectError(layoutWithRows(R"([{"label":"A","y":0,"seats":[{"number":1,"x":0,"category":"vip"}]}])"),
                    "rows[0].seats[0]: unknown category 'vip'");
        expectError(layoutWithRows(R"([{"label":"A","y":0,"seats":[{"number":1,"x":0},{"number":2,"x":0.5}]}])"),
                    "rows[0]: seats 'A1' and 'A2' overlap");
        expectError(layoutWithRows(R"([{"label":"A","y":0,"seats":[]}])"), "rows[0]: row 'A' has no seats");
        expectError(layoutWithRows(R"([])"), "a layout needs at least one row");
        expectError(layoutWithRows(R"([{"label":"A","y":0,"seats":[{"number":1,"x":0,"kind":"sofa"}]}])"),
                    "unknown seat kind 'sofa'");
        expectError(layoutWithRows(R"([{"label":"A","seats":[{"number":1,"x":0}]}])"), "rows[0].y: is missing");
        expectError(layoutWithRows(R"([{"label":"A","y":"front","seats":[{"number":1,"x":0}]}])"),
                    "rows[0].y: expected a number");
        expectError(layoutWithRows(R"([{"label":"A","y":0,"seats":[{"number":1,"x":0}]},)"
                                   R"({"label":"A","y":2,"seats":[{"number":2,"x":0}]}])"),
                    "row label 'A' is used twice");
        expectError(layoutWithRows(R"([{"label":"A","y":0,"seats":[{"number":1,"x":0}]},)"
                                   R"({"label":"B","y":0.5,"seats":[{"number":1,"x":0}]}])"),
                    "seats 'A1' and 'B1' overlap");
        expectError(layoutWithRows(R"([{"label":"A","y":0,"seats":[{"x":0}]}])"), "needs either \"number\"");
        expectError(layoutWithRows(R"([{"label":"A","y":0,"seats":[{"from":1,"to":200000,"x":0}]}])"),
                    "seat numbers must be between 0 and 9999");
        expectError(layoutWithRows(R"([{"label":"A","y":0,"seats":[{"number":1,"x":0}]}])", "[]"),
                    "at least one seat category");
    }

    void missingFileIsAClearError()
    {
        auto layout = SeatLayout::load("/nonexistent/layout.json");
        QVERIFY(!layout);
        QCOMPARE(layout.error().code, ErrorCode::Io);
        QVERIFY(layout.error().message.find("/nonexistent/layout.json") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestSeatLayout)
#include "tst_SeatLayout.moc"
