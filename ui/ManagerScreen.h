#pragma once
// The manager's screen (F4): a business day's X-report (any time, changes nothing) or its
// Z-report (closes the day; needs a manager's PIN; numbered without gaps and kept as made),
// a past Z-report again by number, the report as tables and as charts (sales by hour,
// occupancy by show), and the report exported as CSV or PDF or printed (to a PDF when
// there is no printer).

#include "BusinessDay.h"
#include "DayReport.h"
#include "LocalStore.h"

#include <QDate>
#include <QWidget>
#include <optional>

class QChartView;
class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QTabWidget;
class QTextBrowser;

namespace marquee {

class StaffSession;
class SyncService;
struct ChainDailyReport;
class SyncProblemsView;
class SupervisorOverride;

class ManagerScreen : public QWidget
{
    Q_OBJECT
public:
    ManagerScreen(LocalStore& store, StaffSession& session, SupervisorOverride& override, BusinessDayRule rule,
                  QWidget* parent = nullptr);

    void setDate(QDate date);
    QDate date() const;
    void setPdfDirectory(const QString& dir) { m_pdfDirectory = dir; }
    const std::optional<DayReport>& report() const { return m_report; }
    QString message() const;
    QTextBrowser* view() const { return m_view; }
    QTabWidget* tabs() const { return m_tabs; }
    void focusStart();

    bool showXReport();
    bool closeDay();
    bool showZReport(std::int64_t number);
    bool exportCsv(const QString& path);
    bool exportPdf(const QString& path);
    // Prints on the default printer, or into a PDF when there is none; returns where it went.
    QString print();

    // A connected counter: a "Whole cinema" tab with the chain-wide totals of the business
    // day from the server (GET /v1/reports/daily), asked for off the UI thread whenever the
    // X-report is shown or the date changes.
    void setSync(SyncService* sync);
    void requestChainTotals();
    QTextBrowser* chainView() const { return m_chain; }

signals:
    void backRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showReport(DayReport report);
    void refreshZList();
    void showMessage(const QString& text, bool warning);
    QString creatorName(const std::string& staffId);

    LocalStore& m_store;
    StaffSession& m_session;
    SupervisorOverride& m_override;
    BusinessDayRule m_rule;
    QString m_pdfDirectory;
    QLabel* m_dateLabel = nullptr;
    QDateEdit* m_date = nullptr;
    QPushButton* m_x = nullptr;
    QPushButton* m_z = nullptr;
    QLabel* m_pastLabel = nullptr;
    QComboBox* m_past = nullptr;
    QPushButton* m_showPast = nullptr;
    QPushButton* m_csv = nullptr;
    QPushButton* m_pdf = nullptr;
    QPushButton* m_print = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_connection = nullptr;
    QTextBrowser* m_chain = nullptr; // connected counters only
    SyncService* m_sync = nullptr;
    void showChainTotals(const QString& businessDate, const ChainDailyReport& report, const QString& error);
    void retranslateChainTab();
    QTabWidget* m_tabs = nullptr;
    QTextBrowser* m_view = nullptr;
    QChartView* m_hours = nullptr;
    QChartView* m_occupancy = nullptr;
    QLabel* m_message = nullptr;
    SyncProblemsView* m_problems = nullptr; // connected counters only
    std::optional<DayReport> m_report;
};

} // namespace marquee
