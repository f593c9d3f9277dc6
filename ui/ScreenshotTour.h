#pragma once
// `marquee --screenshots DIR`: walks the main screens on the real window (schedule, the
// 600-seat screen 3's seat map, a basket, the payment dialog), saves each with
// QWidget::grab, releases the demo hold and quits. For docs/screenshots under Xvfb.

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

    MainWindow& m_window;
    QString m_directory;
};

} // namespace marquee
