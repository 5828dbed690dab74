// libFuzzer target: the importer (kb::importer::import_source) on arbitrary source text with a
// small fixed manifest that uses each note layout, fixes, editor's notes and headings.
#include <cstddef>
#include <cstdint>
#include <string>

#include "importer/importer.hpp"

namespace {

const kb::importer::Manifest& manifest() {
  static const kb::importer::Manifest m = [] {
    const char* yaml = R"(source: seed.txt
texts:
  - id: a
    front: {title: "A", order: 1}
    lines: [1, 20]
    body: [1, 14]
    notes: {layout: endnotes, lines: [15, 20]}
    headings:
      - {line: 3, level: 2}
    fixes:
      - {line: 2, from: "a", to: "b"}
    editor_notes:
      - {after: 4, text: "An editor's note."}
    blockquotes: [6]
  - id: b
    front: {title: "B", order: 2}
    lines: [21, 40]
    body: [21, 40]
    notes: {layout: page-bottom}
    join_mode: lowercase
  - id: c
    front: {title: "C", order: 3}
    lines: [41, 60]
    body: [41, 60]
    notes: {layout: rule}
    resolution_anchors: true
)";
    kb::diag::Sink sink;
    auto parsed = kb::importer::parse_manifest(yaml, "fuzz.yaml", sink);
    if (!parsed || sink.has_errors()) __builtin_trap();  // the fixed manifest itself must be valid
    return *parsed;
  }();
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string source(reinterpret_cast<const char*>(data), size);
  kb::diag::Sink sink;
  (void)kb::importer::import_source(source, manifest(), sink, "seed.txt");
  std::vector<int> refs;
  (void)kb::importer::convert_inline(source.substr(0, 2000), &refs);
  // The manifest parser, too: the input as a manifest.
  kb::diag::Sink manifest_sink;
  (void)kb::importer::parse_manifest(source, "m.yaml", manifest_sink);
  return 0;
}
