#include "KioskCardReader.h"

namespace marquee {

SimulatedCardReader::SimulatedCardReader(QString autoCard, int autoDelayMs, QObject* parent)
    : KioskCardReader(parent)
    , m_autoCard(std::move(autoCard))
{
    m_auto.setSingleShot(true);
    m_auto.setInterval(autoDelayMs);
    connect(&m_auto, &QTimer::timeout, this, [this] { present(m_autoCard); });
}

void SimulatedCardReader::start()
{
    m_waiting = true;
    if (!m_autoCard.isEmpty()) {
        m_auto.start();
    }
}

void SimulatedCardReader::cancel()
{
    m_waiting = false;
    m_auto.stop();
}

bool SimulatedCardReader::present(const QString& paymentMethod)
{
    if (!m_waiting || paymentMethod.isEmpty()) {
        return false;
    }
    m_waiting = false;
    m_auto.stop();
    emit cardPresented(paymentMethod);
    return true;
}

} // namespace marquee
