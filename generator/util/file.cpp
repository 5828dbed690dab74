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

}  // namespace kb::util
