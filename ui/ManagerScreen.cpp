#include "ManagerScreen.h"

#include "CinemaTime.h"
#include "ConnectionDialog.h"
#include "KeyShortcut.h"
#include "KeychainCredentialStore.h"
#include "MoneyText.h"
#include "ReportCharts.h"
#include "ReportDocument.h"
#include "StaffSession.h"
#include "SupervisorOverride.h"
#include "SyncProblemsView.h"
#include "SyncService.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPrinter>
#include <QPrinterInfo>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace marquee {

ManagerScreen::ManagerScreen(LocalStore& store, StaffSession& session, SupervisorOverride& override,
                             BusinessDayRule rule, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_session(session)
    , m_override(override)
    , m_rule(std::move(rule))
{
    setObjectName(QStringLiteral("managerScreen"));
    m_dateLabel = new QLabel(this);
    m_date = new QDateEdit(this);
    m_date->setObjectName(QStringLiteral("reportDate"));
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_dateLabel->setBuddy(m_date);
    m_x = new QPushButton(this);
    m_x->setObjectName(QStringLiteral("xReportButton"));
    m_z = new QPushButton(this);
    m_z->setObjectName(QStringLiteral("zReportButton"));
    m_pastLabel = new QLabel(this);
    m_past = new QComboBox(this);
    m_past->setObjectName(QStringLiteral("pastZReports"));
    m_past->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_past->setMinimumContentsLength(16);
    m_pastLabel->setBuddy(m_past);
    m_showPast = new QPushButton(this);
    m_showPast->setObjectName(QStringLiteral("showPastZButton"));
    m_csv = new QPushButton(this);
    m_csv->setObjectName(QStringLiteral("exportCsvButton"));
    m_pdf = new QPushButton(this);
    m_pdf->setObjectName(QStringLiteral("exportPdfButton"));
    m_print = new QPushButton(this);
    m_print->setObjectName(QStringLiteral("printReportButton"));
    m_back = new QPushButton(this);
    m_back->setObjectName(QStringLiteral("managerBackButton"));
    m_connection = new QPushButton(this);
    m_connection->setObjectName(QStringLiteral("connectionButton"));
    KeyShortcut::bind(QKeySequence(Qt::Key_Escape), m_back);
    KeyShortcut::bind(QKeySequence(Qt::CTRL | Qt::Key_P), m_print);

    m_view = new QTextBrowser(this);
    m_view->setObjectName(QStringLiteral("reportView"));
    m_hours = new QChartView(this);
    m_hours->setObjectName(QStringLiteral("salesByHourView"));
    m_hours->setRenderHint(QPainter::Antialiasing);
    m_occupancy = new QChartView(this);
    m_occupancy->setObjectName(QStringLiteral("occupancyView"));
    m_occupancy->setRenderHint(QPainter::Antialiasing);
    auto* charts = new QWidget(this);
    auto* chartsLayout = new QHBoxLayout(charts);
    chartsLayout->addWidget(m_hours, 1);
    chartsLayout->addWidget(m_occupancy, 1);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("reportTabs"));
    m_tabs->addTab(m_view, QString());
    m_tabs->addTab(charts, QString());
    if (m_store.connected()) {
        // A connected counter's changes the server refused wait here for a decision.
        m_problems = new SyncProblemsView(m_store, this);
        m_tabs->addTab(m_problems, QString());
        connect(m_problems, &SyncProblemsView::problemsChanged, this, [this] { retranslate(); });
    }
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("managerMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* top = new QHBoxLayout;
    top->addWidget(m_dateLabel);
    top->addWidget(m_date);
    top->addWidget(m_x);
    top->addWidget(m_z);
    top->addSpacing(18);
    top->addWidget(m_pastLabel);
    top->addWidget(m_past);
    top->addWidget(m_showPast);
    top->addStretch(1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_back);
    bottom->addWidget(m_connection);
    bottom->addStretch(1);
    bottom->addWidget(m_csv);
    bottom->addWidget(m_pdf);
    bottom->addWidget(m_print);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(bottom);

    connect(m_connection, &QPushButton::clicked, this, [this] {
        auto approval = m_override.approve(ProtectedAction::ServerConnection,
                                           tr("Change which server this counter sells through"), "connection", this);
        if (!approval) {
            showMessage(tr("The connection was not changed: %1").arg(m_override.lastError()), true);
            return;
        }
        KeychainCredentialStore keychain;
        ConnectionDialog dialog(m_store, keychain, this);
        dialog.exec();
    });
    connect(m_x, &QPushButton::clicked, this, &ManagerScreen::showXReport);
    connect(m_z, &QPushButton::clicked, this, &ManagerScreen::closeDay);
    connect(m_showPast, &QPushButton::clicked, this, [this] {
        if (m_past->currentIndex() >= 0) {
            showZReport(m_past->currentData().toLongLong());
        }
    });
    connect(m_csv, &QPushButton::clicked, this, [this] {
        if (!m_report) {
            return;
        }
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export CSV"),
            QDir::home().filePath(QStringLiteral("report-%1.csv").arg(QString::fromStdString(m_report->businessDate))),
            tr("CSV files (*.csv)"));
        if (!path.isEmpty()) {
            exportCsv(path);
        }
    });
    connect(m_pdf, &QPushButton::clicked, this, [this] {
        if (!m_report) {
            return;
        }
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export PDF"),
            QDir::home().filePath(QStringLiteral("report-%1.pdf").arg(QString::fromStdString(m_report->businessDate))),
            tr("PDF files (*.pdf)"));
        if (!path.isEmpty()) {
            exportPdf(path);
        }
    });
    connect(m_print, &QPushButton::clicked, this, &ManagerScreen::print);
    connect(m_back, &QPushButton::clicked, this, &ManagerScreen::backRequested);
    for (QPushButton* b : {m_csv, m_pdf, m_print}) {
        b->setEnabled(false);
    }
    retranslate();
    refreshZList();
}

void ManagerScreen::retranslate()
{
    m_dateLabel->setText(tr("Business &day"));
    m_x->setText(tr("&X-report"));
    m_x->setToolTip(tr("The day's figures so far; changes nothing (Alt+X)"));
    m_z->setText(tr("&Z-report: close the day"));
    m_z->setToolTip(tr("Closes the business day for good, with the next Z number; needs a manager's PIN (Alt+Z)"));
    m_pastLabel->setText(tr("&Past Z-reports"));
    m_showPast->setText(tr("&Show"));
    m_showPast->setToolTip(tr("Show a past Z-report exactly as it was made, to reprint it (Alt+S)"));
    m_csv->setText(tr("Export &CSV…"));
    m_pdf->setText(tr("Export PD&F…"));
    m_print->setText(tr("Print"));
    m_print->setToolTip(tr("Print the report; to a PDF when there is no printer (Ctrl+P)"));
    m_back->setText(tr("Back"));
    m_connection->setText(tr("Server co&nnection…"));
    m_connection->setToolTip(tr("Which Marquee server this counter sells through (managers only)"));
    m_back->setToolTip(tr("Back to the schedule (Esc)"));
    m_tabs->setTabText(0, tr("Report"));
    m_tabs->setTabText(1, tr("Charts"));
    if (m_problems)
        m_tabs->setTabText(2, tr("Sync problems (%1)").arg(m_problems->problemCount()));
    retranslateChainTab();
}

void ManagerScreen::retranslateChainTab()
{
    if (m_chain) {
        m_tabs->setTabText(m_tabs->indexOf(m_chain), tr("Whole cinema (server)"));
    }
}

void ManagerScreen::setSync(SyncService* sync)
{
    m_sync = sync;
    if (!sync || m_chain) {
        return;
    }
    m_chain = new QTextBrowser(this);
    m_chain->setObjectName(QStringLiteral("chainTotalsView"));
    m_tabs->addTab(m_chain, QString());
    retranslateChainTab();
    connect(sync, &SyncService::dailyReportAnswered, this, &ManagerScreen::showChainTotals);
    connect(m_date, &QDateEdit::dateChanged, this, [this] { requestChainTotals(); });
}

void ManagerScreen::requestChainTotals()
{
    if (!m_sync || !m_chain) {
        return;
    }
    const QString day = date().toString(Qt::ISODate);
    m_chain->setHtml(tr("<p>Asking the server for every counter's sales on %1…</p>").arg(day.toHtmlEscaped()));
    m_sync->requestDailyReport(day);
}

void ManagerScreen::showChainTotals(const QString& businessDate, const ChainDailyReport& report, const QString& error)
{
    if (!m_chain || businessDate != date().toString(Qt::ISODate)) {
        return; // an answer for another day than the one shown now
    }
    if (!error.isEmpty()) {
        m_chain->setHtml(tr("<p><b>The server's totals for %1 cannot be shown now:</b> %2</p>"
                            "<p>This counter's own figures are on the Report tab.</p>")
                             .arg(businessDate.toHtmlEscaped(), error.toHtmlEscaped()));
        return;
    }
    const Currency currency = Currency::fromCode(report.currency).value_or(Currency());
    auto money = [&](std::int64_t minor) { return MoneyText::format(Money(minor, currency)).toHtmlEscaped(); };
    auto row = [](const QStringList& cells) {
        QString html = QStringLiteral("<tr>");
        for (const QString& cell : cells) {
            html += QStringLiteral("<td style='padding:2px 10px'>%1</td>").arg(cell);
        }
        return html + QStringLiteral("</tr>");
    };
    QString html =
        QStringLiteral("<h2>%1</h2>").arg(tr("Whole cinema, business day %1").arg(businessDate.toHtmlEscaped()));
    html += QStringLiteral("<p>%1</p>").arg(tr("Every counter, kiosk and sales channel, as the server has it."));
    html += QStringLiteral("<table>");
    html += row({tr("Tickets"), QString::number(report.tickets)});
    html += row({tr("Sales"), money(report.grossMinor)});
    html += row({tr("of which tax"), money(report.taxMinor)});
    html += row({tr("Refunded"), money(report.refundedMinor)});
    html += row({QStringLiteral("<b>%1</b>").arg(tr("Net")), QStringLiteral("<b>%1</b>").arg(money(report.netMinor))});
    html += QStringLiteral("</table><h3>%1</h3><table>").arg(tr("By payment method"));
    html += row({tr("Method"), tr("Payments"), tr("Taken"), tr("Refunded"), tr("Net")});
    auto methodName = [](const std::string& method) {
        if (method == "CASH")
            return tr("Cash");
        if (method == "CARD_TERMINAL")
            return tr("Card (terminal)");
        if (method == "CARD_GATEWAY")
            return tr("Card (online)");
        if (method == "EXCHANGE_CREDIT")
            return tr("Exchange credit");
        return QString::fromStdString(method);
    };
    for (const auto& line : report.payments) {
        html += row({methodName(line.key).toHtmlEscaped(), QString::number(line.count), money(line.grossMinor),
                     money(line.refundedMinor), money(line.netMinor)});
    }
    html += QStringLiteral("</table><h3>%1</h3><table>").arg(tr("By show"));
    html += row({tr("Show"), tr("Tickets"), tr("Sales"), tr("Tax")});
    const auto catalog = m_store.catalog(LocalStore::CatalogPart::WithoutShows);
    for (const auto& line : report.shows) {
        QString name = QString::fromStdString(line.key);
        if (auto show = m_store.show(line.key)) {
            const Film* film = catalog ? catalog->film(show->filmId) : nullptr;
            const QDateTime start = CinemaTime(m_rule).toLocal(show->start); // the cinema's time
            name = QStringLiteral("%1, %2").arg(QString::fromStdString(film ? film->title : show->filmId),
                                                QLocale().toString(start, QLocale::ShortFormat));
        }
        html += row({name.toHtmlEscaped(), QString::number(line.count), money(line.grossMinor), money(line.taxMinor)});
    }
    html += QStringLiteral("</table>");
    m_chain->setHtml(html);
}

void ManagerScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void ManagerScreen::setDate(QDate date)
{
    m_date->setDate(date);
}

QDate ManagerScreen::date() const
{
    return m_date->date();
}

QString ManagerScreen::message() const
{
    return m_message->text();
}

void ManagerScreen::focusStart()
{
    refreshZList();
    m_x->setFocus(Qt::OtherFocusReason);
}

void ManagerScreen::showMessage(const QString& text, bool warning)
{
    m_message->setText(text);
    m_message->setStyleSheet(warning ? QStringLiteral("QLabel { color: #b71c1c; font-weight: bold; }") : QString());
}

QString ManagerScreen::creatorName(const std::string& staffId)
{
    auto member = m_session.roster().find(staffId);
    return member ? QString::fromStdString(member->name) : QString::fromStdString(staffId);
}

void ManagerScreen::refreshZList()
{
    m_past->clear();
    for (std::int64_t number = 1;; ++number) {
        auto z = DayReports(m_store).zReport(number);
        if (!z) {
            break;
        }
        m_past->insertItem(0, tr("Z %1 — %2").arg(number).arg(QString::fromStdString(z->businessDate)),
                           QVariant::fromValue(qlonglong(number)));
    }
    m_past->setCurrentIndex(m_past->count() > 0 ? 0 : -1);
    m_showPast->setEnabled(m_past->count() > 0);
}

void ManagerScreen::showReport(DayReport report)
{
    ReportDocument doc(report, m_rule.zone);
    doc.setCreatorName(creatorName(report.createdBy));
    m_view->setHtml(doc.html());
    auto* oldHours = m_hours->chart();
    auto* oldOccupancy = m_occupancy->chart();
    m_hours->setChart(ReportCharts::salesByHour(report));
    m_occupancy->setChart(ReportCharts::occupancyByShow(report, m_rule.zone));
    delete oldHours;
    delete oldOccupancy;
    m_report = std::move(report);
    for (QPushButton* b : {m_csv, m_pdf, m_print}) {
        b->setEnabled(true);
    }
}

bool ManagerScreen::showXReport()
{
    if (!m_session.isSignedIn()) {
        return false;
    }
    requestChainTotals();
    auto report = DayReports(m_store).xReport(CinemaTime::toYmd(date()), m_session.staffId());
    if (!report) {
        showMessage(tr("No X-report: %1").arg(QString::fromStdString(report.error().message)), true);
        return false;
    }
    showReport(*report);
    showMessage(tr("X-report for %1: figures so far, nothing closed.").arg(date().toString(Qt::ISODate)), false);
    return true;
}

bool ManagerScreen::closeDay()
{
    const QString day = date().toString(Qt::ISODate);
    auto approval = m_override.approve(
        ProtectedAction::ZReport, tr("Z-report: close business day %1 for good").arg(day), day.toStdString(), this);
    if (!approval) {
        showMessage(tr("The day was not closed: %1").arg(m_override.lastError()), true);
        return false;
    }
    auto report = DayReports(m_store).closeDay(CinemaTime::toYmd(date()), approval->approver.id);
    if (!report) {
        showMessage(tr("The day was not closed: %1").arg(QString::fromStdString(report.error().message)), true);
        return false;
    }
    showReport(*report);
    refreshZList();
    showMessage(tr("Business day %1 closed with Z-report %2.").arg(day).arg(*report->zNumber), false);
    return true;
}

bool ManagerScreen::showZReport(std::int64_t number)
{
    auto report = DayReports(m_store).zReport(number);
    if (!report) {
        showMessage(QString::fromStdString(report.error().message), true);
        return false;
    }
    showReport(*report);
    showMessage(tr("Z-report %1 of %2, as it was made.").arg(number).arg(QString::fromStdString(report->businessDate)),
                false);
    return true;
}

bool ManagerScreen::exportCsv(const QString& path)
{
    if (!m_report) {
        return false;
    }
    auto written = ReportDocument(*m_report, m_rule.zone).writeCsv(path);
    showMessage(written ? tr("CSV written to %1.").arg(path)
                        : tr("The CSV was not written: %1").arg(QString::fromStdString(written.error().message)),
                !written);
    return written.has_value();
}

bool ManagerScreen::exportPdf(const QString& path)
{
    if (!m_report) {
        return false;
    }
    ReportDocument doc(*m_report, m_rule.zone);
    doc.setCreatorName(creatorName(m_report->createdBy));
    auto written = doc.writePdf(path);
    showMessage(written ? tr("PDF written to %1 (%2 pages).").arg(path).arg(*written)
                        : tr("The PDF was not written: %1").arg(QString::fromStdString(written.error().message)),
                !written);
    return written.has_value();
}

QString ManagerScreen::print()
{
    if (!m_report) {
        return {};
    }
    ReportDocument doc(*m_report, m_rule.zone);
    doc.setCreatorName(creatorName(m_report->createdBy));
    const QString name = QStringLiteral("%1-%2").arg(m_report->zNumber ? QStringLiteral("z%1").arg(*m_report->zNumber)
                                                                       : QStringLiteral("x"),
                                                     QString::fromStdString(m_report->businessDate));
    if (m_pdfDirectory.isEmpty() && !QPrinterInfo::defaultPrinter().isNull()) {
        QPrinter printer(QPrinterInfo::defaultPrinter(), QPrinter::HighResolution);
        printer.setPageSize(QPageSize(QPageSize::A4));
        printer.setDocName(name);
        auto printed = doc.paint(printer);
        showMessage(printed ? tr("Sent to %1.").arg(printer.printerName())
                            : tr("Not printed: %1").arg(QString::fromStdString(printed.error().message)),
                    !printed);
        return printed ? printer.printerName() : QString();
    }
    QString dir = m_pdfDirectory;
    if (dir.isEmpty()) {
        dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/Marquee reports");
    }
    QDir().mkpath(dir);
    const QString path = QDir(dir).filePath(
        name + QDateTime::currentDateTimeUtc().toString(QStringLiteral("-yyyyMMdd-HHmmss")) + QStringLiteral(".pdf"));
    if (!exportPdf(path)) {
        return {};
    }
    showMessage(tr("No printer: the report went to %1.").arg(path), false);
    return path;
}

} // namespace marquee
