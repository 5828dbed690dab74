#include "util/yaml_file.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

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
// written once and referred to many times (`*a`) is checked once. A node that contains itself
// (`&a [*a]`) and a tree that aliases expand past kMaxValues are errors: everything that reads
// the front matter afterwards walks the expanded tree.
class StringCheck {
 public:
  static constexpr long kMaxValues = 100000;

  StringCheck(const std::string& path, int first_line, diag::Sink& sink)
      : path_(path), first_line_(first_line), sink_(sink) {}

  // The number of values `node` expands to, or -1 after an error that stops the walk.
  long walk(const YAML::Node& node) {
    if (const long* known = seen(node)) return *known;
    for (const auto& open : open_) {
      if (open.is(node)) {
        report(node, "bad-yaml",
               "invalid YAML: an alias refers to the list or mapping that contains it, so the value never ends");
        return -1;
      }
    }
    long size = 1;
    if (node.IsScalar()) {
      if (auto ctl = find_control_char(node.Scalar())) {
        report(node, "control-char", "control character " + code_point_name(node.Scalar(), *ctl) +
                                          " in a value (a YAML escape such as \\0 or \\e); delete it");
      }
    } else if (node.IsSequence() || node.IsMap()) {
      open_.push_back(node);
      auto add = [&](const YAML::Node& child) {
        long n = walk(child);
        if (n < 0) return false;
        size += n;
        if (size <= kMaxValues) return true;
        report(node, "bad-yaml", "invalid YAML: aliases expand this value to more than " +
                                      std::to_string(kMaxValues) + " values");
        return false;
      };
      for (auto it = node.begin(); it != node.end(); ++it) {
        bool more = node.IsMap() ? add(it->first) && add(it->second) : add(*it);
        if (!more) return -1;  // the walk stops; open_ is not used again
      }
      open_.pop_back();
    }
    remember(node, size);
    return size;
  }

  bool ok() const { return ok_; }

 private:
  // Nodes are identified with YAML::Node::is; their position in the text narrows the search.
  const long* seen(const YAML::Node& node) const {
    auto at = seen_.find(node.Mark().pos);
    if (at == seen_.end()) return nullptr;
    for (const auto& [other, size] : at->second)
      if (other.is(node)) return &size;
    return nullptr;
  }
  void remember(const YAML::Node& node, long size) { seen_[node.Mark().pos].emplace_back(node, size); }

  void report(const YAML::Node& node, const char* code, const std::string& message) {
    auto mark = node.Mark();
    sink_.error(path_, first_line_ + std::max(0, mark.line), std::max(0, mark.column) + 1, code, message);
    ok_ = false;
  }

  const std::string& path_;
  int first_line_;
  diag::Sink& sink_;
  bool ok_ = true;
  std::vector<YAML::Node> open_;
  std::unordered_map<int, std::vector<std::pair<YAML::Node, long>>> seen_;
};

// StringCheck for yaml::parse's trees: a node aliased many times is one node, counted once
// per use and checked once.
class TreeCheck {
 public:
  TreeCheck(const std::string& path, int first_line, diag::Sink& sink)
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
      if (size <= StringCheck::kMaxValues) return true;
      report(node, "bad-yaml", "invalid YAML: aliases expand this value to more than " +
                                   std::to_string(StringCheck::kMaxValues) + " values");
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
  TreeCheck check(path, first_line, sink);
  return check.walk(node) >= 0 && check.ok();
}

bool check_yaml_strings(const YAML::Node& node, const std::string& path, int first_line, diag::Sink& sink) {
  StringCheck check(path, first_line, sink);
  return check.walk(node) >= 0 && check.ok();
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
