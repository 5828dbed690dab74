// The site's own static files: ROOT/assets/**, copied as they are (symbolic links are not
// followed: each is a warning, as in content/), and the check that a Markdown image names one.
#pragma once

#include <map>
#include <string>

#include "diag/diagnostic.hpp"

namespace kb::site {

// Adds "assets/REL" → bytes for every regular file under ROOT/assets (or, when the site has no
// assets/ folder, under the installed defaults: util/data_dir.hpp), in path order; the files of
// a folder REL.d/ are joined, in name order, into one file REL (assets/kb.js.d/*.js → assets/kb.js).
void read_assets(const std::string& root, std::map<std::string, std::string>& files, diag::Sink& sink);

// Whether `rel` (a path from the site root, without query or fragment) is a safe relative path
// to a regular file reached without a symbolic link (one that is a link is not published).
bool asset_exists(const std::string& root, const std::string& rel);

}  // namespace kb::site
