# Memory in proportion to the input (issue 17): the 100,000-heading file within 600 MB, and
# memory that grows linearly with the number of notes (bench/sizes.py; prints time and memory,
# checks memory only: wall time depends on the machine's load).
add_test(NAME robust.sizes
         COMMAND python3 ${PROJECT_SOURCE_DIR}/bench/sizes.py --check --kbgen $<TARGET_FILE:kbgen>)
set_tests_properties(robust.sizes PROPERTIES LABELS robust TIMEOUT 300)
