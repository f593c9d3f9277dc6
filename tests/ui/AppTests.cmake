# The counter app's GUI tests (offscreen). Each suite is one executable.
marquee_add_test(CounterSale LAYER ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_CounterSale.cpp LIBS marquee_ui)
target_include_directories(test_ui_CounterSale PRIVATE ${CMAKE_CURRENT_LIST_DIR})
