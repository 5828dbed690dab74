// The kbgen command line as a user meets it: help, version, exit codes, and the promise that a
// failed build never touches the previous site.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "support/support.hpp"

using namespace kb::test;

namespace {

std::string build_args(const fs::path& root, const fs::path& out) {
  return "build --root " + shell_quote(root.string()) + " --out " + shell_quote(out.string());
}

}  // namespace

TEST_CASE("kbgen --help and --version", "[cli]") {
  RunResult help = run_kbgen("--help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("build") != std::string::npos);
  CHECK(help.out.find("check") != std::string::npos);
  RunResult version = run_kbgen("--version");
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("kbgen ", 0) == 0);
}

TEST_CASE("usage errors exit with 2", "[cli]") {
  CHECK(run_kbgen("build --no-such-flag").exit_code == 2);
  CHECK(run_kbgen("").exit_code == 2);
  RunResult missing = run_kbgen("build --root /nonexistent/kb-root");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("[no-root]") != std::string::npos);
}

TEST_CASE("kbgen serve without kbgen-serve beside it says so and builds nothing", "[cli]") {
  // kbgen hands `serve` to kbgen-serve from its own folder; a kbgen copied alone cannot.
  TempDir tmp;
  fs::copy_file(KB_KBGEN_PATH, tmp.path() / "kbgen");
  make_site(tmp.path() / "root", fixtures_dir() / "sites" / "basic");
  RunResult r = run_program(tmp.path() / "kbgen", "serve --port 0 --root " + shell_quote((tmp.path() / "root").string()));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("cannot start " + (tmp.path() / "kbgen-serve").string()) != std::string::npos);
  CHECK(r.err.find("[no-server]") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp.path() / "root" / "site"));
}

TEST_CASE("a build prints a one-line summary and writes index.html", "[cli]") {
  TempDir tmp;
  make_site(tmp.path() / "root", fixtures_dir() / "sites" / "basic");
  RunResult r = run_kbgen(build_args(tmp.path() / "root", tmp.path() / "out"));
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("built 24 pages") != std::string::npos);
  CHECK(r.err.find("0 errors") != std::string::npos);
  CHECK(fs::exists(tmp.path() / "out" / "index.html"));
  // The default output folder is ROOT/site.
  RunResult d = run_kbgen("build --root " + shell_quote((tmp.path() / "root").string()));
  CHECK(d.exit_code == 0);
  CHECK(fs::exists(tmp.path() / "root" / "site" / "index.html"));
}

TEST_CASE("a failed build leaves the previous site byte-identical", "[cli]") {
  TempDir tmp;
  fs::path root = tmp.path() / "root", out = tmp.path() / "out";
  make_site(root, fixtures_dir() / "sites" / "basic");
  REQUIRE(run_kbgen(build_args(root, out)).exit_code == 0);
  auto before = read_tree(out);

  SECTION("bad YAML") { write_file(root / "content/missions/minusca.md", "---\ntitle: [\n---\n"); }
  SECTION("invalid UTF-8") { write_file(root / "content/themes/national-ownership.md", "---\ntitle: \"\xff\"\n---\n"); }
  SECTION("unterminated front matter") { write_file(root / "content/texts/notes.md", "---\ntitle: \"x\"\n"); }

  RunResult r = run_kbgen(build_args(root, out));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("content/") != std::string::npos);
  CHECK(read_tree(out) == before);
  // No staging folder is left behind.
  int entries = 0;
  for (const auto& e : fs::directory_iterator(tmp.path())) entries += e.path().filename().string()[0] == '.';
  CHECK(entries == 0);
}

TEST_CASE("check --relations lists what the texts do not state, under each reason", "[cli]") {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  make_site(root, fixtures_dir() / "sites" / "basic");
  write_file(root / "content/missions/binuca.md",
             "---\nacronym: BINUCA\ntitle: \"BINUCA\"\ntype: political\n"
             "end: {value: 2014, editorial: \"Closed when MINUSCA took over; the report does not say.\"}\n---\n");
  RunResult r = run_kbgen("check --root " + shell_quote(root.string()) + " --relations");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("mission end: 0 with a passage, 1 editorial\n"
                   "  editorial: Closed when MINUSCA took over; the report does not say.\n"
                   "    mission:binuca end 2014\n") != std::string::npos);
  CHECK(r.out.find("mission predecessor: 1 with a passage, 0 editorial") != std::string::npos);
  CHECK(r.out.find("mission start: 1 with a passage, 0 editorial") != std::string::npos);
  CHECK_FALSE(fs::exists(root / "site"));
  // A site with errors has no report, and says so.
  write_file(root / "content/missions/binuca.md", "---\nacronym: BINUCA\ntitle: \"BINUCA\"\nend: {value: 2014, passage: \"report#nope\"}\n---\n");
  RunResult bad = run_kbgen("check --root " + shell_quote(root.string()) + " --relations");
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("[unknown-anchor]") != std::string::npos);
}

TEST_CASE("check validates and writes nothing", "[cli]") {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  make_site(root, fixtures_dir() / "sites" / "basic");
  RunResult ok = run_kbgen("check --root " + shell_quote(root.string()));
  CHECK(ok.exit_code == 0);
  CHECK(ok.err.find("checked 24 pages") != std::string::npos);
  CHECK_FALSE(fs::exists(root / "site"));
  write_file(root / "content/missions/x.md", "---\nacronym: X\ntitle: \"X\"\nthemes: [nope]\n---\n");
  RunResult bad = run_kbgen("check --root " + shell_quote(root.string()));
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("content/missions/x.md:4:10: error: unknown theme 'nope'") != std::string::npos);
}

TEST_CASE("strict mode turns warnings into a failure", "[cli]") {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  make_site(root, fixtures_dir() / "sites" / "basic");
  fs::remove(root / "content/site.yaml");  // a warning: defaults are used
  CHECK(run_kbgen(build_args(root, tmp.path() / "a")).exit_code == 0);
  RunResult strict = run_kbgen(build_args(root, tmp.path() / "b") + " --strict");
  CHECK(strict.exit_code == 1);
  CHECK(strict.err.find("warning: no site configuration") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp.path() / "b"));
}

TEST_CASE("dangerous output folders are refused", "[cli]") {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  make_site(root, fixtures_dir() / "sites" / "basic");
  auto before = read_tree(root);
  CHECK(run_kbgen(build_args(root, root)).exit_code == 2);
  CHECK(run_kbgen(build_args(root, root / "content")).exit_code == 2);
  CHECK(run_kbgen(build_args(root, tmp.path())).exit_code == 2);  // a parent of the root
  CHECK(read_tree(root) == before);

  fs::path foreign = tmp.path() / "foreign";
  write_file(foreign / "notes.txt", "my own file");
  RunResult r = run_kbgen(build_args(root, foreign));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--force") != std::string::npos);
  CHECK(read_file(foreign / "notes.txt") == "my own file");
  // --force builds there, and still deletes nothing.
  CHECK(run_kbgen(build_args(root, foreign) + " --force").exit_code == 0);
  CHECK(read_file(foreign / "notes.txt") == "my own file");
  CHECK(fs::exists(foreign / "index.html"));
  // A folder kbgen wrote itself is rebuilt without --force.
  CHECK(run_kbgen(build_args(root, foreign)).exit_code == 0);
  CHECK(read_file(foreign / "notes.txt") == "my own file");
}

TEST_CASE("the output folder may not be inside a folder the build reads", "[cli]") {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  make_site(root, fixtures_dir() / "sites" / "basic");
  fs::create_directories(root / "import");
  auto before = read_tree(root);
  for (const char* inside : {"content/newdir", "assets/site", "templates/site", "import/site"}) {
    INFO(inside);
    RunResult r = run_kbgen(build_args(root, root / inside));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("which the build reads") != std::string::npos);
  }
  CHECK(read_tree(root) == before);
  CHECK(run_kbgen(build_args(root, root / "site")).exit_code == 0);  // beside them is fine
}

TEST_CASE("files in the output folder that kbgen did not write are kept", "[cli]") {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  make_site(root, fixtures_dir() / "sites" / "basic");
  fs::path out = tmp.path() / "site";
  write_file(root / "content/missions/alpha.md", "---\nacronym: ALPHA\ntitle: \"Alpha\"\n---\n");
  REQUIRE(run_kbgen(build_args(root, out)).exit_code == 0);
  REQUIRE(fs::exists(out / "missions/alpha.html"));
  // What a person publishing the site adds: a gh-pages checkout, a CNAME, notes beside pages.
  write_file(out / ".git/HEAD", "ref: refs/heads/gh-pages\n");
  write_file(out / ".git/objects/ab/cdef", "blob");
  write_file(out / "CNAME", "kb.example.org\n");
  write_file(out / "missions/README.txt", "mine\n");
  fs::create_symlink("/etc/hostname", out / "link-to-outside");

  // A page that goes away takes its file with it; the user's files stay, byte for byte.
  fs::remove(root / "content/missions/alpha.md");
  RunResult r = run_kbgen(build_args(root, out));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(fs::exists(out / "missions/alpha.html"));
  CHECK(read_file(out / ".git/HEAD") == "ref: refs/heads/gh-pages\n");
  CHECK(read_file(out / ".git/objects/ab/cdef") == "blob");
  CHECK(read_file(out / "CNAME") == "kb.example.org\n");
  CHECK(read_file(out / "missions/README.txt") == "mine\n");
  CHECK(fs::is_symlink(out / "link-to-outside"));

  // A page that would replace one of them is an error, and the site stays as it was.
  write_file(root / "content/missions/beta.md", "---\nacronym: BETA\ntitle: \"Beta\"\n---\n");
  write_file(out / "missions/beta.html", "my own beta page");
  auto before = read_tree(out);
  RunResult clash = run_kbgen(build_args(root, out));
  CHECK(clash.exit_code == 1);
  CHECK(clash.err.find("missions/beta.html") != std::string::npos);
  CHECK(clash.err.find("[not-ours]") != std::string::npos);
  CHECK(read_tree(out) == before);
}

TEST_CASE("the search scripts replace a site's own files of their names", "[cli]") {
  // The search stage's files are written while the pages render; a site's assets are read
  // before, and must not overwrite them afterwards.
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  make_site(root, fixtures_dir() / "sites" / "basic");
  write_file(root / "assets/lunr.js", "my own lunr\n");
  write_file(root / "assets/lunr-state.js", "my own state\n");
  RunResult r = run_kbgen(build_args(root, tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(tmp.path() / "out/assets/lunr.js") == read_file(KB_LUNR_JS));
  CHECK(read_file(tmp.path() / "out/assets/lunr-state.js").find("lunr.Builder") != std::string::npos);
  CHECK(read_file(tmp.path() / "out/assets/style.css") == read_file(root / "assets/style.css"));
}

TEST_CASE("an empty manifest does not hand a folder's files to kbgen", "[cli]") {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  make_site(root, fixtures_dir() / "sites" / "basic");
  fs::path out = tmp.path() / "mine";
  write_file(out / ".kbgen-manifest", "");
  write_file(out / "thesis.tex", "chapter one");
  REQUIRE(run_kbgen(build_args(root, out)).exit_code == 0);
  CHECK(read_file(out / "thesis.tex") == "chapter one");
  REQUIRE(run_kbgen(build_args(root, out)).exit_code == 0);
  CHECK(read_file(out / "thesis.tex") == "chapter one");
}

TEST_CASE("files saved by Windows editors (CRLF, a byte-order mark) build as their LF twins", "[cli]") {
  TempDir tmp;
  fs::path lf = tmp.path() / "lf", crlf = tmp.path() / "crlf";
  make_site(lf, fixtures_dir() / "sites" / "basic");
  make_site(crlf, fixtures_dir() / "sites" / "basic");
  int converted = 0;
  for (const auto& e : fs::recursive_directory_iterator(crlf / "content")) {
    if (!e.is_regular_file()) continue;
    std::string text = read_file(e.path()), windows = "\xEF\xBB\xBF";
    for (char c : text) windows += c == '\n' ? std::string("\r\n") : std::string(1, c);
    write_file(e.path(), windows);
    ++converted;
  }
  REQUIRE(converted > 10);
  REQUIRE(run_kbgen(build_args(lf, tmp.path() / "out-lf")).exit_code == 0);
  RunResult r = run_kbgen(build_args(crlf, tmp.path() / "out-crlf"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(read_tree(tmp.path() / "out-lf") == read_tree(tmp.path() / "out-crlf"));

  // Diagnostics count lines and columns as the editor shows them.
  write_file(crlf / "content/missions/binuca.md",
             "\xEF\xBB\xBF---\r\nacronym: BINUCA\r\ntitle: \"B\"\r\nthemes: [nope]\r\n---\r\n");
  RunResult bad = run_kbgen(build_args(crlf, tmp.path() / "out-bad"));
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("content/missions/binuca.md:4:10: error: unknown theme 'nope'") != std::string::npos);
}

TEST_CASE("kbgen lunr reports a bad corpus at its line and column, exit 1", "[cli]") {
  TempDir tmp;
  fs::path huge = tmp.path() / "huge.json", broken = tmp.path() / "broken.json";
  write_file(huge, R"({"ref": "id", "fields": [{"name": "body", "boost": 1e309}], "documents": []})");
  write_file(broken, "{\"ref\": \"id\",\n  \"fields\": [}\n");
  RunResult r = run_kbgen("lunr " + shell_quote(huge.string()));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(huge.string() + ":1:1: error: ") != std::string::npos);
  RunResult b = run_kbgen("lunr " + shell_quote(broken.string()));
  CHECK(b.exit_code == 1);
  CHECK(b.err.find(broken.string() + ":2:14: error: not valid JSON") != std::string::npos);
  RunResult missing = run_kbgen("lunr " + shell_quote((tmp.path() / "none.json").string()));
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("none.json:1:1: error: cannot read") != std::string::npos);
}

TEST_CASE("the real site is byte for byte the same built on one thread and on four", "[cli][threads]") {
  TempDir tmp;
  std::map<std::string, std::map<std::string, std::string>> trees;
  for (const char* threads : {"1", "4"}) {
    ::setenv("KB_THREADS", threads, 1);
    RunResult r = run_kbgen(build_args(source_dir(), tmp.path() / threads));
    ::unsetenv("KB_THREADS");
    REQUIRE(r.exit_code == 0);
    trees[threads] = read_tree(tmp.path() / threads);
  }
  REQUIRE(trees["1"].size() > 700);
  CHECK(trees["1"].size() == trees["4"].size());
  for (const auto& [path, bytes] : trees["1"]) {
    INFO(path);
    CHECK((trees["4"].count(path) && trees["4"].at(path) == bytes));
  }
}
