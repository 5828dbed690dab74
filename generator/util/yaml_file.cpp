#include "util/yaml_file.hpp"

#include "util/text.hpp"

namespace kb::util {

std::optional<YAML::Node> parse_yaml_file(const std::string& path, const std::string& text, diag::Sink& sink) {
  if (auto bad = find_invalid_utf8(text)) {
    auto lc = line_col_at(text, *bad);
    sink.error(path, lc.line, lc.col, "invalid-utf8", "invalid UTF-8 byte sequence");
    return std::nullopt;
  }
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    sink.error(path, e.mark.line + 1, e.mark.column + 1, "bad-yaml", "invalid YAML: " + e.msg);
    return std::nullopt;
  }
}

}  // namespace kb::util
