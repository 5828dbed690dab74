#include "links/slug.hpp"

#include <cstdint>

#include "util/text.hpp"

namespace kb::links {


std::string slugify(std::string_view text) {
  std::string out;
  bool dash = false;
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = util::decode_utf8(text, i);
    std::string piece;
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) piece = std::string(1, c);
    } else if (cp == 0x2019 || cp == 0x2018) {
      continue;  // apostrophes join words: "UN’s" → "uns"
    } else if (const char* f = util::fold_latin_letter(cp)) {
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
