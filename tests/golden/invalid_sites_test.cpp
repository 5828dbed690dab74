// Invalid fixture sites: each folder under tests/fixtures/invalid/ is a broken or hostile site
// (overlaid on _base/ and the fixture templates) with the exact diagnostics it must produce
// (expected.txt: every stderr line but the summary), the exit code (exit) and, optionally,
// files to delete from the assembled site (remove.txt) and files made at test time
// (generate.txt, see below). A fixture that exits 1 or 2 must write nothing; one that exits 0
// (hostile input that is fine, or only warnings) must write only inside its output folder.
// Each one must finish quickly: a hang or a blow-up shows as a slow fixture.
// KB_BLESS=1 rewrites expected.txt from the actual output (review the diff with git).
//
// generate.txt builds inputs too large or too odd to commit, one directive a line:
//   append PATH COUNT TEXT   append TEXT (escapes \n \t \\ \xHH) COUNT times to ROOT/PATH
//   symlink PATH TARGET      make ROOT/PATH a symbolic link to TARGET
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
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

const std::vector<std::string> kMeta = {"expected.txt", "exit", "remove.txt", "generate.txt"};

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    if (c == 'n') out += '\n';
    else if (c == 't') out += '\t';
    else if (c == 'x' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else out += c;
  }
  return out;
}

// Returns the names of the symbolic links it made.
std::vector<std::string> generate(const fs::path& root, const std::string& script) {
  std::vector<std::string> links;
  for (const auto& line : lines_of(script)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    std::string op, path;
    in >> op >> path;
    if (op == "append") {
      std::size_t count = 0;
      in >> count;
      std::string text;
      if (in.get() == ' ') std::getline(in, text);
      std::string piece = unescape(text), data;
      data.reserve(piece.size() * count);
      for (std::size_t i = 0; i < count; ++i) data += piece;
      fs::create_directories((root / path).parent_path());
      std::ofstream f(root / path, std::ios::binary | std::ios::app);
      f << data;
    } else if (op == "symlink") {
      std::string target;
      in >> target;
      fs::create_directories((root / path).parent_path());
      fs::create_symlink(target, root / path);
      links.push_back(fs::path(path).filename().string());
    } else {
      FAIL("generate.txt: unknown directive '" << op << "'");
    }
  }
  return links;
}

// Every path below `dir`, symbolic links included, without following them.
std::map<std::string, std::string> listing(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::string rel = fs::relative(e.path(), dir).generic_string();
    if (e.is_symlink()) out[rel] = "symlink";
    else if (e.is_regular_file()) out[rel] = read_file(e.path());
    else out[rel] = "dir";
  }
  return out;
}

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
      auto links = generate(root, read_file(entry.path() / "generate.txt"));
      auto root_before = listing(root);

      fs::path out = tmp.path() / "out";
      // No time limit here (a busy machine is slow): CTest's timeout catches a hang.
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
      const int exit_code = std::stoi(read_file(entry.path() / "exit"));
      CHECK(r.exit_code == exit_code);
      // The site root is input only.
      CHECK(listing(root) == root_before);
      std::vector<std::string> names;
      for (const auto& e : fs::directory_iterator(tmp.path())) names.push_back(e.path().filename().string());
      std::sort(names.begin(), names.end());
      if (exit_code == 0) {
        // Only the output folder appears beside the root (no staging left), holding only
        // regular files: nothing copied through a link.
        CHECK(names == std::vector<std::string>{"out", "root"});
        CHECK(summary.find("built ") == 0);
        for (const auto& [rel, data] : listing(out)) {
          CHECK(data != "symlink");
          // Nothing reached through a link is published.
          if (data == "dir") continue;
          for (const auto& link : links) CHECK(fs::path(rel).stem() != fs::path(link).stem());
        }
      } else {
        CHECK(summary.find("nothing was written") != std::string::npos);
        CHECK_FALSE(fs::exists(out));
        CHECK(names == std::vector<std::string>{"root"});
      }
    }
  }
}

TEST_CASE("the hostile inputs the suite tries are counted", "[invalid]") {
  int sites = 0, generated = 0;
  for (const auto& entry : fs::directory_iterator(fixtures_dir() / "invalid")) {
    if (entry.path().filename().string()[0] == '_') continue;
    ++sites;
    generated += fs::exists(entry.path() / "generate.txt");
  }
  std::cout << "hostile inputs: " << sites << " broken or hostile sites (" << generated
            << " generated at test time) in tests/fixtures/invalid; see tests/robust/README.md for the rest\n";
  CHECK(sites >= 70);
}
