# libFuzzer smoke run (label "fuzz"): builds tests/fuzz/*.cpp with clang in its own folder and
# fuzzes each target for KB_FUZZ_SECONDS (20 s) after replaying tests/fuzz/regressions/.
# Registered only where clang++ is installed (Debian: clang, libclang-rt-14-dev).
find_program(KB_CLANGXX clang++)
if(KB_CLANGXX AND NOT KB_SANITIZE AND NOT KB_FUZZ)
  add_test(NAME fuzz_smoke
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/fuzz/run.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/fuzz)
  set_tests_properties(fuzz_smoke PROPERTIES LABELS fuzz TIMEOUT 1200)
endif()
