#pragma once
// The manager's queue of sync problems (DESIGN.md, Sync): outbox rows the server refused
// for good (FAILED) or found in conflict (CONFLICT, e.g. a hold that expired before the
// sale reached the server). Each row says what it was, what the server answered and what
// to do; the manager sends it again after fixing the cause, refunds the customer of a
// sale the server refused, or marks it resolved with a note. Nothing leaves the queue
// without a decision.

#include "LocalStore.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace marquee {

class SyncProblemsView : public QWidget
{
    Q_OBJECT
public:
    explicit SyncProblemsView(LocalStore& store, QWidget* parent = nullptr);

    void refresh();
    int problemCount() const;
    QTableWidget* table() const { return m_table; }
    QString message() const;

    // The actions on the selected row (also the buttons). `staff` is who decided.
    bool sendAgain();
    bool refundCustomer(const QString& staff);
    bool markResolved(const QString& note);

signals:
    void problemsChanged(int count);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    std::optional<OutboxItem> selected() const;
    void say(const QString& text, bool warning);

    LocalStore& m_store;
    std::vector<OutboxItem> m_items;
    QTableWidget* m_table = nullptr;
    QLabel* m_intro = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_retry = nullptr;
    QPushButton* m_refund = nullptr;
    QPushButton* m_resolve = nullptr;
};

} // namespace marquee
