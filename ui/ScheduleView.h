#pragma once
// The first screen of a sale: the business day's shows as a grid of films and times, with
// seats left, an occupancy bar and sold-out / almost-full marks; filter by screen, pick a
// date, search by film. Keyboard: type to search, arrows to move, Enter to sell.

#include "Catalog.h"
#include "CinemaTime.h"
#include "LocalStore.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace marquee {

class ScheduleModel;

class ScheduleView : public QWidget
{
    Q_OBJECT
public:
    ScheduleView(LocalStore& store, const Catalog& catalog, const CinemaTime& time, QWidget* parent = nullptr);

    void setDate(QDate date);
    QDate date() const;
    // Re-reads seat counts from the store (the grid keeps its current cell).
    void refresh();
    void focusGrid();
    // The show under the cursor, empty when none.
    QString currentShowId() const;
    ScheduleModel* model() const { return m_model; }
    // A title for a special purpose (choosing the new show of an exchange); empty: the date.
    void setTitle(const QString& text);

signals:
    void showChosen(const QString& showId);
    // The grid has been painted for the first time (start-up is over for the cashier).
    void firstPainted();
    // A ticket's QR code was scanned (a scanner types it, then Enter) while on the schedule.
    void ticketScanned(const QString& code);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void chooseCurrent();
    QString defaultTitle() const;

    LocalStore& m_store;
    const Catalog& m_catalog;
    const CinemaTime& m_time;
    QLabel* m_title = nullptr;
    QLabel* m_dateLabel = nullptr;
    QLabel* m_screenLabel = nullptr;
    QDateEdit* m_date = nullptr;
    QComboBox* m_screen = nullptr;
    QLineEdit* m_search = nullptr;
    QTableView* m_grid = nullptr;
    QLabel* m_empty = nullptr;
    ScheduleModel* m_model = nullptr;
    QTimer* m_refresh = nullptr;
    bool m_customTitle = false;
    bool m_painted = false;
};

} // namespace marquee
