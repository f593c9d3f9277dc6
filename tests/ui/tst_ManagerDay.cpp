// A scripted business day at the counter, through the screens a cashier and a manager use:
// two shifts with floats, cash sales, a split cash-and-card sale, a supervisor's price
// change, a void, a partial refund, a safe drop, blind counts, a sale at 00:40 that belongs
// to the day before, an X-report, the refusal to close the day while a shift is open, the
// Z-report, and its CSV and PDF from the manager screen and from the command line. Every
// figure is checked against a ledger this test keeps from the bookings it made.

#include "CounterCommands.h"
#include "DayReport.h"
#include "DrawerMenu.h"
#include "ManagerScreen.h"
#include "ManagerSupport.h"
#include "SignInScreen.h"
#include "StaffSession.h"

#include <QFile>
#include <QTabWidget>
#include <QTextBrowser>
#include <map>
#include <nlohmann/json.hpp>

using namespace marquee;
using namespace marquee::test;

namespace {

struct Ledger
{
    std::int64_t tickets = 0, gross = 0, tax = 0;
    std::int64_t refundedTickets = 0, refunds = 0, refundTax = 0;
    std::int64_t voidedTickets = 0, voids = 0;
    std::map<std::string, std::int64_t> taken, refunded; // by method name
    std::map<std::string, std::int64_t> cashierTickets;  // by name
    std::map<int, std::pair<std::int64_t, std::int64_t>> byRate;
};

QString plain(std::int64_t minor)
{
    return printed(minor).remove(QLatin1Char(','));
}

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QString lastShowOn(LocalStore& store, const std::string& screenId)
{
    QString last;
    if (auto shows = store.showsBetween(morning(), morning() + std::chrono::hours(20))) {
        for (const auto& s : *shows) {
            if (s.show.screenId == screenId) {
                last = QString::fromStdString(s.show.id);
            }
        }
    }
    return last;
}

} // namespace

class TestManagerDay : public QObject
{
    Q_OBJECT

    Ledger m_ledger;
    std::int64_t m_shiftCash = 0; // cash taken in the current shift

    Booking recordSale(CounterFixture& counter, const QString& reference, const QString& cashier)
    {
        auto booking = counter.store->bookingByReference(reference.toStdString());
        if (!booking) {
            qFatal("no booking %s", qPrintable(reference));
        }
        for (const auto& line : booking->lines) {
            ++m_ledger.tickets;
            m_ledger.gross += line.price.minor();
            m_ledger.tax += line.tax.minor();
            m_ledger.byRate[line.taxRateBasisPoints].first += line.price.minor();
            m_ledger.byRate[line.taxRateBasisPoints].second += line.tax.minor();
            ++m_ledger.cashierTickets[cashier.toStdString()];
        }
        for (const auto& p : booking->payments) {
            const std::string method(nameOf(p.method));
            m_ledger.taken[method] += p.amount.minor();
            if (p.method == PaymentMethod::Cash) {
                m_shiftCash += p.amount.minor();
            }
        }
        return *booking;
    }

    // Seats given back from an all-cash booking.
    void recordReturn(const Booking& booking, const std::vector<std::string>& seats, bool isVoid)
    {
        for (const auto& line : booking.lines) {
            if (std::find(seats.begin(), seats.end(), line.seatId) == seats.end()) {
                continue;
            }
            ++m_ledger.refundedTickets;
            m_ledger.refunds += line.price.minor();
            m_ledger.refundTax += line.tax.minor();
            m_ledger.refunded["cash"] += line.price.minor();
            m_ledger.byRate[line.taxRateBasisPoints].first -= line.price.minor();
            m_ledger.byRate[line.taxRateBasisPoints].second -= line.tax.minor();
            m_shiftCash -= line.price.minor();
            if (isVoid) {
                ++m_ledger.voidedTickets;
                m_ledger.voids += line.price.minor();
            }
        }
    }

private slots:
    void scriptedDayMatchesEveryReport()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        MainWindow& window = *counter.window;
        DrawerMenu* drawer = window.drawer();
        BookingLookupScreen* lookup = window.lookup();
        const QString s2 = firstShowOn(*counter.store, "screen-2"), s3 = firstShowOn(*counter.store, "screen-3");

        // Morning shift: Asha, float 2,000.00.
        QVERIFY(drawer->openShift(200000));
        m_shiftCash = 200000;
        const QString ref1 = sell(counter, s2, {QStringLiteral("C1"), QStringLiteral("C2")});
        QVERIFY(!ref1.isEmpty());
        const Booking b1 = recordSale(counter, ref1, QStringLiteral("Asha"));
        counter.clock.advance(std::chrono::minutes(20));
        const QString ref2 = sellSplit(counter, s3, {QStringLiteral("T10"), QStringLiteral("T11")}, 30000);
        QVERIFY2(!ref2.isEmpty(), qPrintable(window.bannerText()));
        const Booking b2 = recordSale(counter, ref2, QStringLiteral("Asha"));
        QCOMPARE(int(b2.payments.size()), 2);

        // A supervisor approves 100.00 for D5 (staff discount).
        counter.clock.advance(std::chrono::hours(1));
        window.openShow(s2);
        SalesScreen* sales = window.sales();
        QVERIFY(sales->basket().setSeats(seatIndices(*sales->basket().layout(), {QStringLiteral("D5")}))->empty());
        counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("1357"), QStringLiteral("staff discount"),
                              QStringLiteral("100"));
        QVERIFY2(sales->changePrice(0), qPrintable(sales->message()));
        sales->startPayment();
        QCOMPARE(sales->paymentDialog()->due().minor(), std::int64_t(10000));
        sales->paymentDialog()->quickCash(0);
        sales->paymentDialog()->accept();
        const QString ref3 =
            QRegularExpression(QStringLiteral("([0-9A-Z]{5}-[0-9A-Z]{5})")).match(window.bannerText()).captured(1);
        QVERIFY(!ref3.isEmpty());
        recordSale(counter, ref3, QStringLiteral("Asha"));

        // E1 sold and voided (same shift, before the show): money back in full.
        const QString ref4 = sell(counter, lastShowOn(*counter.store, "screen-2"), {QStringLiteral("E1")});
        const Booking b4 = recordSale(counter, ref4, QStringLiteral("Asha"));
        window.showLookup();
        QVERIFY(lookup->lookUp(ref4));
        counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("1357"), QStringLiteral("wrong show"));
        QVERIFY2(lookup->voidBooking(), qPrintable(lookup->message()));
        recordReturn(b4, {"E1"}, true);

        // C2 of the first sale refunded.
        counter.clock.advance(std::chrono::minutes(30));
        QVERIFY(lookup->lookUp(ref1));
        lookup->setSeatChecked(QStringLiteral("C2"), true);
        counter.approveNextAs(QStringLiteral("Ravi"), QStringLiteral("1357"), QStringLiteral("customer unwell"));
        QVERIFY2(lookup->refundChosen(), qPrintable(lookup->message()));
        recordReturn(b1, {"C2"}, false);

        QVERIFY(drawer->moveCash(-50000, QStringLiteral("safe drop")));
        m_shiftCash -= 50000;
        const std::int64_t expected1 = m_shiftCash;
        const std::map<std::int64_t, std::int64_t> count1{{50000, 4}, {2000, 4}, {100, 99}};
        const std::int64_t counted1 = 4 * 50000 + 4 * 2000 + 99 * 100;
        auto closed1 = drawer->closeShift(count1);
        QVERIFY(closed1);
        QCOMPARE(*closed1->expectedMinor, expected1);
        QCOMPARE(closed1->varianceMinor(), expected1 - counted1);
        QVERIFY(window.bannerText().contains(printed(expected1 - counted1).remove(QLatin1Char('-'))));

        // Evening shift: Kabir signs in with his PIN, float 1,000.00; a sale at 00:40.
        window.session().signOut();
        QVERIFY(!window.isCounterShown());
        QVERIFY(window.signInScreen()->chooseStaff(QStringLiteral("Kabir")));
        QVERIFY(window.session().signIn(counter.staffId(QStringLiteral("Kabir")).toStdString(), "2222"));
        QVERIFY(window.isCounterShown());
        counter.clock.set(*parseIso8601("2026-12-03T16:30:00Z")); // 22:00 in Kolkata
        QVERIFY(drawer->openShift(100000));
        m_shiftCash = 100000;
        counter.clock.set(*parseIso8601("2026-12-03T19:10:00Z")); // 00:40 on the 4th
        const QString ref5 =
            sell(counter, lastShowOn(*counter.store, "screen-2"), {QStringLiteral("F7"), QStringLiteral("F8")});
        QVERIFY2(!ref5.isEmpty(), qPrintable(window.bannerText()));
        recordSale(counter, ref5, QStringLiteral("Kabir"));

        // The manager screen by keyboard: F4, then Alt+X for the X-report.
        QTest::keyClick(&window, Qt::Key_F4);
        ManagerScreen* manager = window.managerScreen();
        QTRY_VERIFY(manager->isVisible());
        manager->setDate(QDate(2026, 12, 3));
        QTest::keyClick(manager, Qt::Key_X, Qt::AltModifier);
        QTRY_VERIFY(manager->report().has_value());
        const DayReport x = *manager->report();
        QVERIFY(!x.zNumber);

        // Not closable while Kabir's shift is open, whoever approves.
        counter.approveNextAs(QStringLiteral("Meera"), QStringLiteral("2468"), QStringLiteral("end of day"));
        QVERIFY(!manager->closeDay());
        QVERIFY2(manager->message().contains(QStringLiteral("close every shift")), qPrintable(manager->message()));
        auto closed2 = drawer->closeShift({{50000, 3}});
        QVERIFY(closed2);
        QCOMPARE(*closed2->expectedMinor, m_shiftCash);
        QCOMPARE(closed2->varianceMinor(), m_shiftCash - 150000);

        counter.approveNextAs(QStringLiteral("Meera"), QStringLiteral("2468"), QStringLiteral("end of day"));
        QVERIFY2(manager->closeDay(), qPrintable(manager->message()));
        const DayReport z = *manager->report();
        QCOMPARE(z.zNumber.value_or(0), std::int64_t(1));

        for (const DayReport* r : {&x, &z}) {
            QCOMPARE(r->tickets, m_ledger.tickets);
            QCOMPARE(r->grossMinor, m_ledger.gross);
            QCOMPARE(r->taxMinor, m_ledger.tax);
            QCOMPARE(r->refundedTickets, m_ledger.refundedTickets);
            QCOMPARE(r->refundsMinor, m_ledger.refunds);
            QCOMPARE(r->refundTaxMinor, m_ledger.refundTax);
            QCOMPARE(r->voidedTickets, m_ledger.voidedTickets);
            QCOMPARE(r->voidsMinor, m_ledger.voids);
            QCOMPARE(r->netMinor(), m_ledger.gross - m_ledger.refunds);
            std::int64_t methodsNet = 0;
            for (const auto& m : r->byPaymentMethod) {
                QCOMPARE(m.takenMinor, m_ledger.taken[m.method]);
                QCOMPARE(m.refundedMinor, m_ledger.refunded[m.method]);
                methodsNet += m.netMinor();
            }
            QCOMPARE(methodsNet, r->netMinor());
            for (const auto& t : r->byTaxRate) {
                QCOMPARE(t.grossMinor, m_ledger.byRate[t.rateBasisPoints].first);
                QCOMPARE(t.taxMinor, m_ledger.byRate[t.rateBasisPoints].second);
            }
            for (const auto& c : r->byCashier) {
                QCOMPARE(c.tickets, m_ledger.cashierTickets[c.label]);
            }
            QCOMPARE(r->byHour.back().label, std::string("00:00"));
            QCOMPARE(r->overrides.size(), std::size_t(1));
            QCOMPARE(r->overrides[0].priceMinor, std::int64_t(10000));
            QCOMPARE(r->overrides[0].reason, std::string("staff discount"));
            QCOMPARE(r->refunds.size(), std::size_t(2));
        }
        QCOMPARE(x.shifts.size(), std::size_t(2));
        QVERIFY(!x.shifts[1].varianceMinor); // still open at the X-report
        QCOMPARE(*z.shifts[0].varianceMinor, expected1 - counted1);
        QCOMPARE(*z.shifts[1].varianceMinor, m_shiftCash - 150000);

        // The screen shows the same figures.
        const QString screenText = manager->view()->toPlainText();
        QVERIFY(screenText.contains(printed(m_ledger.gross)));
        QVERIFY(screenText.contains(QStringLiteral("Z-report 1")));

        // CSV and PDF from the manager screen.
        const QString csvPath = counter.dir.filePath(QStringLiteral("z1.csv"));
        const QString pdfPath = counter.dir.filePath(QStringLiteral("z1.pdf"));
        QVERIFY(manager->exportCsv(csvPath));
        QVERIFY(manager->exportPdf(pdfPath));
        const QString csv = readAll(csvPath);
        const std::int64_t net = m_ledger.gross - m_ledger.refunds;
        QVERIFY2(csv.contains(QStringLiteral(",%1,%2,%3,\"INR\"")
                                  .arg(m_ledger.tickets)
                                  .arg(plain(m_ledger.gross), plain(m_ledger.tax))),
                 qPrintable(csv));
        QVERIFY(csv.contains(QStringLiteral("refunds_total,\"\",\"refunds\",%1,%2,%3,")
                                 .arg(m_ledger.refundedTickets)
                                 .arg(plain(-m_ledger.refunds), plain(-m_ledger.refundTax))));
        QVERIFY(csv.contains(QStringLiteral("voids_total,\"\",\"of which voids\",%1,%2,")
                                 .arg(m_ledger.voidedTickets)
                                 .arg(plain(-m_ledger.voids))));
        QVERIFY(csv.contains(QStringLiteral("net,\"\",\"net sales\",%1,%2,%3,")
                                 .arg(m_ledger.tickets - m_ledger.refundedTickets)
                                 .arg(plain(net), plain(m_ledger.tax - m_ledger.refundTax))));
        QVERIFY(csv.contains(QStringLiteral("\"wrong show\"")));
        QVERIFY(csv.contains(QStringLiteral("void,")));
        QVERIFY(csv.contains(QStringLiteral("variance %1").arg(plain(expected1 - counted1))));

        // NFKC: the PDF's text has typographic ligatures ("staﬀ").
        const QString pdf = pdfText(pdfPath).normalized(QString::NormalizationForm_KC);
        QVERIFY2(pdf.contains(QStringLiteral("Z-report 1")), qPrintable(pdf));
        QVERIFY(pdf.contains(QStringLiteral("Page 1 of")));
        QCOMPARE(pdfRow(pdf, QStringLiteral("Gross sales")),
                 QStringList({QString::number(m_ledger.tickets), printed(m_ledger.gross), printed(m_ledger.tax)}));
        QCOMPARE(pdfRow(pdf, QStringLiteral("Refunds")),
                 QStringList({QString::number(m_ledger.refundedTickets), printed(-m_ledger.refunds),
                              printed(-m_ledger.refundTax)}));
        QCOMPARE(pdfRow(pdf, QStringLiteral("of which voids")),
                 QStringList({QString::number(m_ledger.voidedTickets), printed(-m_ledger.voids)}));
        QCOMPARE(pdfRow(pdf, QStringLiteral("Net sales")),
                 QStringList({QString::number(m_ledger.tickets - m_ledger.refundedTickets), printed(net),
                              printed(m_ledger.tax - m_ledger.refundTax)}));
        QCOMPARE(pdfRow(pdf, QStringLiteral("cash")),
                 QStringList({printed(m_ledger.taken["cash"]), printed(m_ledger.refunded["cash"]),
                              printed(m_ledger.taken["cash"] - m_ledger.refunded["cash"])}));
        QCOMPARE(pdfRow(pdf, QStringLiteral("card_terminal")),
                 QStringList(
                     {printed(m_ledger.taken["card_terminal"]), printed(0), printed(m_ledger.taken["card_terminal"])}));
        QVERIFY(pdf.contains(printed(expected1 - counted1)));
        QVERIFY(pdf.contains(QStringLiteral("staff discount")));
        QVERIFY(pdf.contains(QStringLiteral("customer unwell")));

        // MARQUEE_DOCS_SHOTS=DIR saves the manager screen, its charts and the PDF for docs/screenshots.
        if (const QString shots = qEnvironmentVariable("MARQUEE_DOCS_SHOTS"); !shots.isEmpty()) {
            window.resize(1400, 900);
            QTest::qWait(200);
            manager->tabs()->setCurrentIndex(0);
            manager->grab().save(shots + QStringLiteral("/manager-report.png"));
            manager->tabs()->setCurrentIndex(1);
            QTest::qWait(200);
            manager->grab().save(shots + QStringLiteral("/manager-charts.png"));
            manager->tabs()->setCurrentIndex(0);
            QFile::remove(shots + QStringLiteral("/z-report.pdf"));
            QFile::copy(pdfPath, shots + QStringLiteral("/z-report.pdf"));
        }

        // A past Z-report comes back exactly as made.
        QVERIFY(manager->showZReport(1));
        QCOMPARE(toJson(*manager->report()).dump(), toJson(z).dump());

        // The command line prints the same Z-report again, and checks the audit chain.
        const QString cliCsv = counter.dir.filePath(QStringLiteral("cli.csv"));
        const QString cliPdf = counter.dir.filePath(QStringLiteral("cli.pdf"));
        QString out, err, in;
        QTextStream inStream(&in), outStream(&out), errStream(&err);
        QCOMPARE(CounterCommands::run({QStringLiteral("marquee"), QStringLiteral("report"), QStringLiteral("z"),
                                       QStringLiteral("--date"), QStringLiteral("2026-12-03"), QStringLiteral("--csv"),
                                       cliCsv, QStringLiteral("--pdf"), cliPdf, QStringLiteral("--database"),
                                       counter.databasePath()},
                                      inStream, outStream, errStream),
                 0);
        QCOMPARE(readAll(cliCsv), csv);
        QCOMPARE(pdfRow(pdfText(cliPdf), QStringLiteral("Net sales")), pdfRow(pdf, QStringLiteral("Net sales")));
        QVERIFY2(out.contains(QStringLiteral("net %1 INR").arg(printed(net))), qPrintable(out));
        QCOMPARE(CounterCommands::run({QStringLiteral("marquee"), QStringLiteral("audit"), QStringLiteral("verify"),
                                       QStringLiteral("--database"), counter.databasePath()},
                                      inStream, outStream, errStream),
                 0);
        QVERIFY2(out.contains(QStringLiteral("audit log intact")), qPrintable(out + err));

        // Someone edits an audit row: the command names it and fails.
        QVERIFY(counter.store->database().exec("DROP TRIGGER audit_log_no_update"));
        QVERIFY(counter.store->database().exec("UPDATE audit_log SET detail = '{}' WHERE seq = 7"));
        err.clear();
        QCOMPARE(CounterCommands::run({QStringLiteral("marquee"), QStringLiteral("audit"), QStringLiteral("verify"),
                                       QStringLiteral("--database"), counter.databasePath()},
                                      inStream, outStream, errStream),
                 1);
        QVERIFY2(err.contains(QStringLiteral("BROKEN at row 7")), qPrintable(err));
        QCOMPARE(err.count(QLatin1Char('\n')), 1);
    }

    void commandLineRefusesBadInput()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        QString out, err, in;
        QTextStream inStream(&in), outStream(&out), errStream(&err);
        auto run = [&](QStringList args) {
            args.prepend(QStringLiteral("marquee"));
            return CounterCommands::run(args, inStream, outStream, errStream);
        };
        QCOMPARE(
            run({QStringLiteral("report"), QStringLiteral("x"), QStringLiteral("--database"), counter.databasePath()}),
            2);
        QCOMPARE(run({QStringLiteral("report"), QStringLiteral("x"), QStringLiteral("--date"),
                      QStringLiteral("2026-02-30"), QStringLiteral("--database"), counter.databasePath()}),
                 2);
        QCOMPARE(run({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--database"),
                      counter.dir.filePath(QStringLiteral("missing.sqlite"))}),
                 1);
        // No Z-report yet and no manager named: refused, nothing closed.
        QCOMPARE(run({QStringLiteral("report"), QStringLiteral("z"), QStringLiteral("--date"),
                      QStringLiteral("2026-12-03"), QStringLiteral("--database"), counter.databasePath()}),
                 1);
        QVERIFY(err.contains(QStringLiteral("--manager")));
        // A manager's wrong PIN on standard input: refused.
        in = QStringLiteral("0000\n");
        QCOMPARE(run({QStringLiteral("report"), QStringLiteral("z"), QStringLiteral("--date"),
                      QStringLiteral("2026-12-03"), QStringLiteral("--manager"), QStringLiteral("Meera"),
                      QStringLiteral("--database"), counter.databasePath()}),
                 1);
        QVERIFY(!*DayReports(*counter.store).zReportFor(*parseDate("2026-12-03")));
        // The right PIN closes the day (no shift is open).
        inStream.seek(0);
        in = QStringLiteral("2468\n");
        inStream.seek(0);
        QCOMPARE(run({QStringLiteral("report"), QStringLiteral("z"), QStringLiteral("--date"),
                      QStringLiteral("2026-12-03"), QStringLiteral("--manager"), QStringLiteral("Meera"),
                      QStringLiteral("--database"), counter.databasePath()}),
                 0);
        QVERIFY(out.contains(QStringLiteral("Z-report 1 2026-12-03")));
    }
};

QTEST_MAIN(TestManagerDay)
#include "tst_ManagerDay.moc"
