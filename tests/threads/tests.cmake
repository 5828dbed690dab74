# ThreadSanitizer on kbgen's worker threads (label "threads"). Not in the default run: its clang
# build costs as much as the ASan one and would take the test command past its 20 minutes on
# two cores. Run it with: cmake -DKB_TEST_THREADS=ON build && ctest --test-dir build -L threads
option(KB_TEST_THREADS "Add the ThreadSanitizer test (tests/threads)" OFF)
if(KB_TEST_THREADS)
  add_test(NAME threads.tsan
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/threads/run.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/tsan)
  set_tests_properties(threads.tsan PROPERTIES LABELS threads TIMEOUT 3600)
endif()
