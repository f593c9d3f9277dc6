# The kiosk session (issue 8, docs/kiosk.md), in the marquee package: an X session the display
# manager offers ("Marquee kiosk") that turns screen blanking off and runs `marquee --kiosk`,
# an autostart entry for desktops that log the kiosk's user in automatically, and an example
# of /etc/marquee/kiosk.env.
foreach(entry marquee-kiosk marquee-kiosk-autostart)
    configure_file(kiosk/${entry}.desktop.in ${CMAKE_CURRENT_BINARY_DIR}/${entry}.desktop @ONLY)
endforeach()
install(PROGRAMS kiosk/marquee-kiosk-session DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/marquee COMPONENT app)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/marquee-kiosk.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/xsessions
        COMPONENT app)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/marquee-kiosk-autostart.desktop kiosk/kiosk.env.example
        DESTINATION ${CMAKE_INSTALL_DATADIR}/marquee/kiosk COMPONENT app)
