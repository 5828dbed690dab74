// Output paths and URLs in one place. Every URL in the site is relative, so the same folder
// reads from file:// and from any web server under any sub-path.
#pragma once

#include <string>

namespace kb::site {

// "missions/minusca.html" for kind "mission", id "minusca"; "index.html" for the home page.
std::string output_path(const std::string& kind, const std::string& id);

// Relative URL from the page at output path `from` to the output path `to`
// ("missions/minusca.html" → "texts/book-ch07.html" gives "../texts/book-ch07.html").
std::string relative_url(const std::string& from, const std::string& to);

// "../" repeated once per folder level of `from` ("" at the top).
std::string root_prefix(const std::string& from);

}  // namespace kb::site
