# Translations of the counter screens: resources/translations/marquee_<lang>.ts, compiled by
# lrelease into marquee_ui's resources under :/i18n (UiLanguage loads them).
# `ninja update_translations` refreshes the .ts files from the sources (lupdate); then
# resources/translations/fill_translations.py fills new Hindi strings it knows.
set(MARQUEE_TS_FILES
    ${PROJECT_SOURCE_DIR}/resources/translations/marquee_en.ts
    ${PROJECT_SOURCE_DIR}/resources/translations/marquee_hi.ts)
qt_add_translations(marquee_ui
    TS_FILES ${MARQUEE_TS_FILES}
    RESOURCE_PREFIX /i18n
    SOURCES ${MARQUEE_UI_SOURCES} ${PROJECT_SOURCE_DIR}/app/main.cpp
    LUPDATE_OPTIONS -no-obsolete -locations none
    LRELEASE_OPTIONS -silent)
