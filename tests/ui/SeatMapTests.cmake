# The seat map widget: input, drawing, repaint regions and accessibility, offscreen.
marquee_add_test(SeatMapWidget LAYER ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_SeatMapWidget.cpp LIBS marquee_ui)
