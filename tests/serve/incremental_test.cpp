// Incremental rebuilds (kbgen serve) must produce exactly what a full build produces, after any
// sequence of edits, while re-rendering only what the edit touches.
#include <catch2/catch.hpp>

#include <fstream>

#include "build/build.hpp"
#include "support/support.hpp"

using namespace kb;
using namespace kb::test;

namespace {

build::Output generate(build::Session& session) {
  diag::Sink sink;
  build::Output out;
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
void check_equal(build::Session& incremental, const fs::path& root, build::Output& last) {
  last = generate(incremental);
  build::Options opts;
  opts.root = root.string();
  build::Session fresh(opts);
  build::Output full = generate(fresh);
  REQUIRE(last.files.size() == full.files.size());
  for (const auto& [path, data] : full.files) {
    INFO(path);
    auto it = last.files.find(path);
    REQUIRE(it != last.files.end());
    CHECK(it->second == data);
  }
}

}  // namespace

TEST_CASE("incremental rebuilds equal full builds after a sequence of edits", "[serve][incremental]") {
  TempDir tmp;
  fs::path root = tmp.path();
  copy_real_site(root);
  build::Options opts;
  opts.root = root.string();
  build::Session session(opts);
  build::Output out = generate(session);
  REQUIRE(out.pages > 500);

  fs::path minusca = root / "content/missions/minusca.md";
  REQUIRE(fs::exists(minusca));

  // 1. An entity's description: only that body and the pages showing it are re-rendered.
  append(minusca, "\nAn added sentence for the incremental test.\n");
  check_equal(session, root, out);
  CHECK(out.markdown_rendered == 1);
  CHECK(out.pages_rendered < 20);
  CHECK(out.files.at("missions/minusca.html").find("An added sentence for the incremental test.") != std::string::npos);

  // 2. A new entity that points at the mission: the mission page must list it (a backlink).
  write_file(root / "content/lessons/zz-incremental-lesson.md",
             "---\ntitle: \"Incremental lesson\"\nquote: \"MINUSCA\"\nsource: { doc: book-ch07 }\n"
             "missions: [minusca]\n---\n");
  check_equal(session, root, out);
  CHECK(out.files.at("missions/minusca.html").find("Incremental lesson") != std::string::npos);
  CHECK(out.files.count("lessons/zz-incremental-lesson.html") == 1);

  // 3. Rename it: the old page disappears everywhere, the new one appears.
  fs::rename(root / "content/lessons/zz-incremental-lesson.md", root / "content/lessons/zz-renamed-lesson.md");
  check_equal(session, root, out);
  CHECK(out.files.count("lessons/zz-incremental-lesson.html") == 0);
  CHECK(out.files.count("lessons/zz-renamed-lesson.html") == 1);
  CHECK(out.files.at("lessons/index.html").find("zz-incremental-lesson") == std::string::npos);

  // 4. Delete it.
  fs::remove(root / "content/lessons/zz-renamed-lesson.md");
  check_equal(session, root, out);
  CHECK(out.files.at("missions/minusca.html").find("Incremental lesson") == std::string::npos);

  // 5. A mission alias: every text that uses the new alias now links to the mission.
  replace_in(minusca, "aliases: [", "aliases: [\"Blue Helmets of Bangui\", ");
  append(root / "content/texts/book-ch18.md", "\nThe Blue Helmets of Bangui were mentioned here.\n");
  check_equal(session, root, out);
  CHECK(out.files.at("texts/book-ch18.html").find("href=\"../missions/minusca.html\" data-ref=\"mission:minusca\">Blue Helmets of Bangui") !=
        std::string::npos);

  // 6. A template.
  append(root / "templates/entity.mustache", "<!-- incremental template edit -->\n");
  check_equal(session, root, out);
  CHECK(out.files.at("missions/minusca.html").find("incremental template edit") != std::string::npos);

  // 7. An asset.
  append(root / "assets/style.css", "\n/* incremental asset edit */\n");
  check_equal(session, root, out);
  CHECK(out.files.at("assets/style.css").find("incremental asset edit") != std::string::npos);
}
