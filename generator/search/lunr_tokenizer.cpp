// lunr.tokenizer over UTF-16 code units.
#include "search/lunr_tokenizer.hpp"

#include "search/js_string.hpp"

namespace kb::search {

bool is_lunr_separator(char16_t c) {
  if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0D);
  if (c == u'-') return true;
  if (c < 0xA0) return false;
  return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

std::vector<std::u16string_view> split_lunr_tokens(std::u16string_view lowered) {
  std::vector<std::u16string_view> tokens;
  std::size_t start = 0;
  for (std::size_t end = 0; end <= lowered.size(); ++end) {
    if (end == lowered.size() || is_lunr_separator(lowered[end])) {
      if (end > start) tokens.push_back(lowered.substr(start, end - start));
      start = end + 1;
    }
  }
  return tokens;
}

std::vector<std::u16string> lunr_tokenize(std::u16string_view text) {
  const std::u16string lowered = js_to_lower_case(text);
  std::vector<std::u16string> tokens;
  for (std::u16string_view token : split_lunr_tokens(lowered)) tokens.emplace_back(token);
  return tokens;
}

}  // namespace kb::search
