# The raw sources in sources/ never change: checksums, no missing or extra file (see sources/README.md).
add_test(NAME sources.checksums COMMAND bash ${PROJECT_SOURCE_DIR}/tests/sources/check_sources.sh)
set_tests_properties(sources.checksums PROPERTIES TIMEOUT 30)
