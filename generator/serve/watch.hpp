// What `kbgen serve` watches: the site's inputs (content/, templates/, assets/). Changes are
// noticed by the kernel (inotify) where it can, and by comparing snapshots every poll interval
// where it cannot (a file system without inotify, the watch limit reached). Either way a change
// is reported only when the inputs' snapshot (each file's size and modification time) differs.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <utility>

namespace kb::serve {

class Watcher {
 public:
  Watcher(std::filesystem::path root, std::chrono::milliseconds poll);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // Waits up to the poll interval; true when the inputs changed since the last true (or since
  // construction), after letting an editor finish writing (several files, or a save in steps).
  bool changed();
  bool uses_inotify() const { return fd_ >= 0; }

 private:
  using Snapshot = std::map<std::string, std::pair<std::uintmax_t, std::filesystem::file_time_type>>;
  Snapshot snapshot();
  // Watches every folder below the inputs; false (and inotify off) when one cannot be watched.
  bool watch_all();
  struct Events {
    bool any = false;
    bool new_folder = false;  // a folder appeared (or the kernel dropped events): watch_all again
  };
  Events drain(int timeout_ms);

  std::filesystem::path root_;
  std::chrono::milliseconds poll_;
  int fd_ = -1;
  int root_watch_ = -1;  // the root's watch: its events are input folders created or moved
  Snapshot last_;
};

}  // namespace kb::serve
