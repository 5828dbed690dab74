// Unit tests for the foundation stages: front matter, slugs, URLs, diagnostics, templates,
// markdown rendering with links and anchors, and the atomic output swap.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "content/front_matter.hpp"
#include "content/load.hpp"
#include "diag/diagnostic.hpp"
#include "links/slug.hpp"
#include "markdown/render.hpp"
#include "render/one_page.hpp"
#include "render/templates.hpp"
#include "site/assets.hpp"
#include "site/paths.hpp"
#include "site/writer.hpp"
#include "support/support.hpp"
#include "util/file.hpp"
#include "util/json_text.hpp"
#include "util/parallel.hpp"
#include "util/text.hpp"
#include "util/yaml_tree.hpp"

using namespace kb;

TEST_CASE("front matter split keeps line offsets", "[unit][content]") {
  diag::Sink sink;
  auto s = content::split_front_matter("---\ntitle: x\nyear: 2020\n---\nBody line one.\n", "a.md", sink);
  REQUIRE(s.ok);
  CHECK(s.yaml == "title: x\nyear: 2020\n");
  CHECK(s.yaml_line == 2);
  CHECK(s.body_line == 5);
  CHECK(s.body == "Body line one.\n");
  CHECK_FALSE(sink.has_errors());
}

TEST_CASE("front matter errors point at the file position", "[unit][content]") {
  diag::Sink sink;
  content::Page page;
  CHECK_FALSE(content::parse_page("content/missions/a.md", "---\nacronym: A\ntitle: \"A\"\n\nx: [1,\n---\n", test::fixture_schema(), page, sink));
  REQUIRE(sink.all().size() == 1);
  CHECK(sink.all()[0].code == "bad-yaml");
  CHECK(sink.all()[0].line == 6);  // YAML line 5 of the block, shifted by the opening fence
}

TEST_CASE("a file without a trailing newline keeps its last line", "[unit][content]") {
  diag::Sink sink;
  auto s = content::split_front_matter("---\ntitle: x\n---\nlast line", "a.md", sink);
  REQUIRE(s.ok);
  CHECK(s.body == "last line");
}

TEST_CASE("slugs", "[unit][links]") {
  CHECK(links::slugify("Lessons learned") == "lessons-learned");
  CHECK(links::slugify("Côte d'Ivoire") == "cote-divoire");
  CHECK(links::slugify("The UN’s role: DSR (2011–2016)") == "the-uns-role-dsr-2011-2016");
  CHECK(links::slugify("  --  ") == "");
  links::AnchorSet set;
  CHECK(set.unique("intro") == "intro");
  CHECK(set.unique("intro") == "intro-2");
  CHECK(set.unique("intro") == "intro-3");
  CHECK_FALSE(set.reserve("intro-2"));
}

TEST_CASE("relative URLs work from any folder depth", "[unit][site]") {
  CHECK(site::output_path("missions", "minusca") == "missions/minusca.html");
  CHECK(site::output_path("", "index") == "index.html");
  CHECK(site::relative_url("missions/minusca.html", "texts/book-ch07.html") == "../texts/book-ch07.html");
  CHECK(site::relative_url("missions/minusca.html", "missions/binuca.html") == "binuca.html");
  CHECK(site::relative_url("index.html", "missions/binuca.html") == "missions/binuca.html");
  CHECK(site::relative_url("missions/index.html", "index.html") == "../index.html");
}

TEST_CASE("diagnostics print as path:line:col and sort by position", "[unit][diag]") {
  diag::Sink sink;
  sink.error("b.md", 2, 1, "x", "second file");
  sink.warning("a.md", 10, 3, "y", "later line");
  sink.error("a.md", 9, 5, "z", "earlier line");
  auto sorted = sink.sorted();
  CHECK(diag::format(sorted[0]) == "a.md:9:5: error: earlier line [z]");
  CHECK(diag::format(sorted[1]) == "a.md:10:3: warning: later line [y]");
  CHECK(diag::format(sorted[2]) == "b.md:2:1: error: second file [x]");
  CHECK(sink.error_count() == 2);
  CHECK(sink.warning_count() == 1);
}

TEST_CASE("templates render with partials and escape values", "[unit][render]") {
  auto t = render::Templates::from_strings({{"page", "<h1>{{title}}</h1>{{> foot}}"}}, {{"foot", "<p>{{note}}</p>"}});
  diag::Sink sink;
  CHECK(t.render("page", {{"title", "A & B"}, {"note", "<x>"}}, sink) == "<h1>A &amp; B</h1><p>&lt;x&gt;</p>");
  CHECK(t.render("missing", nlohmann::json::object(), sink).empty());
  REQUIRE(sink.error_count() == 1);
  CHECK(sink.all()[0].code == "missing-template");
}

TEST_CASE("markdown: anchors, footnotes, links, raw HTML", "[unit][markdown]") {
  diag::Sink sink;
  markdown::Hooks hooks;
  hooks.resolve_link = [&](const std::string& url, int line, int col) -> std::optional<std::string> {
    if (url.rfind("mission:minusca", 0) == 0) return "../missions/minusca.html" + url.substr(15);
    sink.error("t.md", line, col, "unknown-ref", "unknown " + url);
    return std::nullopt;
  };
  markdown::Options opts;
  opts.link_schemes = {"mission"};
  std::string md =
      "Intro paragraph.\n\n## Lessons learned\n\nFirst[^1] with [M](mission:minusca#x).\n\n"
      "Second <script>alert(1)</script> [bad](mission:nope).\n\nExplicit. {#op-1}\n\n[^1]: The note.\n";
  auto r = markdown::render("t.md", md, 5, opts, hooks, sink);
  CHECK(r.html.find("<p id=\"p1\">Intro paragraph.</p>") != std::string::npos);
  CHECK(r.html.find("<h2 id=\"lessons-learned\">") != std::string::npos);
  CHECK(r.html.find("<p id=\"lessons-learned-p1\">") != std::string::npos);
  CHECK(r.html.find("<p id=\"op-1\">Explicit.</p>") != std::string::npos);
  CHECK(r.html.find("href=\"../missions/minusca.html#x\"") != std::string::npos);
  CHECK(r.html.find("<script>") == std::string::npos);
  CHECK(r.html.find("&lt;script&gt;") != std::string::npos);
  CHECK(r.html.find("<li id=\"fn-1\"") != std::string::npos);
  CHECK(r.html.find("id=\"fnref-1\"") != std::string::npos);
  REQUIRE(sink.error_count() == 1);
  CHECK(sink.all()[0].line == 11);  // body line 7, body starts on file line 5
  REQUIRE(r.links.size() == 1);
  CHECK(r.links[0].anchor == "x");
  REQUIRE(r.blocks.size() == 5);  // three paragraphs + explicit + the note
  CHECK(r.blocks[1].text == "First with M.");
}

TEST_CASE("javascript: URLs are neutralised", "[unit][markdown]") {
  diag::Sink sink;
  auto r = markdown::render("t.md", "[x](javascript:alert(1))\n", 1, {}, {}, sink);
  CHECK(r.html.find("javascript:") == std::string::npos);
  CHECK(sink.warning_count() == 1);
}

TEST_CASE("with raw HTML escaped, <br> still breaks a line in a table cell, and nothing else passes", "[unit][markdown]") {
  diag::Sink sink;
  auto r = markdown::render("t.md", "| A | B |\n| --- | --- |\n| 2008 | April: one<br>December: two |\n\n"
                                    "<br onclick=\"x()\"> and <b>bold</b>\n", 1, {}, {}, sink);
  CHECK(r.html.find("<td>April: one<br>December: two</td>") != std::string::npos);
  CHECK(r.html.find("&lt;br onclick") != std::string::npos);
  CHECK(r.html.find("&lt;b&gt;bold&lt;/b&gt;") != std::string::npos);
  CHECK(r.html.find("onclick=\"") == std::string::npos);
}

TEST_CASE("texts on one page: ids, in-page links and id references get the text's prefix", "[unit][render]") {
  const std::map<std::string, std::string> in_page = {{"ch2.html", "ch2"}};
  const std::string html =
      "<h2 id=\"intro\">Intro</h2>\n<p id=\"intro-p1\">See <a href=\"ch2.html#x-p3\">chapter 2</a>, "
      "<a href=\"ch2.html\">all of it</a>, <a class=\"xref\" href=\"../missions/a.html#b\">A</a> and "
      "<a href=\"https://example.org/#top\">a site</a>.<sup class=\"fnref\"><a href=\"#fn-1\" id=\"fnref-1\" "
      "aria-describedby=\"notes other\">1</a></sup></p>\n<section id=\"notes\"><h3>Notes</h3></section>\n";
  CHECK(render::scope_ids(html, "ch1", in_page) ==
        "<h3 id=\"ch1--intro\">Intro</h3>\n<p id=\"ch1--intro-p1\">See <a href=\"#ch2--x-p3\">chapter 2</a>, "
        "<a href=\"#ch2\">all of it</a>, <a class=\"xref\" href=\"../missions/a.html#b\">A</a> and "
        "<a href=\"https://example.org/#top\">a site</a>.<sup class=\"fnref\"><a href=\"#ch1--fn-1\" id=\"ch1--fnref-1\" "
        "aria-describedby=\"ch1--notes ch1--other\">1</a></sup></p>\n<section id=\"ch1--notes\"><h4>Notes</h4></section>\n");
}

TEST_CASE("markdown keeps what cmark-gfm keeps: image titles, code languages, encoded URLs", "[unit][markdown]") {
  diag::Sink sink;
  markdown::Options options;
  options.number_paragraphs = false;
  auto html = [&](const std::string& md) { return markdown::render("t.md", md, 1, options, {}, sink).html; };
  CHECK(html("![chart](/u.png \"Figure 7.1\")\n") == "<p><img src=\"/u.png\" alt=\"chart\" title=\"Figure 7.1\"></p>\n");
  CHECK(html("```ruby startline=3\nx = 1\n```\n") == "<pre><code class=\"language-ruby\">x = 1\n</code></pre>\n");
  CHECK(html("```\nplain\n```\n") == "<pre><code>plain\n</code></pre>\n");
  CHECK(html("[a](</my uri>)\n") == "<p><a href=\"/my%20uri\">a</a></p>\n");
  CHECK(html("[a](foo\\bar)\n") == "<p><a href=\"foo%5Cbar\">a</a></p>\n");
  CHECK(html("[a](https://example.org/C\xC3\xB4te?x=1&y=it's)\n") ==
        "<p><a href=\"https://example.org/C%C3%B4te?x=1&amp;y=it&#x27;s\">a</a></p>\n");
  CHECK(html("[a](foo%20b)\n") == "<p><a href=\"foo%20b\">a</a></p>\n");  // already encoded: kept
  CHECK(sink.error_count() == 0);
}

TEST_CASE("staging swaps in only on commit and never writes outside", "[unit][site]") {
  test::TempDir tmp;
  auto out = tmp.path() / "site";
  test::write_file(out / "old.html", "old");  // an earlier build's page
  test::write_file(out / site::kManifestName, "old.html\n");
  test::write_file(out / "CNAME", "kb.example.org");  // the user's
  diag::Sink sink;
  {
    site::Staging s(out);
    CHECK(s.write("new.html", "new", sink));
    CHECK_FALSE(s.write("../escape.html", "x", sink));
    CHECK_FALSE(s.write("/etc/x", "x", sink));
    // Destroyed without commit: the old site stays.
  }
  CHECK(test::read_file(out / "old.html") == "old");
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "escape.html"));
  {
    site::Staging s(out);
    CHECK(s.write("new.html", "new", sink));
    CHECK(s.commit(sink));
  }
  CHECK(test::read_file(out / "new.html") == "new");
  CHECK_FALSE(std::filesystem::exists(out / "old.html"));
  CHECK(test::read_file(out / "CNAME") == "kb.example.org");
  CHECK(test::read_file(out / site::kManifestName) == "new.html\n");
}

TEST_CASE("the user's files, folders and links move with the site, never copied or lost", "[unit][site]") {
  test::TempDir tmp;
  auto out = tmp.path() / "site";
  diag::Sink sink;
  auto build = [&] {
    site::Staging s(out);
    CHECK(s.write("texts/a.html", "a", sink));
    CHECK(s.commit(sink));
  };
  auto inode = [&](const char* rel) {
    struct stat st {};
    return ::lstat((out / rel).c_str(), &st) == 0 ? st.st_ino : 0;
  };
  build();
  test::write_file(out / ".git/HEAD", "ref: refs/heads/gh-pages\n");
  test::write_file(out / ".git/objects/ab/cdef", "blob");
  test::write_file(out / "texts/notes.txt", "mine");  // beside kbgen's pages
  std::filesystem::create_symlink("texts/a.html", out / "latest");
  const auto head = inode(".git/HEAD"), blob = inode(".git/objects/ab/cdef"), notes = inode("texts/notes.txt");
  for (int i = 0; i < 2; ++i) build();
  // The same files (inodes), not copies; the link is still a link; nothing else appeared.
  CHECK(inode(".git/HEAD") == head);
  CHECK(inode(".git/objects/ab/cdef") == blob);
  CHECK(inode("texts/notes.txt") == notes);
  CHECK(std::filesystem::read_symlink(out / "latest") == "texts/a.html");
  CHECK(test::tree_difference(test::read_tree(out), {{".git/HEAD", "ref: refs/heads/gh-pages\n"},
                                                      {".git/objects/ab/cdef", "blob"},
                                                      {"texts/a.html", "a"},
                                                      {"texts/notes.txt", "mine"},
                                                      {site::kManifestName, "texts/a.html\n"}}) == "");
  struct stat st {};
  ::lstat((out / ".git/HEAD").c_str(), &st);
  CHECK(st.st_nlink == 1);  // the previous site's name for it is gone
  CHECK_FALSE(sink.has_errors());
}

TEST_CASE("files queued for the writer thread are all written, and its errors come back in order", "[unit][site]") {
  test::TempDir tmp;
  auto out = tmp.path() / "site";
  diag::Sink sink;
  site::Staging s(out);
  {
    // A budget smaller than one file: the caller waits for the thread at every file.
    site::QueuedWriter w(s, 8);
    for (int i = 0; i < 200; ++i) w.write("p/" + std::to_string(i) + ".html", std::string(100 + i, 'x'));
    w.write("../escape.html", "x");
    w.write("p/0.html", "again");
    CHECK_FALSE(w.finish(sink));
  }
  REQUIRE(sink.all().size() == 2);
  CHECK(sink.all()[0].code == "bad-output-path");
  CHECK(sink.all()[1].code == "duplicate-output");
  diag::Sink commit_sink;
  CHECK(s.commit(commit_sink));
  for (int i = 0; i < 200; ++i) CHECK(test::read_file(out / ("p/" + std::to_string(i) + ".html")) == std::string(100 + i, 'x'));
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "escape.html"));
}

TEST_CASE("a rebuild reuses the files whose bytes did not change, and only those", "[unit][site]") {
  test::TempDir tmp;
  auto out = tmp.path() / "site";
  diag::Sink sink;
  auto build = [&](const std::string& b) {
    site::Staging s(out);
    CHECK(s.write("a.html", "same", sink));
    CHECK(s.write("dir/b.html", b, sink));
    CHECK(s.commit(sink));
  };
  auto inode = [&](const char* rel) {
    struct stat st {};
    ::lstat((out / rel).c_str(), &st);
    return st.st_ino;
  };
  build("one");
  const auto a = inode("a.html"), b = inode("dir/b.html");
  build("two");
  CHECK(inode("a.html") == a);  // linked from the previous site, not written again
  CHECK(inode("dir/b.html") != b);
  CHECK(test::read_file(out / "dir/b.html") == "two");
  // A file with a second name (here outside the site) is never shared with the new site.
  std::filesystem::create_hard_link(out / "a.html", tmp.path() / "elsewhere");
  const auto linked = inode("a.html");
  build("two");
  CHECK(inode("a.html") != linked);
  CHECK(test::read_file(out / "a.html") == "same");
  CHECK(test::read_file(tmp.path() / "elsewhere") == "same");
  // Files larger than the comparison's buffer: equal, or differing in their last byte only.
  const std::string big(200000, 'x');
  auto build_big = [&](const std::string& c) {
    site::Staging s(out);
    CHECK(s.write("big.html", big, sink));
    CHECK(s.write("big2.html", big + c, sink));
    CHECK(s.commit(sink));
  };
  build_big("a");
  const auto big_a = inode("big.html"), big_b = inode("big2.html");
  build_big("b");
  CHECK(inode("big.html") == big_a);
  CHECK(inode("big2.html") != big_b);
  CHECK(test::read_file(out / "big2.html") == big + "b");
  CHECK_FALSE(sink.has_errors());
}

TEST_CASE("site assets: a folder NAME.d is served as one file NAME, its parts in name order", "[unit][assets]") {
  kb::test::TempDir tmp;
  kb::test::write_file(tmp.path() / "assets/app.js.d/20-b.js", "b();\n");
  kb::test::write_file(tmp.path() / "assets/app.js.d/10-a.js", "a();\n");
  kb::test::write_file(tmp.path() / "assets/style.css", "p{}");
  std::map<std::string, std::string> files;
  kb::diag::Sink sink;
  kb::site::read_assets(tmp.path().string(), files, sink);
  CHECK(files.at("assets/app.js") == "a();\nb();\n");
  CHECK(files.at("assets/style.css") == "p{}");
  CHECK(files.size() == 2);
}

TEST_CASE("util::read_file reads whole files, whatever size stat reports", "[unit][util]") {
  test::TempDir tmp;
  std::string big;
  for (int i = 0; big.size() < 3 * 4096 + 17; ++i) big += std::to_string(i) + ' ';
  for (const std::string& text : {std::string(), std::string("x"), std::string(4096, 'a'), big}) {
    test::write_file(tmp.path() / "f", text);
    std::string read = "stale";
    CHECK(util::read_file(tmp.path() / "f", read));
    CHECK(read == text);
  }
  // procfs reports a size of 0 for files that are not empty; a pipe reports no size at all.
  std::string status;
  CHECK(util::read_file("/proc/self/status", status));
  CHECK(status.find("\nPid:") != std::string::npos);
  std::string missing = "stale";
  CHECK_FALSE(util::read_file(tmp.path() / "missing", missing));
  CHECK(missing.empty());
}

TEST_CASE("the YAML reader gives each node its text, kind and position", "[unit][yaml]") {
  namespace yaml = util::yaml;
  yaml::Document doc;
  yaml::Error error;
  const std::string text =
      "title: \"Mission à Bangui\"\n"
      "empty:\n"
      "tilde: ~\n"
      "quoted: \"null\"\n"
      "year: 2011\n"
      "list:\n"
      "  - &a one\n"
      "  - {id: x, passage: p}\n"
      "again: *a\n"
      "title: second\n";
  REQUIRE(yaml::parse(text, doc, error));
  const yaml::Node& root = *doc.root;
  REQUIRE(root.is_map());
  REQUIRE(root.entries.size() == 8);
  CHECK(root.get("title")->text == "Mission à Bangui");  // the first of two equal keys
  CHECK(root.entries[7].second->text == "second");
  CHECK(root.get("empty")->is_null());
  CHECK(root.get("tilde")->is_null());
  CHECK(root.get("quoted")->is_scalar());  // only a plain null is null
  CHECK(root.get("quoted")->quoted);
  CHECK(root.get("year")->text == "2011");
  CHECK_FALSE(root.get("year")->quoted);
  const yaml::Node& list = *root.get("list");
  REQUIRE(list.is_list());
  REQUIRE(list.items.size() == 2);
  CHECK(list.mark.line == 6);
  CHECK(list.mark.column == 2);
  CHECK(list.items[1]->scalar("passage")->text == "p");
  CHECK(list.items[1]->scalar("missing") == nullptr);
  CHECK(root.get("again") == list.items[0]);  // an alias is the node itself
  // Columns count characters, as diagnostics do: "à" is one (two bytes).
  REQUIRE(yaml::parse("t: \"à\" x\n", doc, error) == false);
  CHECK(error.mark.line == 0);
  CHECK(error.mark.column == 7);
  CHECK(yaml::parse("", doc, error));
  CHECK(doc.root->is_null());
}

TEST_CASE("the YAML reader refuses what would never end or nests too deep", "[unit][yaml]") {
  namespace yaml = util::yaml;
  yaml::Document doc;
  yaml::Error error;
  CHECK_FALSE(yaml::parse("a: &x [1, *x]\n", doc, error));
  CHECK(error.message.find("contains it") != std::string::npos);
  CHECK(error.mark.column == 3);  // at the list the alias names
  CHECK_FALSE(yaml::parse("a: *nowhere\n", doc, error));
  CHECK(error.message == "the alias *nowhere names no anchor written before it");
  CHECK(yaml::parse("a: " + std::string(yaml::kMaxDepth - 1, '[') + std::string(yaml::kMaxDepth - 1, ']') + "\n",
                    doc, error));
  CHECK_FALSE(yaml::parse("a: " + std::string(yaml::kMaxDepth, '[') + std::string(yaml::kMaxDepth, ']') + "\n",
                          doc, error));
  CHECK(error.message == "nested more than 499 levels deep");
  CHECK_FALSE(yaml::parse("a: [1,\n", doc, error));
  CHECK(error.describe(2) == "invalid YAML: did not find expected node content while parsing a flow node");
  CHECK_FALSE(yaml::parse("a: [1, 2\nb: 3\n", doc, error));
  CHECK(error.describe(2).find("(which starts on line 2)") != std::string::npos);
}

TEST_CASE("JSON text is written as nlohmann's dump writes it, byte for byte", "[unit][util]") {
  using nlohmann::json;
  const json value = {
      {"text", "quotes \" and \\ backslash, tab\t, newline\n, bell\x07, DEL\x7f, é, 中文, emoji 🙂"},
      {"empty", json::object()},
      {"none", json::array()},
      {"numbers", {0, -3, 10.0, 0.1, 1e300, 12345678901234LL}},
      {"flags", {true, false, nullptr}},
      {"nested", {{"b", {{"c", json::array({json::object(), "x"})}}}, {"a", 1}}},
      {"", "empty key"},
  };
  for (int indent : {-1, 0, 1, 2}) {
    std::string out = "prefix ";
    util::append_json(out, value, indent);
    CHECK(out == "prefix " + value.dump(indent));
  }
  // Not UTF-8: left to nlohmann, which replaces it when asked to.
  const json bad = {{"k", std::string("a\xff" "b")}};
  std::string out;
  util::append_json(out, bad, -1, json::error_handler_t::replace);
  CHECK(out == bad.dump(-1, ' ', false, json::error_handler_t::replace));
  CHECK(out.find("\xEF\xBF\xBD") != std::string::npos);
  std::string strict;
  CHECK_THROWS(util::append_json(strict, bad));
  // One string, with the handler: valid UTF-8 as it is, else as nlohmann writes it.
  for (auto handler : {json::error_handler_t::replace, json::error_handler_t::ignore}) {
    std::string one = "[";
    util::append_json_string(one, "a\xff" "b", handler);
    CHECK(one == "[" + json(std::string("a\xff" "b")).dump(-1, ' ', false, handler));
  }
  std::string valid;
  util::append_json_string(valid, "C\xc3\xb4te \"d'Ivoire\"\n", json::error_handler_t::strict);
  CHECK(valid == json("C\xc3\xb4te \"d'Ivoire\"\n").dump());
  CHECK_THROWS(util::append_json_string(strict, "a\xff", json::error_handler_t::strict));
}

TEST_CASE("fold_whitespace: one space between words, none at the ends", "[unit][util]") {
  CHECK(util::fold_whitespace("") == "");
  CHECK(util::fold_whitespace(" \t\n ") == "");
  CHECK(util::fold_whitespace("word") == "word");
  CHECK(util::fold_whitespace("  two words  ") == "two words");
  CHECK(util::fold_whitespace("a b  c\nd\r\ne\t\tf \v g\f") == "a b c d e f g");
  CHECK(util::fold_whitespace("UTF-8 é  à\u00a0kept") == "UTF-8 é à\u00a0kept");  // no-break space is not folded
}

TEST_CASE("html_escape and find_invalid_utf8 find every byte, wherever it falls in a 16-byte block", "[unit][util]") {
  // The reference: one byte at a time.
  auto escape_bytewise = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
      }
    }
    return out;
  };
  for (std::size_t length = 0; length <= 49; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (char special : {'&', '<', '>', '"', '\'', '%', '=', '\xC3'}) {
        std::string s(length, 'a');
        s[at] = special;
        if (length > 2) s[length - 1] = '<';  // a second one, in the tail
        CHECK(util::html_escape(s, "&#39;") == escape_bytewise(s));
      }
      std::string text(length, 'x');
      text[at] = '\xFF';  // never valid in UTF-8
      CHECK(util::find_invalid_utf8(text) == std::optional<std::size_t>(at));
      text[at] = '\xC3';  // a lead byte whose continuation is missing or ASCII
      CHECK(util::find_invalid_utf8(text) == std::optional<std::size_t>(at));
      if (at + 1 < length) {
        text[at + 1] = '\xA9';  // "é", valid
        CHECK_FALSE(util::find_invalid_utf8(text).has_value());
      }
    }
    CHECK_FALSE(util::find_invalid_utf8(std::string(length, 'x')).has_value());
  }
}

TEST_CASE("parallel_for runs every index once, from several callers at once", "[unit][util]") {
  // Two callers share the kept threads at once, and a body calls parallel_for again: every
  // index runs exactly once and nothing waits for ever.
  auto check = [](std::size_t count) {
    std::vector<std::atomic<int>> seen(count);
    kb::util::parallel_for(count, [&](std::size_t i, std::size_t) {
      seen[i]++;
      if (i % 97 == 0) kb::util::parallel_for(3, [&](std::size_t, std::size_t) {});
    });
    for (auto& s : seen)
      if (s.load() != 1) return false;
    return true;
  };
  for (int round = 0; round < 20; ++round) {
    bool other = false;
    std::thread beside([&] { other = check(500 + round); });
    const bool mine = check(1000 + round);
    beside.join();
    CHECK(mine);
    CHECK(other);
  }
}

TEST_CASE("a background task starts at once, on a kept thread", "[unit][util]") {
  // A task that waits for one started after it: both must run at the same time (as with
  // std::async), even while every pool thread is in a parallel_for whose bodies wait for them.
  for (int round = 0; round < 20; ++round) {
    std::promise<int> handed;
    std::shared_future<int> value = handed.get_future().share();
    kb::util::Background first([value] { return value.get() + 1; });
    kb::util::Background second([&handed, round] { handed.set_value(round); });
    CHECK(second.holds());
    second.get();
    CHECK_FALSE(second.holds());  // its result taken
    CHECK(first.get() == round + 1);
  }
  CHECK_FALSE(kb::util::Background<int>().holds());
  std::atomic<int> done{0};
  kb::util::parallel_for(8, [&](std::size_t i, std::size_t) {
    kb::util::Background task([i] { return static_cast<int>(i); });
    done += task.get() >= 0 ? 1 : 0;
  });
  CHECK(done.load() == 8);
  // Threads are kept: a hundred tasks one after another start far fewer threads than tasks.
  std::set<std::thread::id> threads;
  for (int i = 0; i < 100; ++i) threads.insert(kb::util::Background([] { return std::this_thread::get_id(); }).get());
  CHECK(threads.size() < 100);
}
