#include "util/yaml_file.hpp"

#include "util/text.hpp"

#include <unordered_map>

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

namespace {

// Walks a YAML tree once per distinct node: an alias is the node its anchor names, so a value
// written once and referred to many times (`*a`) is checked once, and counted once per use.
class StringCheck {
 public:
  static constexpr long kMaxValues = 100000;

  StringCheck(const std::string& path, int first_line, diag::Sink& sink)
      : path_(path), first_line_(first_line), sink_(sink) {}

  // The number of values `node` expands to, or -1 after an error that stops the walk.
  long walk(const yaml::Node& node) {
    if (auto known = sizes_.find(&node); known != sizes_.end()) return known->second;
    long size = 1;
    if (node.is_scalar()) {
      if (auto ctl = find_control_char(node.text))
        report(node, "control-char", "control character " + code_point_name(node.text, *ctl) +
                                         " in a value (a YAML escape such as \\0 or \\e); delete it");
    }
    auto add = [&](const yaml::Node& child) {
      const long n = walk(child);
      if (n < 0) return false;
      size += n;
      if (size <= kMaxValues) return true;
      report(node, "bad-yaml", "invalid YAML: aliases expand this value to more than " +
                                   std::to_string(kMaxValues) + " values");
      return false;
    };
    for (const yaml::Node* item : node.items)
      if (!add(*item)) return -1;
    for (const auto& [key, value] : node.entries)
      if (!add(*key) || !add(*value)) return -1;
    sizes_.emplace(&node, size);
    return size;
  }

  bool ok() const { return ok_; }

 private:
  void report(const yaml::Node& node, const char* code, const std::string& message) {
    sink_.error(path_, first_line_ + node.mark.line, node.mark.column + 1, code, message);
    ok_ = false;
  }

  const std::string& path_;
  int first_line_;
  diag::Sink& sink_;
  bool ok_ = true;
  std::unordered_map<const yaml::Node*, long> sizes_;
};

}  // namespace

bool check_yaml_strings(const yaml::Node& node, const std::string& path, int first_line, diag::Sink& sink) {
  StringCheck check(path, first_line, sink);
  return check.walk(node) >= 0 && check.ok();
}

std::optional<yaml::Document> parse_yaml_file(const std::string& path, const std::string& raw, diag::Sink& sink) {
  const std::string text = normalize_line_endings(raw);
  if (auto bad = find_invalid_utf8(text)) {
    auto lc = line_col_at(text, *bad);
    sink.error(path, lc.line, lc.col, "invalid-utf8", "invalid UTF-8 byte sequence");
    return std::nullopt;
  }
  if (!check_plain_text(text, path, sink)) return std::nullopt;
  yaml::Document doc;
  if (yaml::Error error; !yaml::parse(text, doc, error)) {
    sink.error(path, error.mark.line + 1, error.mark.column + 1, "bad-yaml", error.describe(1));
    return std::nullopt;
  }
  if (!check_yaml_strings(*doc.root, path, 1, sink)) return std::nullopt;
  return doc;
}

}  // namespace kb::util
