// Splits a content file into its YAML front matter and Markdown body, keeping the line
// offsets so that YAML and Markdown positions map back to lines of the file.
#pragma once

#include <string>
#include <string_view>

#include "diag/diagnostic.hpp"

namespace kb::content {

struct Split {
  bool ok = false;
  std::string yaml;    // text between the fences
  int yaml_line = 0;   // file line of the first YAML line (1-based)
  std::string body;    // everything after the closing fence
  int body_line = 0;   // file line of the first body line (1-based)
};

// A file must open with "---" on its first line and close it with "---" (or "...") on a line
// of its own. Reports BOM, CRLF, NUL bytes and invalid UTF-8 too, since all of them would
// otherwise surface later as confusing errors.
Split split_front_matter(std::string_view text, const std::string& path, diag::Sink& sink);

}  // namespace kb::content
