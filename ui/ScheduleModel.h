#pragma once
// The day's schedule as a grid: one row per film, its shows left to right by start time.
// Each cell carries the show's id, time, screen and seat counts for ShowCellDelegate.

#include "Catalog.h"
#include "CinemaTime.h"
#include "LocalStore.h"

#include <QAbstractTableModel>
#include <vector>

namespace marquee {

class ScheduleModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role
    {
        ShowIdRole = Qt::UserRole + 1,
        SeatsLeftRole,
        CapacityRole,
        StartRole, // QDateTime in the cinema's zone
        ScreenNameRole,
        StartedRole, // the show has begun
    };

    explicit ScheduleModel(QObject* parent = nullptr);

    void setCatalog(const Catalog* catalog, const CinemaTime* time)
    {
        m_catalog = catalog;
        m_time = time;
    }
    // Shows of the day (already filtered), laid out by film.
    void setShows(const std::vector<ShowSummary>& shows, Timestamp now);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    const ShowSummary* showAt(const QModelIndex& index) const;
    QModelIndex indexOfShow(const std::string& showId) const;

private:
    struct FilmRow
    {
        std::string filmId;
        QString title;
        std::vector<ShowSummary> shows;
    };
    const Catalog* m_catalog = nullptr;
    const CinemaTime* m_time = nullptr;
    std::vector<FilmRow> m_rows;
    int m_columns = 0;
    Timestamp m_now;
};

} // namespace marquee
