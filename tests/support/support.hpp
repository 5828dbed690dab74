// Test helpers: temporary folders, running kbgen, reading whole trees.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "schema/schema.hpp"

namespace kb::test {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the built kbgen with `args` (already shell-quoted where needed).
RunResult run_kbgen(const std::string& args);
// Runs the program `exe` with `args` (already shell-quoted where needed).
RunResult run_program(const fs::path& exe, const std::string& args);

// Every regular file below `dir` (relative '/'-separated path → bytes).
std::map<std::string, std::string> read_tree(const fs::path& dir);
// How the tree `got` differs from `want`: the paths missing, extra and changed (at most ten of
// each), or "" when they are equal. For CHECK(tree_difference(a, b) == "") to say what differs.
std::string tree_difference(const std::map<std::string, std::string>& got,
                            const std::map<std::string, std::string>& want);

void write_file(const fs::path& p, const std::string& data);
std::string read_file(const fs::path& p);
void copy_tree(const fs::path& from, const fs::path& to);

fs::path source_dir();    // the repository root
fs::path fixtures_dir();  // tests/fixtures

// A site root in a temp folder: the shared fixture templates and schema (tests/fixtures/schema.yaml,
// as content/schema.yaml) plus `site_fixture` overlaid.
void make_site(const fs::path& root, const fs::path& site_fixture);

std::string shell_quote(const std::string& s);

// tests/fixtures/schema.yaml (a copy of the knowledge base's own), parsed once.
const kb::schema::Schema& fixture_schema();

}  // namespace kb::test
