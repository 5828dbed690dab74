# Citations a reference manager can read: every text page's citation_* and Dublin Core tags,
# and its BibTeX (parsed by Debian's python3-bibtexparser) and RIS downloads (tests/cite/).
find_program(KB_DEBIAN_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
add_test(NAME cite_build
         COMMAND kbgen build --root ${PROJECT_SOURCE_DIR} --out ${CMAKE_BINARY_DIR}/cite-site --force)
set_tests_properties(cite_build PROPERTIES FIXTURES_SETUP cite_site)
add_test(NAME cite_reference_managers
         COMMAND ${KB_DEBIAN_PYTHON} ${PROJECT_SOURCE_DIR}/tests/cite/check_citations.py ${CMAKE_BINARY_DIR}/cite-site
                 ${PROJECT_SOURCE_DIR}/content/texts)
set_tests_properties(cite_reference_managers PROPERTIES FIXTURES_REQUIRED cite_site LABELS cite)
