#include "site/writer.hpp"

#include "util/file.hpp"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <signal.h>
#include <vector>
#include <unistd.h>

namespace kb::site {

namespace fs = std::filesystem;

namespace {

fs::path normal(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(p), ec);
  return ec ? fs::absolute(p).lexically_normal() : abs;
}

bool is_within(const fs::path& inner, const fs::path& outer) {
  auto rel = inner.lexically_relative(outer);
  return !rel.empty() && *rel.begin() != "..";
}

bool process_is_gone(const std::string& pid_text) {
  if (pid_text.empty() || pid_text.size() > 9 || pid_text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  pid_t pid = static_cast<pid_t>(std::stol(pid_text));
  return pid > 0 && pid != ::getpid() && ::kill(pid, 0) == -1 && errno == ESRCH;
}

// A build killed before it finished leaves its staging folder beside the output, and one killed
// in the middle of a non-atomic swap leaves the previous site under ".NAME.old-PID". Removes
// what dead builds left, and puts a previous site back if the output folder is missing.
void clean_up_after_dead_builds(const fs::path& out) {
  const std::string staging = "." + out.filename().string() + ".staging-";
  const std::string old = "." + out.filename().string() + ".old-";
  std::error_code ec;
  std::vector<fs::path> leftovers;
  for (const auto& e : fs::directory_iterator(out.parent_path(), ec)) {
    std::string entry = e.path().filename().string();
    if ((entry.rfind(staging, 0) == 0 && process_is_gone(entry.substr(staging.size()))) ||
        (entry.rfind(old, 0) == 0 && process_is_gone(entry.substr(old.size()))))
      leftovers.push_back(e.path());
  }
  for (const auto& p : leftovers) {
    bool is_old = p.filename().string().rfind(old, 0) == 0;
    if (is_old && !fs::exists(out, ec) && fs::exists(p / kManifestName, ec)) {
      fs::rename(p, out, ec);
      if (!ec) continue;
    }
    fs::remove_all(p, ec);
  }
}

}  // namespace

bool is_safe_relative(const std::string& rel) {
  if (rel.empty() || rel[0] == '/' || rel.find('\\') != std::string::npos || rel.find('\0') != std::string::npos)
    return false;
  for (const auto& part : fs::path(rel))
    if (part == ".." || part == ".") return false;
  return true;
}

bool check_output_dir(const fs::path& root, const fs::path& out, bool force, diag::Sink& sink) {
  fs::path r = normal(root), o = normal(out);
  for (const char* protected_dir : {"", "content", "templates", "assets", "generator", "tests"}) {
    fs::path p = std::string(protected_dir).empty() ? r : normal(r / protected_dir);
    if (o == p || is_within(p, o)) {
      sink.error("", 0, 0, "bad-output",
                 "refusing to use '" + out.string() + "' as the output folder: building there would replace " +
                     (std::string(protected_dir).empty() ? std::string("the site root") : p.string()));
      return false;
    }
  }
  clean_up_after_dead_builds(o);  // may put the previous site back in place
  std::error_code ec;
  if (!fs::exists(o, ec)) return true;
  if (!fs::is_directory(o, ec)) {
    sink.error("", 0, 0, "bad-output", "output path '" + out.string() + "' exists and is not a folder");
    return false;
  }
  if (force) return true;
  bool empty = fs::directory_iterator(o, ec) == fs::directory_iterator();
  if (empty) return true;
  if (!fs::exists(o / kManifestName, ec)) {
    sink.error("", 0, 0, "bad-output",
               "output folder '" + out.string() +
                   "' holds files kbgen did not write; remove them or pass --force to replace the folder");
    return false;
  }
  return true;
}

Staging::Staging(fs::path out) : out_(normal(out)) {
  dir_ = out_.parent_path() / ("." + out_.filename().string() + ".staging-" + std::to_string(::getpid()));
  clean_up_after_dead_builds(out_);
  std::error_code ec;
  fs::remove_all(dir_, ec);
  fs::create_directories(dir_, ec);
}

Staging::~Staging() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

bool Staging::write(const std::string& rel, const std::string& data, diag::Sink& sink) {
  if (!is_safe_relative(rel)) {
    sink.error("", 0, 0, "bad-output-path", "refusing to write outside the output folder: '" + rel + "'");
    return false;
  }
  if (files_.count(rel)) {
    sink.error("", 0, 0, "duplicate-output", "two pages would be written to '" + rel + "'");
    return false;
  }
  fs::path p = dir_ / rel;
  if (!util::write_file(p, data)) {
    sink.error("", 0, 0, "io", "cannot write '" + p.string() + "'");
    return false;
  }
  files_[rel] = true;
  return true;
}

bool Staging::commit(diag::Sink& sink) {
  std::string manifest;
  for (const auto& [rel, _] : files_) manifest += rel + "\n";
  util::write_file(dir_ / kManifestName, manifest);
  std::error_code ec;
  // Swapping the two folders in one step means that a build killed at any moment leaves either
  // the previous site or the new one in place, never neither.
  if (fs::is_directory(out_, ec) && ::renameat2(AT_FDCWD, dir_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE) == 0) {
    committed_ = true;
    fs::remove_all(dir_, ec);  // now the previous site
    return true;
  }
  // Without RENAME_EXCHANGE (an old kernel or file system): move the old site aside first.
  fs::path old = out_.parent_path() / ("." + out_.filename().string() + ".old-" + std::to_string(::getpid()));
  bool had_old = fs::exists(out_, ec);
  if (had_old) {
    fs::rename(out_, old, ec);
    if (ec) {
      sink.error("", 0, 0, "io", "cannot move the previous site aside: " + ec.message());
      return false;
    }
  }
  fs::rename(dir_, out_, ec);
  if (ec) {
    sink.error("", 0, 0, "io", "cannot move the new site into place: " + ec.message());
    if (had_old) fs::rename(old, out_, ec);
    return false;
  }
  committed_ = true;
  if (had_old) fs::remove_all(old, ec);
  return true;
}

bool sync_output(const fs::path& out, const std::map<std::string, std::string>& before,
                 const std::map<std::string, std::string>& after, diag::Sink& sink) {
  std::error_code ec;
  fs::create_directories(out, ec);
  bool changed = false;
  for (const auto& [rel, data] : after) {
    auto it = before.find(rel);
    if (it != before.end() && it->second == data) continue;
    if (!is_safe_relative(rel)) {
      sink.error("", 0, 0, "bad-output-path", "refusing to write outside the output folder: '" + rel + "'");
      return false;
    }
    fs::path p = out / rel;
    if (!util::replace_file(p, data)) {
      sink.error("", 0, 0, "io", "cannot write '" + p.string() + "'");
      return false;
    }
    changed = true;
  }
  for (const auto& [rel, _] : before) {
    if (after.count(rel) || !is_safe_relative(rel)) continue;
    fs::remove(out / rel, ec);
    changed = true;
  }
  if (changed || !fs::exists(out / kManifestName)) {
    std::string manifest;
    for (const auto& [rel, _] : after) manifest += rel + "\n";
    util::replace_file(out / kManifestName, manifest);
  }
  return true;
}

}  // namespace kb::site
