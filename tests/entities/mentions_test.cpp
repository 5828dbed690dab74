// The mention matcher and the link/quote/backlink machinery, on small inputs.
#include <catch2/catch.hpp>

#include "content/load.hpp"
#include "graph/graph.hpp"
#include "links/mentions.hpp"
#include "markdown/render.hpp"
#include "support/support.hpp"
#include "util/text.hpp"

using namespace kb;

namespace {

content::Page page(const std::string& path, const std::string& text) {
  content::Page p;
  diag::Sink sink;
  REQUIRE(content::parse_page(path, text, test::fixture_schema(), p, sink));
  return p;
}

content::Content sample() {
  content::Content c;
  c.schema = test::fixture_schema();
  c.pages.push_back(page("content/missions/unoci.md",
                         "---\nacronym: UNOCI\ntitle: \"UN Operation in Côte d'Ivoire\"\n"
                         "aliases: [\"UN Operation in Côte d'Ivoire\"]\n---\n"));
  c.pages.push_back(page("content/missions/unmil.md", "---\nacronym: UNMIL\ntitle: \"UN Mission in Liberia\"\n---\n"));
  c.pages.push_back(page("content/mandates/res-1325.md", "---\nnumber: 1325\nyear: 2000\ntitle: \"Resolution 1325 (2000)\"\n---\n"));
  c.pages.push_back(page("content/mandates/res-1820.md", "---\nnumber: 1820\nyear: 2008\ntitle: \"Resolution 1820 (2008)\"\n---\n"));
  c.pages.push_back(page("content/documents/s-2009-304.md", "---\nsymbol: \"S/2009/304\"\ntitle: \"Report\"\n---\n"));
  c.pages.push_back(page("content/themes/gender.md", "---\ntitle: \"Gender\"\naliases: [\"gender equality\"]\n---\n"));
  c.pages.push_back(page("content/missions/bnub.md", "---\nacronym: BNUB\ntitle: \"UN Office in Burundi\"\n---\n"));
  c.pages.push_back(page("content/missions/unob.md", "---\nacronym: UNOB\ntitle: \"First UN office in Burundi\"\n---\n"));
  c.glossary.push_back({"DPO", "Department of Peace Operations", 1});
  for (std::size_t i = 0; i < c.pages.size(); ++i) c.by_key[c.pages[i].key()] = i;
  return c;
}

std::vector<std::string> keys(const links::MentionMatcher& m, const std::string& text) {
  std::vector<std::string> out;
  for (const auto& match : m.find(text))
    out.push_back(match.target_key.empty() ? "abbr:" + text.substr(match.begin, match.end - match.begin)
                                           : match.target_key);
  return out;
}

}  // namespace

TEST_CASE("mentions: acronyms, names, resolutions, symbols, themes", "[entities][mentions]") {
  auto m = links::MentionMatcher::from_content(sample());
  CHECK(keys(m, "UNMIL and UNOCI worked with DPO.") ==
        std::vector<std::string>{"mission:unmil", "mission:unoci", "abbr:DPO"});
  // Quote variants: the alias is written with a straight apostrophe, the text with a curly one.
  CHECK(keys(m, "the UN Operation in Côte d’Ivoire (UNOCI)") ==
        std::vector<std::string>{"mission:unoci", "mission:unoci"});
  CHECK(keys(m, "resolutions 1325 (2000) and 1820 (2008)") ==
        std::vector<std::string>{"mandate:res-1325", "mandate:res-1820"});
  CHECK(keys(m, "S/RES/1325 (2000)") == std::vector<std::string>{"mandate:res-1325"});
  CHECK(keys(m, "Resolution 1820") == std::vector<std::string>{"mandate:res-1820"});
  CHECK(keys(m, "the report (A/63/881–S/2009/304)") == std::vector<std::string>{"document:s-2009-304"});
  // Joined by an ASCII hyphen as well as by an en dash: each known symbol is linked (issue 13).
  CHECK(keys(m, "the report (A/63/881-S/2009/304)") == std::vector<std::string>{"document:s-2009-304"});
  CHECK(keys(m, "(S/2009/304-S/2009/304)") == std::vector<std::string>{"document:s-2009-304", "document:s-2009-304"});
  CHECK(keys(m, "Gender Equality matters") == std::vector<std::string>{"theme:gender"});
  // A name followed by an acronym in parentheses means the acronym's entity (issue 13).
  CHECK(keys(m, "A first UN Office in Burundi (UNOB) opened") == std::vector<std::string>{"mission:unob", "mission:unob"});
  CHECK(keys(m, "the UN Office in Burundi (BNUB)") == std::vector<std::string>{"mission:bnub", "mission:bnub"});
  CHECK(keys(m, "the UN Office in Burundi and UNOB") == std::vector<std::string>{"mission:bnub", "mission:unob"});
  // A list without the word "resolution" counts only where number and year both match.
  CHECK(keys(m, "include: 1325 (2000), 1820 (2008)") ==
        std::vector<std::string>{"mandate:res-1325", "mandate:res-1820"});
  CHECK(keys(m, "include: 1325 (2001)").empty());
}

TEST_CASE("mentions: many names sharing a first word", "[entities][mentions]") {
  // Past 16 names per first word the matcher walks a trie instead of trying each name: the same
  // matches, the longest name first, names case-sensitive and keywords not.
  content::Content c;
  c.schema = test::fixture_schema();
  for (int i = 0; i < 40; ++i) {
    const std::string n = std::to_string(i);
    c.pages.push_back(page("content/missions/m" + n + ".md",
                           "---\nacronym: M" + n + "\ntitle: \"UN Mission in Country" + n + "\"\n---\n"));
  }
  c.pages.push_back(page("content/missions/north.md",
                         "---\nacronym: MNORTH\ntitle: \"UN Mission in Country1 North\"\n---\n"));
  c.pages.push_back(page("content/themes/peace.md", "---\ntitle: \"Peace\"\naliases: [\"UN peacebuilding\"]\n---\n"));
  for (std::size_t i = 0; i < c.pages.size(); ++i) c.by_key[c.pages[i].key()] = i;
  auto m = links::MentionMatcher::from_content(c);
  CHECK(keys(m, "the UN Mission in Country7 and the UN Mission in Country1 North") ==
        std::vector<std::string>{"mission:m7", "mission:north"});
  CHECK(keys(m, "UN Mission in Country1, then UN Mission in Country39.") ==
        std::vector<std::string>{"mission:m1", "mission:m39"});
  CHECK(keys(m, "un mission in country3; UN Mission in Country40; UN Mission in Country3x").empty());
  CHECK(keys(m, "Un Peacebuilding and UN Mission in Country12") == std::vector<std::string>{"theme:peace", "mission:m12"});
}

TEST_CASE("mentions: no false positives", "[entities][mentions]") {
  auto m = links::MentionMatcher::from_content(sample());
  CHECK(keys(m, "UNMILITARY and XUNMIL and unmil").empty());  // inside words, wrong case
  CHECK(keys(m, "resolution 9999 (2000)").empty());          // no such mandate
  CHECK(keys(m, "in 1325 people").empty());                 // a bare number is not a resolution
  CHECK(keys(m, "S/2009/3045").empty());                    // a different symbol
  CHECK(keys(m, "DPOs").empty());
}

TEST_CASE("mentions are not linked inside links, code or headings", "[entities][mentions]") {
  auto c = sample();
  auto m = links::MentionMatcher::from_content(c);
  markdown::Hooks hooks;
  hooks.find_mentions = [&](std::string_view text) {
    std::vector<markdown::MentionMatch> out;
    for (const auto& x : m.find(text)) out.push_back({x.begin, x.end, x.target_key, "../x.html", x.title, false});
    return out;
  };
  hooks.resolve_link = [](const std::string&, int, int) { return std::optional<std::string>("../y.html"); };
  diag::Sink sink;
  markdown::Options opts;
  opts.link_schemes = {"mission"};
  auto r = markdown::render("t.md", "## UNMIL\n\n`UNMIL` [UNMIL](mission:unmil) and UNMIL.\n", 1, opts, hooks, sink);
  CHECK(r.html.find("<h2 id=\"unmil\">UNMIL</h2>") != std::string::npos);
  CHECK(r.html.find("<code>UNMIL</code>") != std::string::npos);
  CHECK(r.html.find("and <a class=\"xref mention\" href=\"../x.html\" data-ref=\"mission:unmil\">UNMIL</a>.") !=
        std::string::npos);
  // One explicit link and one automatic mention are recorded, both in the same paragraph.
  REQUIRE(r.mentions.size() == 2);
  CHECK(r.mentions[0].anchor == r.mentions[1].anchor);
}

TEST_CASE("quotes are normalised for whitespace and quote style", "[entities][quotes]") {
  CHECK(util::normalise_quote("“National  ownership”\n is ‘key’") == "\"National ownership\" is 'key'");
}
