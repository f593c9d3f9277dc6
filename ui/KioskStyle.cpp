#include "KioskStyle.h"

#include <algorithm>

namespace marquee {

QString KioskStyle::sheet(bool highContrast, int shortSide)
{
    // Sizes for a 1080 px short side, scaled; never below what a finger needs.
    const double k = std::clamp(shortSide / 1080.0, 0.5, 2.0);
    auto px = [k](int size) { return QString::number(std::max(1, static_cast<int>(size * k))); };
    auto L = [](const char* text) { return QString::fromLatin1(text); };
    const QString target = QString::number(std::max(48, static_cast<int>(76 * k)));
    struct Colours
    {
        const char* background;
        const char* text;
        const char* hint;
        const char* button;
        const char* buttonText;
        const char* border;
        const char* primary;
        const char* primaryText;
        const char* checked;
        const char* checkedText;
        const char* notice;
        const char* disabled;
        const char* disabledText;
        const char* overlay;
        int borderWidth;
    };
    const Colours c =
        highContrast
            ? Colours{"#000000", "#ffffff", "#ffffff", "#000000", "#ffffff", "#ffffff",         "#ffff00", "#000000",
                      "#ffffff", "#000000", "#ffff00", "#000000", "#9a9a9a", "rgba(0,0,0,235)", 4}
            : Colours{"#14161f", "#f4f4f4", "#c4c7d0", "#2b3040", "#ffffff", "#4a5268", "#f5b301",
                      "#111111", "#ffd75e", "#111111", "#ffb4a8", "#1d2029", "#7c8090", "rgba(10,12,18,225)",
                      2};
    return QStringLiteral(R"(
QWidget#kiosk { background: %1; color: %2; font-size: %16px; }
QLabel { color: %2; background: transparent; font-size: %16px; }
QLabel[role="hero"] { font-size: %17px; font-weight: bold; }
QLabel[role="title"] { font-size: %18px; font-weight: bold; }
QLabel[role="brand"] { font-size: %19px; font-weight: bold; color: %7; }
QLabel[role="subtitle"] { font-size: %20px; }
QLabel[role="count"] { font-size: %18px; font-weight: bold; }
QLabel[role="hint"] { color: %3; }
QLabel[role="notice"] { color: %11; font-size: %20px; font-weight: bold; }
QLabel[role="qr"] { background: #ffffff; padding: %21px; }
QPushButton { min-height: %15px; min-width: %15px; padding: %21px %22px; border-radius: %21px;
              background: %4; color: %5; border: %14px solid %6; font-size: %20px; }
QPushButton:pressed { background: %9; color: %10; }
QPushButton:checked { background: %9; color: %10; border-color: %9; }
QPushButton:disabled { background: %12; color: %13; border-color: %12; }
QPushButton[role="primary"] { background: %7; color: %8; border-color: %7; font-weight: bold; font-size: %18px; }
QPushButton[role="primary"]:disabled { background: %12; color: %13; border-color: %12; }
QPushButton[role="card"] { text-align: left; padding: %22px; }
QPushButton[size="huge"] { min-height: %23px; }
QWidget#stillThere, QWidget#exitPanel { background: %24; }
QLineEdit { font-size: %18px; min-height: %15px; background: #ffffff; color: #000000; border: %14px solid %6; }
)")
        .arg(L(c.background), L(c.text), L(c.hint), L(c.button), L(c.buttonText), L(c.border), L(c.primary),
             L(c.primaryText), L(c.checked))
        .arg(L(c.checkedText), L(c.notice), L(c.disabled), L(c.disabledText), QString::number(c.borderWidth), target,
             px(30), px(84), px(52), px(34))
        .arg(px(34), px(10), px(26), QString::number(std::max(48, static_cast<int>(140 * k))), L(c.overlay));
}

QPalette KioskStyle::seatMapPalette(bool highContrast)
{
    QPalette p;
    if (highContrast) {
        p.setColor(QPalette::Window, Qt::black);
        p.setColor(QPalette::Base, Qt::black);
        p.setColor(QPalette::WindowText, Qt::white);
        p.setColor(QPalette::Text, Qt::white);
        p.setColor(QPalette::Highlight, QColor(0xff, 0xff, 0x00));
        p.setColor(QPalette::HighlightedText, Qt::black);
        p.setColor(QPalette::Mid, Qt::white);
        p.setColor(QPalette::Button, Qt::black);
        p.setColor(QPalette::ButtonText, Qt::white);
    } else {
        p.setColor(QPalette::Window, QColor(0xf4, 0xf4, 0xf6));
        p.setColor(QPalette::Base, QColor(0xff, 0xff, 0xff));
        p.setColor(QPalette::WindowText, QColor(0x11, 0x11, 0x11));
        p.setColor(QPalette::Text, QColor(0x11, 0x11, 0x11));
        p.setColor(QPalette::Highlight, QColor(0x19, 0x76, 0xd2));
        p.setColor(QPalette::HighlightedText, Qt::white);
    }
    return p;
}

} // namespace marquee
