// How search text is shaped before indexing (generator/search/spelling.hpp): both spellings of a
// word meet, names stay whole, and the rules the page receives are the ones applied here.
#include <catch2/catch.hpp>

#include "search/lunr_pipeline.hpp"
#include "search/js_string.hpp"
#include "search/site_search.hpp"
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

TEST_CASE("a passage keeps every character no rule changes, and its case", "[search][spelling]") {
  // Words a rule changes come out lower-cased; the rest of the text stays as written, byte for
  // byte, between and around them (shape_for_search copies it in runs).
  CHECK(shape_for_search("The Organisation’s Centres, UNITED Nations; Analysis (1325)!") ==
        "The organization's centers, unitednations; Analysis (1325)!");
  CHECK(shape_for_search("Realised") == "realized");
  CHECK(shape_for_search("’Defence’") == "'defense'");
  CHECK(shape_for_search("Unit, Unite, Isis; α ’") == "Unit, Unite, Isis; α '");
  CHECK(shape_for_search("") == "");
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

TEST_CASE("meta.js and text.js are what data_script writes from the JSON trees", "[search]") {
  using nlohmann::json;
  kb::search::SiteSearch s;
  s.docs = {{"d2", "Chapter 2", "texts/ch2.html", "text"},
            {"d10", "Peace \"operations\"", "texts/ch2.html#p-3", "text", std::string("Chapter 2")},
            {"n0", "Note 1", "texts/ch2.html#fn-1", "text", std::string("Chapter \xff 2"), true},  // not UTF-8
            {"d1", "", "missions/unmil.html", "mission", std::string("")}};
  s.text = {{"d10", "The text of \"d10\"\n"}, {"n0", "A note"}, {"d1", "Liberia \xe2\x80\x94 UNMIL"}};
  s.meta = {{"kinds", {{"mission", "Missions"}}}, {"text_kind", "text"}, {"a first", 1}};
  json meta = s.meta;
  meta["docs"] = json::object();
  for (const auto& d : s.docs) {
    json item = {{"t", d.title}, {"u", d.url}, {"k", d.kind}};
    if (d.breadcrumb) item["b"] = *d.breadcrumb;
    if (d.note) item["n"] = 1;
    meta["docs"][d.ref] = item;
  }
  json text = json::object();
  for (const auto& [ref, t] : s.text) text[ref] = t;
  CHECK(kb::search::meta_script(s) == kb::search::data_script("KB_SEARCH_META", meta));
  CHECK(kb::search::text_script(s) == kb::search::data_script("KB_SEARCH_TEXT", text));
  s.meta = json::object();  // "docs" alone
  s.docs.clear();
  s.text.clear();
  CHECK(kb::search::meta_script(s) == kb::search::data_script("KB_SEARCH_META", {{"docs", json::object()}}));
  CHECK(kb::search::text_script(s) == kb::search::data_script("KB_SEARCH_TEXT", json::object()));
}
