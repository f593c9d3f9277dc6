#pragma once
// `marquee --screenshots DIR`: walks the main screens on the real window (schedule, the
// 600-seat screen 3's seat map, a basket, the payment dialog), saves each with
// QWidget::grab, releases the demo hold and quits. For docs/screenshots under Xvfb; run it
// on a scratch demo database (it sells sample seats into a demo database that has none).

#include <QObject>
#include <QString>

namespace marquee {

class MainWindow;

class ScreenshotTour : public QObject
{
    Q_OBJECT
public:
    ScreenshotTour(MainWindow& window, QString directory);

public slots:
    void start();

private:
    void save(QWidget* widget, const QString& name);
    // On a demo database without any sales, sells some shows (one sold out, one almost
    // full, some half full) so the schedule's marks and bars show up in the pictures.
    void sellSampleShows();

    MainWindow& m_window;
    QString m_directory;
};

} // namespace marquee
