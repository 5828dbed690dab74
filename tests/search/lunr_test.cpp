// Unit tests for the lunr.js 2.3.9 reimplementation. Expected values come from running
// Debian's lunr.js 2.3.9 under node 20 (see tests/search/lunr_js.js); the byte-for-byte
// comparison of whole indexes is tests/search/lunr_compat.sh.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "search/corpus.hpp"
#include "search/js_number.hpp"
#include "search/js_string.hpp"
#include "search/lunr_builder.hpp"
#include "search/lunr_command.hpp"
#include "search/lunr_pipeline.hpp"
#include "search/lunr_stemmer.hpp"
#include "search/lunr_tokenizer.hpp"

namespace {

using kb::search::utf16_to_utf8;
using kb::search::utf8_to_utf16;

std::vector<std::string> tokens(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& token : kb::search::lunr_tokenize(utf8_to_utf16(text))) {
    out.push_back(utf16_to_utf8(token));
  }
  return out;
}

std::string stem(const std::string& word) {
  return utf16_to_utf8(kb::search::lunr_stem(utf8_to_utf16(word)));
}

std::string lower(const std::string& text) {
  return utf16_to_utf8(kb::search::js_to_lower_case(utf8_to_utf16(text)));
}

std::string trim(const std::string& token) {
  const std::u16string t = utf8_to_utf16(token);
  return utf16_to_utf8(kb::search::lunr_trim(t));
}

std::string json_string(const std::u16string& s) {
  std::string out;
  kb::search::append_json_string(out, s);
  return out;
}

}  // namespace

TEST_CASE("lunr tokenizer lowercases and splits on whitespace and hyphen-minus only",
          "[search][lunr]") {
  CHECK(tokens("Hello  World") == std::vector<std::string>{"hello", "world"});
  CHECK(tokens("well-known  -- multi-\tline\nbreak") ==
        std::vector<std::string>{"well", "known", "multi", "line", "break"});
  // Slash, apostrophe, ampersand, en and em dashes do not split.
  CHECK(tokens("S/2015/576 d'Ivoire & a–b c—d") ==
        std::vector<std::string>{"s/2015/576", "d'ivoire", "&", "a–b", "c—d"});
  // JavaScript's \s includes NBSP, U+2003 and U+3000; U+200B (zero width space) is not \s.
  CHECK(tokens("a\u00a0b\u2003c\u3000d\u200be") ==
        std::vector<std::string>{"a", "b", "c", "d\u200be"});
  CHECK(tokens("").empty());
  CHECK(tokens(" - ").empty());
}

TEST_CASE("JavaScript toLowerCase: Latin, Greek final sigma, Cyrillic, dotted I",
          "[search][lunr]") {
  CHECK(lower("HELLO World") == "hello world");
  CHECK(lower("ÀÉÎÕÜ ÇÑ ß") == "àéîõü çñ ß");
  CHECK(lower("ÅNGSTRÖM Œ Ÿ") == "ångström œ ÿ");
  CHECK(lower("ПРИВЕТ") == "привет");
  CHECK(lower("ǅ Ǆ") == "ǆ ǆ");
  // Capital sigma at the end of a word becomes final sigma (U+03C2), elsewhere U+03C3.
  CHECK(lower("ΟΔΟΣ ΟΔΟΣ.") == "\u03bf\u03b4\u03bf\u03c2 \u03bf\u03b4\u03bf\u03c2.");
  CHECK(lower("ΣΑ Σ") == "\u03c3\u03b1 \u03c3");
  // U+0130 lowercases to two code units: i + combining dot above.
  CHECK(lower("İSTANBUL") == "i\u0307stanbul");
}

TEST_CASE("lunr trimmer strips ASCII non-word characters at both ends", "[search][lunr]") {
  CHECK(trim("(hello),") == "hello");
  CHECK(trim("don't") == "don't");
  CHECK(trim("s/2015/576.") == "s/2015/576");
  CHECK(trim("__init__") == "__init__");
  // \W is ASCII-only: accented letters, CJK and emoji at the edges go too.
  CHECK(trim("élan") == "lan");
  CHECK(trim("café") == "caf");
  CHECK(trim("日本語") == "");
  CHECK(trim("&") == "");
  CHECK(trim("😀x😀") == "x");
}

TEST_CASE("lunr stop-word filter has lunr's 119 words and nothing else", "[search][lunr]") {
  for (const char* word : {"a", "the", "and", "yet", "your", "tis", "twas", "wants", "however"}) {
    CHECK(kb::search::is_lunr_stop_word(utf8_to_utf16(word)));
  }
  for (const char* word : {"", "un", "peace", "constructor", "__proto__", "thes", "yours"}) {
    CHECK_FALSE(kb::search::is_lunr_stop_word(utf8_to_utf16(word)));
  }
  // The empty term survives the pipeline: lunr indexes it.
  CHECK(kb::search::lunr_index_term(u"&") == std::u16string());
  CHECK_FALSE(kb::search::lunr_index_term(u"(the)").has_value());
}

TEST_CASE("lunr stemmer matches lunr.js, not libstemmer's porter", "[search][lunr]") {
  // Pairs produced by lunr.stemmer in node.
  const std::vector<std::pair<std::string, std::string>> table = {
      {"key", "key"}, {"employed", "employ"}, {"assembly", "assembl"},
      {"assemblies", "assembl"}, {"consistency", "consist"}, {"caresses", "caress"},
      {"ponies", "poni"}, {"ties", "ti"}, {"caress", "caress"}, {"cats", "cat"},
      {"feed", "feed"}, {"agreed", "agre"}, {"plastered", "plaster"}, {"bled", "bled"},
      {"motoring", "motor"}, {"sing", "sing"}, {"conflated", "conflat"},
      {"troubled", "troubl"}, {"sized", "size"}, {"hopping", "hop"}, {"tanned", "tan"},
      {"falling", "fall"}, {"hissing", "hiss"}, {"fizzed", "fizz"}, {"failing", "fail"},
      {"filing", "file"}, {"happy", "happi"}, {"sky", "ski"}, {"relational", "relat"},
      {"conditional", "condit"}, {"rational", "ration"}, {"valenci", "valenc"},
      {"hesitanci", "hesit"}, {"digitizer", "digit"}, {"conformabli", "conform"},
      {"radicalli", "radic"}, {"differentli", "differ"}, {"vileli", "vile"},
      {"analogousli", "analog"}, {"vietnamization", "vietnam"}, {"predication", "predic"},
      {"operator", "oper"}, {"feudalism", "feudal"}, {"decisiveness", "decis"},
      {"hopefulness", "hope"}, {"callousness", "callous"}, {"formaliti", "formal"},
      {"sensitiviti", "sensit"}, {"sensibiliti", "sensibl"}, {"triplicate", "triplic"},
      {"formative", "form"}, {"formalize", "formal"}, {"electriciti", "electr"},
      {"electrical", "electr"}, {"hopeful", "hope"}, {"goodness", "good"},
      {"revival", "reviv"}, {"allowance", "allow"}, {"inference", "infer"},
      {"airliner", "airlin"}, {"gyroscopic", "gyroscop"}, {"adjustable", "adjust"},
      {"defensible", "defens"}, {"irritant", "irrit"}, {"replacement", "replac"},
      {"adjustment", "adjust"}, {"dependent", "depend"}, {"adoption", "adopt"},
      {"homologou", "homolog"}, {"communism", "commun"}, {"activate", "activ"},
      {"angulariti", "angular"}, {"homologous", "homolog"}, {"effective", "effect"},
      {"bowdlerize", "bowdler"}, {"probate", "probat"}, {"rate", "rate"}, {"cease", "ceas"},
      {"controlling", "control"}, {"roll", "roll"}, {"yes", "ye"}, {"yelling", "yell"},
      {"syzygy", "syzygi"}, {"peacekeeping", "peacekeep"}, {"governance", "govern"},
      {"reform", "reform"}, {"security", "secur"}, {"sectors", "sector"}, {"united", "unit"},
      {"nations", "nation"}, {"defence", "defenc"}, {"defense", "defens"},
      {"mandated", "mandat"}, {"missions", "mission"}, {"ownership", "ownership"},
      {"côte", "côte"}, {"hänggi", "hänggi"}, {"日本語", "日本語"},
      {"s/2015/576", "s/2015/576"}, {"y", "y"}, {"by", "by"}, {"a", "a"}, {"as", "as"},
      {"ies", "ie"}, {"sses", "sse"}, {"eed", "e"}, {"ing", "ing"}, {"ed", "ed"},
      {"yyy", "yyi"}, {"oed", "o"}, {"studies", "studi"}, {"generalizations", "gener"},
      {"oscillators", "oscil"}, {"hopelessness", "hopeless"}, {"national", "nation"},
      {"nationality", "nation"},
  };
  for (const auto& [word, expected] : table) {
    INFO(word);
    CHECK(stem(word) == expected);
  }
}

TEST_CASE("numbers print as JavaScript's String(number)", "[search][lunr]") {
  using kb::search::js_number_to_string;
  const std::vector<std::pair<double, std::string>> table = {
      {0.0, "0"}, {-0.0, "0"}, {1, "1"}, {-1, "-1"}, {0.1, "0.1"}, {0.5, "0.5"},
      {1e21, "1e+21"}, {1e20, "100000000000000000000"},
      {123456789012345680000.0, "123456789012345680000"}, {1e-6, "0.000001"},
      {1e-7, "1e-7"}, {1.5e-7, "1.5e-7"}, {0.000001234, "0.000001234"},
      {2.5e-10, "2.5e-10"}, {1.0 / 3, "0.3333333333333333"}, {-2.0 / 3, "-0.6666666666666666"},
      {10.595, "10.595"}, {1e300, "1e+300"}, {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"}, {1234.5678, "1234.5678"},
      {-0.001, "-0.001"}, {4294967295.0, "4294967295"}, {9007199254740993.0, "9007199254740992"},
      {0.1 + 0.2, "0.30000000000000004"}, {1e16, "10000000000000000"}, {123e-20, "1.23e-18"},
  };
  for (const auto& [value, expected] : table) {
    INFO(expected);
    CHECK(js_number_to_string(value) == expected);
    std::string json;
    kb::search::append_json_number(json, value);
    CHECK(json == expected);
  }
  CHECK(js_number_to_string(0.0 / 0.0) == "NaN");
  std::string json;
  kb::search::append_json_number(json, 1.0 / 0.0);
  CHECK(json == "null");

  CHECK(kb::search::js_math_round(2.5) == 3);
  CHECK(kb::search::js_math_round(-2.5) == -2);
  CHECK(kb::search::js_math_round(0.49999999999999994) == 0);
  CHECK(kb::search::js_math_round(-1.5) == -1);
  CHECK(kb::search::js_math_round(4503599627370497.0) == 4503599627370497.0);
}

TEST_CASE("JSON strings are escaped as JSON.stringify escapes them", "[search][lunr]") {
  const std::u16string s = u"\"\\\b\f\n\r\t\u0001\u001f\u007f\u2028\u2029é😀";
  CHECK(json_string(s) ==
        "\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\u2028\u2029é😀\"");
  std::u16string lone = u"x";
  lone += static_cast<char16_t>(0xD800);
  lone += u'y';
  lone += static_cast<char16_t>(0xDC00);
  CHECK(json_string(lone) == "\"x\\ud800y\\udc00\"");
}

TEST_CASE("array-index keys are recognised as JavaScript orders them", "[search][lunr]") {
  using kb::search::is_array_index;
  CHECK(is_array_index(u"0"));
  CHECK(is_array_index(u"3"));
  CHECK(is_array_index(u"4294967294"));
  CHECK_FALSE(is_array_index(u"4294967295"));
  CHECK_FALSE(is_array_index(u"03"));
  CHECK_FALSE(is_array_index(u"-1"));
  CHECK_FALSE(is_array_index(u"1.5"));
  CHECK_FALSE(is_array_index(u""));
}

TEST_CASE("lunr index of a small corpus equals lunr.js's", "[search][lunr]") {
  // Built by lunr.js 2.3.9 from the same corpus: integer-like refs ("3", "10") come first in
  // each posting, the ref given as a number prints as a string, the title boost scales scores.
  const auto json = nlohmann::json::parse(R"({"ref":"id","fields":[{"name":"title","boost":10},"body"],
    "documents":[{"id":"b","title":"Peace","body":"peace keeping"},
                 {"id":10,"title":"Reform","body":"peace"},
                 {"id":"3","body":"Reform & peace","boost":2}]})");
  std::string error;
  const auto corpus = kb::search::parse_corpus(json, error);
  REQUIRE(corpus);
  CHECK(kb::search::build_lunr_index(*corpus) ==
        R"({"version":"2.3.9","fields":["title","body"],"fieldVectors":[["title/b",[0,0.875]],)"
        R"(["body/b",[0,0.105,1,0.981]],["title/10",[2,3.902]],["body/10",[0,0.132]],["title/3",[]],)"
        R"(["body/3",[0,0.175,2,0.78,3,1.629]]],"invertedIndex":[["",{"_index":3,"title":{},)"
        R"("body":{"3":{}}}],["keep",{"_index":1,"title":{},"body":{"b":{}}}],["peac",{"_index":0,)"
        R"("title":{"b":{}},"body":{"3":{},"10":{},"b":{}}}],["reform",{"_index":2,"title":{"10":{}},)"
        R"("body":{"3":{}}}]],"pipeline":["stemmer"]})");
}

TEST_CASE("corpus JSON errors say what and where", "[search][lunr]") {
  std::string error;
  auto parse = [&](const char* text) {
    error.clear();
    return kb::search::parse_corpus(nlohmann::json::parse(text), error).has_value();
  };
  CHECK_FALSE(parse(R"([])"));
  CHECK_FALSE(parse(R"({"fields":[{"name":"a/b"}],"documents":[]})"));
  CHECK(error.find("fields[0]") != std::string::npos);
  CHECK_FALSE(parse(R"({"fields":["constructor"],"documents":[]})"));
  CHECK_FALSE(parse(R"({"fields":["title"],"documents":[{"title":"no ref"}]})"));
  CHECK(error.find("documents[0]") != std::string::npos);
  CHECK_FALSE(parse(R"({"fields":["title"],"documents":[{"id":"a","title":["x"]}]})"));
  CHECK(error.find("documents[0].title") != std::string::npos);
  CHECK_FALSE(parse(R"({"fields":["title"],"documents":[{"id":"a","boost":"2"}]})"));
  CHECK(parse(R"({"ref":"slug","fields":["title"],"documents":[{"slug":7,"title":null}]})"));
}

TEST_CASE("numeric refs and field values become text as JavaScript's String() prints them",
          "[search][lunr]") {
  std::string error;
  const auto corpus = kb::search::parse_corpus(
      nlohmann::json::parse(R"({"ref":"n","fields":["t"],"documents":[
        {"n":1e21,"t":0.1},{"n":12345678901234567890,"t":true},{"n":-7,"t":1.5e-7}]})"),
      error);
  REQUIRE(corpus);
  CHECK(corpus->documents[0].ref == "1e+21");
  CHECK(corpus->documents[0].fields[0].second == "0.1");
  CHECK(corpus->documents[1].ref == "12345678901234567000");
  CHECK(corpus->documents[1].fields[0].second == "true");
  CHECK(corpus->documents[2].ref == "-7");
  CHECK(corpus->documents[2].fields[0].second == "1.5e-7");
}

// What a reader made of a corpus text: the corpus as JSON, or the error.
std::string read_with_nlohmann(const char* text) {
  std::string error;
  const auto corpus = kb::search::parse_corpus(nlohmann::json::parse(text), error);
  return corpus ? kb::search::corpus_to_json(*corpus).dump() : "error: " + error;
}

std::string read_with_simdjson(const char* text) {
  std::optional<kb::search::Corpus> corpus;
  std::string error;
  if (!kb::search::parse_corpus_text(text, corpus, error)) return "not parsed";
  return corpus ? kb::search::corpus_to_json(*corpus).dump() : "error: " + error;
}

TEST_CASE("the simdjson reader of a corpus text agrees with the nlohmann one", "[search][lunr]") {
  const char* texts[] = {
      R"({"fields":[{"name":"title","boost":10},"body"],"documents":[{"id":"a","title":"Peace","body":"x"},{"id":3,"boost":2}]})",
      // an object's repeated key gives its last value, as JSON.parse does
      R"({"fields":["t","t"],"fields":["t"],"documents":[{"id":"a","id":"b","t":"one","t":"two"}]})",
      R"({"ref":"n","fields":["t"],"documents":[{"n":1e21,"t":0.1},{"n":12345678901234567890,"t":true},{"n":-7,"t":1.5e-7},{"n":-0,"t":null}]})",
      R"({"ref":"slug","fields":["title"],"documents":[{"slug":7,"title":null}]})",
      R"({"fields":[{"name":"t","boost":2,"name":"u"}],"documents":[{"id":"a","u":"\u00e9t\u00e9"}]})",
      // corpus errors, same message from both
      R"([])", R"({"fields":[{"name":"a/b"}],"documents":[]})", R"({"fields":["constructor"],"documents":[]})",
      R"({"fields":["title"],"documents":[{"title":"no ref"}]})",
      R"({"fields":["title"],"documents":[{"id":"a","title":["x"]}]})",
      R"({"fields":["title"],"documents":[{"id":"a","boost":"2"}]})", R"({"ref":"","fields":[],"documents":[]})",
      R"({"fields":[{"boost":1}],"documents":[]})", R"({"fields":["a"],"documents":{}})", R"({"fields":"a","documents":[]})"};
  for (const char* text : texts) {
    INFO(text);
    CHECK(read_with_simdjson(text) == read_with_nlohmann(text));
  }
  // What simdjson refuses, the command hands to nlohmann: integers beyond 64 bits, bad JSON.
  CHECK(read_with_simdjson(R"({"fields":[],"documents":[{"id":123456789012345678901234567890}]})") == "not parsed");
  CHECK(read_with_simdjson(R"({"fields":[],)") == "not parsed");
}

TEST_CASE("corpus_to_json round-trips through parse_corpus", "[search][lunr]") {
  kb::search::Corpus corpus;
  corpus.fields = {{"title", 10}, {"body", 1}};
  corpus.documents = {{"a", {{"title", "Côte d'Ivoire"}, {"body", "mission"}}, 2.0},
                      {"7", {{"body", "S/2015/576"}}, 1.0}};
  std::string error;
  const auto again = kb::search::parse_corpus(kb::search::corpus_to_json(corpus), error);
  REQUIRE(again);
  CHECK(kb::search::build_lunr_index(*again) == kb::search::build_lunr_index(corpus));
  CHECK(again->documents[0].boost == 2.0);
  CHECK(again->fields[0].boost == 10.0);
}

TEST_CASE("corpus_text writes what corpus_to_json dumps, byte for byte", "[search][lunr]") {
  using kb::search::Corpus;
  auto same = [](const Corpus& corpus) { return kb::search::corpus_text(corpus) == kb::search::corpus_to_json(corpus).dump(1); };
  Corpus corpus;
  CHECK(same(corpus));  // no fields, no documents
  corpus.fields = {{"title", 10}, {"body", 1}, {"zeta", 0.5}};
  CHECK(same(corpus));
  corpus.documents = {
      {"d0", {{"title", "C\xc3\xb4te d'Ivoire \"quoted\" \\ \n\t\x01"}, {"body", "mission"}}, 2.0},
      {"7", {{"body", "S/2015/576"}}, 1.0},
      {"d2", {}, 1.0},                                               // only its ref
      {"d3", {{"id", "not the ref"}, {"boost", "a field"}}, 1.0},    // the ref wins; "boost" is no field
      {"d4", {{"body", "first"}, {"Body", "capital"}, {"body", "last wins"}, {"a", ""}}, 0.25},
  };
  CHECK(same(corpus));
  corpus.ref_field = "boost";  // the document's boost, when it has one, wins over its ref
  CHECK(same(corpus));
  corpus.ref_field = "ref";
  corpus.documents.back().fields.push_back({"x", std::string("\xff not UTF-8")});
  CHECK_THROWS(kb::search::corpus_text(corpus));  // as nlohmann's dump, which refuses it
}

TEST_CASE("kbgen lunr prints the index, or says what is wrong with the corpus", "[search][lunr]") {
  const auto dir = std::filesystem::temp_directory_path() / "kb_lunr_command_test";
  std::filesystem::create_directories(dir);
  auto write = [&](const char* name, const char* text) {
    std::ofstream(dir / name, std::ios::binary) << text;
    return (dir / name).string();
  };
  std::ostringstream out, err;

  const std::string good = write("good.json", R"({"fields":["title"],"documents":[{"id":"a","title":"Peace"}]})");
  CHECK(kb::search::run_lunr_command(good, false, out, err) == 0);
  CHECK(out.str() ==
        R"({"version":"2.3.9","fields":["title"],"fieldVectors":[["title/a",[0,0.288]]],)"
        R"("invertedIndex":[["peac",{"_index":0,"title":{"a":{}}}]],"pipeline":["stemmer"]})");
  CHECK(err.str().empty());

  out.str("");
  const std::string broken = write("broken.json", R"({"fields":["title"],)");
  CHECK(kb::search::run_lunr_command(broken, false, out, err) == 1);
  CHECK(err.str().rfind(broken + ":1:21: error: not valid JSON", 0) == 0);
  CHECK(out.str().empty());

  err.str("");
  const std::string wrong = write("wrong.json", R"({"fields":["a/b"],"documents":[]})");
  CHECK(kb::search::run_lunr_command(wrong, false, out, err) == 1);
  CHECK(err.str().find("fields[0]") != std::string::npos);

  // --state: the builder's state; a ref added twice cannot be said in it.
  out.str("");
  err.str("");
  const std::string two = write("two.json",
      R"({"fields":[{"name":"title","boost":10},"body"],"documents":[)"
      R"({"id":"a","title":"Peace peace","body":"talks"},{"id":"b","title":"Talks","boost":2}]})");
  CHECK(kb::search::run_lunr_command(two, true, out, err) == 0);
  CHECK(out.str() ==
        R"({"version":"2.3.9","fields":[["title",10],["body",1]],"refs":["a","b"],"boosts":[1,2],)"
        R"("terms":["peac","talk"],"frequencies":[[-1,2],[2],[2],[]]})");
  CHECK(err.str().empty());
  out.str("");
  const std::string again = write("again.json", R"({"fields":["title"],"documents":[{"id":"a"},{"id":"a"}]})");
  CHECK(kb::search::run_lunr_command(again, true, out, err) == 1);
  CHECK(err.str().rfind(again + ":1:1: error: ref \"a\" is added more than once", 0) == 0);
  CHECK(out.str().empty());

  err.str("");
  CHECK(kb::search::run_lunr_command((dir / "missing.json").string(), false, out, err) == 2);
  CHECK(err.str().find("cannot read") != std::string::npos);
  std::filesystem::remove_all(dir);
}
