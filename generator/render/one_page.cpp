#include "render/one_page.hpp"

#include <cctype>
#include <string_view>

namespace kb::render {

namespace {

constexpr std::string_view kSep = "--";

// The attribute whose value starts at `value` (just after `="`), or "" when it is not one of
// ours (the name must follow a space).
std::string_view attribute_before(const std::string& html, std::size_t value) {
  std::size_t end = value - 2;  // at '='
  std::size_t start = end;
  while (start > 0 && (std::isalnum(static_cast<unsigned char>(html[start - 1])) || html[start - 1] == '-')) --start;
  if (start == 0 || html[start - 1] != ' ') return {};
  return std::string_view(html).substr(start, end - start);
}

std::string scoped_href(std::string_view v, const std::string& prefix, const std::map<std::string, std::string>& in_page) {
  if (!v.empty() && v[0] == '#') return "#" + prefix + std::string(kSep) + std::string(v.substr(1));
  std::size_t hash = v.find('#');
  auto file = in_page.find(std::string(v.substr(0, hash)));
  if (file == in_page.end()) return std::string(v);
  if (hash == std::string_view::npos) return "#" + file->second;
  return "#" + file->second + std::string(kSep) + std::string(v.substr(hash + 1));
}

}  // namespace

std::string scope_ids(const std::string& html, const std::string& prefix,
                      const std::map<std::string, std::string>& in_page) {
  std::string out;
  out.reserve(html.size() + html.size() / 8);
  std::size_t at = 0;
  while (at < html.size()) {
    std::size_t lt = html.find('<', at);
    if (lt == std::string::npos) break;
    std::size_t gt = html.find('>', lt);
    if (gt == std::string::npos) break;
    out.append(html, at, lt - at);
    // Headings one level down: <h2 …> → <h3 …>, </h2> → </h3>.
    std::size_t h = lt + 1 + (html[lt + 1] == '/' ? 1 : 0);
    if (html[h] == 'h' && h + 1 < gt && html[h + 1] >= '1' && html[h + 1] <= '5' &&
        (html[h + 2] == ' ' || html[h + 2] == '>')) {
      out.append(html, lt, h + 1 - lt);
      out += static_cast<char>(html[h + 1] + 1);
      lt = h + 2;
    }
    // Attribute values inside the tag.
    std::size_t from = lt;
    for (std::size_t q = html.find("=\"", from); q != std::string::npos && q < gt; q = html.find("=\"", from)) {
      std::size_t value = q + 2;
      std::size_t close = html.find('"', value);
      if (close == std::string::npos || close > gt) break;
      out.append(html, from, value - from);
      std::string_view name = attribute_before(html, value);
      std::string_view v(html.data() + value, close - value);
      if (name == "id" || name == "aria-describedby" || name == "aria-labelledby") {
        // Space-separated id lists for the aria references.
        std::size_t word = 0;
        while (word <= v.size()) {
          std::size_t space = v.find(' ', word);
          std::string_view one = v.substr(word, space == std::string_view::npos ? std::string_view::npos : space - word);
          if (!one.empty()) out += prefix + std::string(kSep) + std::string(one);
          if (space == std::string_view::npos) break;
          out += ' ';
          word = space + 1;
        }
      } else if (name == "href") {
        out += scoped_href(v, prefix, in_page);
      } else {
        out.append(v);
      }
      from = close;
    }
    out.append(html, from, gt + 1 - from);
    at = gt + 1;
  }
  out.append(html, at, std::string::npos);
  return out;
}

}  // namespace kb::render
