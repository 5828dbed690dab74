// lunr.tokenizer (lunr.js 2.3.9): lowercase the whole string with JavaScript toLowerCase, then
// split it on runs of the separator /[\s\-]+/ — JavaScript whitespace and hyphen-minus only,
// so "S/2015/576", "don't", "&" and "—" stay single tokens.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kb::search {

// One UTF-16 code unit against /[\s\-]/: ECMAScript WhiteSpace and LineTerminator
// (TAB, LF, VT, FF, CR, SPACE, NBSP, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F,
// U+3000, U+FEFF) or '-'. Every separator is a BMP character, so surrogates never split.
bool is_lunr_separator(char16_t c);

// Splits an already lowercased string into tokens (views into `lowered`), dropping empties.
// (The index builder has a UTF-8 twin of this loop for speed; the compatibility test covers it.)
std::vector<std::u16string_view> split_lunr_tokens(std::u16string_view lowered);

// lunr.tokenizer(text) as strings: js_to_lower_case then split_lunr_tokens.
std::vector<std::u16string> lunr_tokenize(std::u16string_view text);

}  // namespace kb::search
