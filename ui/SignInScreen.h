#pragma once
// The first screen of the counter and the one it returns to on sign-out: staff pick their
// name (or type their name or staff number) and enter their PIN on the keypad or keyboard.
// Wrong PINs say so; the fifth in a row locks the account for a while (StaffRoster) and the
// screen says for how long. Works with the keyboard alone: type to find the name, Enter,
// PIN, Enter.

#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace marquee {

class PinPad;
class StaffSession;

class SignInScreen : public QWidget
{
    Q_OBJECT
public:
    explicit SignInScreen(StaffSession& session, QWidget* parent = nullptr);

    // Re-reads the staff list and clears the PIN (each time the screen is shown).
    void reset(const QString& note = {});
    // Chooses a member by name, staff number (the id, or its first 8 characters); true when found.
    bool chooseStaff(const QString& nameOrId);
    QString chosenStaffId() const;
    bool submit();
    QString message() const;
    void focusStart();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    StaffSession& m_session;
    QLabel* m_title = nullptr;
    QLabel* m_staffLabel = nullptr;
    QLineEdit* m_staffField = nullptr;
    QListWidget* m_staff = nullptr;
    QLabel* m_pinLabel = nullptr;
    PinPad* m_pin = nullptr;
    QPushButton* m_signIn = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace marquee
