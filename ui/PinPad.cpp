#include "PinPad.h"

#include <QGridLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace marquee {

PinPad::PinPad(QWidget* parent)
    : QWidget(parent)
{
    m_field = new QLineEdit(this);
    m_field->setObjectName(QStringLiteral("pinField"));
    m_field->setEchoMode(QLineEdit::Password);
    m_field->setMaxLength(8);
    m_field->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,8}")), m_field));
    m_field->setAlignment(Qt::AlignCenter);
    QFont big = m_field->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    m_field->setFont(big);
    connect(m_field, &QLineEdit::returnPressed, this, &PinPad::submitted);

    auto* keys = new QGridLayout;
    keys->setSpacing(6);
    auto key = [&](const QString& text, int row, int column, auto action) {
        auto* button = new QPushButton(text, this);
        button->setFocusPolicy(Qt::NoFocus); // the keyboard types into the field
        button->setMinimumSize(64, 52);
        button->setFont(big);
        connect(button, &QPushButton::clicked, this, action);
        keys->addWidget(button, row, column);
        return button;
    };
    for (int digit = 1; digit <= 9; ++digit) {
        key(QString::number(digit), (digit - 1) / 3, (digit - 1) % 3,
            [this, digit] { m_field->insert(QString::number(digit)); });
    }
    key(QStringLiteral("⌫"), 3, 0, [this] { m_field->backspace(); })->setObjectName(QStringLiteral("pinBackspace"));
    key(QStringLiteral("0"), 3, 1, [this] { m_field->insert(QStringLiteral("0")); });
    key(QStringLiteral("OK"), 3, 2, [this] { emit submitted(); })->setObjectName(QStringLiteral("pinOk"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_field);
    layout->addLayout(keys);
    setFocusProxy(m_field);
}

QString PinPad::pin() const
{
    return m_field->text();
}

void PinPad::clear()
{
    m_field->clear();
}

} // namespace marquee
