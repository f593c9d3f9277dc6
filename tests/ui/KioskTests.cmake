# Issue 8: the self-service kiosk, offscreen and driven by touch events, paying through the
# real marquee-gateway-sim process. One executable per behaviour area of KioskWindow.
foreach(suite KioskPurchase KioskIdle KioskLockdown KioskPrinting KioskScreens)
    marquee_add_test(${suite} LAYER ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_${suite}.cpp
                     ${CMAKE_CURRENT_LIST_DIR}/KioskFixture.h
                     LIBS marquee_ui marquee_gateway_sim_test_harness TIMEOUT 240)
    target_include_directories(test_ui_${suite} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
endforeach()
