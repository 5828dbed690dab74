// The automatic mention matcher: finds mission names and acronyms, resolution citations,
// UN document symbols, glossary acronyms and theme keywords in running text.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "content/model.hpp"

namespace kb::links {

struct Term {
  std::string phrase;       // as written in the text (after quote normalisation)
  std::string target_key;   // "mission:minusca", or "" for a plain acronym
  std::string title;        // expansion / full name
  bool case_sensitive = true;
  bool abbr = false;        // show as <abbr>
  bool link = true;         // themes are recorded, not linked
  std::string key, key_lower;  // the phrase with quotes straightened (set by add())
};

struct Match {
  std::size_t begin = 0, end = 0;  // byte offsets
  const Term* term = nullptr;
  std::string target_key;          // for resolution / document matches built on the fly
  std::string title;
};

class MentionMatcher {
 public:
  static MentionMatcher from_content(const content::Content& content);
  void add(Term term);
  std::vector<Match> find(std::string_view text) const;

 private:
  void find_resolutions(std::string_view text, std::vector<Match>& out) const;
  void find_symbols(std::string_view text, std::vector<Match>& out) const;

  std::vector<Term> terms_;
  // First word (lowercased ASCII) → term indices, longest phrase first.
  std::map<std::string, std::vector<std::size_t>> by_first_word_;
  std::map<std::string, std::string> mandate_titles_;   // "res-2151" → title
  std::map<std::string, std::string> mandate_years_;    // "res-2151" → "2014"
  std::map<std::string, std::pair<std::string, std::string>> symbols_;  // document_id(symbol) → (page id, title)
};

// Lowercases ASCII and maps curly quotes to straight ones, keeping byte offsets unchanged
// where possible (curly quotes are 3 bytes; they become "'" plus two NUL placeholders).
std::string normalise_for_matching(std::string_view text);

// Document id for a UN symbol: "S/2013/480" → "s-2013-480".
std::string document_id(std::string_view symbol);

}  // namespace kb::links
