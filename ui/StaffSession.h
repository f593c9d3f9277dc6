#pragma once
// Who is at the counter: the member of staff signed in with their PIN, for whom sales,
// refunds and audit rows are recorded. Signs out by itself after a spell without keys or
// clicks (QSettings staff/idleMinutes, default 5; 0 never), but never in the middle of a
// modal dialog such as a payment: the timer starts again when the dialog has closed.

#include "StaffRoster.h"

#include <QObject>
#include <optional>

class QTimer;

namespace marquee {

class StaffSession : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIdleMinutes = 5;

    explicit StaffSession(LocalStore& store, QObject* parent = nullptr);
    ~StaffSession() override;

    StaffRoster& roster() { return m_roster; }
    const std::optional<StaffMember>& member() const { return m_member; }
    bool isSignedIn() const { return m_member.has_value(); }
    // The id recorded on sales and audit rows; empty while nobody is signed in.
    std::string staffId() const { return m_member ? m_member->id : std::string(); }
    QString staffName() const;

    // The name of the member of staff with this id, for receipts and screens (sales record
    // the id); the text itself when it is no id (sales made before staff sign-in).
    static QString nameFor(LocalStore& store, const std::string& staffId);

    Result<StaffMember> signIn(const std::string& staffId, const std::string& pin);
    // Without a PIN: `marquee --staff NAME` for demos and tests. Audited as such.
    Result<StaffMember> signInByName(const QString& name);
    void signOut();

    void setIdleTimeout(int milliseconds);
    int idleTimeout() const { return m_idleMs; }

signals:
    void signedIn(const StaffMember& member);
    void signedOut(bool idle);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onIdle();
    void endSession(bool idle);

    LocalStore& m_store;
    StaffRoster m_roster;
    std::optional<StaffMember> m_member;
    QTimer* m_idle = nullptr;
    int m_idleMs = kDefaultIdleMinutes * 60'000;
};

} // namespace marquee
