#include "site/assets.hpp"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "site/writer.hpp"
#include "util/data_dir.hpp"
#include "util/file.hpp"

namespace kb::site {

namespace fs = std::filesystem;

void read_assets(const std::string& root, std::map<std::string, std::string>& files, diag::Sink& sink) {
  fs::path assets = fs::path(root) / "assets";
  std::error_code ec;
  const bool linked = fs::is_symlink(assets, ec);
  if (linked)
    sink.warning("assets", 0, 0, "symlink", "symbolic links in the site root are not followed; assets/ is one");
  // A site without assets of its own gets the installed defaults (style, scripts).
  if ((linked || !fs::is_directory(assets, ec)) && !util::data_dir().empty()) assets = util::data_dir() / "assets";
  std::vector<fs::path> found;
  if (!fs::is_symlink(assets, ec) && fs::is_directory(assets, ec)) {
    for (auto it = fs::recursive_directory_iterator(assets, ec); it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (ec) break;
      if (it->is_symlink()) {
        // lexically: fs::relative would follow the link and name its target.
        sink.warning("assets/" + it->path().lexically_relative(assets).generic_string(), 0, 0, "symlink",
                     "symbolic links in assets/ are not followed");
        continue;
      }
      if (it->is_regular_file()) found.push_back(it->path());
    }
  }
  std::sort(found.begin(), found.end());
  for (const auto& f : found) {
    std::string rel = "assets/" + fs::relative(f, assets).generic_string();
    // A file in a folder NAME.d/ (directly) is part of NAME: its parts, in name order, one
    // after the other (a script kept as modules and served as one file).
    const fs::path folder = f.parent_path();
    if (folder != assets && folder.extension() == ".d") {
      std::string part;
      util::read_file(f, part);
      files["assets/" + fs::relative(folder, assets).replace_extension().generic_string()] += part;
      continue;
    }
    util::read_file(f, files[rel]);
  }
}

bool asset_exists(const std::string& root, const std::string& rel) {
  std::error_code ec;
  return is_safe_relative(rel) && util::first_symlink(root, rel).empty() &&
         fs::is_regular_file(fs::path(root) / rel, ec);
}

}  // namespace kb::site
