// Discovers content files (sorted), splits front matter, parses YAML, validates each page
// against its kind in the schema and types its fields.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "content/model.hpp"
#include "diag/diagnostic.hpp"

namespace kb::content {

// What parsing each content file gave, kept between builds (`kbgen serve`): a file whose bytes
// and schema are unchanged is not parsed again, and one whose size and modification time are
// those it had when it was read, long enough before that read that a later write would show in
// its time (as git trusts its index), is not even read again.
struct LoadCache {
  struct File {
    std::string text;
    Page page;
    diag::Sink sink;
    bool ok = false;
    struct Stat {
      std::int64_t mtime_ns = -1, read_ns = -1;  // modification time; the time it was read
      std::uint64_t size = 0, inode = 0;
    } stat;
  };
  std::string schema_text;
  std::map<std::string, File> files;  // by path from the site root
  // The schema and the glossary with what parsing them said, kept while their text is unchanged.
  schema::Schema schema;
  std::vector<diag::Diagnostic> schema_diagnostics;
  std::string glossary_text;
  std::vector<GlossaryEntry> glossary;
  std::vector<diag::Diagnostic> glossary_diagnostics;
  bool loaded = false;
  // A file written less than this long before it was read may be written again within the same
  // tick of the file system's clock, unseen in its time; such a file is read again each time.
  std::int64_t settle_ns = 1000000000;
  std::size_t files_read = 0;  // by the last load
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
