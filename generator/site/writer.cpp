#include "site/writer.hpp"

#include "util/file.hpp"
#include "util/parallel.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <set>
#include <signal.h>
#include <sstream>
#include <vector>
#include <sys/stat.h>
#include <unistd.h>

namespace kb::site {

namespace fs = std::filesystem;

namespace {

// Whether the file open as `fd` holds exactly `data` (whose size the caller has checked), read a
// piece at a time into a buffer on the stack: no copy of the file is made.
bool holds(int fd, std::string_view data) {
  char buffer[64 * 1024];
  std::size_t at = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return at == data.size();
    const auto got = static_cast<std::size_t>(n);
    if (got > data.size() - at || std::memcmp(buffer, data.data() + at, got) != 0) return false;
    at += got;
  }
}

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

// The files a build wrote into `dir`, from its manifest; empty when there is none.
std::set<std::string> read_manifest(const fs::path& dir) {
  std::set<std::string> listed;
  std::string text;
  if (!util::read_file(dir / kManifestName, text)) return listed;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (is_safe_relative(line)) listed.insert(line);
  return listed;
}

// What a person put into a folder kbgen built: every file or folder of `dir` that its manifest
// does not list and that holds nothing the manifest lists, as relative paths, outermost only
// (a user's `.git/` is one entry). Symbolic links are entries, never followed.
std::vector<std::string> files_kbgen_did_not_write(const fs::path& dir) {
  std::set<std::string> listed = read_manifest(dir);
  std::set<std::string> folders;  // the folders that hold listed files
  for (const auto& rel : listed)
    for (fs::path p = fs::path(rel).parent_path(); !p.empty(); p = p.parent_path()) folders.insert(p.generic_string());
  std::vector<std::string> found;
  std::vector<fs::path> pending{fs::path()};
  std::error_code ec;
  while (!pending.empty()) {
    fs::path sub = pending.back();
    pending.pop_back();
    for (const auto& e : fs::directory_iterator(dir / sub, ec)) {
      std::string rel = (sub / e.path().filename()).generic_string();
      if (rel == kManifestName || listed.count(rel)) continue;
      if (folders.count(rel) && e.is_directory(ec) && !e.is_symlink(ec))
        pending.push_back(sub / e.path().filename());
      else
        found.push_back(rel);
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

// A file of the user's at `rel` that a page of the new site would replace.
void report_not_ours(const fs::path& out, const std::string& rel, diag::Sink& sink) {
  sink.error((out / rel).string(), 0, 0, "not-ours",
             "the build would replace '" + rel +
                 "', which kbgen did not write; move it out of the output folder or give the page another path");
}

// Moves the user's files from a previous site `from` into the site now at `to`; one already
// present there stays where it is.
void carry_over_user_files(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  for (const auto& rel : files_kbgen_did_not_write(from)) {
    fs::path target = to / rel;
    if (fs::exists(fs::symlink_status(target, ec))) continue;
    fs::create_directories(target.parent_path(), ec);
    fs::rename(from / rel, target, ec);
  }
}

// Gives `to` the same entry as `from` without copying bytes: files are hard-linked, symbolic
// links recreated, folders made and filled the same way. Whatever cannot be mirrored whole (a
// socket, a file system that refuses links) is removed again, and returns false.
bool mirror(const fs::path& from, const fs::path& to) {
  struct stat st {};
  if (::lstat(from.c_str(), &st) != 0) return false;
  std::error_code ec;
  bool ok = false;
  if (S_ISREG(st.st_mode)) {
    ok = ::link(from.c_str(), to.c_str()) == 0;
  } else if (S_ISLNK(st.st_mode)) {
    fs::create_symlink(fs::read_symlink(from, ec), to, ec);
    ok = !ec;
  } else if (S_ISDIR(st.st_mode) && fs::create_directory(to, ec)) {
    ok = true;
    for (const auto& e : fs::directory_iterator(from, ec))
      if (!(ok = mirror(e.path(), to / e.path().filename()))) break;
    ok = ok && !ec;
  }
  if (!ok) fs::remove_all(to, ec);
  return ok;
}

// Puts the user's files `theirs` of the previous site `from` into the new site `to` before the
// two are swapped, so that the swap itself carries them: a build killed just after it leaves
// them in place.
void mirror_user_files(const fs::path& from, const fs::path& to, const std::vector<std::string>& theirs) {
  std::error_code ec;
  for (const auto& rel : theirs) {
    fs::create_directories((to / rel).parent_path(), ec);
    mirror(from / rel, to / rel);
  }
}

// After the swap, `to` holds the mirror of one of the user's entries, made from `from` before
// it. What the user replaced or added in `from` meanwhile wins over the mirror, and what could not
// be mirrored is moved over.
void settle(const fs::path& from, const fs::path& to) {
  struct stat old_st {}, new_st {};
  if (::lstat(from.c_str(), &old_st) != 0) return;
  std::error_code ec;
  if (::lstat(to.c_str(), &new_st) == 0) {
    if (S_ISDIR(old_st.st_mode) && S_ISDIR(new_st.st_mode)) {
      for (const auto& e : fs::directory_iterator(from, ec)) settle(e.path(), to / e.path().filename());
      return;
    }
    if (old_st.st_ino == new_st.st_ino && old_st.st_dev == new_st.st_dev) return;
    if (S_ISLNK(old_st.st_mode) && S_ISLNK(new_st.st_mode) && fs::read_symlink(from, ec) == fs::read_symlink(to, ec))
      return;
    fs::remove_all(to, ec);
  }
  fs::create_directories(to.parent_path(), ec);
  fs::rename(from, to, ec);
}

void settle_user_files(const fs::path& from, const fs::path& to) {
  for (const auto& rel : files_kbgen_did_not_write(from)) settle(from / rel, to / rel);
}

// ".NAME.staging-PID" or ".NAME.old-PID" beside the output folder NAME, for this process.
std::string sibling_name(const fs::path& out, const char* what) {
  std::string name = ".";
  name.append(out.filename().string()).append(what).append(std::to_string(::getpid()));
  return name;
}

// A build killed before it finished leaves its staging folder beside the output, and one killed
// in the middle of a non-atomic swap leaves the previous site under ".NAME.old-PID". Removes
// what dead builds left, and puts a previous site back if the output folder is missing. A
// previous site left aside may hold the user's files: they go back into the output folder first.
void clean_up_after_dead_builds(const fs::path& out) {
  const std::string name = out.filename().string();
  std::string staging = ".", old = ".";
  staging.append(name).append(".staging-");
  old.append(name).append(".old-");
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
    if (fs::exists(p / kManifestName, ec) && fs::is_directory(out, ec)) carry_over_user_files(p, out);
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
  // The output folder may neither hold nor sit inside a folder that the build reads (or that
  // holds the project's own files): a site inside assets/ would be published into itself.
  for (const char* protected_dir : {"", "content", "templates", "assets", "import", "sources", "generator", "tests"}) {
    bool is_root = std::string(protected_dir).empty();
    fs::path p = is_root ? r : normal(r / protected_dir);
    if (o == p || is_within(p, o)) {
      sink.error("", 0, 0, "bad-output",
                 "refusing to use '" + out.string() + "' as the output folder: building there would replace " +
                     (is_root ? std::string("the site root") : p.string()));
      return false;
    }
    if (!is_root && is_within(o, p)) {
      sink.error("", 0, 0, "bad-output",
                 "refusing to use '" + out.string() + "' as the output folder: it is inside " + p.string() +
                     ", which the build reads; choose a folder outside it");
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
                   "' holds files kbgen did not write; choose an empty folder, or pass --force to build into it "
                   "(its files are kept; a page that would replace one is an error)");
    return false;
  }
  return true;
}

Staging::Staging(fs::path out) : out_(normal(out)) {
  dir_ = out_.parent_path() / sibling_name(out_, ".staging-");
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

// A file the previous build wrote with these very bytes is linked into the staging folder, not
// written again: a warm build then creates almost no files. Only a plain file that nothing else
// links to (no symbolic link, no second name outside the site) is reused.
bool Staging::same_as_before(const std::string& rel, const std::string& data, const fs::path& to) const {
  const fs::path from = out_ / rel;
  struct stat st {};
  if (::lstat(from.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
      static_cast<std::size_t>(st.st_size) != data.size())
    return false;
  const int fd = ::open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  const bool same = holds(fd, data);
  ::close(fd);
  if (!same) return false;
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  return ::link(from.c_str(), to.c_str()) == 0;
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
  if (same_as_before(rel, data, p)) {
    files_[rel] = true;
    return true;
  }
  if (!util::write_file(p, data)) {
    sink.error("", 0, 0, "io", "cannot write '" + p.string() + "'");
    return false;
  }
  files_[rel] = true;
  return true;
}

bool Staging::commit(diag::Sink& sink) {
  std::error_code ec;
  // Files a person added to the output folder (.git, CNAME, a README) stay; a page that would
  // replace one is an error, and the previous site stays as it was.
  std::vector<std::string> theirs;
  if (fs::is_directory(out_, ec)) theirs = files_kbgen_did_not_write(out_);
  bool clash = false;
  for (const auto& rel : theirs) {
    std::string folder = rel;
    folder += '/';
    auto next = files_.lower_bound(rel);
    bool replaced = next != files_.end() && next->first == rel;
    next = files_.lower_bound(folder);
    replaced = replaced || (next != files_.end() && next->first.compare(0, folder.size(), folder) == 0);
    for (fs::path p = fs::path(rel).parent_path(); !replaced && !p.empty(); p = p.parent_path())
      replaced = files_.count(p.generic_string()) > 0;
    if (!replaced) continue;
    report_not_ours(out_, rel, sink);
    clash = true;
  }
  if (clash) return false;
  // The folder is kbgen's from now on: a manifest, even an empty one, tells a later clean-up
  // which of its files were the user's.
  if (!theirs.empty() && !fs::exists(out_ / kManifestName, ec)) util::write_file(out_ / kManifestName, "");
  std::string manifest;
  for (const auto& [rel, _] : files_) manifest += rel + "\n";
  util::write_file(dir_ / kManifestName, manifest);
  mirror_user_files(out_, dir_, theirs);
  // Swapping the two folders in one step means that a build killed at any moment leaves either
  // the previous site or the new one in place, never neither.
  if (fs::is_directory(out_, ec) && ::renameat2(AT_FDCWD, dir_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE) == 0) {
    committed_ = true;
    settle_user_files(dir_, out_);
    fs::remove_all(dir_, ec);  // now the previous site
    return true;
  }
  // Without RENAME_EXCHANGE (an old kernel or file system): move the old site aside first.
  fs::path old = out_.parent_path() / sibling_name(out_, ".old-");
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
  if (had_old) {
    settle_user_files(old, out_);
    fs::remove_all(old, ec);
  }
  return true;
}

bool sync_output(const fs::path& out, const Files& before, const Files& after, diag::Sink& sink) {
  std::error_code ec;
  fs::create_directories(out, ec);
  // What the folder's manifest lists is kbgen's (from this session or an earlier build); any
  // other file at a path the site now needs is the user's, and is not replaced. Once this
  // session has written the folder, the manifest lists what `before` holds: it is read again
  // only when the site has a path it did not have.
  const bool new_paths =
      before.empty() || std::any_of(after.begin(), after.end(), [&](const auto& file) { return !before.count(file.first); });
  const std::set<std::string> listed = new_paths ? read_manifest(out) : std::set<std::string>{};
  bool clash = false;
  for (const auto& [rel, _] : after) {
    if (before.count(rel) || listed.count(rel) || !is_safe_relative(rel)) continue;
    if (!fs::exists(fs::symlink_status(out / rel, ec))) continue;
    report_not_ours(out, rel, sink);
    clash = true;
  }
  if (clash) return false;
  bool changed = false;
  for (const auto& [rel, data] : after) {
    auto it = before.find(rel);
    if (it != before.end() && it->second == data) continue;
    if (!is_safe_relative(rel)) {
      sink.error("", 0, 0, "bad-output-path", "refusing to write outside the output folder: '" + rel + "'");
      return false;
    }
    fs::path p = out / rel;
    if (!util::replace_file(p, data.str())) {
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
  for (const auto& rel : listed) {  // an earlier build's pages that are gone
    if (after.count(rel) || before.count(rel)) continue;
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

QueuedWriter::QueuedWriter(Staging& staging, std::size_t max_queued) : staging_(staging), max_queued_(max_queued) {
  if (util::worker_count() > 1) thread_ = util::Background([this] { run(); });
}

QueuedWriter::~QueuedWriter() {
  diag::Sink ignored;
  finish(ignored);
}

void QueuedWriter::write(std::string rel, std::string data) {
  if (!thread_.holds()) {  // one thread: written here, one caller at a time (pages and search files)
    std::lock_guard<std::mutex> lock(mutex_);
    ok_ = staging_.write(rel, data, sink_) && ok_;
    return;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  // A file larger than the whole budget still goes, alone.
  changed_.wait(lock, [&] { return queue_.empty() || queued_bytes_ + data.size() <= max_queued_; });
  queued_bytes_ += data.size();
  queue_.emplace_back(std::move(rel), std::move(data));
  changed_.notify_all();
}

void QueuedWriter::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return !queue_.empty() || closing_; });
    if (queue_.empty()) return;
    auto [rel, data] = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    // Only this thread touches the staging folder and sink_ until finish() has joined it.
    bool wrote = staging_.write(rel, data, sink_);
    lock.lock();
    ok_ = wrote && ok_;
    queued_bytes_ -= data.size();
    changed_.notify_all();
  }
}

bool QueuedWriter::finish(diag::Sink& sink) {
  if (thread_.holds()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closing_ = true;
    }
    changed_.notify_all();
    thread_.get();  // run() has returned: writes from now on are made at once
  }
  sink.merge(sink_);
  sink_ = diag::Sink();
  return ok_;
}

}  // namespace kb::site
