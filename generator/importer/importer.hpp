// The importer: raw source text (PDF-extracted plain text, partly Markdown) + manifest →
// content Markdown files (docs/content-format.md). Pure: no file system access.
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "importer/manifest.hpp"

namespace kb::importer {

struct OutputFile {
  std::string path;     // relative to the output folder, e.g. "book-ch01.md"
  std::string content;
};

// What the importer did that a reviewer may want to check (page-break joins, detected
// headings); kept out of the Markdown so that the output stays the editable truth.
struct ImportLog {
  std::vector<std::pair<int, int>> joins;  // (last line of A, first line of C)
  std::vector<std::pair<int, int>> headings;  // (line, level)
  std::vector<int> blockquotes;
};

struct ImportResult {
  std::vector<OutputFile> files;
  ImportLog log;
};

// `source_path` is used in diagnostics only.
ImportResult import_source(const std::string& source_text, const Manifest& manifest,
                           diag::Sink& sink, const std::string& source_path = "");

// Converts one line of source inline text to Markdown: <i>/<b> to emphasis, footnote markers
// to `[^N]` (their numbers appended to `refs`), literal `[` and stray `<` escaped.
std::string convert_inline(const std::string& text, std::vector<int>* refs);

}  // namespace kb::importer
