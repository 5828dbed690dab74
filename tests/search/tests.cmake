# lunr.js compatibility: `kbgen lunr` must print exactly what lunr.js 2.3.9 serialises for the
# same corpus, and our index must answer queries as lunr.js's does. Needs nodejs and node-lunr.
add_test(NAME search.lunr_compat
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/search/lunr_compat.sh $<TARGET_FILE:kbgen>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(search.lunr_compat PROPERTIES LABELS "search;node" TIMEOUT 600)

# The same check on the real site's corpus, which `kbgen build` writes next to the index
# (uses the site built by tests/site_search for its query tests).
add_test(NAME search.lunr_compat_site
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/search/lunr_compat.sh $<TARGET_FILE:kbgen> --only
                 ${CMAKE_BINARY_DIR}/site-search-site/search/corpus.json
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(search.lunr_compat_site PROPERTIES FIXTURES_REQUIRED site_search_site
                     LABELS "search;node" TIMEOUT 600)

# The footnotes' index (search/notes.js) too.
add_test(NAME search.lunr_compat_site_notes
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/search/lunr_compat.sh $<TARGET_FILE:kbgen> --only
                 ${CMAKE_BINARY_DIR}/site-search-site/search/notes-corpus.json
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(search.lunr_compat_site_notes PROPERTIES FIXTURES_REQUIRED site_search_site
                     LABELS "search;node" TIMEOUT 600)
