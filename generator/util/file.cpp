#include "util/file.hpp"

#include <fstream>
#include <iterator>

namespace kb::util {

bool read_file(const std::filesystem::path& path, std::string& out) {
  out.clear();
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
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
