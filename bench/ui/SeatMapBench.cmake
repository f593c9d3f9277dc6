# bench_seatmap: repaint and hit-test cost of the seat map on a generated 10,000-seat layout,
# against one QGraphicsRectItem per seat. Prints RESULT lines; run with QT_QPA_PLATFORM=offscreen.
add_executable(bench_seatmap ${CMAKE_CURRENT_LIST_DIR}/bench_seatmap.cpp)
target_link_libraries(bench_seatmap PRIVATE marquee_ui Qt6::Widgets)
