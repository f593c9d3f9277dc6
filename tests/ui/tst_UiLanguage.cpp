// The Hindi translation is built into the app and switches the main screens' strings.

#include "CounterFixture.h"
#include "MainWindow.h"
#include "UiLanguage.h"

#include <QLabel>
#include <QPushButton>
#include <QtTest>

using namespace marquee;
using namespace marquee::test;

class TestUiLanguage : public QObject
{
    Q_OBJECT
private slots:
    void hindiIsBuiltIn()
    {
        QVERIFY(UiLanguage::apply(QStringLiteral("hi")));
        QCOMPARE(UiLanguage::current(), QStringLiteral("hi"));
        QCOMPARE(QCoreApplication::translate("marquee::SalesScreen", "&Pay"), QStringLiteral("भुगतान (&P)"));
        QVERIFY(UiLanguage::apply(QStringLiteral("en")));
        QCOMPARE(QCoreApplication::translate("marquee::SalesScreen", "&Pay"), QStringLiteral("&Pay"));
    }

    void openWindowFollowsTheLanguage()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        auto* connection = counter.window->findChild<QLabel*>(QStringLiteral("connectionLabel"));
        QCOMPARE(connection->text(), QStringLiteral("Standalone"));
        counter.window->setLanguage(QStringLiteral("hi"));
        QTRY_COMPARE(connection->text(), QStringLiteral("स्वतंत्र"));
        auto* pay = counter.window->sales()->findChild<QPushButton*>(QStringLiteral("payButton"));
        QCOMPARE(pay->text(), QStringLiteral("भुगतान (&P)"));
        counter.window->setLanguage(QStringLiteral("en"));
        QTRY_COMPARE(connection->text(), QStringLiteral("Standalone"));
    }

    void englishPluralsReadWell()
    {
        QVERIFY(UiLanguage::apply(QStringLiteral("en")));
        QCOMPARE(QCoreApplication::translate("marquee::ShowCellDelegate", "%n left", nullptr, 1),
                 QStringLiteral("1 left"));
        QCOMPARE(QCoreApplication::translate("marquee::ScheduleModel", "%1, %2, %n seats left", nullptr, 1),
                 QStringLiteral("%1, %2, 1 seat left"));
    }
};

QTEST_MAIN(TestUiLanguage)
#include "tst_UiLanguage.moc"
