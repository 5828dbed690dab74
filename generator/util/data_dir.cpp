#include "util/data_dir.hpp"

#include <cstdlib>

namespace kb::util {

namespace fs = std::filesystem;

fs::path data_dir() {
  if (const char* env = std::getenv("KBGEN_DATA_DIR"); env && *env) return fs::path(env);
  const fs::path bin = executable_dir();
  if (bin.empty()) return {};
  const fs::path dir = bin.parent_path() / "share" / "kbgen";
  std::error_code ec;
  return fs::is_directory(dir, ec) ? dir : fs::path();
}

fs::path executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

}  // namespace kb::util
