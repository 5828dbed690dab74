// Golden whole-site tests: each fixture site under tests/fixtures/sites/ is built and compared
// file by file with tests/fixtures/expected/NAME/. To accept a change in the output, run
//   KB_BLESS=1 ctest --test-dir build -R golden
// and review the diff of tests/fixtures/expected/ with git.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "support/support.hpp"

using namespace kb::test;

namespace {

// Files copied verbatim from Debian packages are not ours to compare.
bool compared(const std::string& rel) { return rel != "assets/lunr.js"; }

std::string diff_of(const std::string& expected, const std::string& actual) {
  TempDir tmp;
  write_file(tmp.path() / "expected", expected);
  write_file(tmp.path() / "actual", actual);
  std::string cmd = "diff -u " + shell_quote((tmp.path() / "expected").string()) + " " +
                    shell_quote((tmp.path() / "actual").string()) + " | head -40 > " +
                    shell_quote((tmp.path() / "diff").string());
  (void)std::system(cmd.c_str());
  return read_file(tmp.path() / "diff");
}

}  // namespace

TEST_CASE("fixture sites build to their expected output", "[golden]") {
  const bool bless = std::getenv("KB_BLESS") != nullptr;
  for (const auto& entry : fs::directory_iterator(fixtures_dir() / "sites")) {
    const std::string name = entry.path().filename().string();
    DYNAMIC_SECTION("site " << name) {
      TempDir tmp;
      fs::path root = tmp.path() / "root";
      make_site(root, entry.path());
      RunResult r = run_kbgen("build --root " + shell_quote(root.string()) + " --out " +
                              shell_quote((tmp.path() / "out").string()));
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
      auto actual = read_tree(tmp.path() / "out");
      fs::path expected_dir = fixtures_dir() / "expected" / name;
      if (bless) {
        fs::remove_all(expected_dir);
        for (const auto& [rel, data] : actual)
          if (compared(rel)) write_file(expected_dir / rel, data);
        WARN("blessed " << expected_dir.string());
        continue;
      }
      auto expected = read_tree(expected_dir);
      REQUIRE_FALSE(expected.empty());
      for (const auto& [rel, data] : expected) {
        INFO("file " << rel);
        auto it = actual.find(rel);
        REQUIRE(it != actual.end());
        if (it->second != data) FAIL("differs from the expected output:\n" << diff_of(data, it->second));
      }
      for (const auto& [rel, _] : actual) {
        INFO("unexpected file " << rel);
        CHECK((expected.count(rel) > 0 || !compared(rel)));
      }
    }
  }
}

TEST_CASE("two builds of the same input are byte-identical", "[golden][determinism]") {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  make_site(root, fixtures_dir() / "sites" / "basic");
  auto build = [&](const std::string& out) {
    RunResult r = run_kbgen("build --root " + shell_quote(root.string()) + " --out " + shell_quote(out));
    REQUIRE(r.exit_code == 0);
    return read_tree(out);
  };
  auto a = build((tmp.path() / "a").string());
  auto b = build((tmp.path() / "b").string());
  REQUIRE(a.size() > 10);
  CHECK(a == b);
  // Nothing in the output may depend on where it was built.
  for (const auto& [rel, data] : a) {
    INFO(rel);
    CHECK(data.find(tmp.path().string()) == std::string::npos);
  }
}
