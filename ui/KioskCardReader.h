#pragma once
// The kiosk's card reader: the customer taps or inserts a card and the reader hands over a
// payment method (a token the gateway takes, "pm_card_visa"); the card number never reaches
// Marquee. start() arms the reader for one card, cancel() disarms it; cardPresented() comes
// once per start().
//
// SimulatedCardReader stands in for the hardware with the gateway simulator's test cards
// (docs/payments.md): tests present the card they choose, the demo presents one by itself.

#include <QObject>
#include <QString>
#include <QTimer>

namespace marquee {

class KioskCardReader : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void start() = 0;
    virtual void cancel() = 0;
    virtual bool isWaiting() const = 0;

signals:
    void cardPresented(const QString& paymentMethod);
};

class SimulatedCardReader final : public KioskCardReader
{
    Q_OBJECT
public:
    // `autoCard` non-empty: that card is presented `autoDelayMs` after each start() (the demo).
    explicit SimulatedCardReader(QString autoCard = {}, int autoDelayMs = 2'000, QObject* parent = nullptr);

    void start() override;
    void cancel() override;
    bool isWaiting() const override { return m_waiting; }

    // A customer taps this card; ignored (false) when the reader was not started.
    bool present(const QString& paymentMethod);

private:
    QString m_autoCard;
    QTimer m_auto;
    bool m_waiting = false;
};

} // namespace marquee
