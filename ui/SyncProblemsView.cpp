#include "SyncProblemsView.h"

#include "MoneyText.h"
#include "Uuid.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>

namespace marquee {

namespace {

// The server's problem code and detail from its stored answer.
std::pair<QString, QString> problemOf(const OutboxItem& item)
{
    auto json = nlohmann::json::parse(item.response, nullptr, false);
    QString code, detail;
    if (json.is_object()) {
        code = QString::fromStdString(json.value("code", std::string()));
        detail = QString::fromStdString(json.value("detail", std::string()));
    }
    if (detail.isEmpty())
        detail = QString::fromStdString(item.lastError);
    return {code, detail};
}

} // namespace

SyncProblemsView::SyncProblemsView(LocalStore& store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("syncProblems"));
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_table = new QTableWidget(0, 5, this);
    m_table->setObjectName(QStringLiteral("syncProblemsTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("syncProblemsMessage"));
    m_message->setWordWrap(true);
    m_retry = new QPushButton(this);
    m_retry->setObjectName(QStringLiteral("sendAgainButton"));
    m_refund = new QPushButton(this);
    m_refund->setObjectName(QStringLiteral("refundCustomerButton"));
    m_resolve = new QPushButton(this);
    m_resolve->setObjectName(QStringLiteral("markResolvedButton"));
    connect(m_retry, &QPushButton::clicked, this, [this] { sendAgain(); });
    connect(m_refund, &QPushButton::clicked, this, [this] { refundCustomer(QString()); });
    connect(m_resolve, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString note = QInputDialog::getText(this, tr("Mark resolved"), tr("How was it resolved?"),
                                                   QLineEdit::Normal, QString(), &ok);
        if (ok)
            markResolved(note);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_retry);
    buttons->addWidget(m_refund);
    buttons->addWidget(m_resolve);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    retranslate();
    refresh();
}

void SyncProblemsView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SyncProblemsView::retranslate()
{
    m_intro->setText(tr("Changes the server refused. A conflict is a sale the server could not accept "
                        "(its seats were no longer held): refund the customer or reseat them, then mark it "
                        "resolved. A failure is a change the server will never accept as sent: fix the cause "
                        "and send it again, or mark it resolved."));
    m_table->setHorizontalHeaderLabels({tr("What"), tr("Booking"), tr("Server said"), tr("Tries"), tr("Details")});
    m_retry->setText(tr("&Send again"));
    m_refund->setText(tr("&Refund the customer"));
    m_resolve->setText(tr("&Mark resolved…"));
}

void SyncProblemsView::refresh()
{
    auto problems = m_store.outbox().problems();
    m_items = problems ? std::move(*problems) : std::vector<OutboxItem>{};
    m_table->setRowCount(static_cast<int>(m_items.size()));
    for (int row = 0; row < static_cast<int>(m_items.size()); ++row) {
        const OutboxItem& item = m_items[std::size_t(row)];
        const auto [code, detail] = problemOf(item);
        const QString what = item.state == OutboxState::Conflict ? tr("Conflict") : tr("Failed");
        const QString kind = item.kind == OutboxKind::Booking  ? tr("sale")
                             : item.kind == OutboxKind::Refund ? tr("refund")
                                                               : tr("payment");
        auto booking = m_store.booking(item.aggregate);
        const QString reference =
            booking ? QString::fromStdString(booking->reference) : QString::fromStdString(item.aggregate);
        const QString cells[] = {what + QStringLiteral(" — ") + kind, reference,
                                 QString::number(item.lastStatus) + (code.isEmpty() ? QString() : " " + code),
                                 QString::number(item.attempts), detail};
        for (int column = 0; column < 5; ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells[column]));
    }
    m_table->resizeColumnsToContents();
    if (!m_items.empty() && m_table->currentRow() < 0)
        m_table->selectRow(0);
    const bool any = !m_items.empty();
    m_retry->setEnabled(any);
    m_refund->setEnabled(any);
    m_resolve->setEnabled(any);
    emit problemsChanged(problemCount());
}

int SyncProblemsView::problemCount() const
{
    return static_cast<int>(m_items.size());
}

QString SyncProblemsView::message() const
{
    return m_message->text();
}

void SyncProblemsView::say(const QString& text, bool warning)
{
    m_message->setText(text);
    m_message->setStyleSheet(warning ? QStringLiteral("color: #b3261e;") : QString());
}

std::optional<OutboxItem> SyncProblemsView::selected() const
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= static_cast<int>(m_items.size()))
        return std::nullopt;
    return m_items[std::size_t(row)];
}

bool SyncProblemsView::sendAgain()
{
    auto item = selected();
    if (!item)
        return false;
    auto retried = m_store.outbox().retry(item->seq);
    if (!retried) {
        say(QString::fromStdString(retried.error().message), true);
        return false;
    }
    say(tr("Queued to send again."), false);
    refresh();
    return true;
}

bool SyncProblemsView::refundCustomer(const QString& staff)
{
    auto item = selected();
    if (!item || item->kind != OutboxKind::Booking) {
        say(tr("Only a sale can be refunded from here."), true);
        return false;
    }
    auto booking = m_store.booking(item->aggregate);
    if (!booking) {
        say(QString::fromStdString(booking.error().message), true);
        return false;
    }
    const auto [code, detail] = problemOf(*item);
    RefundRequest request;
    request.refundId = newUuid();
    request.bookingId = booking->id;
    request.reason = "the server refused the sale (" +
                     (code.isEmpty() ? std::to_string(item->lastStatus) : code.toStdString()) + ")";
    request.staff = staff.toStdString();
    if (booking->state != BookingState::Refunded) {
        auto refunded = m_store.refund(request);
        if (!refunded) {
            say(QString::fromStdString(refunded.error().message), true);
            return false;
        }
    }
    auto resolved = m_store.outbox().resolve(item->seq, "customer refunded");
    if (!resolved) {
        say(QString::fromStdString(resolved.error().message), true);
        return false;
    }
    say(tr("Booking %1 refunded: give the customer %2 back.")
            .arg(QString::fromStdString(booking->reference), MoneyText::format(booking->total)),
        false);
    refresh();
    return true;
}

bool SyncProblemsView::markResolved(const QString& note)
{
    auto item = selected();
    if (!item)
        return false;
    auto resolved = m_store.outbox().resolve(item->seq, note.trimmed().toStdString());
    if (!resolved) {
        say(QString::fromStdString(resolved.error().message), true);
        return false;
    }
    say(tr("Marked resolved."), false);
    refresh();
    return true;
}

} // namespace marquee
