#include "util/yaml_file.hpp"

#include "util/text.hpp"

#include <algorithm>

namespace kb::util {

bool check_plain_text(std::string_view text, const std::string& path, diag::Sink& sink) {
  if (auto cr = text.find('\r'); cr != std::string_view::npos) {
    auto lc = line_col_at(text, cr);
    sink.error(path, lc.line, lc.col, "lone-cr",
               "carriage return without a line feed (an old Mac line ending); save the file with LF or CRLF line endings");
    return false;
  }
  if (auto ctl = find_control_char(text)) {
    auto lc = line_col_at(text, *ctl);
    sink.error(path, lc.line, lc.col, "control-char",
               "control character " + code_point_name(text, *ctl) + " in a text file; delete it");
    return false;
  }
  return true;
}

bool check_yaml_strings(const YAML::Node& node, const std::string& path, int first_line, diag::Sink& sink) {
  bool ok = true;
  if (node.IsScalar()) {
    if (auto ctl = find_control_char(node.Scalar())) {
      auto mark = node.Mark();
      sink.error(path, first_line + std::max(0, mark.line), std::max(0, mark.column) + 1, "control-char",
                 "control character " + code_point_name(node.Scalar(), *ctl) +
                     " in a value (a YAML escape such as \\0 or \\e); delete it");
      ok = false;
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) ok = check_yaml_strings(item, path, first_line, sink) && ok;
  } else if (node.IsMap()) {
    for (const auto& kv : node) {
      ok = check_yaml_strings(kv.first, path, first_line, sink) && ok;
      ok = check_yaml_strings(kv.second, path, first_line, sink) && ok;
    }
  }
  return ok;
}

std::optional<YAML::Node> parse_yaml_file(const std::string& path, const std::string& raw, diag::Sink& sink) {
  const std::string text = normalize_line_endings(raw);
  if (auto bad = find_invalid_utf8(text)) {
    auto lc = line_col_at(text, *bad);
    sink.error(path, lc.line, lc.col, "invalid-utf8", "invalid UTF-8 byte sequence");
    return std::nullopt;
  }
  if (!check_plain_text(text, path, sink)) return std::nullopt;
  try {
    YAML::Node node = YAML::Load(text);
    if (!check_yaml_strings(node, path, 1, sink)) return std::nullopt;
    return node;
  } catch (const YAML::Exception& e) {
    sink.error(path, e.mark.line + 1, e.mark.column + 1, "bad-yaml", "invalid YAML: " + e.msg);
    return std::nullopt;
  }
}

}  // namespace kb::util
