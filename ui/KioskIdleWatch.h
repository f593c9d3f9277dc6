#pragma once
// The kiosk's idle timer (issue 8 "Abandonment"): while armed, no touch, click or key for the
// idle time starts a "Still there?" countdown; any input during it, or stillHere(), cancels it;
// when it runs out, timedOut() and the kiosk abandons the sale. Disarmed (the start screen, a
// payment in progress, the last screens) nothing runs, and disarming cancels a countdown, so a
// card presented during the countdown is never cut off. Input is seen through an application
// event filter: every widget's touches count, including those on overlays.

#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>

namespace marquee {

class KioskIdleWatch : public QObject
{
    Q_OBJECT
public:
    KioskIdleWatch(int idleMs, int countdownMs, QObject* parent = nullptr);
    ~KioskIdleWatch() override;

    void setArmed(bool armed);
    bool isArmed() const { return m_armed; }
    bool isCountingDown() const { return m_countdown.isActive(); }
    int secondsLeft() const;
    void setIdleMs(int ms) { m_idle.setInterval(ms); }
    int idleMs() const { return m_idle.interval(); }

public slots:
    // The customer is here (input, or the "I'm still here" button).
    void stillHere();

signals:
    void countdownStarted(int secondsLeft);
    void countdownTick(int secondsLeft);
    void countdownCancelled();
    void timedOut();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void startCountdown();
    QTimer m_idle;
    QTimer m_countdown;
    QTimer m_tick;
    QDeadlineTimer m_deadline;
    bool m_armed = false;
};

} // namespace marquee
