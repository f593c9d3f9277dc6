# Staff sign-in, overrides, shifts and the manager's reports (offscreen GUI tests).
foreach(suite ManagerDay StaffSignIn SyncProblemsView)
    marquee_add_test(${suite} LAYER ui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_${suite}.cpp LIBS marquee_ui)
    target_include_directories(test_ui_${suite} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
endforeach()
