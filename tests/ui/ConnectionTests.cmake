# The manager's connection dialog and `marquee --connect`, with the token in a real
# gnome-keyring in a private D-Bus session (tests/sync/with_keyring.sh).
marquee_add_test(ConnectionDialog LAYER ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_ConnectionDialog.cpp
                 LIBS marquee_ui TIMEOUT 120 WRAPPER ${PROJECT_SOURCE_DIR}/tests/sync/with_keyring.sh)
target_include_directories(test_ui_ConnectionDialog PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_compile_definitions(test_ui_ConnectionDialog PRIVATE MARQUEE_APP="$<TARGET_FILE:marquee>")
add_dependencies(test_ui_ConnectionDialog marquee)
