// How a text is cited: one reference per text, read from its front matter and its collection's,
// and written out as the site's citation line, the <meta> tags reference managers read
// (Google Scholar's citation_* and Dublin Core), BibTeX and RIS.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "content/model.hpp"

namespace kb::cite {

struct Reference {
  // A text in a collection that has editors is a chapter of an edited book; any other text is
  // a report published on its own.
  enum class Type { chapter, report };
  Type type = Type::report;
  std::string id;     // the BibTeX key, from the text's id ("book-ch07")
  std::string title;
  std::vector<std::string> authors;
  std::vector<std::string> editors;   // of the book (chapter)
  std::string book_title;             // chapter
  std::string publisher;
  std::string year;
  std::string first_page, last_page;  // from "113–138"
  std::string url;                    // absolute, or "" without a base URL
  std::string language;
};

// `url` is the text's page, absolute (the site's base URL and the page's path) or "".
Reference reference_of(const content::Page& text, const content::Page* collection, const std::string& url,
                       const std::string& language);

// "A, B, “Title”, in Book, ed. C and D (Publisher, 2020), pp. 113–138."
std::string citation_text(const Reference& r);
// (name, content) pairs for <meta name=... content=...>, in a stable order.
std::vector<std::pair<std::string, std::string>> meta_tags(const Reference& r);
std::string bibtex(const Reference& r);
std::string ris(const Reference& r);

}  // namespace kb::cite
