// Footnote marker recognition (see markers.hpp).
#include "importer/markers.hpp"

#include <vector>

namespace kb::importer {

namespace {

// One superscript code point at pos: its digit (or 'i' → -1) and its byte length.
std::optional<std::pair<int, std::size_t>> sup_digit(std::string_view s, std::size_t pos) {
  auto u = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  if (pos + 1 < s.size() && u(pos) == 0xC2) {
    switch (u(pos + 1)) {
      case 0xB9: return std::pair{1, std::size_t{2}};
      case 0xB2: return std::pair{2, std::size_t{2}};
      case 0xB3: return std::pair{3, std::size_t{2}};
      default: return std::nullopt;
    }
  }
  if (pos + 2 < s.size() && u(pos) == 0xE2 && u(pos + 1) == 0x81) {
    unsigned char c = u(pos + 2);
    if (c == 0xB0) return std::pair{0, std::size_t{3}};
    if (c == 0xB1) return std::pair{-1, std::size_t{3}};  // ⁱ
    if (c >= 0xB4 && c <= 0xB9) return std::pair{c - 0xB0, std::size_t{3}};
  }
  return std::nullopt;
}

}  // namespace

std::optional<MarkerRun> marker_at(std::string_view s, std::size_t pos) {
  if (s.substr(pos, 5) == "<sup>") {
    std::size_t p = pos + 5;
    int v = 0;
    std::size_t digits = 0;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9' && digits < 4) {
      v = v * 10 + (s[p] - '0');
      ++p;
      ++digits;
    }
    if (digits == 0 || s.substr(p, 6) != "</sup>") return std::nullopt;
    return MarkerRun{v, p + 6 - pos};
  }
  MarkerRun run;
  std::size_t p = pos;
  bool any = false;
  while (p < s.size()) {
    auto d = sup_digit(s, p);
    if (!d) break;
    if (d->first < 0) {
      // `ⁱ` stands alone for note 1 (Ch. 11 title); never part of a digit run.
      if (any) break;
      return MarkerRun{1, d->second};
    }
    run.value = run.value * 10 + d->first;
    p += d->second;
    any = true;
  }
  if (!any) return std::nullopt;
  run.length = p - pos;
  return run;
}

std::string strip_markers(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (auto m = marker_at(s, i)) {
      i += m->length;
      continue;
    }
    out += s[i++];
  }
  return out;
}

}  // namespace kb::importer
