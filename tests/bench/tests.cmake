# Benchmarks (bench/) are not part of the default test run, but their smoke mode is, so that the
# scripts cannot rot: `bench/run --quick` runs every measurement once at tiny sizes with the
# kbgen just built, and fails if any step fails (a missing tool names its Debian package).

# The build-only timer of the C++ search index builder from bench/lunr (the counterpart of
# bench/lunr/time_lunr_js.js), built with the project so that bench/run can use it.
add_executable(kb_bench_lunr ${PROJECT_SOURCE_DIR}/bench/lunr/lunr_bench.cpp)
target_link_libraries(kb_bench_lunr PRIVATE kb_core)
kb_warnings(kb_bench_lunr)

# yaml-cpp (kbgen's YAML parser until 2026-12) against Debian's libyaml (what kbgen reads YAML
# with now) on the real front matter, for bench/run; built only where yaml-cpp is installed.
if(yaml-cpp_FOUND)
  add_executable(kb_bench_yaml ${PROJECT_SOURCE_DIR}/bench/yaml/yaml_bench.cpp)
  target_link_libraries(kb_bench_yaml PRIVATE kb_core yaml-cpp PkgConfig::LIBYAML)
  kb_warnings(kb_bench_yaml)
endif()

add_test(NAME bench_quick
         COMMAND bash ${PROJECT_SOURCE_DIR}/bench/run --quick
                 --kbgen $<TARGET_FILE:kbgen> --bench-lunr $<TARGET_FILE:kb_bench_lunr>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
# Generous: under stress-ng --cpu 2 the smoke run took over 180 s (25 s on a quiet machine).
set_tests_properties(bench_quick PROPERTIES LABELS bench TIMEOUT 900)
