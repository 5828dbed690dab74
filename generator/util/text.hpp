// Small text helpers shared by every stage: UTF-8 validation, line/column arithmetic,
// HTML escaping and whitespace folding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb::util {

// Byte offset of the first invalid UTF-8 sequence, or nullopt when `s` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

// A file as an author's editor may have saved it, as kbgen reads it: a leading UTF-8 byte-order
// mark dropped and CRLF line endings made LF (Notepad's defaults). Lines and the columns of what
// a line holds stay those the editor shows. A lone CR stays, to be reported.
std::string normalize_line_endings(std::string_view text);

// Byte offset of the first control character other than tab and newline (C0, DEL, or C1 in
// UTF-8, which terminals interpret and pages cannot show), or nullopt.
std::optional<std::size_t> find_control_char(std::string_view s);
// "U+001B" for the control character at s[at].
std::string code_point_name(std::string_view s, std::size_t at);
// The text with every control character but tab written as \n, \r, \e or \xHH / \u00HH:
// safe to print in a terminal (diagnostics quote what authors wrote).
std::string escape_controls(std::string_view s);

struct LineCol {
  int line = 1;  // 1-based
  int col = 1;   // 1-based, counted in code points
};
LineCol line_col_at(std::string_view text, std::size_t offset);

// &, <, >, " and ' as entities; `apostrophe` is the one for ' (kainjow's Mustache writes
// "&apos;", and its pages keep that).
std::string html_escape(std::string_view s, std::string_view apostrophe = "&#39;");
// A URL query value: every byte but letters, digits and -._~ as %XX ("a b" → "a%20b").
std::string url_encode(std::string_view s);
std::string trim(std::string_view s);
// ASCII letters in lower case, every other byte as it is (so UTF-8 passes through unchanged).
inline char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
// ASCII digits and letters (std::isdigit and std::isalnum in the "C" locale, inline).
inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alnum(char c) { return is_ascii_digit(c) || (lower_ascii(c) >= 'a' && lower_ascii(c) <= 'z'); }
std::string lower_ascii(std::string_view s);
// Collapses every run of Unicode-agnostic ASCII whitespace to one space and trims the ends.
std::string fold_whitespace(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
// Physical lines, without their '\n' (or "\r\n"); a final line without '\n' is kept, a trailing
// '\n' adds no empty line.
std::vector<std::string> split_lines(std::string_view text);

// Decodes the UTF-8 code point at s[i] and advances i (input must be valid UTF-8).
std::uint32_t decode_utf8(std::string_view s, std::size_t& i);
// ASCII base letters of a Latin-1 / Latin Extended-A letter ("é" → "e", "ß" → "ss"), or nullptr.
const char* fold_latin_letter(std::uint32_t cp);
// Replaces accented Latin letters by their base letters, leaving everything else as it is.
std::string fold_accents(std::string_view s);

// Curly quotes as the straight ones they stand for: U+2018 and U+2019 → '\'', U+201C and
// U+201D → '"'; 0 for any other code point. The one definition that quotes, mentions and
// search fold with.
char straight_quote(std::uint32_t cp);
// Whitespace folded, curly quotes straightened: the form in which quotes are compared with
// passages.
std::string normalise_quote(std::string_view s);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate within a small distance, or empty.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace kb::util
