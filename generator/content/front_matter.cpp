#include "content/front_matter.hpp"

#include "util/text.hpp"
#include "util/yaml_file.hpp"

namespace kb::content {

Split split_front_matter(std::string_view raw, const std::string& path, diag::Sink& sink) {
  Split out;
  if (util::starts_with(raw, "\xFF\xFE") || util::starts_with(raw, "\xFE\xFF")) {
    sink.error(path, 1, 1, "utf-16", "the file is UTF-16; save it as UTF-8");
    return out;
  }
  const std::string normalized = util::normalize_line_endings(raw);
  const std::string_view text = normalized;
  if (auto bad = util::find_invalid_utf8(text)) {
    auto lc = util::line_col_at(text, *bad);
    sink.error(path, lc.line, lc.col, "invalid-utf8",
               "invalid UTF-8 byte sequence; save the file as UTF-8");
    return out;
  }
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    auto lc = util::line_col_at(text, nul);
    sink.error(path, lc.line, lc.col, "nul-byte", "NUL byte in a text file");
    return out;
  }
  if (!util::check_plain_text(text, path, sink)) return out;
  auto first_nl = text.find('\n');
  std::string_view first = text.substr(0, first_nl);
  if (util::trim(first) != "---") {
    sink.error(path, 1, 1, "no-front-matter",
               "expected '---' on the first line to open the YAML front matter");
    return out;
  }
  if (first_nl == std::string_view::npos) {
    sink.error(path, 1, 1, "unterminated-front-matter",
               "front matter opened with '---' on line 1 is never closed with '---'");
    return out;
  }
  std::size_t pos = first_nl + 1;
  int line = 2;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view l = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (l == "---" || l == "...") {
      out.ok = true;
      out.yaml = std::string(text.substr(first_nl + 1, pos - first_nl - 1));
      out.yaml_line = 2;
      out.body_line = line + 1;
      out.body = nl == std::string_view::npos ? std::string() : std::string(text.substr(nl + 1));
      return out;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++line;
  }
  sink.error(path, 1, 1, "unterminated-front-matter",
             "front matter opened with '---' on line 1 is never closed with '---'");
  return out;
}

}  // namespace kb::content
