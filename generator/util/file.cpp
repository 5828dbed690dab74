#include "util/file.hpp"

#include <algorithm>
#include <cerrno>
#include <fstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kb::util {

// One read of the whole file where its size is known (a stream read character by character was
// a twentieth of a build), then reads until the end for what may have been added since.
bool read_file(const std::filesystem::path& path, std::string& out) {
  out.clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  std::size_t size = 0;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) out.resize(static_cast<std::size_t>(st.st_size));
  bool ok = true;
  char probe[4096];  // past the size fstat gave: usually just the end of the file
  for (;;) {
    const bool full = size == out.size();
    char* into = full ? probe : out.data() + size;
    ssize_t n = ::read(fd, into, full ? sizeof probe : out.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    if (full) out.append(probe, static_cast<std::size_t>(n));  // the file grew, or is not regular
    size += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out.resize(ok ? size : 0);
  return ok;
}

bool write_file(const std::filesystem::path& path, std::string_view data) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
  return static_cast<bool>(f);
}

bool replace_file(const std::filesystem::path& path, std::string_view data) {
  std::filesystem::path tmp = path;
  tmp += ".kbgen-tmp";
  if (!write_file(tmp, data)) return false;
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) std::filesystem::remove(tmp, ec);
  return !ec;
}

std::string first_symlink(const std::filesystem::path& root, const std::string& rel) {
  std::filesystem::path walked;
  std::error_code ec;
  for (const auto& part : std::filesystem::path(rel)) {
    walked /= part;
    if (std::filesystem::is_symlink(root / walked, ec)) return walked.generic_string();
  }
  return {};
}

}  // namespace kb::util
