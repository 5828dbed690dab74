# The whole Catch2 suite under AddressSanitizer and UndefinedBehaviorSanitizer, built in its own
# folder (label "sanitize"; takes a few minutes: `ctest -L sanitize`).
if(NOT KB_SANITIZE AND NOT KB_FUZZ)
  add_test(NAME sanitize_suite
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/sanitize/run.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/sanitize)
  set_tests_properties(sanitize_suite PROPERTIES LABELS sanitize TIMEOUT 1500)
endif()
