// The request decoders of API v1: shapes that must pass, and every kind of bad input
// reported with the field that was wrong.

#include "Wire.h"

#include <QtTest>

using namespace marquee;
using nlohmann::json;

class TestWire : public QObject
{
    Q_OBJECT

private slots:
    void holdRoundTrips()
    {
        wire::HoldBody body{"show-1", {"A1", "A2"}, 120, {}};
        auto decoded = wire::decodeHold(wire::toJson(body));
        QVERIFY(decoded.has_value());
        QCOMPARE(decoded->seats, body.seats);
        QCOMPARE(*decoded->ttlSeconds, std::int64_t(120));
        QVERIFY(decoded->replacesHoldId.empty());
        QVERIFY(!wire::toJson(body).contains("replaces_hold_id"));
        // A replacement carries the hold it replaces.
        body.replacesHoldId = "2910e2fb-f17b-4be6-a392-8f629f9e796b";
        auto replacing = wire::decodeHold(wire::toJson(body));
        QVERIFY(replacing.has_value());
        QCOMPARE(replacing->replacesHoldId, body.replacesHoldId);
    }

    void bookingRoundTrips()
    {
        wire::BookingBody body;
        body.bookingId = "b-1";
        body.allotmentId = "a-1";
        body.showId = "s-1";
        body.seats = {{"A1", "adult", 25000, ""}};
        body.payments = {{"p-1", "CASH", 25000, 30000, ""}};
        body.soldAt = fromEpochMs(1'900'000'000'000);
        body.staff = "alice";
        auto decoded = wire::decodeBooking(wire::toJson(body));
        QVERIFY2(decoded.has_value(), decoded ? "" : decoded.error().message.c_str());
        QCOMPARE(decoded->allotmentId, std::string("a-1"));
        QCOMPARE(*decoded->payments[0].tenderedMinor, std::int64_t(30000));
        QCOMPARE(decoded->soldAt, body.soldAt);
    }

    void badInputNamesTheField_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("not object") << R"([1])"
                                    << "";
        QTest::newRow("seat type") << R"({"show_id":"s","seats":[true]})"
                                   << "seats[0]";
        QTest::newRow("seat too long") << (R"({"show_id":"s","seats":[")" + QString(200, 'x') + R"("]})") << "seats[0]";
        QTest::newRow("seat with space") << R"({"show_id":"s","seats":["A 1"]})"
                                         << "seats[0]";
        QTest::newRow("missing show") << R"({"seats":["A1"]})"
                                      << "show_id";
        QTest::newRow("ttl float") << R"({"show_id":"s","seats":["A1"],"ttl_s":1.5})"
                                   << "ttl_s";
        QTest::newRow("replaced hold not a uuid") << R"({"show_id":"s","seats":["A1"],"replaces_hold_id":"h-1"})"
                                                  << "replaces_hold_id";
        QTest::newRow("replaced hold not text") << R"({"show_id":"s","seats":["A1"],"replaces_hold_id":7})"
                                                << "replaces_hold_id";
    }

    void badInputNamesTheField()
    {
        QFETCH(QString, body);
        QFETCH(QString, field);
        auto decoded = wire::decodeHold(json::parse(body.toStdString()));
        QVERIFY(!decoded.has_value());
        QCOMPARE(QString::fromStdString(wire::fieldOf(decoded.error())), field);
    }

    void bookingRefusesNegativeAndMismatchedShapes_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("field");
        const QString base = R"({"booking_id":"b","hold_id":"h","show_id":"s","sold_at":"2030-01-01T00:00:00Z",)";
        QTest::newRow("negative price")
            << base + R"("seats":[{"seat":"A1","ticket_type":"adult","price_minor":-1}],"payments":[]})"
            << "seats[0].price_minor";
        QTest::newRow("zero payment")
            << base +
                   R"("seats":[{"seat":"A1","ticket_type":"adult","price_minor":1}],"payments":[{"payment_id":"p","method":"CASH","amount_minor":0}]})"
            << "payments[0].amount_minor";
        QTest::newRow("bad method")
            << base +
                   R"("seats":[{"seat":"A1","ticket_type":"adult","price_minor":1}],"payments":[{"payment_id":"p","method":"GOLD","amount_minor":1}]})"
            << "payments[0].method";
        QTest::newRow("tendered short")
            << base +
                   R"("seats":[{"seat":"A1","ticket_type":"adult","price_minor":5}],"payments":[{"payment_id":"p","method":"CASH","amount_minor":5,"tendered_minor":4}]})"
            << "payments[0].tendered_minor";
        QTest::newRow("no seats") << base + R"("seats":[],"payments":[]})"
                                  << "seats";
        QTest::newRow("bad time")
            << R"({"booking_id":"b","hold_id":"h","show_id":"s","sold_at":"yesterday","seats":[{"seat":"A1","ticket_type":"adult","price_minor":1}],"payments":[]})"
            << "sold_at";
    }

    void bookingRefusesNegativeAndMismatchedShapes()
    {
        QFETCH(QString, body);
        QFETCH(QString, field);
        auto decoded = wire::decodeBooking(json::parse(body.toStdString()));
        QVERIFY(!decoded.has_value());
        QCOMPARE(QString::fromStdString(wire::fieldOf(decoded.error())), field);
    }

    void bookingNeedsExactlyOneSource()
    {
        auto both = wire::decodeBooking(json::parse(
            R"({"booking_id":"b","hold_id":"h","allotment_id":"a","show_id":"s","sold_at":"2030-01-01T00:00:00Z","seats":[{"seat":"A1","ticket_type":"adult","price_minor":1}],"payments":[]})"));
        QVERIFY(!both.has_value());
    }

    void paymentEventCarriesTheGatewayIntentWhenGiven()
    {
        wire::PaymentEventBody body{"pi_1:captured", "CAPTURED", 33000, "pi_1"};
        auto decoded = wire::decodePaymentEvent(wire::toJson(body));
        QVERIFY(decoded.has_value());
        QCOMPARE(decoded->gatewayIntentId, std::string("pi_1"));
        auto without =
            wire::decodePaymentEvent(json::parse(R"({"gateway_txn_id":"t","type":"FAILED","amount_minor":0})"));
        QVERIFY(without.has_value());
        QVERIFY(without->gatewayIntentId.empty());
        QVERIFY(!wire::toJson(*without).contains("gateway_intent_id"));
        auto bad = wire::decodePaymentEvent(
            json::parse(R"({"gateway_txn_id":"t","type":"CAPTURED","amount_minor":1,"gateway_intent_id":"pi 1"})"));
        QVERIFY(!bad.has_value());
        QCOMPARE(wire::fieldOf(bad.error()), std::string("gateway_intent_id"));
    }
};

QTEST_APPLESS_MAIN(TestWire)
#include "tst_Wire.moc"
