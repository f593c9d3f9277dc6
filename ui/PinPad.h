#pragma once
// A PIN field with a big on-screen keypad for touch screens. The keyboard works as well:
// digits type, Backspace deletes, Enter submits. The PIN is never shown.

#include <QWidget>

class QLineEdit;

namespace marquee {

class PinPad : public QWidget
{
    Q_OBJECT
public:
    explicit PinPad(QWidget* parent = nullptr);

    QLineEdit* field() const { return m_field; }
    QString pin() const;
    void clear();

signals:
    void submitted();

private:
    QLineEdit* m_field = nullptr;
};

} // namespace marquee
