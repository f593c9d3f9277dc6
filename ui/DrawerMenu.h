#pragma once
// The Shift menu of the counter: open a shift with a float, cash in or out with a reason,
// close with a blind count. Each step is a small dialog; what happened (the variance after
// a close) is said through message(), which the main window shows in its banner.

#include "CashRegister.h"
#include "Money.h"

#include <QObject>

class QAction;
class QMenu;
class QWidget;

namespace marquee {

class StaffSession;

class DrawerMenu : public QObject
{
    Q_OBJECT
public:
    DrawerMenu(LocalStore& store, StaffSession& session, Currency currency, QWidget* window);

    QMenu* menu() const { return m_menu; }
    QList<QAction*> actions() const;
    // Text for the status bar: the shift open on this counter, or none.
    QString statusText();

    // The steps without their dialogs (the dialogs call these; so do tests).
    Result<Shift> openShift(std::int64_t floatMinor);
    Result<void> moveCash(std::int64_t amountMinor, const QString& reason);
    Result<Shift> closeShift(const std::map<std::int64_t, std::int64_t>& counts);

public slots:
    void askOpenShift();
    void askMoveCash();
    void askCloseShift();
    void retranslate();

signals:
    void message(const QString& text, bool warning);
    void shiftChanged();

private:
    QString money(std::int64_t minor) const;

    LocalStore& m_store;
    StaffSession& m_session;
    Currency m_currency;
    QWidget* m_window;
    CashRegister m_drawer;
    QMenu* m_menu = nullptr;
    QAction* m_open = nullptr;
    QAction* m_cash = nullptr;
    QAction* m_close = nullptr;
};

} // namespace marquee
