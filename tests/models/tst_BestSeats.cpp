#include "BestSeats.h"
#include "TestSupport.h"

#include <QtTest>
#include <set>

using namespace marquee;

class TestBestSeats : public QObject
{
    Q_OBJECT
    SeatLayout m_large;

    std::vector<SeatState> emptyStates(const SeatLayout& layout) const
    {
        std::vector<SeatState> states(layout.seatCount(), SeatState::Available);
        for (std::size_t i = 0; i < states.size(); ++i) {
            if (!layout.seat(int(i)).isSellable())
                states[i] = SeatState::Unsellable;
        }
        return states;
    }

    std::vector<std::string> ids(const BestSeats& best) const
    {
        std::vector<std::string> out;
        for (int i : best.seats)
            out.push_back(m_large.seat(i).id);
        return out;
    }

    void book(std::vector<SeatState>& states, std::initializer_list<const char*> seats) const
    {
        for (const char* id : seats)
            states[std::size_t(*m_large.indexOf(id))] = SeatState::Booked;
    }

    bool adjacentInOneRow(const BestSeats& best) const
    {
        for (std::size_t i = 1; i < best.seats.size(); ++i) {
            if (m_large.rightNeighbour(best.seats[i - 1]) != best.seats[i])
                return false;
        }
        return true;
    }

private slots:
    void initTestCase() { m_large = *SeatLayout::load(test::demoDir() + "/screen-3.json"); }

    void emptyHousePicksCentreTwoThirdsBack()
    {
        auto best = pickBestSeats(m_large, emptyStates(m_large), {4, std::nullopt, 0});
        QCOMPARE(best.seats.size(), std::size_t(4));
        QVERIFY(!best.split);
        QVERIFY(adjacentInOneRow(best));
        // Rows A..V, two thirds back is around row P/Q; the centre block is seats 8..23.
        const Seat& first = m_large.seat(best.seats.front());
        QVERIFY2(first.rowLabel == "P" || first.rowLabel == "Q" || first.rowLabel == "N", first.rowLabel.c_str());
        QCOMPARE(ids(best), (std::vector<std::string>{first.rowLabel + "14", first.rowLabel + "15",
                                                      first.rowLabel + "16", first.rowLabel + "17"}));
    }

    void neverStrandsASingleSeatWhenAvoidable()
    {
        auto states = emptyStates(m_large);
        const std::string row = m_large.seat(pickBestSeats(m_large, states, {2, std::nullopt, 0}).seats[0]).rowLabel;
        // Leave exactly three free seats in the middle of the best row: 14, 15, 16.
        for (int n = 8; n <= 23; ++n) {
            if (n < 14 || n > 16)
                states[std::size_t(*m_large.indexOf(row + std::to_string(n)))] = SeatState::Booked;
        }
        auto best = pickBestSeats(m_large, states, {2, std::nullopt, 0});
        QCOMPARE(best.seats.size(), std::size_t(2));
        // Taking two of those three would strand the third; another row is chosen instead.
        QVERIFY(m_large.seat(best.seats[0]).rowLabel != row);
        // Three fit exactly and strand nobody.
        auto three = pickBestSeats(m_large, states, {3, std::nullopt, 0});
        QCOMPARE(ids(three), (std::vector<std::string>{row + "14", row + "15", row + "16"}));
    }

    void wheelchairSpacesOnlyWhenAsked()
    {
        auto states = emptyStates(m_large);
        for (int trial = 0; trial < 50; ++trial) {
            auto best = pickBestSeats(m_large, states, {2, std::nullopt, 0});
            if (!best.found())
                break;
            for (int seat : best.seats) {
                QVERIFY(m_large.seat(seat).kind == SeatKind::Standard);
                states[std::size_t(seat)] = SeatState::Booked;
            }
        }
        auto withChair = pickBestSeats(m_large, emptyStates(m_large), {2, std::nullopt, 1});
        QCOMPARE(withChair.seats.size(), std::size_t(2));
        std::multiset<SeatKind> kinds;
        for (int seat : withChair.seats)
            kinds.insert(m_large.seat(seat).kind);
        QCOMPARE(kinds.count(SeatKind::Wheelchair), std::size_t(1));
        QCOMPARE(kinds.count(SeatKind::Companion), std::size_t(1));
        QVERIFY(adjacentInOneRow(withChair));
    }

    void companionSeatsOnlyBesideAWheelchairSpace()
    {
        auto states = emptyStates(m_large);
        book(states, {"A1", "A30"}); // both wheelchair spaces gone
        auto best = pickBestSeats(m_large, states, {1, std::nullopt, 1});
        QVERIFY(!best.found());
        // A plain request never gets the companion seats either.
        for (int i = 0; i < int(m_large.seatCount()); ++i) {
            if (m_large.seat(i).kind == SeatKind::Standard)
                states[std::size_t(i)] = SeatState::Booked;
        }
        QVERIFY(!pickBestSeats(m_large, states, {1, std::nullopt, 0}).found());
    }

    void categoryFilterIsRespected()
    {
        auto best = pickBestSeats(m_large, emptyStates(m_large), {3, std::string("premium"), 0});
        QCOMPARE(best.seats.size(), std::size_t(3));
        for (int seat : best.seats) {
            QCOMPARE(m_large.categories()[std::size_t(m_large.seat(seat).category)].id, std::string("premium"));
        }
    }

    void splitWhenNoRowFits()
    {
        // Every row has only blocks of at most 3 free seats.
        auto states = emptyStates(m_large);
        for (const auto& row : m_large.rows()) {
            for (std::size_t p = 0; p < row.seats.size(); ++p) {
                if (p % 4 == 3)
                    states[std::size_t(row.seats[p])] = SeatState::Booked;
            }
        }
        auto best = pickBestSeats(m_large, states, {5, std::nullopt, 0});
        QVERIFY(best.split);
        QCOMPARE(best.seats.size(), std::size_t(5));
        QCOMPARE(std::set<int>(best.seats.begin(), best.seats.end()).size(), std::size_t(5));
        for (int seat : best.seats)
            QCOMPARE(states[std::size_t(seat)], SeatState::Available);
    }

    void nothingWhenTooFewSeatsLeft()
    {
        std::vector<SeatState> states(m_large.seatCount(), SeatState::Booked);
        states[std::size_t(*m_large.indexOf("C10"))] = SeatState::Available;
        QVERIFY(!pickBestSeats(m_large, states, {2, std::nullopt, 0}).found());
        QCOMPARE(pickBestSeats(m_large, states, {1, std::nullopt, 0}).seats.size(), std::size_t(1));
        QVERIFY(!pickBestSeats(m_large, states, {0, std::nullopt, 0}).found());
        QVERIFY(!pickBestSeats(m_large, std::vector<SeatState>(3), {1, std::nullopt, 0}).found());
    }

    void heldAndUnsellableSeatsAreNeverPicked()
    {
        auto states = emptyStates(m_large);
        for (std::size_t i = 0; i < states.size(); ++i) {
            if (i % 2 == 0 && states[i] == SeatState::Available)
                states[i] = SeatState::Held;
        }
        auto best = pickBestSeats(m_large, states, {1, std::nullopt, 0});
        QVERIFY(best.found());
        QCOMPARE(states[std::size_t(best.seats[0])], SeatState::Available);
    }
};

QTEST_GUILESS_MAIN(TestBestSeats)
#include "tst_BestSeats.moc"
