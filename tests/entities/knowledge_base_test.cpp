// The real knowledge base: builds strictly, covers what the sources cite, and every entity
// reaches and is reached from the passages that discuss it.
#include <catch2/catch.hpp>

#include <array>
#include <iostream>
#include <map>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "pipeline/pipeline.hpp"
#include "content/load.hpp"
#include "support/support.hpp"

using namespace kb;
using namespace kb::test;

namespace {

std::string seeds_text() {
  std::string all;
  for (const auto& e : fs::directory_iterator(source_dir() / "sources"))
    if (e.path().extension() == ".txt") all += read_file(e.path()) + "\n";
  return all;
}

std::set<std::string> ids_of(const content::Content& c, const std::string& kind) {
  std::set<std::string> out;
  for (const auto& p : c.pages)
    if (p.kind == kind) out.insert(p.id);
  return out;
}

}  // namespace

TEST_CASE("the real content builds with --strict and no warnings", "[entities][real]") {
  RunResult r = run_kbgen("check --strict --root " + shell_quote(source_dir().string()));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find(" 0 warnings, 0 errors") != std::string::npos);
}

TEST_CASE("every resolution the sources cite has a mandate page", "[entities][real]") {
  diag::Sink sink;
  auto c = content::load_content(source_dir().string(), sink);
  auto mandates = ids_of(c, "mandate");
  std::string text = seeds_text();
  static const std::regex re(R"((?:[Rr]esolutions?|S/RES/)\s?(\d{4})(?![\d/]))");
  std::set<std::string> cited;
  for (std::sregex_iterator m(text.begin(), text.end(), re), end; m != end; ++m) cited.insert((*m)[1]);
  REQUIRE(cited.size() > 40);
  for (const auto& n : cited) {
    INFO("resolution " << n);
    CHECK(mandates.count("res-" + n) == 1);
  }
}

TEST_CASE("every Secretary-General report symbol the sources cite has a document page", "[entities][real]") {
  diag::Sink sink;
  auto c = content::load_content(source_dir().string(), sink);
  std::set<std::string> symbols;  // with the misprints the texts use, kept as aliases
  for (const auto& p : c.pages) {
    if (p.kind != "document") continue;
    symbols.insert(p.str("symbol"));
    for (const auto& a : p.list("aliases")) symbols.insert(a);
  }
  std::string text = seeds_text();
  static const std::regex re(R"(\b([SA]/(?:\d{2}|\d{4})/\d{2,4})(?![\d/]))");
  std::set<std::string> cited;
  for (std::sregex_iterator m(text.begin(), text.end(), re), end; m != end; ++m) cited.insert((*m)[1]);
  REQUIRE(cited.size() > 20);
  for (const auto& s : cited) {
    INFO("symbol " << s);
    CHECK(symbols.count(s) == 1);
  }
}

TEST_CASE("entities reach and are reached from their passages", "[entities][real]") {
  TempDir tmp;
  pipeline::Options opts;
  opts.root = source_dir().string();
  pipeline::Session session(opts);
  diag::Sink sink;
  pipeline::Output out;
  REQUIRE(session.generate(sink, out));
  diag::Sink load_sink;
  auto c = content::load_content(source_dir().string(), load_sink);
  for (const auto& p : c.pages) {
    if (p.kind == "mission" || p.kind == "mandate") {
      // Reached from the texts: its page lists passages, and some text links to it.
      const std::string& html = out.files.at(p.kind + "s/" + p.id + ".html");
      INFO(p.path);
      CHECK(html.find("id=\"passages\"") != std::string::npos);
    }
    if (p.kind == "principle" || p.kind == "lesson" || p.kind == "recommendation") {
      // Reaches its passage: the quote links to the exact paragraph of the cited text.
      const std::string& html = out.files.at(p.kind + "s/" + p.id + ".html");
      INFO(p.path);
      CHECK(html.find("href=\"../texts/" + p.field("source")->quotes.front().doc.text + ".html#") != std::string::npos);
    }
  }
}

// Counts per kind, from the inventories in sources/notes (missions §6.1, resolutions
// §6.2, symbols §6.3, principles/lessons/recommendations §6.3–6.5 of each part, checked
// against the seeds when the entities were curated). A change here must be a deliberate change
// of coverage.
TEST_CASE("entity counts per kind match the inventories", "[entities][real]") {
  diag::Sink sink;
  auto c = content::load_content(source_dir().string(), sink);
  std::map<std::string, int> count;
  for (const auto& p : c.pages) ++count[p.kind];
  CHECK(count["text"] == 25);
  CHECK(count["collection"] == 4);
  // 43 UN missions and offices, and seven operations of others the texts discuss: the AU's MISCA,
  // AFISMA and AMISOM, ECCAS's MICOPAX, the EU's EUTM RCA, NATO's NTM-A, the Australian-led ISF.
  CHECK(count["mission"] == 50);
  CHECK(count["mandate"] == 73);
  CHECK(count["document"] == 134);
  CHECK(count["theme"] == 30);
  CHECK(count["actor"] == 2);  // the Inter-Agency SSR Task Force, the Group of Friends of SSR  // with stabilization, civil society, children and armed conflict, violent extremism, train and equip
  CHECK(count["principle"] == 113);
  CHECK(count["lesson"] == 158);
  CHECK(count["recommendation"] == 125);
  CHECK(c.glossary.size() == 201);

  // Principles / lessons / recommendations per document.
  const std::map<std::string, std::array<int, 3>> per_doc = {
      {"book-annex", {3, 0, 0}},   {"book-ch01", {17, 1, 3}},  {"book-ch02", {0, 11, 0}},
      {"book-ch03", {4, 5, 11}},   {"book-ch04", {1, 6, 4}},   {"book-ch05", {2, 11, 7}},
      {"book-ch06", {0, 9, 6}},    {"book-ch07", {5, 7, 4}},   {"book-ch08", {4, 3, 7}},
      {"book-ch09", {18, 6, 4}},   {"book-ch10", {5, 10, 4}},  {"book-ch11", {8, 11, 5}},
      {"book-ch12", {3, 4, 4}},    {"book-ch13", {3, 7, 10}},  {"book-ch14", {2, 5, 6}},
      {"book-ch15", {5, 8, 4}},    {"book-ch16", {0, 8, 3}},   {"book-ch17", {3, 9, 3}},
      {"book-ch18", {4, 5, 9}},    {"policy-paper-2011", {11, 9, 11}},
      {"meeting-note-2010", {6, 5, 10}}, {"peacekeeping-paper", {9, 18, 10}}};
  std::map<std::string, std::array<int, 3>> got;
  for (const auto& p : c.pages) {
    int k = p.kind == "principle" ? 0 : p.kind == "lesson" ? 1 : p.kind == "recommendation" ? 2 : -1;
    if (k >= 0) ++got[p.field("source")->quotes.front().doc.text][k];
  }
  for (const auto& [doc, expected] : per_doc) {
    INFO(doc);
    CHECK(got[doc] == expected);
  }
  // BINUB and BNUB are different missions.
  CHECK(c.find("mission:binub"));
  CHECK(c.find("mission:bnub"));
  CHECK(c.find("mission:minusca")->str("predecessor") == "misca");  // the AU mission, as chapter 7 says
}

// Every relation whose schema field asks for evidence shows the passage that names its target,
// or says why it is editorial (issue 13). Prints the audit: per field, how many relations a
// passage supports and how many are editorial.
TEST_CASE("every relation that needs evidence has it, and the audit says how", "[entities][real]") {
  pipeline::Options opts;
  opts.root = source_dir().string();
  pipeline::Session session(opts, /*remember=*/false);
  diag::Sink sink;
  pipeline::Output out;
  REQUIRE(session.generate(sink, out));
  diag::Sink load_sink;
  auto c = content::load_content(source_dir().string(), load_sink);
  std::set<std::pair<std::string, std::string>> needs;  // (kind, field) whose relations need evidence
  for (const auto& kind : c.schema.kinds)
    for (const auto& f : kind.fields)
      if (f.evidence) needs.insert({kind.name, f.name});
  REQUIRE(needs.size() >= 8);

  const nlohmann::json graph = nlohmann::json::parse(out.files.at("data/graph.json").str());
  // Written directly, laid out as a JSON library lays it out (one space per level, keys sorted).
  CHECK(graph.dump(1) + "\n" == out.files.at("data/graph.json"));
  std::map<std::string, std::array<int, 2>> audit;  // "lesson missions" → {by a passage, editorial}
  int checked = 0;
  for (const auto& r : graph["relations"]) {
    const std::string from = r["from"], relation = r["relation"];
    const std::string kind = from.substr(0, from.find(':'));
    if (!needs.count({kind, relation})) continue;
    ++checked;
    INFO(from << " " << relation << " " << r["to"].get<std::string>());
    const bool passage = r.contains("passage"), editorial = r.contains("editorial");
    CHECK(passage != editorial);
    if (passage) {
      // The passage is a real paragraph of a text, linked from the page.
      const std::string p = r["passage"];
      const std::string doc = p.substr(p.find(':') + 1, p.find('#') - p.find(':') - 1);
      CHECK(out.files.at("texts/" + doc + ".html").str().find("id=\"" + p.substr(p.find('#') + 1) + "\"") != std::string::npos);
    } else {
      CHECK(r["editorial"].get<std::string>().size() > 20);  // a reason, not a flag
    }
    ++audit[kind + " " + relation][passage ? 0 : 1];
  }
  std::cout << "relations audit (" << checked << " relations that need evidence):\n";
  for (const auto& [what, n] : audit)
    std::cout << "  " << what << ": " << n[0] << " shown with their passage, " << n[1] << " editorial\n";
  CHECK(checked > 300);

  // Single values that need evidence (a mission's years): a passage that names the page and
  // states the value, or a reason; listed one by one, since there are few.
  int values = 0;
  std::cout << "values audit:\n";
  for (const auto& v : graph["values"]) {
    const std::string page = v["page"], field = v["field"], value = v["value"];
    INFO(page << " " << field << " " << value);
    const bool passage = v.contains("passage"), editorial = v.contains("editorial");
    CHECK(passage != editorial);
    std::string says;
    if (passage) {
      const std::string p = v["passage"];
      const std::string doc = p.substr(p.find(':') + 1, p.find('#') - p.find(':') - 1);
      const std::string& html = out.files.at("texts/" + doc + ".html");
      const auto at = html.find("id=\"" + p.substr(p.find('#') + 1) + "\"");
      REQUIRE(at != std::string::npos);
      const auto end = std::min(html.find("</p>", at), html.find("</li>", at));  // a paragraph or a note
      CHECK(html.substr(at, end - at).find(value) != std::string::npos);
      says = p;
    } else {
      CHECK(v["editorial"].get<std::string>().size() > 20);
      says = "editorial: " + v["editorial"].get<std::string>().substr(0, 70) + "…";
    }
    std::cout << "  " << page << " " << field << " " << value << ": " << says << "\n";
    ++values;
  }
  CHECK(values >= 30);
  // No closed mission shows an open range ("2003–"): each of these has its last year.
  for (const char* closed : {"unmil", "unamsil", "unmit", "minustah", "untaet", "monuc", "unowa", "unom"}) {
    INFO(closed);
    const std::string& page = out.files.at(std::string("missions/") + closed + ".html");
    const auto at = page.find("<dt>Years</dt>");
    REQUIRE(at != std::string::npos);
    const std::string years = std::regex_replace(page.substr(at, page.find("</dd>", at) - at), std::regex("<[^>]*>|\\s"), "");
    CHECK(std::regex_search(years, std::regex(R"(^Years\d{4}(source|editorial).*–\d{4}(source|editorial))")));
  }

  // The index of lessons says which missions and themes each concerns (its last column was a
  // count of passages, 0 on every row).
  const std::string& lessons = out.files.at("lessons/index.html");
  CHECK(lessons.find(">Missions</th><th scope=\"col\">Themes</th>") != std::string::npos);
  CHECK(lessons.find(">Passages</th>") == std::string::npos);
  CHECK(std::regex_search(lessons, std::regex(R"(<td>[^<]*\bMONUSCO\b[^<]*</td><td>[^<]+</td></tr>)")));

  // MINUSCA took over from the AU's MISCA, as chapter 7 says, and its page shows where.
  const std::string& minusca = out.files.at("missions/minusca.html");
  std::smatch m;
  REQUIRE(std::regex_search(minusca, m, std::regex(R"re(<dt>Predecessor</dt><dd><a href="misca.html">MISCA</a> <a class="evidence" href="../texts/book-ch07.html#([^"]+)")re")));
  const std::string& ch07 = out.files.at("texts/book-ch07.html");
  auto at = ch07.find("id=\"" + m[1].str() + "\"");
  REQUIRE(at != std::string::npos);
  CHECK(ch07.substr(at, ch07.find("</p>", at) - at).find("The succession to") != std::string::npos);
  CHECK(minusca.find("binuca.html\">BINUCA</a> <a class=\"evidence") == std::string::npos);
}
