// The schedule: today's shows by film, filtered by screen, date and film search, with
// seats left counted by the engine.

#include "CashRegister.h"
#include "CounterFixture.h"
#include "ScheduleModel.h"
#include "ScheduleView.h"

#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QtTest>

using namespace marquee;
using namespace marquee::test;

class TestScheduleView : public QObject
{
    Q_OBJECT

    static int showCount(ScheduleModel* model)
    {
        int n = 0;
        for (int r = 0; r < model->rowCount(); ++r) {
            for (int c = 0; c < model->columnCount(); ++c) {
                n += model->showAt(model->index(r, c)) ? 1 : 0;
            }
        }
        return n;
    }

private slots:
    void listsTheBusinessDaysShowsByFilm()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        ScheduleView* schedule = counter.window->schedule();
        auto shows = counter.store->showsBetween(counter.window->cinemaTime().businessDayStart(schedule->date()),
                                                 counter.window->cinemaTime().businessDayEnd(schedule->date()));
        QCOMPARE(showCount(schedule->model()), int(shows->size()));
        QCOMPARE(schedule->model()->rowCount(), 6); // the demo's six films
        // The cursor starts on a show that has not begun.
        QVERIFY(!schedule->currentShowId().isEmpty());
    }

    void screenFilterAndSearchNarrowTheGrid()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        ScheduleView* schedule = counter.window->schedule();
        const int all = showCount(schedule->model());
        auto* screen = schedule->findChild<QComboBox*>(QStringLiteral("screenFilter"));
        screen->setCurrentIndex(screen->findData(QStringLiteral("screen-3")));
        const int onScreen3 = showCount(schedule->model());
        QVERIFY(onScreen3 > 0 && onScreen3 < all);
        for (int r = 0; r < schedule->model()->rowCount(); ++r) {
            for (int c = 0; c < schedule->model()->columnCount(); ++c) {
                if (const ShowSummary* s = schedule->model()->showAt(schedule->model()->index(r, c))) {
                    QCOMPARE(s->show.screenId, std::string("screen-3"));
                }
            }
        }
        screen->setCurrentIndex(0);
        auto* grid = schedule->findChild<QTableView*>(QStringLiteral("scheduleGrid"));
        grid->setFocus();
        QTest::keyClicks(grid, QStringLiteral("chai"));
        QCOMPARE(schedule->findChild<QLineEdit*>(QStringLiteral("filmSearch"))->text(), QStringLiteral("chai"));
        QCOMPARE(schedule->model()->rowCount(), 1);
        QTest::keyClick(grid, Qt::Key_Escape);
        QCOMPARE(showCount(schedule->model()), all);
        QTest::keyClicks(grid, QStringLiteral("no such film"));
        QCOMPARE(schedule->model()->rowCount(), 0);
    }

    void seatsLeftFollowSales()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        ScheduleView* schedule = counter.window->schedule();
        const QString showId = firstShowOn(*counter.store, "screen-1");
        const QModelIndex before = schedule->model()->indexOfShow(showId.toStdString());
        const int left = before.data(ScheduleModel::SeatsLeftRole).toInt();
        QVERIFY(!sell(counter, showId, {QStringLiteral("A1"), QStringLiteral("A2")}).isEmpty());
        schedule->refresh();
        const QModelIndex after = schedule->model()->indexOfShow(showId.toStdString());
        QCOMPARE(after.data(ScheduleModel::SeatsLeftRole).toInt(), left - 2);
        QVERIFY(after.data(Qt::DisplayRole).toString().contains(QString::number(left - 2)));
    }

    void datePickerShowsAnotherDay()
    {
        CounterFixture counter;
        QVERIFY(counter.start());
        ScheduleView* schedule = counter.window->schedule();
        const QDate today = schedule->date();
        const QString firstToday = schedule->currentShowId();
        schedule->findChild<QDateEdit*>(QStringLiteral("scheduleDate"))->setDate(today.addDays(1));
        QVERIFY(showCount(schedule->model()) > 0);
        QVERIFY(schedule->currentShowId() != firstToday);
        schedule->findChild<QDateEdit*>(QStringLiteral("scheduleDate"))->setDate(today.addDays(30));
        QCOMPARE(showCount(schedule->model()), 0);
    }

    // The business day is the engine's: the store setting business_day_cutoff, as on the
    // shift and the Z-report. 08:30 in the cinema is still the 2nd with a 09:00 cut-off.
    void businessDayFollowsTheStoresCutOff_data()
    {
        QTest::addColumn<QString>("cutoff");
        QTest::addColumn<QDate>("businessDate");
        QTest::newRow("default 06:00") << QString() << QDate(2026, 12, 3);
        QTest::newRow("09:00") << QStringLiteral("09:00") << QDate(2026, 12, 2);
        QTest::newRow("08:00") << QStringLiteral("08:00") << QDate(2026, 12, 3);
    }

    void businessDayFollowsTheStoresCutOff()
    {
        QFETCH(QString, cutoff);
        QFETCH(QDate, businessDate);
        CounterFixture counter;
        QVERIFY(counter.openStore());
        if (!cutoff.isEmpty()) {
            QVERIFY(counter.store->setSetting("business_day_cutoff", cutoff.toStdString()).has_value());
        }
        QVERIFY(counter.showWindow());
        auto rule = CashRegister(*counter.store).businessDayRule();
        QVERIFY(rule.has_value());
        QCOMPARE(CinemaTime::toQDate(rule->dateOf(counter.clock.now())), businessDate);
        QCOMPARE(counter.window->schedule()->date(), businessDate);
        auto* day = counter.window->findChild<QLabel*>(QStringLiteral("businessDateLabel"));
        QVERIFY(day);
        QVERIFY2(day->text().contains(QLocale().toString(businessDate, QLocale::LongFormat)), qPrintable(day->text()));
        // The schedule's day runs from cut-off to cut-off, like the report's.
        QVERIFY(counter.window->cinemaTime().businessDayStart(businessDate) ==
                rule->start(CinemaTime::toYmd(businessDate)));
    }
};

QTEST_MAIN(TestScheduleView)
#include "tst_ScheduleView.moc"
