#pragma once
// The language of the screens and the paper: English (the source strings) or Hindi, from
// the translations built into the app's resources (:/i18n/marquee_<code>.qm) plus Qt's
// own strings. Changing it sets QLocale's default, so money and dates follow.

#include <QString>

namespace marquee {

class UiLanguage
{
public:
    // "en" or "hi"; returns false when the translation is missing (English stays).
    static bool apply(const QString& code);
    static QString current();
};

} // namespace marquee
