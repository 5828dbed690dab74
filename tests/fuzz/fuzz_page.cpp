// libFuzzer target: the front-matter splitter and the page parser (kb::content::parse_page) on
// arbitrary bytes. The first byte picks the content folder, so every schema is exercised.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "content/front_matter.hpp"
#include "content/load.hpp"
#include "util/file.hpp"

namespace {

// The knowledge base's schema (tests/fixtures/schema.yaml).
const kb::schema::Schema& schema() {
  static const kb::schema::Schema s = [] {
    std::string text;
    kb::util::read_file(KB_SCHEMA_PATH, text);
    kb::diag::Sink sink;
    kb::schema::Schema parsed = kb::schema::parse_schema("schema.yaml", text, sink);
    if (sink.has_errors()) __builtin_trap();
    return parsed;
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kPaths[] = {"content/missions/a.md",  "content/themes/a.md",
                                       "content/mandates/a.md",  "content/principles/a.md",
                                       "content/lessons/a.md",   "content/recommendations/a.md",
                                       "content/documents/a.md", "content/texts/a.md",
                                       "content/collections/a.md", "content/index.md",
                                       "content/about.md",       "content/people/a.md"};
  if (size == 0) return 0;
  const std::string path = kPaths[data[0] % (sizeof(kPaths) / sizeof(kPaths[0]))];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  kb::diag::Sink split_sink;
  kb::content::split_front_matter(text, path, split_sink);
  kb::diag::Sink sink;
  kb::content::Page page;
  bool ok = kb::content::parse_page(path, text, schema(), page, sink);
  if (ok && sink.has_errors()) __builtin_trap();  // success must mean no errors
  if (ok) {
    (void)page.title();
    (void)page.list("aliases");
    (void)page.field_pos("id");
  }
  return 0;
}
