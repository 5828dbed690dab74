#include "support/support.hpp"

#include <stdexcept>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>

namespace kb::test {

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("kbgen-test-" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

RunResult run_kbgen(const std::string& args) { return run_program(KB_KBGEN_PATH, args); }

RunResult run_program(const fs::path& exe, const std::string& args) {
  TempDir tmp;
  fs::path out = tmp.path() / "out", err = tmp.path() / "err";
  std::string cmd = shell_quote(exe.string()) + " " + args + " >" + shell_quote(out.string()) + " 2>" +
                    shell_quote(err.string()) + " </dev/null";
  int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

std::map<std::string, std::string> read_tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).generic_string()] = read_file(e.path());
  return files;
}

std::string tree_difference(const std::map<std::string, std::string>& got,
                            const std::map<std::string, std::string>& want) {
  std::vector<std::string> missing, extra, changed;
  for (const auto& [rel, bytes] : want) {
    auto it = got.find(rel);
    if (it == got.end()) missing.push_back(rel);
    else if (it->second != bytes) changed.push_back(rel);
  }
  for (const auto& [rel, _] : got)
    if (!want.count(rel)) extra.push_back(rel);
  std::string out;
  auto list = [&out](const char* what, const std::vector<std::string>& paths) {
    if (paths.empty()) return;
    out += std::string(out.empty() ? "" : "; ") + what + " (" + std::to_string(paths.size()) + "):";
    for (std::size_t i = 0; i < paths.size() && i < 10; ++i) out += " " + paths[i];
  };
  list("missing", missing);
  list("extra", extra);
  list("changed", changed);
  return out;
}

void write_file(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << data;
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

fs::path source_dir() { return fs::path(KB_SOURCE_DIR); }
fs::path fixtures_dir() { return source_dir() / "tests" / "fixtures"; }

void make_site(const fs::path& root, const fs::path& site_fixture) {
  copy_tree(fixtures_dir() / "templates", root / "templates");
  fs::create_directories(root / "content");
  fs::copy_file(fixtures_dir() / "schema.yaml", root / "content" / "schema.yaml", fs::copy_options::overwrite_existing);
  copy_tree(site_fixture, root);
}

const kb::schema::Schema& fixture_schema() {
  static const kb::schema::Schema schema = [] {
    kb::diag::Sink sink;
    kb::schema::Schema s = kb::schema::parse_schema("tests/fixtures/schema.yaml", read_file(fixtures_dir() / "schema.yaml"), sink);
    if (sink.has_errors()) throw std::runtime_error("tests/fixtures/schema.yaml has errors");
    return s;
  }();
  return schema;
}

}  // namespace kb::test
