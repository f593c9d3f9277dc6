# marquee_add_test(<Name> LAYER <layer> SOURCES <files...> LIBS <targets...> [LABELS <labels...>] [TIMEOUT <s>]
#                  [WRAPPER <command...>])
# One QtTest executable per class under test; the test runs with the offscreen platform
# and a private temporary directory, so suites never share state. WRAPPER runs the test
# through a command that sets up its surroundings (a private D-Bus session, say).
function(marquee_add_test name)
    cmake_parse_arguments(ARG "" "LAYER;TIMEOUT" "SOURCES;LIBS;LABELS;WRAPPER" ${ARGN})
    set(target test_${ARG_LAYER}_${name})
    add_executable(${target} ${ARG_SOURCES})
    target_link_libraries(${target} PRIVATE Qt6::Test ${ARG_LIBS})
    set_target_properties(${target} PROPERTIES AUTOMOC ON)
    target_compile_definitions(${target} PRIVATE MARQUEE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                                 MARQUEE_BINARY_DIR="${PROJECT_BINARY_DIR}")
    add_test(NAME ${ARG_LAYER}.${name} COMMAND ${ARG_WRAPPER} $<TARGET_FILE:${target}>)
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${ARG_LAYER}.${name} PROPERTIES
        LABELS "${ARG_LAYER};${ARG_LABELS}"
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=*.debug=false")
endfunction()
