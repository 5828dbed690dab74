// How search text is shaped before indexing (generator/search/spelling.hpp): both spellings of a
// word meet, names stay whole, and the rules the page receives are the ones applied here.
#include <catch2/catch.hpp>

#include "search/lunr_pipeline.hpp"
#include "search/js_string.hpp"
#include "search/spelling.hpp"

using kb::search::shape_for_search;

namespace {
// The term lunr indexes for one shaped word.
std::string term(const std::string& word) {
  auto t = kb::search::lunr_index_term(kb::search::js_to_lower_case(kb::search::utf8_to_utf16(shape_for_search(word))));
  return t ? kb::search::utf16_to_utf8(*t) : "";
}
}  // namespace

TEST_CASE("British and American spellings index as one term", "[search][spelling]") {
  CHECK(term("demobilisation") == term("demobilization"));
  CHECK(term("organisational") == term("organizational"));
  CHECK(term("prioritised") == term("prioritized"));
  CHECK(term("defence") == term("defense"));
  CHECK(term("Defences") == term("defenses"));
  CHECK(term("programmes") == term("programs"));
  CHECK(term("labour") == term("labor"));
  CHECK(term("analysed") == term("analyzed"));
  // Words that only end like a variant still find themselves, and nothing else changes.
  CHECK(term("otherwise") == term("otherwise"));
  CHECK(term("reform") == "reform");
}

TEST_CASE("United Nations is one token; unit and national are not it", "[search][spelling]") {
  CHECK(shape_for_search("the United Nations’ role") == "the unitednations' role");
  CHECK(shape_for_search("UNITED  NATIONS") == "unitednations");
  CHECK(term("United Nations") != term("unit"));
  CHECK(shape_for_search("a united nation") == "a united nation");
  CHECK(shape_for_search("SSR Unit, S/2013/480") == "SSR Unit, S/2013/480");
}

TEST_CASE("accents fold and curly apostrophes straighten", "[search][spelling]") {
  CHECK(shape_for_search("Côte d’Ivoire, Hänggi") == "Cote d'Ivoire, Hanggi");
}

TEST_CASE("the rules sent to the page are the rules applied", "[search][spelling]") {
  const auto rules = kb::search::spelling_rules();
  REQUIRE(rules["suffixes"].size() > 5);
  for (const auto& r : rules["suffixes"]) {
    const std::string from = r[0], to = r[1];
    CHECK(shape_for_search("xxxx" + from) == "xxxx" + to);
  }
  for (const auto& r : rules["prefixes"]) {
    const std::string from = r[0], to = r[1];
    CHECK(shape_for_search(from) == to);
  }
  for (const auto& c : rules["compounds"]) {
    const std::string a = c[0], b = c[1], joined = c[2];
    CHECK(shape_for_search(a + " " + b) == joined);
  }
}
