// Incremental rebuilds (kbgen serve) must produce exactly what a full build produces, after any
// sequence of edits, while re-rendering only what the edit touches.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <random>
#include <regex>

#include "content/load.hpp"
#include "pipeline/pipeline.hpp"
#include "support/support.hpp"

using namespace kb;
using namespace kb::test;

namespace {

pipeline::Output generate(pipeline::Session& session) {
  diag::Sink sink;
  pipeline::Output out;
  bool ok = session.generate(sink, out);
  std::string errors;
  for (const auto& d : sink.all()) errors += diag::format(d) + "\n";
  INFO(errors);
  REQUIRE(ok);
  return out;
}

// The real site root (content, templates, assets) copied to a temp folder.
void copy_real_site(const fs::path& root) {
  for (const char* dir : {"content", "templates", "assets"}) copy_tree(source_dir() / dir, root / dir);
}

void append(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::app | std::ios::binary);
  f << text;
}

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
  std::string s = read_file(p);
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  write_file(p, s);
}

// Compares the incremental session's output with a fresh full build of the same root.
void check_equal(pipeline::Session& incremental, const fs::path& root, pipeline::Output& last) {
  last = generate(incremental);
  pipeline::Options opts;
  opts.root = root.string();
  pipeline::Session fresh(opts);
  pipeline::Output full = generate(fresh);
  REQUIRE(last.files.size() == full.files.size());
  for (const auto& [path, data] : full.files) {
    INFO(path);
    auto it = last.files.find(path);
    REQUIRE(it != last.files.end());
    CHECK(it->second == data);
  }
}

// A copy of the real site in a temp folder, and a session that remembers between builds.
struct RealSite {
  TempDir tmp;
  fs::path root = tmp.path();
  pipeline::Session session{options(root)};
  static pipeline::Options options(const fs::path& root) {
    copy_real_site(root);
    pipeline::Options opts;
    opts.root = root.string();
    return opts;
  }
};

}  // namespace

TEST_CASE("incremental rebuilds equal full builds after a sequence of edits", "[serve][incremental]") {
  RealSite site;
  const fs::path& root = site.root;
  pipeline::Session& session = site.session;
  pipeline::Output out = generate(session);
  REQUIRE(out.pages > 500);

  fs::path minusca = root / "content/missions/minusca.md";
  REQUIRE(fs::exists(minusca));

  // 1. An entity's description: only that body and the pages showing it are re-rendered, and
  // only the views that read it are built again (the mission's own, the home page's, which
  // reads every page), not the 700 others.
  append(minusca, "\nAn added sentence for the incremental test.\n");
  check_equal(session, root, out);
  CHECK(out.markdown_rendered == 1);
  CHECK(out.pages_rendered < 20);
  CHECK(out.views_built < 10);
  CHECK(out.files.at("missions/minusca.html").str().find("An added sentence for the incremental test.") != std::string::npos);

  // 2. A new entity that points at the mission: the mission page must list it (a backlink).
  write_file(root / "content/lessons/zz-incremental-lesson.md",
             "---\ntitle: \"Incremental lesson\"\nquote: \"MINUSCA\"\nsource: { doc: book-ch07 }\n"
             "missions: [minusca]\n---\n");
  check_equal(session, root, out);
  CHECK(out.files.at("missions/minusca.html").str().find("Incremental lesson") != std::string::npos);
  CHECK(out.files.count("lessons/zz-incremental-lesson.html") == 1);

  // 3. Rename it: the old page disappears everywhere, the new one appears.
  fs::rename(root / "content/lessons/zz-incremental-lesson.md", root / "content/lessons/zz-renamed-lesson.md");
  check_equal(session, root, out);
  CHECK(out.files.count("lessons/zz-incremental-lesson.html") == 0);
  CHECK(out.files.count("lessons/zz-renamed-lesson.html") == 1);
  CHECK(out.files.at("lessons/index.html").str().find("zz-incremental-lesson") == std::string::npos);

  // 4. Delete it.
  fs::remove(root / "content/lessons/zz-renamed-lesson.md");
  check_equal(session, root, out);
  CHECK(out.files.at("missions/minusca.html").str().find("Incremental lesson") == std::string::npos);

  // 5. A mission alias: every text that uses the new alias now links to the mission.
  replace_in(minusca, "aliases: [", "aliases: [\"Blue Helmets of Bangui\", ");
  append(root / "content/texts/book-ch18.md", "\nThe Blue Helmets of Bangui were mentioned here.\n");
  check_equal(session, root, out);
  CHECK(out.files.at("texts/book-ch18.html").str().find("href=\"../missions/minusca.html\" data-ref=\"mission:minusca\">Blue Helmets of Bangui") !=
        std::string::npos);

  // 6. A template.
  append(root / "templates/entity.mustache", "<!-- incremental template edit -->\n");
  check_equal(session, root, out);
  CHECK(out.files.at("missions/minusca.html").str().find("incremental template edit") != std::string::npos);

  // 7. An asset.
  append(root / "assets/style.css", "\n/* incremental asset edit */\n");
  check_equal(session, root, out);
  CHECK(out.files.at("assets/style.css").str().find("incremental asset edit") != std::string::npos);

  // 8. A mandate's year: a list of resolutions without the word links a number only when its
  // year matches, so the text's link must go when the year changes.
  append(root / "content/texts/book-ch18.md", "\nEarlier lists cite 2151 (2014) among others.\n");
  check_equal(session, root, out);
  const std::string cited = "data-ref=\"mandate:res-2151\">2151 (2014)</a> among others";
  CHECK(out.files.at("texts/book-ch18.html").str().find(cited) != std::string::npos);
  replace_in(root / "content/mandates/res-2151.md", "year: 2014", "year: 2015");
  check_equal(session, root, out);
  CHECK(out.files.at("texts/book-ch18.html").str().find(cited) == std::string::npos);

  // 9. A document's symbol: texts link the new symbol, not the old one.
  replace_in(root / "content/documents/s-2013-480.md", "symbol: \"S/2013/480\"", "symbol: \"S/2013/999\"");
  append(root / "content/texts/book-ch18.md", "\nSee also S/2013/999 on the subject.\n");
  check_equal(session, root, out);
  CHECK(out.files.at("texts/book-ch18.html").str().find("data-ref=\"document:s-2013-480\">S/2013/999</a>") != std::string::npos);
  CHECK(out.files.at("texts/book-annex.html").str().find("data-ref=\"document:s-2013-480\">S/2013/480</a>") == std::string::npos);

  // 10. The schema: a kind's folder (content/FOLDER and the output folder) moves every page of
  // the kind and every link to it.
  replace_in(root / "content/schema.yaml", "folder: missions", "folder: operations");
  fs::rename(root / "content/missions", root / "content/operations");
  check_equal(session, root, out);
  CHECK(out.files.count("operations/minusca.html") == 1);
  CHECK(out.files.count("missions/minusca.html") == 0);
  CHECK(out.files.at("texts/book-ch18.html").str().find("href=\"../operations/minusca.html\"") != std::string::npos);
  // ... and a fact's label.
  replace_in(root / "content/schema.yaml", "{label: Country or region, field: country}", "{label: Host country, field: country}");
  check_equal(session, root, out);
  CHECK(out.files.at("operations/minusca.html").str().find("Host country") != std::string::npos);

  // 11. A relation: a lesson that names a mission appears on the mission's page.
  replace_in(root / "content/lessons/book-ch01-lesson-1.md", "missions: []",
             "missions: [{id: unmil, editorial: \"A relation the incremental test adds.\"}]");
  check_equal(session, root, out);
  CHECK(out.files.at("operations/unmil.html").str().find("lessons/book-ch01-lesson-1.html") != std::string::npos);
}

// Any sequence of edits a maintainer makes, in random order: after each, the incremental build
// equals a full build. The seed is printed; KB_INCREMENTAL_SEED replays a sequence.
TEST_CASE("incremental rebuilds equal full builds after 50 random edits", "[serve][incremental]") {
  RealSite site;
  const fs::path& root = site.root;
  pipeline::Session& session = site.session;
  pipeline::Output out = generate(session);

  const char* env = std::getenv("KB_INCREMENTAL_SEED");
  const unsigned seed = env ? static_cast<unsigned>(std::stoul(env)) : std::random_device{}();
  std::mt19937 rng(seed);
  INFO("KB_INCREMENTAL_SEED=" << seed);
  auto files_in = [&](const char* folder) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(root / "content" / folder)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
  };
  auto pick = [&](const std::vector<fs::path>& v) { return v[rng() % v.size()]; };
  // Replaces the first match of `pattern` (a whole line) in a file.
  auto replace_line = [&](const fs::path& p, const std::string& pattern, const std::string& line) {
    std::string s = read_file(p);
    std::smatch m;
    if (!std::regex_search(s, m, std::regex(pattern, std::regex::multiline))) return false;
    s.replace(static_cast<std::size_t>(m.position(0)), static_cast<std::size_t>(m.length(0)), line);
    write_file(p, s);
    return true;
  };
  const auto texts = files_in("texts"), missions = files_in("missions"), lessons = files_in("lessons");
  const auto mandates = files_in("mandates"), themes = files_in("themes");
  // Documents whose symbol may change: those tagged with no mission, whose evidence (a passage
  // citing the symbol) a new symbol would lose.
  std::vector<fs::path> documents;
  for (const auto& d : files_in("documents"))
    if (const std::string t = read_file(d); t.find("\nmissions: [") == std::string::npos || t.find("\nmissions: []") != std::string::npos)
      documents.push_back(d);
  REQUIRE(documents.size() > 20);
  std::vector<std::string> added_lessons;
  std::vector<std::string> done;
  for (int step = 0; step < 50; ++step) {
    const int n = step;
    std::string what;
    switch (rng() % 11) {
      case 0: {  // a sentence in a text, naming a mission, a theme and a resolution
        fs::path t = pick(texts);
        append(t, "\nStep " + std::to_string(n) + " names MINUSCA, national ownership and resolution 2151.\n");
        what = "text " + t.filename().string();
        break;
      }
      case 1: {  // an entity's description
        fs::path e = pick(rng() % 2 ? missions : themes);
        append(e, "\nA description added at step " + std::to_string(n) + ".\n");
        what = "body of " + e.filename().string();
        break;
      }
      case 2: {  // a new alias of a mission, then used in a text
        fs::path m = pick(missions);
        const std::string alias = "Step" + std::to_string(n) + " Mission";
        if (!replace_line(m, "^aliases: \\[", "aliases: [\"" + alias + "\", "))
          replace_line(m, "^---$", "---\naliases: [\"" + alias + "\"]");
        append(pick(texts), "\nThe " + alias + " was there.\n");
        what = "alias of " + m.filename().string();
        break;
      }
      case 3: {  // a mandate's year
        fs::path m = pick(mandates);
        replace_line(m, "^year: .*$", "year: " + std::to_string(1990 + rng() % 35));
        what = "year of " + m.filename().string();
        break;
      }
      case 4: {  // a document's symbol
        fs::path d = pick(documents);
        // A number no document of the content has (none is 9900-9949): another document's symbol
        // is an error, [duplicate-name].
        replace_line(d, "^symbol: .*$", "symbol: \"S/" + std::to_string(2000 + rng() % 25) + "/" + std::to_string(9900 + n) + "\"");
        what = "symbol of " + d.filename().string();
        break;
      }
      case 5: {  // a relation: a lesson names a mission
        fs::path l = pick(lessons);
        const std::string id = pick(missions).stem().string();
        // Editorial: the lesson's passage need not name the mission picked.
        const std::string item = "{id: " + id + ", editorial: \"Step " + std::to_string(n) + " of the random edits.\"}";
        if (!replace_line(l, "^missions: \\[\\]", "missions: [" + item + "]")) replace_line(l, "^missions: \\[", "missions: [" + item + ", ");
        what = "relation of " + l.filename().string();
        break;
      }
      case 6: {  // a new lesson quoting a passage, or one removed again
        if (!added_lessons.empty() && rng() % 2) {
          fs::remove(root / "content/lessons" / (added_lessons.back() + ".md"));
          what = "removed " + added_lessons.back();
          added_lessons.pop_back();
        } else {
          const std::string id = "zz-step-" + std::to_string(n);
          write_file(root / "content/lessons" / (id + ".md"),
                     "---\ntitle: \"Lesson of step " + std::to_string(n) + "\"\nquote: \"MINUSCA\"\n"
                     "source: { doc: book-ch07 }\nmissions: [{id: " + pick(missions).stem().string() +
                     ", editorial: \"Added by the random edits.\"}]\n---\n");
          added_lessons.push_back(id);
          what = "added " + id;
        }
        break;
      }
      case 7: {  // the schema: a section's title or a kind's label
        if (rng() % 2) replace_in(root / "content/schema.yaml", "title: Lessons about this mission", "title: Lessons about this mission (" + std::to_string(n) + ")");
        else replace_line(root / "content/schema.yaml", "^    plural: Themes.*$", "    plural: Themes " + std::to_string(n));
        what = "schema";
        break;
      }
      case 8: {  // the glossary
        append(root / "content/glossary.yaml", "- acronym: \"STEP" + std::to_string(n) + "\"\n  expansion: \"step " + std::to_string(n) + "\"\n");
        append(pick(texts), "\nSTEP" + std::to_string(n) + " appears.\n");
        what = "glossary";
        break;
      }
      case 9: {  // a title, which every page linking to it shows
        fs::path p = pick(rng() % 2 ? texts : rng() % 2 ? missions : lessons);
        replace_line(p, "^title: .*$", "title: \"Retitled at step " + std::to_string(n) + "\"");
        what = "title of " + p.filename().string();
        break;
      }
      default: {  // a template
        append(root / "templates/entity.mustache", "<!-- step " + std::to_string(n) + " -->\n");
        what = "template";
        break;
      }
    }
    done.push_back(what);
    INFO("edits so far: " << [&] { std::string all; for (const auto& d : done) all += d + "; "; return all; }());
    check_equal(session, root, out);
  }
}

// The graph is kept between rebuilds and updated for the pages whose rendering changed: a passage
// that is added and then taken out again leaves nothing behind, not even an empty matrix cell
// (which a theme's "Passages by mission" would show as a mission with 0 passages).
TEST_CASE("a passage added to a text and taken out again leaves the graph as a full build has it", "[serve][incremental]") {
  RealSite site;
  pipeline::Output out = generate(site.session);
  const fs::path text = site.root / "content/texts/book-ch07.md";
  const std::string original = read_file(text);
  // No passage of the texts names both (checked: the first build's theme page lists no MINUSCA).
  const std::string theme_page = out.files.at("themes/violent-extremism.html").str();
  REQUIRE(theme_page.find("missions/minusca.html") == std::string::npos);

  append(text, "\nMINUSCA worked on preventing violent extremism.\n");
  check_equal(site.session, site.root, out);
  CHECK(out.files.at("themes/violent-extremism.html").str().find("missions/minusca.html") != std::string::npos);

  write_file(text, original);
  check_equal(site.session, site.root, out);
  CHECK(out.files.at("themes/violent-extremism.html").str().find("missions/minusca.html") == std::string::npos);
}

TEST_CASE("a rebuild reads again only the files written since they were read", "[serve][incremental]") {
  TempDir tmp;
  make_site(tmp.path(), fixtures_dir() / "sites" / "basic");
  // Written two hours ago: long before any load, so their times can be trusted.
  const auto written = fs::file_time_type::clock::now() - std::chrono::hours(2);
  for (const auto& entry : fs::recursive_directory_iterator(tmp.path() / "content"))
    if (entry.is_regular_file()) fs::last_write_time(entry.path(), written);
  content::LoadCache cache;
  auto load = [&] {
    diag::Sink sink;
    content::Content c = content::load_content(tmp.path().string(), sink, &cache);
    REQUIRE_FALSE(sink.has_errors());
    return c;
  };
  const content::Content first = load();
  const std::size_t files = first.pages.size();
  REQUIRE(files > 3);
  CHECK(cache.files_read == files);
  load();
  CHECK(cache.files_read == 0);  // nothing written since: every page from the cache

  // One file rewritten, the same size: its time says so, and only it is read.
  const content::Page& page = first.pages.back();
  const fs::path path = tmp.path() / page.path;
  std::string text = read_file(path);
  const auto at = text.rfind('e');
  REQUIRE(at != std::string::npos);
  text[at] = 'E';
  write_file(path, text);
  const content::Content second = load();
  CHECK(cache.files_read == 1);
  CHECK(second.pages.back().body.find('E') != std::string::npos);

  // A file written less than settle_ns before it was read is read at every load, in case it is
  // written again within the same tick of the file system's clock: with an hour, the file just
  // written is, and the others are not.
  cache.settle_ns = 3600LL * 1000000000;
  load();
  CHECK(cache.files_read == 1);
  load();
  CHECK(cache.files_read == 1);
}
