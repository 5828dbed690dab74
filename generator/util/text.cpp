#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstdio>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kb::util {

namespace {

// The scans below look at 16 bytes at a time where the processor can (SSE2, which every x86-64
// has), and byte by byte elsewhere; both give the same index.

// The first index from `i` on whose byte is not ASCII, or n.
std::size_t skip_ascii(const unsigned char* p, std::size_t i, std::size_t n) {
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    const int high_bits = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
    if (high_bits != 0) return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(high_bits)));
  }
#endif
  while (i < n && p[i] < 0x80) ++i;
  return i;
}

// The first index from `i` on whose byte is one of & < > " ', or n.
std::size_t find_html_special(const unsigned char* p, std::size_t i, std::size_t n) {
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
                quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\'');
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)), _mm_cmpeq_epi8(v, gt)),
        _mm_or_si128(_mm_cmpeq_epi8(v, quot), _mm_cmpeq_epi8(v, apos)));
    const int found = _mm_movemask_epi8(hit);
    if (found != 0) return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(found)));
  }
#endif
  for (; i < n; ++i) {
    const unsigned char c = p[i];
    if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') return i;
  }
  return n;
}

}  // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      i = skip_ascii(p, i, n);
      continue;
    }
    std::size_t len = 0;
    unsigned int cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return i;
    i += len;
  }
  return std::nullopt;
}

std::string normalize_line_endings(std::string_view text) {
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::string out;
  out.reserve(text.size());
  // Runs up to each "\r\n" copied at once, its '\r' left out.
  for (std::size_t from = 0;;) {
    const std::size_t crlf = text.find("\r\n", from);
    if (crlf == std::string_view::npos) {
      out.append(text.substr(from));
      return out;
    }
    out.append(text.substr(from, crlf - from));
    from = crlf + 1;
  }
}

std::optional<std::size_t> find_control_char(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return i;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F)
      return i;
  }
  return std::nullopt;
}

std::string code_point_name(std::string_view s, std::size_t at) {
  unsigned cp = static_cast<unsigned char>(s[at]);
  if (cp == 0xC2 && at + 1 < s.size()) cp = static_cast<unsigned char>(s[at + 1]);
  char buf[8];
  std::snprintf(buf, sizeof buf, "U+%04X", cp);
  return buf;
}

std::string escape_controls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    char buf[8];
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == 0x1B) out += "\\e";
    else if ((c < 0x20 && c != '\t') || c == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned char>(s[++i]));
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

LineCol line_col_at(std::string_view text, std::size_t offset) {
  LineCol lc;
  offset = std::min(offset, text.size());
  for (std::size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++lc.line;
      lc.col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++lc.col;
    }
  }
  return lc;
}

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string html_escape(std::string_view s, std::string_view apostrophe) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  std::size_t plain = 0;  // the run since the last escaped character, copied at once
  for (std::size_t i = find_html_special(p, 0, s.size()); i < s.size(); i = find_html_special(p, plain, s.size())) {
    std::string_view entity;
    switch (s[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      default: entity = apostrophe; break;
    }
    out.append(s.substr(plain, i - plain));
    out.append(entity);
    plain = i + 1;
  }
  out.append(s.substr(plain));
  return out;
}

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
}  // namespace

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

std::string fold_whitespace(std::string_view s) {
  static constexpr auto kSpace = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'}) t[c] = true;
    return t;
  }();
  auto space_at = [&](std::size_t i) { return kSpace[static_cast<unsigned char>(s[i])]; };
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size() && space_at(i)) ++i;
  // Text between single plain spaces stays one run, copied at once; a run ends where the
  // whitespace has to change.
  std::size_t run = i, end = s.size();
  while (i < s.size()) {
    if (!space_at(i)) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < s.size() && space_at(j)) ++j;
    if (j == s.size()) {  // trailing whitespace: dropped
      end = i;
      break;
    }
    if (j > i + 1 || s[i] != ' ') {
      out.append(s.substr(run, i - run));
      out += ' ';
      run = j;
    }
    i = j;
  }
  out.append(s.substr(run, end - run));
  return out;
}

namespace {

// `s` with each code point outside ASCII that `replace` maps to a non-empty string replaced by
// it; runs of ASCII are copied at once.
template <typename Replace>
std::string replace_code_points(std::string_view s, Replace&& replace) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
    out.append(s.substr(start, i - start));
    if (i == s.size()) break;
    const std::size_t at = i;
    const std::string_view by = replace(decode_utf8(s, i));
    out.append(by.empty() ? s.substr(at, i - at) : by);
  }
  return out;
}

}  // namespace

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    start = nl + 1;
  }
  return lines;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best = c;
      best_d = d;
    }
  }
  return best;
}



// Decodes one UTF-8 code point at s[i] (input is validated before this stage).
std::uint32_t decode_utf8(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

// Latin-1 Supplement and Latin Extended-A letters folded to ASCII; others give 0.
const char* fold_latin_letter(std::uint32_t cp) {
  static const char* latin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "y"};
  if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
  if (cp >= 0x100 && cp <= 0x17F) {
    static const char* ext = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjjjkkkllllllllllnnnnnnnnnoooooo";
    // Pairs (upper, lower) share a base letter; the table above covers U+0100–U+0151.
    std::uint32_t idx = cp - 0x100;
    static thread_local char buf[2] = {0, 0};
    if (idx < 82) {
      buf[0] = ext[idx];
      return buf;
    }
    if (cp == 0x152 || cp == 0x153) return "oe";
    if (cp >= 0x154 && cp <= 0x159) return "r";
    if (cp >= 0x15A && cp <= 0x161) return "s";
    if (cp >= 0x162 && cp <= 0x167) return "t";
    if (cp >= 0x168 && cp <= 0x173) return "u";
    if (cp == 0x174 || cp == 0x175) return "w";
    if (cp >= 0x176 && cp <= 0x178) return "y";
    if (cp >= 0x179 && cp <= 0x17E) return "z";
  }
  return nullptr;
}


char straight_quote(std::uint32_t cp) {
  if (cp == 0x2018 || cp == 0x2019) return '\'';
  if (cp == 0x201C || cp == 0x201D) return '"';
  return 0;
}

std::string fold_accents(std::string_view s) {
  return replace_code_points(s, [](std::uint32_t cp) {
    const char* base = fold_latin_letter(cp);
    return base ? std::string_view(base) : std::string_view();
  });
}

std::string normalise_quote(std::string_view s) {
  return fold_whitespace(replace_code_points(s, [](std::uint32_t cp) {
    switch (straight_quote(cp)) {
      case '\'': return std::string_view("'");
      case '"': return std::string_view("\"");
      default: return std::string_view();
    }
  }));
}

}  // namespace kb::util
