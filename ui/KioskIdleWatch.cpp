#include "KioskIdleWatch.h"

#include <QCoreApplication>
#include <QEvent>
#include <algorithm>
#include <cmath>

namespace marquee {

KioskIdleWatch::KioskIdleWatch(int idleMs, int countdownMs, QObject* parent)
    : QObject(parent)
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(idleMs);
    m_countdown.setSingleShot(true);
    m_countdown.setInterval(countdownMs);
    m_tick.setInterval(std::clamp(countdownMs / 15, 50, 1000));
    connect(&m_idle, &QTimer::timeout, this, &KioskIdleWatch::startCountdown);
    connect(&m_tick, &QTimer::timeout, this, [this] { emit countdownTick(secondsLeft()); });
    connect(&m_countdown, &QTimer::timeout, this, [this] {
        m_tick.stop();
        m_armed = false; // the kiosk arms it again for the next customer
        emit timedOut();
    });
    QCoreApplication::instance()->installEventFilter(this);
}

KioskIdleWatch::~KioskIdleWatch()
{
    QCoreApplication::instance()->removeEventFilter(this);
}

void KioskIdleWatch::setArmed(bool armed)
{
    if (armed == m_armed) {
        return;
    }
    m_armed = armed;
    if (armed) {
        m_idle.start();
        return;
    }
    m_idle.stop();
    if (m_countdown.isActive()) {
        m_countdown.stop();
        m_tick.stop();
        emit countdownCancelled();
    }
}

int KioskIdleWatch::secondsLeft() const
{
    if (!m_countdown.isActive()) {
        return 0;
    }
    return static_cast<int>(std::ceil(static_cast<double>(m_deadline.remainingTime()) / 1000.0));
}

void KioskIdleWatch::stillHere()
{
    if (!m_armed) {
        return;
    }
    if (m_countdown.isActive()) {
        m_countdown.stop();
        m_tick.stop();
        emit countdownCancelled();
    }
    m_idle.start();
}

void KioskIdleWatch::startCountdown()
{
    m_deadline.setRemainingTime(m_countdown.interval());
    m_countdown.start();
    m_tick.start();
    emit countdownStarted(secondsLeft());
}

bool KioskIdleWatch::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick:
    case QEvent::TouchBegin:
    case QEvent::KeyPress:
    case QEvent::Wheel:
        if (m_armed && watched->isWidgetType()) {
            stillHere();
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace marquee
