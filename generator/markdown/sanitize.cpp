#include "markdown/sanitize.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "util/text.hpp"

namespace kb::markdown {

namespace {

const std::set<std::string, std::less<>> kSafeTags = {
    "a",      "abbr",    "article", "aside",   "b",       "bdi",        "bdo",     "blockquote", "br",
    "caption", "cite",   "code",    "col",     "colgroup", "dd",        "del",     "details",    "dfn",
    "div",    "dl",      "dt",      "em",      "figcaption", "figure",  "footer",  "h1",         "h2",
    "h3",     "h4",      "h5",      "h6",      "header",  "hr",         "i",       "img",        "ins",
    "kbd",    "li",      "mark",    "ol",      "p",       "pre",        "q",       "rp",         "rt",
    "ruby",   "s",       "samp",    "section", "small",   "span",       "strong",  "sub",        "summary",
    "sup",    "table",   "tbody",   "td",      "tfoot",   "th",         "thead",   "time",       "tr",
    "u",      "ul",      "var",     "wbr"};

// Elements whose content is code or an embedded document, not text for the reader.
const std::set<std::string, std::less<>> kDropWithContent = {
    "script", "style", "iframe", "object", "embed", "frame", "frameset", "applet", "noscript",
    "template", "svg", "math", "xmp", "noembed", "noframes", "plaintext", "textarea", "title"};

// No `id` or `name`: content could otherwise take the ids the site's own script looks up
// (`id="search-input"`) or shadow document properties (DOM clobbering). Headings and
// paragraphs get anchors of their own.
const std::set<std::string, std::less<>> kSafeAttributes = {
    "abbr", "align", "alt",   "cite",    "class",  "colspan", "datetime", "dir",      "height", "href",
    "lang", "open",  "rel",   "reversed", "rowspan", "scope", "span",     "src",      "start",  "title",
    "type", "width", "headers", "role",  "loading", "decoding", "target"};

const std::set<std::string, std::less<>> kUrlAttributes = {"href", "src", "cite"};


bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Decodes the character references a browser would decode in an attribute before it looks at
// the scheme: numeric ones as the HTML standard reads them (any number of digits, leading zeros
// included, with or without ';'; a value past U+10FFFF stays past it) and the named ones that
// spell separators. Anything that is not ASCII becomes '?', which no scheme contains.
std::string decode_for_scheme(std::string_view s, bool* out_of_range = nullptr) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '&' && i + 1 < s.size() && s[i + 1] == '#') {
      std::size_t j = i + 2;
      bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
      if (hex) ++j;
      unsigned long code = 0;
      std::size_t digits = 0;
      while (j < s.size() &&
             (is_digit(s[j]) || (hex && std::string_view("abcdefABCDEF").find(s[j]) != std::string_view::npos))) {
        char c = util::lower_ascii(s[j]);
        if (code <= 0x10FFFF)  // saturates: more digits cannot bring it back into range
          code = code * (hex ? 16 : 10) + static_cast<unsigned long>(is_digit(c) ? c - '0' : c - 'a' + 10);
        ++j;
        ++digits;
      }
      if (digits > 0) {
        if (code > 0x10FFFF && out_of_range) *out_of_range = true;
        if (j < s.size() && s[j] == ';') ++j;
        out += code > 0 && code < 128 ? static_cast<char>(code) : '?';  // &#0; is U+FFFD
        i = j;
        continue;
      }
    }
    if (s[i] == '&') {
      static const std::pair<std::string_view, char> named[] = {
          {"&colon;", ':'}, {"&tab;", '\t'}, {"&newline;", '\n'}};
      bool matched = false;
      for (const auto& [name, c] : named) {
        if (util::lower_ascii(s.substr(i, name.size())) == name) {
          out += c;
          i += name.size();
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out += s[i++];
  }
  return out;
}

struct Attribute {
  std::string name;   // lower case
  std::string value;  // as written, without quotes
  bool has_value = false;
};

// Parses "<name attrs...>" or "</name>" at `pos`; on success sets `end` past the '>'.
struct Tag {
  std::string name;  // lower case
  bool closing = false;
  bool self_closing = false;
  std::vector<Attribute> attributes;
};

bool parse_tag(std::string_view s, std::size_t pos, Tag& tag, std::size_t& end) {
  std::size_t i = pos + 1;
  if (i < s.size() && s[i] == '/') {
    tag.closing = true;
    ++i;
  }
  std::size_t name_start = i;
  if (i >= s.size() || !is_alpha(s[i])) return false;
  while (i < s.size() && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '-' || s[i] == ':')) ++i;
  tag.name = util::lower_ascii(s.substr(name_start, i - name_start));
  while (i < s.size()) {
    while (i < s.size() && (is_space(s[i]) || s[i] == '/')) {
      if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '>') tag.self_closing = true;
      ++i;
    }
    if (i >= s.size()) return false;
    if (s[i] == '>') {
      end = i + 1;
      return true;
    }
    Attribute a;
    std::size_t an = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != '>' && s[i] != '/' && s[i] != '=') ++i;
    if (i == an) ++i;  // a stray '=': skip it
    a.name = util::lower_ascii(s.substr(an, i - an));
    std::size_t k = i;
    while (k < s.size() && is_space(s[k])) ++k;
    if (k < s.size() && s[k] == '=') {
      i = k + 1;
      while (i < s.size() && is_space(s[i])) ++i;
      if (i >= s.size()) return false;
      a.has_value = true;
      if (s[i] == '"' || s[i] == '\'') {
        char q = s[i];
        std::size_t close = s.find(q, i + 1);
        if (close == std::string_view::npos) return false;
        a.value = std::string(s.substr(i + 1, close - i - 1));
        i = close + 1;
      } else {
        std::size_t v = i;
        while (i < s.size() && !is_space(s[i]) && s[i] != '>') ++i;
        a.value = std::string(s.substr(v, i - v));
      }
    }
    if (!a.name.empty()) tag.attributes.push_back(std::move(a));
  }
  return false;
}

bool keep_attribute(const Attribute& a) {
  // Browsers accept nearly any character in a name ("aria-<x"); only plain names are kept.
  if (!std::all_of(a.name.begin(), a.name.end(), [](char c) { return is_alpha(c) || is_digit(c) || c == '-'; }))
    return false;
  if (a.name.rfind("on", 0) == 0) return false;  // every event handler
  bool data_or_aria = a.name.rfind("data-", 0) == 0 || a.name.rfind("aria-", 0) == 0;
  if (!data_or_aria && !kSafeAttributes.count(a.name)) return false;
  if (kUrlAttributes.count(a.name) && !is_safe_url(a.value)) return false;
  return true;
}

std::string escape_attribute(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '"') out += "&quot;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

}  // namespace

namespace {

// The URL as a browser reads its scheme: character references decoded, control characters and
// whitespace (which browsers ignore there) removed, lowercase.
std::string compact_url(std::string_view url, bool* out_of_range = nullptr) {
  std::string decoded = decode_for_scheme(url, out_of_range);
  std::string compact;
  for (char c : decoded)
    if (static_cast<unsigned char>(c) > 0x20 && c != 0x7f) compact += util::lower_ascii(c);
  return compact;
}

// The URL exactly as the URL standard reads it: leading and trailing C0 controls and spaces
// stripped, tabs and newlines removed; other controls stay (they make a MIME type no image's).
std::string standard_form(std::string_view url) {
  const std::string decoded = decode_for_scheme(url);
  std::size_t b = 0, e = decoded.size();
  while (b < e && static_cast<unsigned char>(decoded[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(decoded[e - 1]) <= 0x20) --e;
  std::string out;
  for (std::size_t k = b; k < e; ++k)
    if (decoded[k] != '\t' && decoded[k] != '\n' && decoded[k] != '\r') out += util::lower_ascii(decoded[k]);
  return out;
}

std::string scheme_of(const std::string& compact) {
  auto colon = compact.find(':');
  if (colon == std::string::npos) return {};
  // A ':' after a path, query or fragment starts no scheme.
  if (compact.find_first_of("/?#") < colon) return {};
  return compact.substr(0, colon);
}

}  // namespace

std::string url_scheme(std::string_view url) { return scheme_of(compact_url(url)); }

bool is_safe_url(std::string_view url) {
  // A character reference past U+10FFFF is U+FFFD to a browser, but parsers that let it wrap
  // around (gumbo 0.10 reads &#4294967354; as ':') exist; no real address needs one.
  bool out_of_range = false;
  const std::string compact = compact_url(url, &out_of_range);
  if (out_of_range) return false;
  const std::string scheme = scheme_of(compact);
  if (scheme == "javascript" || scheme == "vbscript" || scheme == "livescript") return false;
  if (scheme == "data") {
    // Allowed as the browser reads it, not as compacted: "data:i\x01mage/gif" is no image.
    const std::string exact = standard_form(url);
    for (const char* ok : {"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"})
      if (exact.rfind(ok, 0) == 0) return true;
    return false;
  }
  return true;
}

bool is_web_url(std::string_view url) {
  const std::string scheme = url_scheme(url);
  return scheme.empty() || scheme == "http" || scheme == "https" || scheme == "mailto";
}

std::string sanitize_html(std::string_view html) {
  std::string out;
  std::size_t i = 0;
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    out.append(html.substr(i, lt == std::string_view::npos ? std::string_view::npos : lt - i));
    if (lt == std::string_view::npos) break;
    i = lt;
    std::string_view rest = html.substr(i);
    if (rest.substr(0, 4) == "<!--") {  // comments may hide markup from a reviewer; drop them
      std::size_t close = html.find("-->", i + 4);
      i = close == std::string_view::npos ? html.size() : close + 3;
      continue;
    }
    // Processing instructions, CDATA sections and declarations are dropped whole, up to the
    // end the HTML standard gives each (a '>' inside "<?php echo '>'; ?>" ends nothing).
    if (rest.substr(0, 2) == "<?" || rest.substr(0, 9) == "<![CDATA[" || rest.substr(0, 2) == "<!") {
      std::string_view end = rest.substr(0, 2) == "<?" ? "?>" : rest.substr(0, 9) == "<![CDATA[" ? "]]>" : ">";
      std::size_t close = html.find(end, i + 2);
      i = close == std::string_view::npos ? html.size() : close + end.size();
      continue;
    }
    Tag tag;
    std::size_t end = 0;
    if (!parse_tag(html, i, tag, end)) {
      out += "&lt;";
      ++i;
      continue;
    }
    i = end;
    if (kDropWithContent.count(tag.name)) {
      if (tag.closing || tag.self_closing) continue;
      // Skip to the matching end tag; without one, the rest of the fragment goes.
      std::string lowered_rest = util::lower_ascii(html.substr(i));
      std::size_t close = lowered_rest.find("</" + tag.name);
      if (close == std::string::npos) {
        i = html.size();
      } else {
        std::size_t gt = html.find('>', i + close);
        i = gt == std::string_view::npos ? html.size() : gt + 1;
      }
      continue;
    }
    if (!kSafeTags.count(tag.name)) continue;
    if (tag.closing) {
      out += "</" + tag.name + ">";
      continue;
    }
    out += "<" + tag.name;
    for (const auto& a : tag.attributes) {
      if (!keep_attribute(a)) continue;
      out += " " + a.name;
      if (a.has_value) out += "=\"" + escape_attribute(a.value) + "\"";
    }
    out += tag.self_closing ? " />" : ">";
  }
  return out;
}

}  // namespace kb::markdown
