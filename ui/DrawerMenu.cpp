#include "DrawerMenu.h"

#include "BlindCountDialog.h"
#include "CashMovementDialog.h"
#include "MoneyText.h"
#include "StaffSession.h"

#include <QAction>
#include <QDateTime>
#include <QInputDialog>
#include <QMenu>
#include <QWidget>

namespace marquee {

DrawerMenu::DrawerMenu(LocalStore& store, StaffSession& session, Currency currency, QWidget* window)
    : QObject(window)
    , m_store(store)
    , m_session(session)
    , m_currency(currency)
    , m_window(window)
    , m_drawer(store)
{
    m_menu = new QMenu(window);
    m_menu->setObjectName(QStringLiteral("shiftMenu"));
    m_open = m_menu->addAction(QString(), this, &DrawerMenu::askOpenShift);
    m_open->setObjectName(QStringLiteral("openShiftAction"));
    m_open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_cash = m_menu->addAction(QString(), this, &DrawerMenu::askMoveCash);
    m_cash->setObjectName(QStringLiteral("cashMovementAction"));
    m_cash->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_close = m_menu->addAction(QString(), this, &DrawerMenu::askCloseShift);
    m_close->setObjectName(QStringLiteral("closeShiftAction"));
    m_close->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    retranslate();
}

QList<QAction*> DrawerMenu::actions() const
{
    return {m_open, m_cash, m_close};
}

void DrawerMenu::retranslate()
{
    m_menu->setTitle(tr("S&hift"));
    m_open->setText(tr("&Open shift…"));
    m_open->setToolTip(tr("Open a shift on this counter with a float (Ctrl+Shift+O)"));
    m_cash->setText(tr("Cash &in or out…"));
    m_cash->setToolTip(tr("Put cash into the drawer or take it out, with a reason (Ctrl+Shift+M)"));
    m_close->setText(tr("&Close shift…"));
    m_close->setToolTip(tr("Count the drawer and close the shift (Ctrl+Shift+C)"));
}

QString DrawerMenu::money(std::int64_t minor) const
{
    return MoneyText::format(Money(minor, m_currency));
}

QString DrawerMenu::statusText()
{
    auto shift = m_drawer.currentShift();
    if (!shift || !*shift) {
        return tr("No shift open");
    }
    const auto opened = QDateTime::fromMSecsSinceEpoch(toEpochMs((*shift)->openedAt));
    return tr("Shift open since %1").arg(QLocale().toString(opened.toLocalTime().time(), QLocale::ShortFormat));
}

Result<Shift> DrawerMenu::openShift(std::int64_t floatMinor)
{
    auto shift = m_drawer.openShift(m_session.staffId(), floatMinor);
    if (shift) {
        emit message(tr("Shift opened with a float of %1.").arg(money(floatMinor)), false);
        emit shiftChanged();
    } else {
        emit message(tr("The shift was not opened: %1").arg(QString::fromStdString(shift.error().message)), true);
    }
    return shift;
}

Result<void> DrawerMenu::moveCash(std::int64_t amountMinor, const QString& reason)
{
    auto shift = m_drawer.currentShift();
    if (!shift) {
        return errorOf(shift);
    }
    if (!*shift) {
        emit message(tr("Open a shift first (Ctrl+Shift+O)."), true);
        return fail(ErrorCode::Conflict, "no shift is open on this counter");
    }
    auto moved = m_drawer.moveCash((*shift)->id, amountMinor, reason.toStdString(), m_session.staffId());
    if (moved) {
        emit message(amountMinor > 0 ? tr("%1 put into the drawer: %2.").arg(money(amountMinor), reason)
                                     : tr("%1 taken out of the drawer: %2.").arg(money(-amountMinor), reason),
                     false);
    } else {
        emit message(tr("The cash movement was not recorded: %1").arg(QString::fromStdString(moved.error().message)),
                     true);
    }
    return moved;
}

Result<Shift> DrawerMenu::closeShift(const std::map<std::int64_t, std::int64_t>& counts)
{
    auto shift = m_drawer.currentShift();
    if (!shift) {
        return errorOf(shift);
    }
    if (!*shift) {
        emit message(tr("No shift is open on this counter."), true);
        return fail(ErrorCode::Conflict, "no shift is open on this counter");
    }
    auto closed = m_drawer.closeShift((*shift)->id, counts, m_session.staffId());
    if (!closed) {
        emit message(tr("The shift was not closed: %1").arg(QString::fromStdString(closed.error().message)), true);
        return closed;
    }
    const std::int64_t variance = closed->varianceMinor();
    QString text = tr("Shift closed. Expected %1, counted %2, ")
                       .arg(money(closed->expectedMinor.value_or(0)), money(closed->countedMinor.value_or(0)));
    text += variance == 0  ? tr("no variance.")
            : variance > 0 ? tr("short by %1.").arg(money(variance))
                           : tr("over by %1.").arg(money(-variance));
    emit message(text, variance != 0);
    emit shiftChanged();
    return closed;
}

void DrawerMenu::askOpenShift()
{
    bool ok = false;
    const QString text = QInputDialog::getText(m_window, tr("Open shift"), tr("Float in the drawer:"),
                                               QLineEdit::Normal, QString(), &ok);
    if (!ok) {
        return;
    }
    auto amount = MoneyText::parse(text, m_currency);
    if (!amount || amount->isNegative()) {
        emit message(tr("The float must be an amount, for example 2000."), true);
        return;
    }
    openShift(amount->minor());
}

void DrawerMenu::askMoveCash()
{
    CashMovementDialog dialog(m_currency, m_window);
    if (dialog.exec() == QDialog::Accepted) {
        moveCash(dialog.amountMinor(), dialog.reason());
    }
}

void DrawerMenu::askCloseShift()
{
    auto shift = m_drawer.currentShift();
    if (!shift || !*shift) {
        emit message(tr("No shift is open on this counter."), true);
        return;
    }
    BlindCountDialog dialog(m_currency, m_window);
    if (dialog.exec() == QDialog::Accepted) {
        closeShift(dialog.counts());
    }
}

} // namespace marquee
