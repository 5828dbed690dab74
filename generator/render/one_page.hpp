// Several rendered texts on one page (a collection's print view): each text's ids get a prefix
// so that they stay unique, and the links between them point inside the page.
// Internal to render/.
#pragma once

#include <map>
#include <string>

namespace kb::render {

// `html` (a text's rendered body) with every id, in-page link (`href="#x"`) and id reference
// (aria-describedby, aria-labelledby) prefixed with `prefix` + "--"; a link to a file that
// `in_page` lists ("book-ch02.html" → "book-ch02") becomes a link to that text's place on the
// page ("#book-ch02", "#book-ch02--x"). Headings move one level down (the page's own h2 names
// each text). Other links are kept as they are.
std::string scope_ids(const std::string& html, const std::string& prefix,
                      const std::map<std::string, std::string>& in_page);

}  // namespace kb::render
