// A whole YAML file (site.yaml, schema.yaml, glossary.yaml) as a tree: invalid UTF-8 and YAML
// syntax errors are reported at their line and column, and give nullopt.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "diag/diagnostic.hpp"
#include "util/yaml_tree.hpp"

namespace kb::util {

// `path` names the file in diagnostics; `text` is its content (a BOM and CRLF line endings are
// read as util::normalize_line_endings reads them).
std::optional<yaml::Document> parse_yaml_file(const std::string& path, const std::string& text, diag::Sink& sink);

// The checks every authored text file gets once its line endings are normalised: a lone CR
// ([lone-cr]) or a control character other than tab and newline ([control-char]) is reported at
// its line and column. True when there is neither. (Front matter files and YAML files alike.)
bool check_plain_text(std::string_view text, const std::string& path, diag::Sink& sink);

// Reports every string in `node` that holds a control character other than tab and newline
// (YAML escapes such as "\0", "\e" or "\a" write them) at its position; `first_line` is the file
// line of the YAML's first line. A tree that aliases expand past 100,000 values is an error too:
// everything that reads it afterwards walks the expanded tree. True when there is neither.
bool check_yaml_strings(const yaml::Node& node, const std::string& path, int first_line, diag::Sink& sink);

}  // namespace kb::util
