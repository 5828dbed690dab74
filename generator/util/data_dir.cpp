#include "util/data_dir.hpp"

#include <cstdlib>

namespace kb::util {

namespace fs = std::filesystem;

fs::path data_dir() {
  std::error_code ec;
  if (const char* env = std::getenv("KBGEN_DATA_DIR"); env && *env) return fs::path(env);
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path dir = exe.parent_path().parent_path() / "share" / "kbgen";
  return fs::is_directory(dir, ec) ? dir : fs::path();
}

}  // namespace kb::util
