#include "ScreenshotTour.h"

#include "Basket.h"
#include "MainWindow.h"
#include "PaymentDialog.h"
#include "SalesScreen.h"
#include "ScheduleModel.h"
#include "ScheduleView.h"
#include "SeatMapWidget.h"

#include <QApplication>
#include <QDir>
#include <QTimer>

namespace marquee {

ScreenshotTour::ScreenshotTour(MainWindow& window, QString directory)
    : QObject(&window), m_window(window), m_directory(std::move(directory))
{
}

void ScreenshotTour::save(QWidget* widget, const QString& name)
{
    QApplication::processEvents();
    widget->grab().save(m_directory + QLatin1Char('/') + name);
}

void ScreenshotTour::start()
{
    QDir().mkpath(m_directory);
    QTimer::singleShot(300, this, [this] {
        save(&m_window, QStringLiteral("schedule.png"));
        // The first show on screen 3 that has not started, else any screen-3 show.
        ScheduleModel* model = m_window.schedule()->model();
        QString showId;
        for (int r = 0; r < model->rowCount() && showId.isEmpty(); ++r) {
            for (int c = 0; c < model->columnCount(); ++c) {
                const ShowSummary* s = model->showAt(model->index(r, c));
                if (s && s->show.screenId == "screen-3" && !model->index(r, c).data(ScheduleModel::StartedRole).toBool()) {
                    showId = QString::fromStdString(s->show.id);
                    break;
                }
            }
        }
        for (int r = 0; r < model->rowCount() && showId.isEmpty(); ++r) {
            for (int c = 0; c < model->columnCount(); ++c) {
                const ShowSummary* s = model->showAt(model->index(r, c));
                if (s && s->show.screenId == "screen-3") {
                    showId = QString::fromStdString(s->show.id);
                }
            }
        }
        if (showId.isEmpty()) {
            QApplication::exit(2);
            return;
        }
        m_window.openShow(showId);
        QTimer::singleShot(300, this, [this] {
            save(&m_window, QStringLiteral("seat-map.png"));
            SalesScreen* sales = m_window.sales();
            auto layout = sales->basket().layout();
            std::vector<int> seats;
            for (const char* id : {"H14", "H15", "H16", "H17"}) {
                if (auto index = layout->indexOf(id)) {
                    seats.push_back(*index);
                }
            }
            (void)sales->basket().setSeats(seats);
            if (!seats.empty()) {
                sales->basket().setTicketType(seats.back(), "child");
            }
            sales->refreshNow();
            QTimer::singleShot(300, this, [this, sales] {
                save(&m_window, QStringLiteral("basket.png"));
                sales->startPayment();
                QTimer::singleShot(300, this, [this, sales] {
                    if (PaymentDialog* dialog = sales->paymentDialog()) {
                        dialog->quickCash(2);
                        save(dialog, QStringLiteral("payment.png"));
                        dialog->reject();
                    }
                    sales->abandon();
                    QApplication::quit();
                });
            });
        });
    });
}

} // namespace marquee
