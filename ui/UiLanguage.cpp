#include "UiLanguage.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>
#include <memory>

namespace marquee {

namespace {

struct Installed
{
    QString code = QStringLiteral("en");
    std::unique_ptr<QTranslator> app;
    std::unique_ptr<QTranslator> qt;
};

Installed& installed()
{
    static Installed state;
    return state;
}

} // namespace

QString UiLanguage::current()
{
    return installed().code;
}

bool UiLanguage::apply(const QString& code)
{
    Installed& state = installed();
    if (state.app) {
        QCoreApplication::removeTranslator(state.app.get());
        state.app.reset();
    }
    if (state.qt) {
        QCoreApplication::removeTranslator(state.qt.get());
        state.qt.reset();
    }
    // Money and dates: the Indian English locale groups lakhs and crores as cashiers expect.
    const QLocale locale(code == QLatin1String("hi") ? QStringLiteral("hi_IN") : QStringLiteral("en_IN"));
    QLocale::setDefault(locale);
    state.code = QStringLiteral("en");
    // English has a catalogue too: the source strings with proper plural forms.
    auto app = std::make_unique<QTranslator>();
    if (!app->load(QStringLiteral(":/i18n/marquee_%1.qm").arg(code))) {
        return code == QLatin1String("en");
    }
    QCoreApplication::installTranslator(app.get());
    state.app = std::move(app);
    if (code == QLatin1String("en")) {
        return true;
    }
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        state.qt = std::move(qt);
    }
    state.code = code;
    return true;
}

} // namespace marquee
