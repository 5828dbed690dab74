// The real knowledge base: builds strictly, covers what the sources cite, and every entity
// reaches and is reached from the passages that discuss it.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "build/build.hpp"
#include "content/load.hpp"
#include "support/support.hpp"

using namespace kb;
using namespace kb::test;

namespace {

std::string seeds_text() {
  std::string all;
  for (const auto& e : fs::directory_iterator(source_dir() / ".." / "shared" / "seeds"))
    all += read_file(e.path()) + "\n";
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
  build::Options opts;
  opts.root = source_dir().string();
  build::Session session(opts);
  diag::Sink sink;
  build::Output out;
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
      CHECK(html.find("href=\"../texts/" + p.meta["source"]["doc"].Scalar() + ".html#") != std::string::npos);
    }
  }
}
