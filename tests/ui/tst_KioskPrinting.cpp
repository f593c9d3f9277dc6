// Printing problems (issue 8): a printer known to be out of paper or offline is found before
// the customer pays, and no money is asked for; a print that fails after payment shows the
// booking code and its QR code on screen and flags the sale for staff.

#include "CounterCommands.h"
#include "KioskFixture.h"
#include "KioskUnprintedSales.h"

#include <QFile>
#include <QLabel>
#include <QPrinterInfo>

using namespace marquee;
using namespace marquee::test;

class TestKioskPrinting : public QObject
{
    Q_OBJECT

private:
    void refusesPaymentWhenThePrinterIs(KioskPrinterState state, const QString& sentence)
    {
        KioskFixture k;
        QVERIFY(k.start());
        k.printer->forcedState = state;
        QVERIFY(k.toPayment());
        QVERIFY2(k.window->paymentText().contains(sentence), qPrintable(k.window->paymentText()));
        QVERIFY(k.window->paymentText().contains(QStringLiteral("Nothing has been charged")));
        QVERIFY(!k.reader.isWaiting());
        QVERIFY(!k.reader.present(QStringLiteral("pm_card_visa"))); // no card is taken
        QTest::qWait(200);
        QVERIFY(!k.window->isPaying());
        QCOMPARE(k.control->ledger()["counts"]["intents"].get<std::int64_t>(), std::int64_t(0));
        QCOMPARE(k.scalar("SELECT count(*) FROM checkouts"), std::string("0"));
        QCOMPARE(k.scalar("SELECT count(*) FROM audit_log WHERE action = 'kiosk.printer_not_ready'"), std::string("1"));
        const std::string hold = k.holdId();
        QVERIFY(k.tap(QStringLiteral("startOverButton")));
        QCOMPARE(k.window->screen(), KioskWindow::Screen::Attract);
        QCOMPARE(k.store->findHold(hold)->state, HoldState::Released);
    }

private slots:
    void noPaperIsFoundBeforePayment()
    {
        refusesPaymentWhenThePrinterIs(KioskPrinterState::NoPaper, QStringLiteral("out of paper"));
    }

    void offlinePrinterIsFoundBeforePayment()
    {
        refusesPaymentWhenThePrinterIs(KioskPrinterState::Offline, QStringLiteral("printer is not working"));
    }

    void failedPrintAfterPaymentShowsTheCodeAndFlagsTheSale()
    {
        KioskFixture k;
        QVERIFY(k.start());
        k.printer->failWith = "paper jam";
        QVERIFY(k.toPayment());
        QVERIFY(k.reader.present(QStringLiteral("pm_card_visa")));
        QTRY_COMPARE_WITH_TIMEOUT(k.window->screen(), KioskWindow::Screen::PrintProblem, 20'000);
        const QString reference = QString::fromStdString(k.scalar("SELECT reference FROM bookings"));
        QVERIFY(!reference.isEmpty());
        QCOMPARE(k.find<QLabel>(QStringLiteral("bookingReference"))->text(), reference);
        auto* qr = k.find<QLabel>(QStringLiteral("bookingQr"));
        QVERIFY(qr);
        QVERIFY(qr->pixmap().width() >= 200);
        // The QR code on screen is the booking reference's (what the counter's lookup scans).
        const QImage expected = TicketPrinter::qrImage(reference);
        const QImage shown =
            qr->pixmap().toImage().scaled(expected.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation);
        QCOMPARE(shown.convertToFormat(QImage::Format_Mono), expected.convertToFormat(QImage::Format_Mono));

        // Paid, booked, and flagged for staff.
        QCOMPARE(k.scalar("SELECT state FROM checkouts"), std::string("COMPLETED"));
        QCOMPARE(k.control->ledger()["counts"]["captures"].get<std::int64_t>(), std::int64_t(1));
        auto open = KioskUnprintedSales::open(*k.store);
        QVERIFY(open);
        QCOMPARE(open->size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(open->front().reference), reference);
        QCOMPARE(open->front().problem, std::string("paper jam"));
        // What a manager lists at the counter: `marquee kiosk unprinted`.
        QString listed, errors, none;
        QTextStream in(&none), out(&listed), err(&errors);
        QCOMPARE(CounterCommands::run({QStringLiteral("marquee"), QStringLiteral("kiosk"), QStringLiteral("unprinted"),
                                       QStringLiteral("--database"), k.databasePath()},
                                      in, out, err),
                 0);
        QVERIFY2(listed.contains(reference) && listed.contains(QStringLiteral("paper jam")), qPrintable(listed));
        QVERIFY(listed.contains(QStringLiteral("1 unprinted kiosk sale(s)")));
        QVERIFY(KioskUnprintedSales::resolve(*k.store, open->front().bookingId, "Meera"));
        QVERIFY(KioskUnprintedSales::open(*k.store)->empty());

        QVERIFY(k.tap(QStringLiteral("doneButton")));
        QCOMPARE(k.window->screen(), KioskWindow::Screen::Attract);
    }

    void ticketPrinterReportsAFolderItCannotWriteAsOffline()
    {
        KioskFixture k;
        QVERIFY(k.start());
        QCOMPARE(k.realPrinter->state(), KioskPrinterState::Ready);
        QFile blocker(k.dir.filePath(QStringLiteral("not-a-folder")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        k.tickets->setPdfDirectory(blocker.fileName() + QStringLiteral("/tickets"));
        QCOMPARE(k.realPrinter->state(), KioskPrinterState::Offline);
    }

    void ticketPrinterWithoutASystemPrinterIsOffline()
    {
        if (!QPrinterInfo::defaultPrinter().isNull()) {
            QSKIP("this machine has a default printer");
        }
        KioskFixture k;
        QVERIFY(k.start());
        k.tickets->setPdfDirectory({});
        QCOMPARE(k.realPrinter->state(), KioskPrinterState::Offline);
    }
};

QTEST_MAIN(TestKioskPrinting)
#include "tst_KioskPrinting.moc"
