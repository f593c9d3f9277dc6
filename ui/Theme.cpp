#include "Theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace marquee {

namespace {
bool g_dark = false;
}

void Theme::apply(bool dark)
{
    g_dark = dark;
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    if (dark) {
        const QColor window(0x26, 0x28, 0x2b);
        const QColor base(0x1c, 0x1d, 0x20);
        const QColor text(0xe8, 0xe8, 0xe8);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, QColor(0x30, 0x32, 0x36));
        p.setColor(QPalette::ToolTipBase, QColor(0x33, 0x35, 0x39));
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, QColor(0x33, 0x35, 0x39));
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::BrightText, QColor(0xff, 0x6e, 0x6e));
        p.setColor(QPalette::Light, QColor(0x48, 0x4a, 0x4f));
        p.setColor(QPalette::Midlight, QColor(0x3c, 0x3e, 0x42));
        p.setColor(QPalette::Mid, QColor(0x5a, 0x5c, 0x60));
        p.setColor(QPalette::Dark, QColor(0x12, 0x12, 0x14));
        p.setColor(QPalette::Shadow, Qt::black);
        p.setColor(QPalette::Highlight, QColor(0x42, 0x8b, 0xdc));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, QColor(0x7a, 0xb8, 0xff));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
        p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    } else {
        p = QApplication::style()->standardPalette();
        p.setColor(QPalette::Highlight, QColor(0x19, 0x76, 0xd2));
    }
    QApplication::setPalette(p);
}

bool Theme::isDark()
{
    return g_dark;
}

} // namespace marquee
