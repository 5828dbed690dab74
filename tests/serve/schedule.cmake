# Included by CTest after the Catch2 tests are discovered (TEST_INCLUDE_FILES, CMakeLists.txt):
# the 50 random edits are the longest Catch2 test (about 150 s on 2 cores), and a discovered test
# has no cost, so CTest started it among the last and the whole run waited for it.
set_tests_properties("incremental rebuilds equal full builds after 50 random edits" PROPERTIES COST 150)
