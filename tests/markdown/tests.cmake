# Markdown as cmark-gfm renders it (label "markdown"): the CommonMark spec examples (npm's
# commonmark-spec) through kbgen's renderer and Debian's cmark-gfm side by side, with the
# intended differences in tests/markdown/differences.txt; then the pathological inputs.
add_test(NAME markdown.commonmark_spec
         COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/markdown/spec_test.py --driver $<TARGET_FILE:kb_md_spec>)
set_tests_properties(markdown.commonmark_spec PROPERTIES LABELS markdown TIMEOUT 600)
