#include "links/slug.hpp"

#include <cstdint>

namespace kb::links {

namespace {

// Decodes one UTF-8 code point at s[i] (input is validated before this stage).
std::uint32_t decode(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

// Latin-1 Supplement and Latin Extended-A letters folded to ASCII; others give 0.
const char* fold(std::uint32_t cp) {
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

}  // namespace

std::string slugify(std::string_view text) {
  std::string out;
  bool dash = false;
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = decode(text, i);
    std::string piece;
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) piece = std::string(1, c);
    } else if (cp == 0x2019 || cp == 0x2018) {
      continue;  // apostrophes join words: "UN’s" → "uns"
    } else if (const char* f = fold(cp)) {
      piece = f;
    }
    if (cp == '\'') continue;
    if (piece.empty()) {
      dash = !out.empty();
    } else {
      if (dash) out += '-';
      dash = false;
      out += piece;
    }
  }
  if (out.size() > 80) {
    out.resize(80);
    while (!out.empty() && out.back() == '-') out.pop_back();
  }
  return out;
}

std::string AnchorSet::unique(const std::string& wanted) {
  std::string base = wanted.empty() ? std::string("section") : wanted;
  auto [it, inserted] = used_.emplace(base, 1);
  if (inserted) return base;
  for (;;) {
    std::string candidate = base + "-" + std::to_string(++it->second);
    if (used_.emplace(candidate, 1).second) return candidate;
  }
}

bool AnchorSet::reserve(const std::string& id) { return used_.emplace(id, 1).second; }

}  // namespace kb::links
