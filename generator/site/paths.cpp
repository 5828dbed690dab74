#include "site/paths.hpp"

#include <algorithm>


namespace kb::site {

std::string output_path(const std::string& folder, const std::string& id) {
  return (folder.empty() ? "" : folder + "/") + id + ".html";
}

std::string root_prefix(const std::string& from) {
  std::string out;
  for (char c : from)
    if (c == '/') out += "../";
  return out;
}

std::string relative_url(const std::string& from, const std::string& to) {
  // Strip the common folder prefix so that siblings link as "minusca.html".
  std::size_t common = 0;
  for (std::size_t i = 0; i < std::min(from.size(), to.size()); ++i) {
    if (from[i] != to[i]) break;
    if (from[i] == '/') common = i + 1;
  }
  return root_prefix(from.substr(common)) + to.substr(common);
}

}  // namespace kb::site
