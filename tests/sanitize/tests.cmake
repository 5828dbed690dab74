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
  add_test(NAME sanitize_suite
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/sanitize/run.sh ${PROJECT_SOURCE_DIR} ${KB_INSTRUMENTED_DIR})
  set_tests_properties(sanitize_suite PROPERTIES LABELS sanitize TIMEOUT 1200 FIXTURES_REQUIRED kb_instrumented
                       COST 5000)
endif()
