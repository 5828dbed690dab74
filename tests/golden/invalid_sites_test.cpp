// Invalid fixture sites: each folder under tests/fixtures/invalid/ is a broken site (overlaid on
// _base/ and the fixture templates) with the exact diagnostics it must produce (expected.txt),
// the exit code (exit) and, optionally, files to delete from the assembled site (remove.txt).
// KB_BLESS=1 rewrites expected.txt from the actual output (review the diff with git).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

#include "support/support.hpp"

using namespace kb::test;

namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

const std::vector<std::string> kMeta = {"expected.txt", "exit", "remove.txt"};

}  // namespace

TEST_CASE("invalid sites report exact diagnostics and write nothing", "[invalid]") {
  fs::path dir = fixtures_dir() / "invalid";
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name[0] == '_') continue;
    DYNAMIC_SECTION("fixture " << name) {
      TempDir tmp;
      fs::path root = tmp.path() / "root";
      make_site(root, dir / "_base");
      copy_tree(entry.path(), root);
      for (const auto& meta : kMeta) fs::remove(root / meta);
      for (const auto& rel : lines_of(read_file(entry.path() / "remove.txt"))) fs::remove(root / rel);

      fs::path out = tmp.path() / "out";
      RunResult r = run_kbgen("build --root " + shell_quote(root.string()) + " --out " + shell_quote(out.string()));
      auto got = lines_of(r.err);
      REQUIRE_FALSE(got.empty());
      std::string summary = got.back();
      got.pop_back();
      if (std::getenv("KB_BLESS")) {
        std::string text;
        for (const auto& l : got) text += l + "\n";
        write_file(entry.path() / "expected.txt", text);
      }
      auto expected = lines_of(read_file(entry.path() / "expected.txt"));
      INFO("stderr:\n" << r.err);
      CHECK(got == expected);
      CHECK(r.exit_code == std::stoi(read_file(entry.path() / "exit")));
      CHECK(summary.find("nothing was written") != std::string::npos);
      CHECK_FALSE(fs::exists(out));
      // Nothing but the root and the output folder (absent) may appear in the temp dir.
      std::vector<std::string> names;
      for (const auto& e : fs::directory_iterator(tmp.path())) names.push_back(e.path().filename().string());
      CHECK(names == std::vector<std::string>{"root"});
    }
  }
}
