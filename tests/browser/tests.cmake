# The reading experience in a real browser (label "browser"): Debian's chromium and firefox-esr
# driven by puppeteer-core (the hostile-page test: chromium by playwright-core), axe-core, the Nu
# HTML Checker (vnu-jar, run with Java), nginx, pdftotext and a link crawler.
# Set-up: scripts/setup.sh test (chromium firefox-esr nginx poppler-utils default-jre-headless
# nodejs npm; npm ci --prefix tests/browser)
# Run: ctest -L browser   (about 8 minutes on 2 cores, quiet; screenshots land in tests/browser/test-artifacts/)
set(KB_BROWSER_DIR ${PROJECT_SOURCE_DIR}/tests/browser)
set(KB_BROWSER_SITE ${CMAKE_BINARY_DIR}/browser-site)

add_test(NAME browser.build_site
         COMMAND $<TARGET_FILE:kbgen> build --root ${PROJECT_SOURCE_DIR} --out ${KB_BROWSER_SITE} --force)
set_tests_properties(browser.build_site PROPERTIES FIXTURES_SETUP kb_browser_site LABELS browser TIMEOUT 120)

add_test(NAME browser.crawler_detects_broken_links
         COMMAND node ${KB_BROWSER_DIR}/crawl.test.js WORKING_DIRECTORY ${KB_BROWSER_DIR})
set_tests_properties(browser.crawler_detects_broken_links PROPERTIES LABELS browser TIMEOUT 60)

add_test(NAME browser.links
         COMMAND node ${KB_BROWSER_DIR}/lib/crawl.js ${KB_BROWSER_SITE} WORKING_DIRECTORY ${KB_BROWSER_DIR})
add_test(NAME browser.html_valid
         COMMAND node ${KB_BROWSER_DIR}/vnu.js ${KB_BROWSER_SITE} WORKING_DIRECTORY ${KB_BROWSER_DIR})
# The reader's checks (run.js), one test body in two browsers: Debian's Chromium over CDP and
# Debian's Firefox ESR over WebDriver BiDi, each from file:// and from nginx under /kb/.
foreach(browser chromium firefox)
  foreach(mode file nginx)
    # Every page is swept at 360 px in Chromium from file://, and in Firefox every template and
    # text and a quarter of the entity pages (run.js --sweep sample: the whole sweep was about
    # half of Firefox's 360-730 s); from nginx (the sub-path URLs) the reader's checks run without
    # the sweep, which would load the same files again (time: the test command's 20 minutes).
    set(sweep "")
    if(mode STREQUAL "nginx")
      set(sweep "--no-sweep")
    elseif(browser STREQUAL "firefox")
      set(sweep --sweep sample)
    endif()
    add_test(NAME browser.${browser}.${mode}
             COMMAND node ${KB_BROWSER_DIR}/run.js ${KB_BROWSER_SITE} --browser ${browser} --mode ${mode} ${sweep}
             WORKING_DIRECTORY ${KB_BROWSER_DIR})
    list(APPEND KB_READER_TESTS browser.${browser}.${mode})
  endforeach()
endforeach()
# Generous: with both cores busy (CI on a shared machine) the Chromium runs took over 300 s;
# on a quiet machine they take 90-180 s, Firefox's 180-260 s.
set_tests_properties(browser.links browser.html_valid ${KB_READER_TESTS} PROPERTIES
                     FIXTURES_REQUIRED kb_browser_site LABELS browser TIMEOUT 2400)

# Search quality as a reader meets it: the judged queries of tests/search_quality, typed into the
# real search page from file://, each top-5 link followed to where it lands (prints the figures).
add_test(NAME browser.search_quality
         COMMAND node ${PROJECT_SOURCE_DIR}/tests/search_quality/search_quality.js ${KB_BROWSER_SITE}
         WORKING_DIRECTORY ${KB_BROWSER_DIR})
set_tests_properties(browser.search_quality PROPERTIES FIXTURES_REQUIRED kb_browser_site LABELS "browser;search" TIMEOUT 2400)

# Issue 17 in a real browser: the hostile fixture (tests/fixtures/hostile-site) built with the test
# templates and with the project's own; every link and clickable element clicked, every titled
# element hovered; no dialog opens and no code of content's runs. Builds its own sites in a
# temporary folder (no kb_browser_site fixture). 185-300 s with both cores busy.
add_test(NAME browser.hostile
         COMMAND node ${KB_BROWSER_DIR}/hostile.js $<TARGET_FILE:kbgen> --source ${PROJECT_SOURCE_DIR}
         WORKING_DIRECTORY ${KB_BROWSER_DIR})
set_tests_properties(browser.hostile PROPERTIES LABELS browser TIMEOUT 2400)

# Timeouts only stop a hung run: on a busy machine (CI beside other jobs) a test may take twice
# its quiet time (browser.hostile: 524 s quiet with one test more than cores).
# The longest tests start first (CTest starts the costliest ready test when a slot frees); a
# fresh clone has no timings of its own to go by.
set_tests_properties(browser.hostile PROPERTIES COST 270)
set_tests_properties(browser.firefox.file PROPERTIES COST 200)
set_tests_properties(browser.chromium.file browser.search_quality PROPERTIES COST 140)
# Without a cost these two (about 2 minutes each) started last, after the sanitizer suite, and
# made the last 145 s of a 1,225 s fresh-clone run.
set_tests_properties(browser.chromium.nginx browser.firefox.nginx PROPERTIES COST 120)
