// Atomic output: a build writes into a fresh staging folder beside the output folder and swaps
// it in only when everything succeeded, so a failed or interrupted build never touches the
// reader's site. Nothing is ever written outside the output folder and its staging sibling.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "diag/diagnostic.hpp"
#include "site/files.hpp"
#include "util/parallel.hpp"

namespace kb::site {

// The name of the file in the output folder that lists what the generator wrote.
inline constexpr const char* kManifestName = ".kbgen-manifest";

// Refuses an output folder that would destroy something or feed on itself: the site root, a
// source folder (content/, templates/, assets/, import/, ...), a parent of them or a folder
// inside one, or (unless `force`) a non-empty folder the generator did not create. Files in the
// output folder that the generator did not write are never deleted (see Staging::commit).
bool check_output_dir(const std::filesystem::path& root, const std::filesystem::path& out, bool force,
                      diag::Sink& sink);

class Staging {
 public:
  explicit Staging(std::filesystem::path out);
  ~Staging();  // removes the staging folder unless committed
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;

  // `rel` is a relative '/'-separated path; refuses absolute paths and "..".
  bool write(const std::string& rel, const std::string& data, diag::Sink& sink);
  // Writes the manifest and swaps the staging folder in place of the output folder, moving the
  // files the generator did not write (a `.git`, a CNAME) from the previous site into the new one.
  // A page that would replace such a file is a `not-ours` error, and nothing changes.
  bool commit(diag::Sink& sink);
  std::size_t files_written() const { return files_.size(); }

 private:
  bool same_as_before(const std::string& rel, const std::string& data, const std::filesystem::path& to) const;

  std::filesystem::path out_;
  std::filesystem::path dir_;
  std::map<std::string, bool> files_;
  bool committed_ = false;
};

bool is_safe_relative(const std::string& rel);

// Writes files into a Staging folder on a thread of its own while the caller makes the next
// ones; at most `max_queued` bytes wait, so memory stays bounded. With one worker (KB_THREADS=1)
// it writes at once, on the caller's thread. write() may be called from several threads at once
// (the pages' and the search stage's).
class QueuedWriter {
 public:
  explicit QueuedWriter(Staging& staging, std::size_t max_queued = std::size_t{64} << 20);
  ~QueuedWriter();  // finishes the queue
  QueuedWriter(const QueuedWriter&) = delete;
  QueuedWriter& operator=(const QueuedWriter&) = delete;

  void write(std::string rel, std::string data);
  // Waits until everything queued is written; the writes' diagnostics go to `sink`, in the
  // order the files were queued. False if any write failed.
  bool finish(diag::Sink& sink);

 private:
  void run();

  Staging& staging_;
  std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<std::string, std::string>> queue_;
  std::size_t queued_bytes_ = 0;
  bool closing_ = false;
  diag::Sink sink_;
  bool ok_ = true;
  util::Background<void> thread_;  // run(), while writing on a thread of its own
};

// Brings the output folder from `before` to `after` by writing only the files that changed,
// each through a temporary file renamed into place, and deleting the ones that are gone. Used by
// `kbgen serve`, where a rebuild touches few files (and shares the bytes of the others).
bool sync_output(const std::filesystem::path& out, const Files& before, const Files& after, diag::Sink& sink);

}  // namespace kb::site
