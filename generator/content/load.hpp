// Discovers content files (sorted), splits front matter, parses YAML, validates each page
// against its kind in the schema and types its fields.
#pragma once

#include <map>
#include <string>

#include "content/model.hpp"
#include "diag/diagnostic.hpp"

namespace kb::content {

// What parsing each content file gave, kept between builds (`kbgen serve`): a file whose bytes
// and schema are unchanged is not parsed again.
struct LoadCache {
  struct File {
    std::string text;
    Page page;
    diag::Sink sink;
    bool ok = false;
  };
  std::string schema_text;
  std::map<std::string, File> files;  // by path from the site root
};

// Reads ROOT/content/schema.yaml, then ROOT/content. Every problem becomes a diagnostic; pages
// with errors are left out. With a cache, unchanged files are taken from it (and it is updated).
Content load_content(const std::string& root, diag::Sink& sink, LoadCache* cache = nullptr);

// Parses one file already in memory against `schema` (also used by tests and the fuzzer).
bool parse_page(const std::string& rel_path, std::string_view text, const schema::Schema& schema, Page& page,
                diag::Sink& sink);

// Ids (of pages, and of the texts `kbgen import` writes): lowercase ASCII letters, digits and
// hyphens, starting with a letter or digit, at most 120 characters. id_problem says what is
// wrong with one ("" when nothing is).
std::string id_problem(const std::string& id);
bool is_valid_id(const std::string& id);

}  // namespace kb::content
