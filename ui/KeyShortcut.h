#pragma once
// A function-key shortcut for a button that also has a mnemonic (&Pay). QAbstractButton
// has one shortcut only, and setText() replaces it with the text's mnemonic, so F9, Esc or
// Ctrl+R set on the button itself vanish at the first retranslation. This QShortcut lives
// beside the button, is active while the button's window shows it, and clicks it.

#include <QAbstractButton>
#include <QKeySequence>
#include <QShortcut>

namespace marquee {

class KeyShortcut
{
public:
    static QShortcut* bind(const QKeySequence& key, QAbstractButton* button)
    {
        auto* shortcut = new QShortcut(key, button->parentWidget());
        shortcut->setContext(Qt::WindowShortcut);
        QObject::connect(shortcut, &QShortcut::activated, button, [button] {
            if (button->isEnabled() && button->isVisible()) {
                button->click();
            }
        });
        return shortcut;
    }
};

} // namespace marquee
