// Every kiosk screen, in portrait (1080x1920) and landscape (1920x1080): each touch target is
// at least 48 px, and the English/Hindi switch is on every screen and works there. With
// MARQUEE_KIOSK_SCREENSHOTS=<dir> the walk also saves each screen as
// <dir>/kiosk-<orientation>-<screen>.png (docs/screenshots, see docs/kiosk.md).

#include "KioskFixture.h"

#include <QAbstractButton>
#include <QDir>
#include <QLabel>
#include <QLayout>

using namespace marquee;
using namespace marquee::test;

namespace {

bool hasDevanagari(const QString& text)
{
    return std::ranges::any_of(text, [](QChar c) { return c.unicode() >= 0x0900 && c.unicode() <= 0x097F; });
}

} // namespace

class TestKioskScreens : public QObject
{
    Q_OBJECT

    QString m_orientation;
    QSize m_size;
    QStringList m_shots;

    // Every button whole on the screen and at least 48 px.
    void targetsFit(KioskFixture& k, const QString& name)
    {
        QCoreApplication::processEvents();
        QCOMPARE(k.window->size(), m_size); // the window is the screen's size
        for (auto* button : k.window->findChildren<QAbstractButton*>()) {
            if (!button->isVisible() || button->objectName() == QLatin1String("exitCorner")) {
                continue;
            }
            // Whole, on the screen: a page that does not fit would push its last buttons out.
            const QRect onScreen(button->mapTo(k.window.get(), QPoint(0, 0)), button->size());
            QVERIFY2(k.window->rect().contains(onScreen),
                     qPrintable(QStringLiteral("%1: %2 is off the screen").arg(name, button->objectName())));
            QVERIFY2(button->width() >= 48 && button->height() >= 48, qPrintable(QStringLiteral("%1: %2 is %3x%4")
                                                                                     .arg(name, button->objectName())
                                                                                     .arg(button->width())
                                                                                     .arg(button->height())));
        }
    }

    // The checks every screen passes (in both languages), then its picture.
    void screen(KioskFixture& k, const QString& name, bool switchLanguage = true)
    {
        targetsFit(k, name);
        if (QTest::currentTestFailed()) {
            return;
        }
        const QString dir = qEnvironmentVariable("MARQUEE_KIOSK_SCREENSHOTS");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            const QString file = QStringLiteral("%1/kiosk-%2-%3.png").arg(dir, m_orientation, name);
            QVERIFY(k.window->grab().save(file));
            m_shots << file;
        }
        if (!switchLanguage) {
            return;
        }
        // The language switch is here and changes this screen's words.
        auto* language = k.find<QAbstractButton>(QStringLiteral("languageButton"));
        QVERIFY2(language, qPrintable(name));
        QVERIFY(k.tap(language));
        QCOMPARE(UiLanguage::current(), QStringLiteral("hi"));
        bool hindi = false;
        for (auto* label : k.window->findChildren<QLabel*>()) {
            if (label->isVisible() && label->objectName() != QLatin1String("cinemaName") &&
                hasDevanagari(label->text())) {
                hindi = true;
            }
        }
        QVERIFY2(hindi, qPrintable(name + QStringLiteral(": no Hindi on the screen")));
        targetsFit(k, name + QStringLiteral(" (Hindi)")); // the longer words fit as well
        if (QTest::currentTestFailed()) {
            return;
        }
        QVERIFY(k.tap(QStringLiteral("languageButton")));
        QCOMPARE(UiLanguage::current(), QStringLiteral("en"));
    }

private slots:
    void everyScreen_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("portrait") << QSize(1080, 1920);
        QTest::newRow("landscape") << QSize(1920, 1080);
    }

    void everyScreen()
    {
        QFETCH(QSize, size);
        m_orientation = QString::fromLatin1(QTest::currentDataTag());
        m_size = size;
        KioskOptions options = fastKioskOptions();
        KioskFixture k;
        QVERIFY(k.start(options, size));
        QCOMPARE(k.window->size(), size);

        screen(k, QStringLiteral("attract"));
        QVERIFY(k.tap(QStringLiteral("languageButton")));
        screen(k, QStringLiteral("attract-hindi"), false);
        QVERIFY(k.tap(QStringLiteral("languageButton")));

        QVERIFY(k.tap(QStringLiteral("kioskStart")));
        screen(k, QStringLiteral("films"));
        QWidget* film = nullptr;
        for (QWidget* w : k.window->findChildren<QWidget*>()) {
            if (w->isVisible() && w->objectName().startsWith(QLatin1String("film_"))) {
                film = w;
                break;
            }
        }
        QVERIFY(k.tap(film));
        screen(k, QStringLiteral("times"));
        QWidget* show = nullptr;
        for (QWidget* w : k.window->findChildren<QWidget*>()) {
            if (w->isVisible() && w->isEnabled() && w->objectName().startsWith(QLatin1String("show_"))) {
                show = w;
                break;
            }
        }
        QVERIFY(k.tap(show));
        screen(k, QStringLiteral("seats"));
        QVERIFY(k.tap(QStringLiteral("contrastButton")));
        QVERIFY(k.window->highContrast());
        screen(k, QStringLiteral("seats-high-contrast"));
        QVERIFY(k.tap(QStringLiteral("contrastButton")));
        QVERIFY(!k.window->highContrast());

        QVERIFY(k.tap(QStringLiteral("seatsContinue")));
        screen(k, QStringLiteral("tickets"));
        k.printer->forcedState = KioskPrinterState::NoPaper;
        QVERIFY(k.tap(QStringLiteral("payButton")));
        screen(k, QStringLiteral("printer-problem"));
        QVERIFY(k.tap(QStringLiteral("backButton")));
        k.printer->forcedState.reset();
        QVERIFY(k.tap(QStringLiteral("payButton")));
        screen(k, QStringLiteral("payment"));
        QVERIFY(k.reader.present(QStringLiteral("pm_card_chargeDeclined")));
        QTRY_VERIFY_WITH_TIMEOUT(k.window->paymentText().contains(QStringLiteral("declined")), 20'000);
        screen(k, QStringLiteral("payment-declined"));

        k.control->setFaults({{"latency_ms", 1'500}});
        QVERIFY(k.reader.present(QStringLiteral("pm_card_visa")));
        QTRY_VERIFY_WITH_TIMEOUT(k.window->paymentText().contains(QStringLiteral("bank")), 5'000);
        screen(k, QStringLiteral("payment-processing"), false);
        QTRY_COMPARE_WITH_TIMEOUT(k.window->screen(), KioskWindow::Screen::Done, 20'000);
        k.control->setFaults({{"latency_ms", 0}});
        screen(k, QStringLiteral("done"));
        QVERIFY(k.tap(QStringLiteral("doneButton")));

        k.printer->failWith = "no paper";
        QVERIFY(k.toPayment());
        QVERIFY(k.reader.present(QStringLiteral("pm_card_visa")));
        QTRY_COMPARE_WITH_TIMEOUT(k.window->screen(), KioskWindow::Screen::PrintProblem, 20'000);
        screen(k, QStringLiteral("print-problem"));
        QVERIFY(k.tap(QStringLiteral("doneButton")));

        QVERIFY(k.toSeats());
        k.window->idleWatch().setIdleMs(200);
        k.window->idleWatch().stillHere();
        QTRY_VERIFY_WITH_TIMEOUT(k.find(QStringLiteral("stillThere")), 3'000);
        screen(k, QStringLiteral("still-there"), false);
        QVERIFY(k.tap(QStringLiteral("stillHereButton")));
        k.window->idleWatch().setIdleMs(60'000);
        k.window->idleWatch().stillHere();

        QWidget* corner = k.window->findChild<QWidget*>(QStringLiteral("exitCorner"));
        QTest::touchEvent(k.window.get(), k.touchScreen).press(0, QPoint(10, 10), corner);
        QTRY_VERIFY_WITH_TIMEOUT(k.window->isExitOpen(), 3'000);
        QTest::touchEvent(k.window.get(), k.touchScreen).release(0, QPoint(10, 10), corner);
        screen(k, QStringLiteral("exit-pin"), false);
        QVERIFY(k.tap(QStringLiteral("exitCancel")));
    }
};

QTEST_MAIN(TestKioskScreens)
#include "tst_KioskScreens.moc"
