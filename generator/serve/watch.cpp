#include "serve/watch.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <thread>

namespace kb::serve {

namespace fs = std::filesystem;

namespace {

const char* const kInputs[] = {"content", "templates", "assets"};
// What an edit does to a file or folder; IN_ONLYDIR is not used, so files' events come too.
constexpr std::uint32_t kEvents = IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                  IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF;
// Time for an editor to finish a save after its first event.
constexpr int kSettleMs = 50;

}  // namespace

Watcher::Watcher(fs::path root, std::chrono::milliseconds poll) : root_(std::move(root)), poll_(poll) {
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ >= 0 && !watch_all()) {
    ::close(fd_);
    fd_ = -1;
  }
  last_ = snapshot();
}

Watcher::~Watcher() {
  if (fd_ >= 0) ::close(fd_);
}

bool Watcher::watch_all() {
  // The root too: an input folder created after serve started is then seen.
  root_watch_ = ::inotify_add_watch(fd_, root_.c_str(), IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM);
  if (root_watch_ < 0) return false;
  for (const char* dir : kInputs) {
    std::error_code ec;
    if (!fs::is_directory(root_ / dir, ec)) continue;
    if (::inotify_add_watch(fd_, (root_ / dir).c_str(), kEvents) < 0) return false;
    for (auto it = fs::recursive_directory_iterator(root_ / dir, ec); it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (ec) return false;
      if (it->is_directory(ec) && !it->is_symlink(ec) && ::inotify_add_watch(fd_, it->path().c_str(), kEvents) < 0)
        return false;
    }
  }
  return true;
}

Watcher::Events Watcher::drain(int timeout_ms) {
  Events events;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return events;
  events.any = true;
  alignas(inotify_event) char buf[16384];
  for (ssize_t n; (n = ::read(fd_, buf, sizeof buf)) > 0;) {
    for (const char* at = buf; at < buf + n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(at);
      if (e->wd == root_watch_ || (e->mask & IN_Q_OVERFLOW) ||
          ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO))))
        events.new_folder = true;
      at += sizeof(inotify_event) + e->len;
    }
  }
  return events;
}

bool Watcher::changed() {
  if (fd_ >= 0) {
    Events events = drain(static_cast<int>(poll_.count()));
    if (!events.any) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(kSettleMs));
    events.new_folder |= drain(0).new_folder;
    // A folder created meanwhile gets its watch (adding one twice is harmless); an edit to a
    // file needs no walk but the snapshot's.
    if (events.new_folder && !watch_all()) {
      ::close(fd_);
      fd_ = -1;
    }
  } else {
    std::this_thread::sleep_for(poll_);
    if (snapshot() == last_) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(kSettleMs));
  }
  Snapshot now = snapshot();
  if (now == last_) return false;
  last_ = std::move(now);
  return true;
}

// Every input file with its size and modification time.
Watcher::Snapshot Watcher::snapshot() {
  Snapshot snap;
  for (const char* dir : kInputs) {
    std::error_code ec;
    if (!fs::is_directory(root_ / dir, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(root_ / dir, ec); it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file(ec)) continue;
      snap[it->path().string()] = {it->file_size(ec), it->last_write_time(ec)};
    }
  }
  return snap;
}

}  // namespace kb::serve
