// A scripted business day with known sales, a split payment, a price override, a refund,
// cash movements, a night sale after midnight and two shifts. Every figure of the X- and
// Z-report and the CSV is checked against a ledger the test keeps itself.
#include "CashRegister.h"
#include "DayReport.h"
#include "StaffRoster.h"
#include "TestSupport.h"

#include <QtTest>
#include <map>
#include <thread>

using namespace marquee;
using namespace std::chrono;

namespace {
const BusinessDate kDay{year{2026}, month{12}, day{3}};
const BusinessDate kNextDay{year{2026}, month{12}, day{4}};
Timestamp localTime(const char* iso)
{
    return *parseIso8601(iso);
}
} // namespace

class TestDayReport : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<LocalStore> m_store;
    StaffMember m_asha, m_ravi, m_meera;

    // What the test itself knows happened.
    struct Ledger
    {
        std::int64_t tickets = 0, gross = 0, tax = 0, refunds = 0, refundTax = 0, refundedTickets = 0;
        std::map<std::string, std::int64_t> taken, refunded;         // by method
        std::map<int, std::pair<std::int64_t, std::int64_t>> byRate; // gross, tax
        std::map<std::string, std::int64_t> cashierTickets;
    } m_ledger;

    Booking sell(const std::string& show, std::vector<std::pair<std::string, std::string>> seatsAndTypes,
                 std::vector<Payment> payments, const StaffMember& who, std::int64_t overridePrice = -1)
    {
        std::vector<std::string> seats;
        for (const auto& [seat, _] : seatsAndTypes)
            seats.push_back(seat);
        auto hold = m_store->hold(test::holdRequest(show, seats));
        if (!hold || !hold->granted())
            qFatal("hold failed");
        Sale sale;
        sale.bookingId = newUuid();
        sale.staff = who.id;
        for (const auto& [seat, type] : seatsAndTypes) {
            TicketLine line;
            line.seatId = seat;
            line.ticketTypeId = type;
            if (overridePrice >= 0) {
                line.price = Money(overridePrice, *Currency::fromCode("INR"));
                line.priceOverrideReason = "staff discount";
            }
            sale.lines.push_back(line);
        }
        sale.lines = *m_store->priceLines(show, sale.lines);
        sale.payments = std::move(payments);
        auto booking = m_store->confirm(hold->hold->id, sale);
        if (!booking)
            qFatal("confirm failed: %s", booking.error().message.c_str());
        for (const auto& line : booking->lines) {
            ++m_ledger.tickets;
            m_ledger.gross += line.price.minor();
            // Tax computed here independently: price * rate / (10000 + rate), half up.
            const int rate = line.price.minor() <= 10000 ? 1200 : 1800;
            const std::int64_t tax = (line.price.minor() * rate * 2 + (10000 + rate)) / (2 * (10000 + rate));
            if (line.tax.minor() != tax)
                qFatal("tax of %s is %lld, expected %lld", line.seatId.c_str(),
                       static_cast<long long>(line.tax.minor()), static_cast<long long>(tax));
            m_ledger.tax += tax;
            m_ledger.byRate[rate].first += line.price.minor();
            m_ledger.byRate[rate].second += tax;
            ++m_ledger.cashierTickets[who.name];
        }
        for (const auto& p : booking->payments)
            m_ledger.taken[std::string(nameOf(p.method))] += p.amount.minor();
        return *booking;
    }

    static Payment pay(PaymentMethod method, std::int64_t minor)
    {
        return Payment{newUuid(), method, Money(minor, *Currency::fromCode("INR")), std::nullopt,
                       method == PaymentMethod::Cash ? "" : "APPR"};
    }

    std::string showOn(const std::string& screen, int index = 0)
    {
        int seen = 0;
        for (const auto& s : test::demoCatalog().shows()) {
            if (s.screenId == screen && seen++ == index)
                return s.id;
        }
        qFatal("no show");
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_unique<ManualClock>(localTime("2026-12-03T10:00:00+05:30"));
        m_store = test::openStore(m_dir->filePath("day.sqlite"), *m_clock);
        StaffRoster roster(*m_store);
        m_asha = *roster.add("Asha", StaffRole::Cashier, "1111");
        m_ravi = *roster.add("Ravi", StaffRole::Cashier, "2222");
        m_meera = *roster.add("Meera", StaffRole::Manager, "3333");
        m_ledger = Ledger{};
    }

    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void scriptedDayBalancesToTheMinorUnit()
    {
        CashRegister drawer(*m_store);
        auto shift1 = drawer.openShift(m_asha.id, 200000);
        QVERIFY(shift1);
        QCOMPARE(shift1->businessDate, std::string("2026-12-03"));
        QCOMPARE(drawer.openShift(m_ravi.id, 1).error().code, ErrorCode::Conflict); // one drawer, one shift

        const std::string s2 = showOn("screen-2"), s3 = showOn("screen-3");
        const Booking a = sell(s2, {{"C1", "adult"}, {"C2", "adult"}}, {pay(PaymentMethod::Cash, 50000)}, m_asha);
        m_clock->advance(minutes(20));
        sell(s3, {{"T10", "adult"}, {"T11", "child"}}, {pay(PaymentMethod::CardTerminal, 56000)}, m_asha);
        m_clock->advance(hours(2));
        sell(s2, {{"D5", "morning"}, {"D6", "adult"}},
             {pay(PaymentMethod::Cash, 14900), pay(PaymentMethod::CardTerminal, 20000)}, m_asha);
        sell(s2, {{"E1", "adult"}}, {pay(PaymentMethod::Cash, 20000)}, m_asha, 20000);
        m_clock->advance(minutes(30));
        auto refund = m_store->refund(RefundRequest{newUuid(), a.id, {"C2"}, "customer unwell", m_asha.id});
        QVERIFY(refund);
        m_ledger.refunds += 25000;
        m_ledger.refundTax += 3814;
        m_ledger.refundedTickets += 1;
        m_ledger.refunded["cash"] += 25000;
        m_ledger.byRate[1800].first -= 25000;
        m_ledger.byRate[1800].second -= 3814;
        QVERIFY(drawer.moveCash(shift1->id, -50000, "safe drop", m_asha.id));
        QVERIFY(!drawer.moveCash(shift1->id, 100, "", m_asha.id));

        // Blind count: 2099.00 in the drawer against 2099.00 expected... minus one rupee.
        const std::int64_t expected1 = 200000 + 50000 + 14900 + 20000 - 25000 - 50000;
        QCOMPARE(drawer.cashOf(shift1->id)->expectedMinor(), expected1);
        auto closed1 = drawer.closeShift(shift1->id, {{50000, 4}, {10000, 0}, {2000, 4}, {100, 99}}, m_asha.id);
        QVERIFY(closed1);
        QCOMPARE(*closed1->countedMinor, std::int64_t(200000 + 8000 + 9900));
        QCOMPARE(closed1->varianceMinor(), expected1 - (200000 + 8000 + 9900));
        QCOMPARE(drawer.closeShift(shift1->id, {}, m_asha.id).error().code, ErrorCode::Conflict);

        // Evening shift; a sale at 00:40 belongs to the 3rd, before the 06:00 cut-off.
        m_clock->set(localTime("2026-12-03T22:00:00+05:30"));
        auto shift2 = drawer.openShift(m_ravi.id, 100000);
        QVERIFY(shift2);
        m_clock->set(localTime("2026-12-04T00:40:00+05:30"));
        sell(showOn("screen-2", 6), {{"F7", "adult"}, {"F8", "adult"}}, {pay(PaymentMethod::Cash, 50000)}, m_ravi);
        QCOMPARE(drawer.cashOf(shift2->id)->expectedMinor(), std::int64_t(150000));

        DayReports reports(*m_store);
        // Not closable while a shift is open, nor by a cashier.
        QCOMPARE(reports.closeDay(kDay, m_meera.id).error().code, ErrorCode::Conflict);
        QVERIFY(drawer.closeShift(shift2->id, {{50000, 3}}, m_ravi.id));
        QCOMPARE(reports.closeDay(kDay, m_asha.id).error().code, ErrorCode::Forbidden);

        auto x = reports.xReport(kDay, m_meera.id);
        QVERIFY2(x, x ? "" : x.error().message.c_str());
        QCOMPARE(x->tickets, m_ledger.tickets);
        QCOMPARE(x->grossMinor, m_ledger.gross);
        QCOMPARE(x->grossMinor, std::int64_t(50000 + 56000 + 34900 + 20000 + 50000));
        QCOMPARE(x->taxMinor, m_ledger.tax);
        QCOMPARE(x->refundsMinor, m_ledger.refunds);
        QCOMPARE(x->refundTaxMinor, m_ledger.refundTax);
        QCOMPARE(x->refundedTickets, m_ledger.refundedTickets);
        QCOMPARE(x->netMinor(), m_ledger.gross - m_ledger.refunds);
        std::int64_t methodsNet = 0;
        for (const auto& m : x->byPaymentMethod) {
            QCOMPARE(m.takenMinor, m_ledger.taken[m.method]);
            QCOMPARE(m.refundedMinor, m_ledger.refunded[m.method]);
            methodsNet += m.netMinor();
        }
        QCOMPARE(methodsNet, x->netMinor()); // payments balance the sales to the paisa
        for (const auto& t : x->byTaxRate) {
            QCOMPARE(t.grossMinor, m_ledger.byRate[t.rateBasisPoints].first);
            QCOMPARE(t.taxMinor, m_ledger.byRate[t.rateBasisPoints].second);
        }
        std::int64_t filmGross = 0, showGross = 0, screenGross = 0, typeGross = 0, hourGross = 0;
        for (const auto& l : x->byFilm)
            filmGross += l.grossMinor;
        for (const auto& l : x->byShow)
            showGross += l.grossMinor;
        for (const auto& l : x->byScreen)
            screenGross += l.grossMinor;
        for (const auto& l : x->byTicketType)
            typeGross += l.grossMinor;
        for (const auto& l : x->byHour)
            hourGross += l.grossMinor;
        for (auto g : {filmGross, showGross, screenGross, typeGross, hourGross})
            QCOMPARE(g, x->grossMinor);
        QCOMPARE(x->byHour.back().label, std::string("00:00")); // the night sale comes last
        for (const auto& c : x->byCashier)
            QCOMPARE(c.tickets, m_ledger.cashierTickets[c.label]);
        QCOMPARE(x->overrides.size(), std::size_t(1));
        QCOMPARE(x->overrides[0].reason, std::string("staff discount"));
        QCOMPARE(x->refunds.size(), std::size_t(1));
        QCOMPARE(x->refunds[0].reason, std::string("customer unwell"));
        QCOMPARE(x->shifts.size(), std::size_t(2));
        QCOMPARE(*x->shifts[0].varianceMinor, expected1 - 217900);
        QCOMPARE(*x->shifts[1].varianceMinor, std::int64_t(0));
        QVERIFY(!x->occupancy.empty());

        // The Z-report says the same and is kept exactly as made.
        auto z = reports.closeDay(kDay, m_meera.id);
        QVERIFY2(z, z ? "" : z.error().message.c_str());
        QCOMPARE(*z->zNumber, std::int64_t(1));
        QCOMPARE(z->grossMinor, x->grossMinor);
        QCOMPARE(z->netMinor(), x->netMinor());
        QCOMPARE(reports.closeDay(kDay, m_meera.id).error().code, ErrorCode::Conflict);
        auto again = reports.zReport(1);
        QVERIFY(again);
        QCOMPARE(toJson(*again), toJson(*z));
        QVERIFY(!m_store->database().exec("UPDATE z_reports SET body = '{}'"));
        QVERIFY(!m_store->database().exec("DELETE FROM z_reports"));
        QVERIFY(reports.verifyZReports());
        // A shift cannot be opened on a closed day.
        m_clock->set(localTime("2026-12-04T01:00:00+05:30"));
        QCOMPARE(drawer.openShift(m_ravi.id, 0).error().code, ErrorCode::Conflict);

        // The CSV carries the same figures.
        const std::string csv = toCsv(*z);
        QVERIFY(csv.find("summary,\"Z1\"") != std::string::npos);
        QVERIFY2(csv.find(",9,2109.00,") != std::string::npos, csv.c_str());
        QVERIFY(csv.find("net sales\",8,1859.00,") != std::string::npos);
        QVERIFY(csv.find("\"customer unwell\"") != std::string::npos);
    }

    void editedZReportOrAuditBehindItIsDetected()
    {
        CashRegister drawer(*m_store);
        auto shift = drawer.openShift(m_asha.id, 0);
        sell(showOn("screen-1"), {{"A1", "adult"}}, {pay(PaymentMethod::Cash, 65000)}, m_asha);
        QVERIFY(drawer.closeShift(shift->id, {{65000, 1}}, m_asha.id));
        DayReports reports(*m_store);
        QVERIFY(reports.closeDay(kDay, m_meera.id));
        QVERIFY(reports.verifyZReports());
        // Someone rewrites the whole audit chain from the start: the Z-report's head no longer matches.
        QVERIFY(m_store->database().exec("DROP TRIGGER audit_log_no_update"));
        QVERIFY(m_store->database().exec("UPDATE audit_log SET hash = 'x' || hash"));
        QVERIFY(!reports.verifyZReports());
    }

    void zNumbersHaveNoGapsUnderConcurrentClosing()
    {
        // Two managers on two connections close a week of days at the same time.
        const QString path = m_dir->filePath("day.sqlite");
        std::vector<std::int64_t> numbers[2];
        std::thread threads[2];
        for (int t = 0; t < 2; ++t) {
            threads[t] = std::thread([&, t] {
                auto store = LocalStore::open(path.toStdString(), *m_clock);
                DayReports reports(**store);
                for (int d = 0; d < 7; ++d) {
                    const BusinessDate date{sys_days{kDay} + days{d}};
                    if (auto z = reports.closeDay(date, m_meera.id))
                        numbers[t].push_back(*z->zNumber);
                }
            });
        }
        for (auto& t : threads)
            t.join();
        std::vector<std::int64_t> all = numbers[0];
        all.insert(all.end(), numbers[1].begin(), numbers[1].end());
        std::sort(all.begin(), all.end());
        QCOMPARE(all.size(), std::size_t(7)); // each day closed exactly once
        for (std::size_t i = 0; i < all.size(); ++i)
            QCOMPARE(all[i], std::int64_t(i + 1));
        QVERIFY(DayReports(*m_store).verifyZReports());
    }

    void businessDayFollowsTheCutoff()
    {
        BusinessDayRule rule{*TimeZone::load("Asia/Kolkata"), minutes(6 * 60)};
        QCOMPARE(rule.dateOf(localTime("2026-12-04T05:59:00+05:30")), kDay);
        QCOMPARE(rule.dateOf(localTime("2026-12-04T06:00:00+05:30")), kNextDay);
        QCOMPARE(rule.start(kDay), localTime("2026-12-03T06:00:00+05:30"));
        QCOMPARE(rule.end(kDay), localTime("2026-12-04T06:00:00+05:30"));
        QVERIFY(m_store->setSetting("business_day_cutoff", "04:30"));
        auto custom = CashRegister(*m_store).businessDayRule();
        QCOMPARE(custom->cutoff, minutes(4 * 60 + 30));
        QVERIFY(!parseCutoff("25:00"));
        QVERIFY(!parseDate("2026-02-30"));
        QCOMPARE(formatDate(*parseDate("2026-12-03")), std::string("2026-12-03"));
    }
};

QTEST_GUILESS_MAIN(TestDayReport)
#include "tst_DayReport.moc"
