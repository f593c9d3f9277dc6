# The kiosk's own strings in Hindi: resources/translations/kiosk_hi.ts, compiled by lrelease
# into marquee_ui's resources as :/i18n/kiosk_hi.qm (KioskWindow installs it on top of the
# counter's catalogue). A catalogue of its own, so kiosk and counter strings change apart.
# Refresh it from the sources with `ninja update_kiosk_translations`, then fill new strings
# (resources/translations/fill_kiosk_translations.py).
set(MARQUEE_KIOSK_TS ${PROJECT_SOURCE_DIR}/resources/translations/kiosk_hi.ts)
set(MARQUEE_KIOSK_QM ${CMAKE_CURRENT_BINARY_DIR}/kiosk_hi.qm)
add_custom_command(OUTPUT ${MARQUEE_KIOSK_QM}
    COMMAND Qt6::lrelease -silent ${MARQUEE_KIOSK_TS} -qm ${MARQUEE_KIOSK_QM}
    DEPENDS ${MARQUEE_KIOSK_TS}
    VERBATIM)
set_source_files_properties(${MARQUEE_KIOSK_QM} PROPERTIES QT_RESOURCE_ALIAS kiosk_hi.qm)
qt_add_resources(marquee_ui "kiosk_translations" PREFIX /i18n FILES ${MARQUEE_KIOSK_QM})
file(GLOB MARQUEE_KIOSK_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/Kiosk*.cpp)
add_custom_target(update_kiosk_translations
    COMMAND Qt6::lupdate -no-obsolete -locations none ${MARQUEE_KIOSK_SOURCES} -ts ${MARQUEE_KIOSK_TS}
    COMMAND python3 ${PROJECT_SOURCE_DIR}/resources/translations/fill_kiosk_translations.py
    VERBATIM)
