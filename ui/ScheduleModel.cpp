#include "ScheduleModel.h"

#include <algorithm>

namespace marquee {

ScheduleModel::ScheduleModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ScheduleModel::setShows(const std::vector<ShowSummary>& shows, Timestamp now)
{
    beginResetModel();
    m_rows.clear();
    m_now = now;
    for (const auto& summary : shows) {
        auto row = std::find_if(m_rows.begin(), m_rows.end(),
                                [&](const FilmRow& r) { return r.filmId == summary.show.filmId; });
        if (row == m_rows.end()) {
            FilmRow fresh;
            fresh.filmId = summary.show.filmId;
            const Film* film = m_catalog ? m_catalog->film(summary.show.filmId) : nullptr;
            fresh.title = QString::fromStdString(film ? film->title : summary.show.filmId);
            m_rows.push_back(std::move(fresh));
            row = std::prev(m_rows.end());
        }
        row->shows.push_back(summary);
    }
    std::sort(m_rows.begin(), m_rows.end(),
              [](const FilmRow& a, const FilmRow& b) { return QString::localeAwareCompare(a.title, b.title) < 0; });
    m_columns = 0;
    for (auto& row : m_rows) {
        std::sort(row.shows.begin(), row.shows.end(),
                  [](const ShowSummary& a, const ShowSummary& b) { return a.show.start < b.show.start; });
        m_columns = std::max(m_columns, int(row.shows.size()));
    }
    endResetModel();
}

int ScheduleModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ScheduleModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

const ShowSummary* ScheduleModel::showAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size())) {
        return nullptr;
    }
    const auto& shows = m_rows[std::size_t(index.row())].shows;
    return index.column() < int(shows.size()) ? &shows[std::size_t(index.column())] : nullptr;
}

QModelIndex ScheduleModel::indexOfShow(const std::string& showId) const
{
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        for (std::size_t c = 0; c < m_rows[r].shows.size(); ++c) {
            if (m_rows[r].shows[c].show.id == showId) {
                return index(int(r), int(c));
            }
        }
    }
    return {};
}

QVariant ScheduleModel::data(const QModelIndex& index, int role) const
{
    const ShowSummary* summary = showAt(index);
    if (!summary) {
        return {};
    }
    const QDateTime start = m_time ? m_time->toLocal(summary->show.start) : QDateTime();
    auto screen = m_catalog ? m_catalog->screen(summary->show.screenId) : nullptr;
    const QString screenName = QString::fromStdString(screen ? screen->name() : summary->show.screenId);
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1, %2, %n seats left", nullptr, summary->seatsLeft())
            .arg(QLocale().toString(start.time(), QLocale::ShortFormat), screenName);
    case Qt::ToolTipRole:
        return tr("%1 at %2 on %3: %4 of %5 seats left. Press Enter to sell.")
            .arg(m_rows[std::size_t(index.row())].title, QLocale().toString(start.time(), QLocale::ShortFormat),
                 screenName)
            .arg(summary->seatsLeft())
            .arg(summary->capacity);
    case ShowIdRole:
        return QString::fromStdString(summary->show.id);
    case SeatsLeftRole:
        return summary->seatsLeft();
    case CapacityRole:
        return summary->capacity;
    case StartRole:
        return start;
    case ScreenNameRole:
        return screenName;
    case StartedRole:
        return summary->show.start <= m_now;
    default:
        return {};
    }
}

QVariant ScheduleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole) {
        return {};
    }
    if (orientation == Qt::Vertical) {
        return section < int(m_rows.size()) ? m_rows[std::size_t(section)].title : QVariant();
    }
    return QVariant();
}

Qt::ItemFlags ScheduleModel::flags(const QModelIndex& index) const
{
    return showAt(index) ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags;
}

} // namespace marquee
