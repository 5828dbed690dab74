# The whole Catch2 suite under AddressSanitizer and UndefinedBehaviorSanitizer (label
# "sanitize"), from one instrumented build that the fuzz smoke run (tests/fuzz) shares.
if(NOT KB_SANITIZE AND NOT KB_FUZZ)
  set(KB_INSTRUMENTED_DIR ${CMAKE_BINARY_DIR}/instrumented)
  add_test(NAME instrumented_build
           COMMAND flock ${KB_INSTRUMENTED_DIR}.lock
                   bash ${PROJECT_SOURCE_DIR}/tests/sanitize/build.sh ${PROJECT_SOURCE_DIR} ${KB_INSTRUMENTED_DIR})
  # The longest path of the test run: scripts/test.sh starts it before the tests, holding the
  # lock this test waits for (then the build is done and this finds nothing to do). It starts
  # first, and what needs it as soon as it is done
  # (COST: CTest starts the costliest ready test first).
  set_tests_properties(instrumented_build PROPERTIES LABELS "sanitize;fuzz" TIMEOUT 3600
                       FIXTURES_SETUP kb_instrumented COST 10000)
  # The suite in two halves of about equal time (the tests that build the real site or the
  # fixture sites, and the rest), which run side by side once the instrumented build is done.
  # "[threads]" runs under ThreadSanitizer instead (tests/threads).
  foreach(part sites rest)
    if(part STREQUAL "sites")
      set(filter "[real],[fidelity],[golden],[importer]")
    else()
      set(filter "~[threads]~[real]~[fidelity]~[golden]~[importer]")
    endif()
    add_test(NAME sanitize_suite.${part}
             COMMAND bash ${PROJECT_SOURCE_DIR}/tests/sanitize/run.sh ${PROJECT_SOURCE_DIR} ${KB_INSTRUMENTED_DIR}
                     ${part} ${filter})
    set_tests_properties(sanitize_suite.${part} PROPERTIES LABELS sanitize TIMEOUT 1200
                         FIXTURES_REQUIRED kb_instrumented COST 5000)
  endforeach()
endif()
