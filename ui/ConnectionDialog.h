#pragma once
// The manager's connection settings: which marquee-server this counter sells through, the CA
// file to trust it by, the name it was registered under, its device token (written to the OS
// keychain only, never shown again) and how many seats of each show it keeps leased for
// selling offline. "Test" asks the server for its catalog with these settings on a thread of
// its own (TLS, host name, reachability and the token in one go) and says what it found.
// "Save" stores the settings; "Sell standalone" forgets the server and its token. Both take
// effect when Marquee starts next, because a counter never switches its books mid-shift.

#include "CounterConnection.h"
#include "LocalStore.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace marquee {

class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectionDialog(LocalStore& store, CredentialStore& keychain, QWidget* parent = nullptr);

    QLineEdit* serverField() const { return m_url; }
    QLineEdit* caField() const { return m_ca; }
    QLineEdit* deviceField() const { return m_device; }
    QLineEdit* tokenField() const { return m_token; }
    QSpinBox* leaseField() const { return m_lease; }
    QString message() const;

    // What the fields say (token aside).
    CounterConnection connection() const;
    // Checks and stores the settings (and the token when one was typed); false with a message.
    bool save();
    // Forgets the server and its token.
    bool disconnectCounter();
    // Starts the test; testFinished(ok, text) follows on the UI thread.
    void test();

signals:
    void testFinished(bool ok, const QString& text);

private:
    void showMessage(const QString& text, bool warning);

    LocalStore& m_store;
    CredentialStore& m_keychain;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_ca = nullptr;
    QPushButton* m_browse = nullptr;
    QLineEdit* m_device = nullptr;
    QLineEdit* m_token = nullptr;
    QSpinBox* m_lease = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_test = nullptr;
    QPushButton* m_standalone = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace marquee
