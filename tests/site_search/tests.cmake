# Search quality on the real site, with Debian's lunr.js in node (scripts/setup.sh installs both).
add_test(NAME site_search_build
         COMMAND kbgen build --root ${PROJECT_SOURCE_DIR} --out ${CMAKE_BINARY_DIR}/site-search-site --force)
set_tests_properties(site_search_build PROPERTIES FIXTURES_SETUP site_search_site)
add_test(NAME site_search_queries
         COMMAND node ${PROJECT_SOURCE_DIR}/tests/site_search/queries.js ${CMAKE_BINARY_DIR}/site-search-site)
set_tests_properties(site_search_queries PROPERTIES FIXTURES_REQUIRED site_search_site LABELS search)
