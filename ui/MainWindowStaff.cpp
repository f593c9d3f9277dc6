// The main window's staff side: the sign-in screen in front of the counter, signing out
// (by hand or when idle), the supervisor override gate for the screens, the Shift menu and
// the manager screen. Kept apart from MainWindow.cpp so the selling side stays readable.

#include "BookingLookupScreen.h"
#include "DrawerMenu.h"
#include "MainWindow.h"
#include "ManagerScreen.h"
#include "SalesScreen.h"
#include "ScheduleView.h"
#include "SignInScreen.h"
#include "StaffSession.h"
#include "SupervisorOverride.h"

#include <QAction>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QStackedWidget>
#include <QStatusBar>

namespace marquee {

Q_LOGGING_CATEGORY(lcStaff, "marquee.ui.staff")

void MainWindow::setUpStaff()
{
    m_session = new StaffSession(m_store, this);
    m_override = new SupervisorOverride(*m_session, this);
    m_sales->setOverride(m_override);
    m_lookup->setOverride(m_override);

    m_manager = new ManagerScreen(m_store, *m_session, *m_override, m_dayRule, this);
    m_manager->setPdfDirectory(m_options.pdfDirectory);
    m_stack->addWidget(m_manager);
    connect(m_manager, &ManagerScreen::backRequested, this, &MainWindow::showSchedule);

    // The sign-in screen stands in front of the whole counter (banner and screens).
    m_signIn = new SignInScreen(*m_session, this);
    m_counter = takeCentralWidget();
    m_outer = new QStackedWidget(this);
    m_outer->addWidget(m_signIn);
    m_outer->addWidget(m_counter);
    setCentralWidget(m_outer);

    m_drawer = new DrawerMenu(m_store, *m_session, m_catalog.cinema().currency, this);
    menuBar()->insertMenu(m_viewMenu->menuAction(), m_drawer->menu());
    connect(m_drawer, &DrawerMenu::message, this, [this](const QString& text, bool) {
        m_banner->setText(text);
        m_banner->show();
    });
    connect(m_drawer, &DrawerMenu::shiftChanged, this, &MainWindow::retranslateStaff);

    m_managerAction = new QAction(this);
    m_managerAction->setObjectName(QStringLiteral("managerAction"));
    m_managerAction->setShortcut(QKeySequence(Qt::Key_F4));
    connect(m_managerAction, &QAction::triggered, this, &MainWindow::showManager);
    m_goMenu->addAction(m_managerAction);
    m_signOutAction = new QAction(this);
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    m_signOutAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_signOutAction, &QAction::triggered, m_session, &StaffSession::signOut);
    m_fileMenu->insertAction(m_quitAction, m_signOutAction);
    addAction(m_managerAction);
    addAction(m_signOutAction);
    addActions(m_drawer->actions()); // their shortcuts work while the menu is closed

    m_shiftLabel = new QLabel(this);
    m_shiftLabel->setObjectName(QStringLiteral("shiftLabel"));
    statusBar()->insertWidget(1, m_shiftLabel);

    connect(m_session, &StaffSession::signedIn, this, &MainWindow::onSignedIn);
    connect(m_session, &StaffSession::signedOut, this, &MainWindow::onSignedOut);

    // `--staff NAME` signs in without a PIN (demos, tests); otherwise the PIN screen.
    if (!m_options.staff.isEmpty()) {
        if (auto member = m_session->signInByName(m_options.staff); !member) {
            qCWarning(lcStaff) << "--staff" << m_options.staff << "not signed in:" << member.error().message.c_str();
            onSignedOut(false);
            m_signIn->reset(tr("%1: %2").arg(m_options.staff, QString::fromStdString(member.error().message)));
        }
    } else {
        onSignedOut(false);
    }
}

bool MainWindow::isCounterShown() const
{
    return m_outer->currentWidget() == m_counter;
}

void MainWindow::retranslateStaff()
{
    m_staffLabel->setText(m_session->isSignedIn() ? tr("Signed in: %1").arg(m_session->staffName())
                                                  : tr("Nobody signed in"));
    m_staffLabel->setToolTip(tr("Sign out with Ctrl+L; idle counters sign out by themselves"));
    m_shiftLabel->setText(m_session->isSignedIn() ? m_drawer->statusText() : QString());
    m_managerAction->setText(tr("&Manager and reports"));
    m_managerAction->setToolTip(tr("X- and Z-reports, exports and charts (F4)"));
    m_signOutAction->setText(tr("Sign &out"));
    m_signOutAction->setToolTip(tr("Sign out; the next person signs in with their PIN (Ctrl+L)"));
    m_drawer->retranslate();
}

void MainWindow::onSignedIn()
{
    const QString id = QString::fromStdString(m_session->staffId());
    m_sales->setStaff(id);
    m_lookup->setStaff(id);
    for (QAction* action : actions()) {
        action->setEnabled(true);
    }
    m_goMenu->setEnabled(true);
    m_drawer->menu()->setEnabled(true);
    m_outer->setCurrentWidget(m_counter);
    retranslateStaff();
    m_banner->clear();
    m_banner->hide();
    showSchedule();
}

void MainWindow::onSignedOut(bool idle)
{
    // Seats held for a customer go back on sale; nobody may sell under the last name.
    m_sales->abandon();
    m_sales->setStaff(QString());
    m_lookup->setStaff(QString());
    for (QAction* action : actions()) {
        if (action != m_quitAction && action != m_darkAction) {
            action->setEnabled(false);
        }
    }
    m_goMenu->setEnabled(false);
    m_drawer->menu()->setEnabled(false);
    m_stack->setCurrentWidget(m_schedule);
    m_outer->setCurrentWidget(m_signIn);
    m_signIn->reset(idle ? tr("Signed out after a while without use.") : QString());
    m_signIn->focusStart();
    retranslateStaff();
}

void MainWindow::showManager()
{
    if (!m_session->isSignedIn()) {
        return;
    }
    if (m_stack->currentWidget() == m_sales) {
        m_sales->abandon();
    }
    m_manager->setDate(m_businessDate);
    m_stack->setCurrentWidget(m_manager);
    m_manager->focusStart();
}

} // namespace marquee
