#include "ScreenshotTour.h"

#include "Basket.h"
#include "MainWindow.h"
#include "PaymentDialog.h"
#include "SalesScreen.h"
#include "ScheduleModel.h"
#include "ScheduleView.h"
#include "SeatMapWidget.h"
#include "Uuid.h"

#include <QApplication>
#include <QDir>
#include <QGuiApplication>
#include <QScreen>
#include <QTimer>

namespace marquee {

ScreenshotTour::ScreenshotTour(MainWindow& window, QString directory)
    : QObject(&window)
    , m_window(window)
    , m_directory(std::move(directory))
{
}

void ScreenshotTour::save(QWidget* widget, const QString& name)
{
    QApplication::processEvents();
    widget->grab().save(m_directory + QLatin1Char('/') + name);
}

void ScreenshotTour::sellSampleShows()
{
    LocalStore& store = m_window.store();
    if (m_window.catalog().cinema().id != "demo") {
        return;
    }
    const QDate day = m_window.schedule()->date();
    auto shows =
        store.showsBetween(m_window.cinemaTime().businessDayStart(day), m_window.cinemaTime().businessDayEnd(day));
    if (!shows) {
        return;
    }
    for (const auto& s : *shows) {
        if (s.booked > 0) {
            return; // not a fresh demo database: leave it alone
        }
    }
    int n = 0;
    for (const auto& s : *shows) {
        // Sold out, almost full, then alternately half and a quarter full.
        const double share = n == 1 ? 1.0 : n == 4 ? 0.95 : (n % 2 == 0 ? 0.5 : 0.25);
        ++n;
        auto layout = store.layoutForShow(s.show.id);
        if (!layout) {
            continue;
        }
        std::vector<std::string> seats;
        const int wanted = int(s.capacity * share);
        for (const Seat& seat : (*layout)->seats()) {
            if (int(seats.size()) >= wanted) {
                break;
            }
            if (seat.isSellable()) {
                seats.push_back(seat.id);
            }
        }
        // Sold in groups of up to ten, like real customers.
        for (std::size_t from = 0; from < seats.size(); from += 10) {
            HoldRequest request;
            request.requestId = newUuid();
            request.showId = s.show.id;
            request.seats.assign(seats.begin() + std::ptrdiff_t(from),
                                 seats.begin() + std::ptrdiff_t(std::min(seats.size(), from + 10)));
            auto held = store.hold(request);
            if (!held || !held->granted()) {
                continue;
            }
            Sale sale;
            sale.bookingId = newUuid();
            sale.staff = "Sample";
            std::vector<TicketLine> lines;
            for (const auto& id : request.seats) {
                TicketLine line;
                line.seatId = id;
                line.ticketTypeId = "adult";
                lines.push_back(line);
            }
            auto priced = store.priceLines(s.show.id, lines);
            if (!priced) {
                (void)store.release(held->hold->id);
                continue;
            }
            sale.lines = *priced;
            Payment cash;
            cash.id = newUuid();
            cash.amount = Money::zero(priced->front().price.currency());
            for (const auto& line : *priced) {
                cash.amount = cash.amount.plus(line.price).value_or(cash.amount);
            }
            sale.payments.push_back(cash);
            (void)store.confirm(held->hold->id, sale);
        }
    }
}

void ScreenshotTour::start()
{
    QDir().mkpath(m_directory);
    sellSampleShows();
    m_window.schedule()->refresh();
    QTimer::singleShot(300, this, [this] {
        save(&m_window, QStringLiteral("schedule.png"));
        // The first show on screen 3 that has not started, else any screen-3 show.
        ScheduleModel* model = m_window.schedule()->model();
        QString showId;
        for (int r = 0; r < model->rowCount() && showId.isEmpty(); ++r) {
            for (int c = 0; c < model->columnCount(); ++c) {
                const ShowSummary* s = model->showAt(model->index(r, c));
                if (s && s->show.screenId == "screen-3" &&
                    !model->index(r, c).data(ScheduleModel::StartedRole).toBool()) {
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
                        QApplication::processEvents();
                        // The whole screen, so the dialog is seen over the sales screen.
                        QScreen* screen = m_window.screen();
                        QPixmap shot =
                            screen->grabWindow(0, m_window.frameGeometry().x(), m_window.frameGeometry().y(),
                                               m_window.frameGeometry().width(), m_window.frameGeometry().height());
                        if (shot.isNull() || QGuiApplication::platformName() == QLatin1String("offscreen")) {
                            shot = dialog->grab();
                        }
                        shot.save(m_directory + QStringLiteral("/payment.png"));
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
