#include "ScheduleView.h"

#include "ScheduleModel.h"
#include "ShowCellDelegate.h"
#include "TicketCode.h"

#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace marquee {

ScheduleView::ScheduleView(LocalStore& store, const Catalog& catalog, const CinemaTime& time, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_catalog(catalog)
    , m_time(time)
{
    setObjectName(QStringLiteral("scheduleView"));
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_date = new QDateEdit(this);
    m_date->setObjectName(QStringLiteral("scheduleDate"));
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(QStringLiteral("ddd d MMM yyyy"));
    m_dateLabel = new QLabel(this);
    m_dateLabel->setBuddy(m_date);

    m_screen = new QComboBox(this);
    m_screen->setObjectName(QStringLiteral("screenFilter"));
    m_screenLabel = new QLabel(this);
    m_screenLabel->setBuddy(m_screen);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("filmSearch"));
    m_search->setClearButtonEnabled(true);

    m_model = new ScheduleModel(this);
    m_model->setCatalog(&m_catalog, &m_time);
    m_grid = new QTableView(this);
    m_grid->setObjectName(QStringLiteral("scheduleGrid"));
    m_grid->setModel(m_model);
    m_grid->setItemDelegate(new ShowCellDelegate(m_grid));
    m_grid->setSelectionMode(QAbstractItemView::SingleSelection);
    m_grid->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_grid->setShowGrid(false);
    m_grid->setTabKeyNavigation(false);
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_grid->horizontalHeader()->hide();
    m_grid->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_grid->horizontalHeader()->setDefaultSectionSize(170);
    m_grid->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_grid->verticalHeader()->setDefaultSectionSize(96);
    m_grid->verticalHeader()->setMinimumWidth(190);
    m_grid->verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    QFont headerFont = m_grid->verticalHeader()->font();
    headerFont.setBold(true);
    m_grid->verticalHeader()->setFont(headerFont);
    m_grid->installEventFilter(this);
    m_grid->viewport()->installEventFilter(this);
    m_search->installEventFilter(this);

    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("scheduleEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->hide();

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_title, 1);
    filters->addWidget(m_dateLabel);
    filters->addWidget(m_date);
    filters->addSpacing(12);
    filters->addWidget(m_screenLabel);
    filters->addWidget(m_screen);
    filters->addSpacing(12);
    filters->addWidget(m_search, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_grid, 1);
    layout->addWidget(m_empty);

    m_screen->addItem(QString(), QString());
    for (const auto& screen : m_catalog.screens()) {
        m_screen->addItem(QString::fromStdString(screen->name()), QString::fromStdString(screen->id()));
    }
    retranslate();

    connect(m_date, &QDateEdit::dateChanged, this, [this] {
        if (!m_customTitle) {
            m_title->setText(defaultTitle());
        }
        refresh();
    });
    connect(m_screen, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(m_search, &QLineEdit::textChanged, this, [this] { refresh(); });
    connect(m_grid, &QTableView::activated, this, [this] { chooseCurrent(); });
    connect(m_grid, &QTableView::clicked, this, [this] { chooseCurrent(); });

    m_refresh = new QTimer(this);
    m_refresh->setInterval(5000);
    connect(m_refresh, &QTimer::timeout, this, [this] { refresh(); });
}

void ScheduleView::retranslate()
{
    m_dateLabel->setText(tr("&Date:"));
    m_date->setToolTip(tr("Business day to show (Alt+D)"));
    m_screenLabel->setText(tr("S&creen:"));
    m_screen->setItemText(0, tr("All screens"));
    m_screen->setToolTip(tr("Show one screen only (Alt+C)"));
    m_search->setPlaceholderText(tr("Search film (just type)"));
    m_search->setToolTip(tr("Type anywhere in the grid to search by film; Esc clears"));
    m_grid->setToolTip(tr("Arrows move between shows, Enter sells the chosen show"));
    m_empty->setText(tr("No shows match."));
    if (!m_customTitle) {
        m_title->setText(defaultTitle());
    }
}

void ScheduleView::setTitle(const QString& text)
{
    m_customTitle = !text.isEmpty();
    m_title->setText(m_customTitle ? text : defaultTitle());
}

QString ScheduleView::defaultTitle() const
{
    const QDate day = m_date->date();
    const QString date = QLocale().toString(day, QStringLiteral("dddd d MMMM"));
    return day == m_time.businessDate(m_store.clock().now()) ? tr("Today's shows · %1").arg(date)
                                                             : tr("Shows of %1").arg(date);
}

void ScheduleView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        refresh();
    }
    QWidget::changeEvent(event);
}

void ScheduleView::setDate(QDate date)
{
    if (m_date->date() == date) {
        refresh();
    } else {
        m_date->setDate(date);
    }
}

QDate ScheduleView::date() const
{
    return m_date->date();
}

void ScheduleView::refresh()
{
    const QString keep = currentShowId();
    const QDate day = m_date->date();
    auto shows = m_store.showsBetween(m_time.businessDayStart(day), m_time.businessDayEnd(day));
    std::vector<ShowSummary> kept;
    if (shows) {
        const QString screen = m_screen->currentData().toString();
        const QString search = m_search->text().trimmed();
        for (const auto& summary : *shows) {
            if (!screen.isEmpty() && QString::fromStdString(summary.show.screenId) != screen) {
                continue;
            }
            if (!search.isEmpty() && !search.startsWith(QLatin1String(TicketCode::kPrefix) + QLatin1Char('|'))) {
                const Film* film = m_catalog.film(summary.show.filmId);
                const QString title = QString::fromStdString(film ? film->title : summary.show.filmId);
                if (!title.contains(search, Qt::CaseInsensitive)) {
                    continue;
                }
            }
            kept.push_back(summary);
        }
    }
    m_model->setShows(kept, m_store.clock().now());
    m_empty->setVisible(kept.empty());
    QModelIndex current = m_model->indexOfShow(keep.toStdString());
    if (!current.isValid() && m_model->rowCount() > 0) {
        // First show that has not started yet, else the first show.
        current = m_model->index(0, 0);
        const Timestamp now = m_store.clock().now();
        for (int c = 0; c < m_model->columnCount(); ++c) {
            const ShowSummary* s = m_model->showAt(m_model->index(0, c));
            if (s && s->show.start > now) {
                current = m_model->index(0, c);
                break;
            }
        }
    }
    if (current.isValid()) {
        m_grid->setCurrentIndex(current);
    }
}

void ScheduleView::focusGrid()
{
    m_grid->setFocus(Qt::OtherFocusReason);
}

QString ScheduleView::currentShowId() const
{
    return m_grid->currentIndex().data(ScheduleModel::ShowIdRole).toString();
}

void ScheduleView::chooseCurrent()
{
    if (m_search->text().startsWith(QLatin1String(TicketCode::kPrefix) + QLatin1Char('|'))) {
        const QString code = m_search->text();
        m_search->clear();
        emit ticketScanned(code);
        return;
    }
    const QString id = currentShowId();
    if (!id.isEmpty()) {
        emit showChosen(id);
    }
}

bool ScheduleView::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Paint && watched == m_grid->viewport() && !m_painted) {
        m_painted = true;
        // After this paint has finished, not before.
        QMetaObject::invokeMethod(this, &ScheduleView::firstPainted, Qt::QueuedConnection);
    }
    if (event->type() != QEvent::KeyPress) {
        return QWidget::eventFilter(watched, event);
    }
    auto* key = static_cast<QKeyEvent*>(event);
    if (watched == m_grid) {
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            chooseCurrent();
            return true;
        }
        if (key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            return true;
        }
        if (key->key() == Qt::Key_Backspace) {
            m_search->backspace();
            return true;
        }
        // Type to search: printable text goes to the film search, focus stays on the grid.
        const QString text = key->text();
        if (!text.isEmpty() && text.at(0).isPrint() && !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
            m_search->insert(text);
            return true;
        }
    } else if (watched == m_search) {
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            focusGrid();
            if (key->key() != Qt::Key_Down) {
                chooseCurrent();
            }
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            m_search->clear();
            focusGrid();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ScheduleView::showEvent(QShowEvent* event)
{
    refresh();
    m_refresh->start();
    QWidget::showEvent(event);
}

void ScheduleView::hideEvent(QHideEvent* event)
{
    m_refresh->stop();
    QWidget::hideEvent(event);
}

} // namespace marquee
