# app_start_ms: the counter app's start-up on a year of sales (see bench_app_start.cpp).
add_executable(bench_app_start ${CMAKE_CURRENT_LIST_DIR}/bench_app_start.cpp ${CMAKE_CURRENT_LIST_DIR}/BusyYearDatabase.cpp)
target_link_libraries(bench_app_start PRIVATE marquee_models Qt6::Core)
target_compile_definitions(bench_app_start PRIVATE MARQUEE_BINARY_DIR="${PROJECT_BINARY_DIR}"
                                                   MARQUEE_APP_PATH="$<TARGET_FILE:marquee>")
add_dependencies(bench_app_start marquee)
