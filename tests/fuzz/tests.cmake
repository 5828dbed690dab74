# libFuzzer smoke run (label "fuzz"): the targets in tests/fuzz/*.cpp, built with clang in the
# instrumented build (tests/sanitize/build.sh), each replays tests/fuzz/regressions/ and is
# fuzzed for KB_FUZZ_SECONDS (20 s). Registered only where clang++ is installed (Debian: clang,
# libclang-rt-14-dev).
find_program(KB_CLANGXX clang++)
if(KB_CLANGXX AND NOT KB_SANITIZE AND NOT KB_FUZZ)
  add_test(NAME fuzz_smoke
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/fuzz/run.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/instrumented)
  set_tests_properties(fuzz_smoke PROPERTIES LABELS fuzz TIMEOUT 1200 FIXTURES_REQUIRED kb_instrumented COST 4000)
endif()
