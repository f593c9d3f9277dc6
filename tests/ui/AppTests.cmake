# The counter app's GUI tests (offscreen). One executable per class under test.
foreach(suite CounterSale SalesScreen BookingLookupScreen TicketCode UiLanguage MoneyText PaymentDialog TicketSigningKey ScheduleView CinemaTime)
    marquee_add_test(${suite} LAYER ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_${suite}.cpp LIBS marquee_ui)
    target_include_directories(test_ui_${suite} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
endforeach()
