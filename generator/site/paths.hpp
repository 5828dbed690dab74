// Output paths and URLs in one place. Every URL in the site is relative, so the same folder
// reads from file:// and from any web server under any sub-path.
#pragma once

#include <string>

namespace kb::site {

// The output file of a page: "missions/minusca.html" for folder "missions", id "minusca";
// "about.html" for a page at the top (folder ""), whose home page is "index".
std::string output_path(const std::string& folder, const std::string& id);

// Relative URL from the page at output path `from` to the output path `to`
// ("missions/minusca.html" → "texts/book-ch07.html" gives "../texts/book-ch07.html").
std::string relative_url(const std::string& from, const std::string& to);

// "../" repeated once per folder level of `from` ("" at the top).
std::string root_prefix(const std::string& from);

}  // namespace kb::site
