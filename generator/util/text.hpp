// Small text helpers shared by every stage: UTF-8 validation, line/column arithmetic,
// HTML escaping and whitespace folding.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb::util {

// Byte offset of the first invalid UTF-8 sequence, or nullopt when `s` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

struct LineCol {
  int line = 1;  // 1-based
  int col = 1;   // 1-based, counted in code points
};
LineCol line_col_at(std::string_view text, std::size_t offset);

std::string html_escape(std::string_view s);
std::string trim(std::string_view s);
// Collapses every run of Unicode-agnostic ASCII whitespace to one space and trims the ends.
std::string fold_whitespace(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
std::vector<std::string> split_lines(std::string_view s);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate within a small distance, or empty.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace kb::util
