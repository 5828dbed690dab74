// The automatic mention matcher: finds in running text the names, keywords, resolution numbers
// and document symbols of the pages whose kinds say so in the schema (`mentions:`), and the
// glossary's acronyms.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "content/model.hpp"

namespace kb::links {

struct Term {
  std::string phrase;       // as written in the text (after quote normalisation)
  std::string target_key;   // the page's key, or "" for a plain acronym
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
  // Everything find() looks for, as text: equal signatures find the same matches, so rendered
  // Markdown can be reused while it stays the same.
  std::string signature() const;
  std::vector<Match> find(std::string_view text) const;

 private:
  void add(Term term);
  void find_resolutions(std::string_view text, std::vector<Match>& out) const;
  void find_symbols(std::string_view text, std::vector<Match>& out) const;

  std::vector<Term> terms_;
  // The terms that share a first word, longest phrase first: the first that matches wins. When
  // there are many (thousands of "United Nations ..." names in a large knowledge base), a trie
  // of their lowercased phrases gives the few that can match at a position, instead of each
  // being compared there.
  struct Bucket {
    std::vector<std::size_t> terms;
    struct Node {
      std::vector<std::pair<unsigned char, std::uint32_t>> next;  // by byte, ascending
      std::vector<std::uint32_t> ends;  // ranks in `terms` of the phrases that end here
    };
    std::vector<Node> trie;  // empty for a few terms
    void index(const std::vector<Term>& all);
  };
  // First word (lowercased ASCII) → its bucket. Looked up once per word of every text, by a view
  // of the word.
  struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Bucket, WordHash, std::equal_to<>> by_first_word_;
  // One bit per short hash (word_bit) of the words in by_first_word_: most words of a text begin
  // no phrase and are passed over with a look at these 8 KB, not at the map, which with tens of
  // thousands of names no longer sits in the processor's cache.
  std::vector<std::uint64_t> first_word_bits_ = std::vector<std::uint64_t>(1024);
  static std::uint32_t word_bit(std::string_view lowercased);
  struct Resolution {
    std::string key, title, year;
  };
  std::map<std::string, Resolution> resolutions_;  // "2151" → the page citing it by that number
  std::map<std::string, std::pair<std::string, std::string>> symbols_;  // document_id(symbol) → (page key, title)
};

// Lowercases ASCII and maps curly quotes to straight ones, keeping byte offsets unchanged
// where possible (curly quotes are 3 bytes; they become "'" plus two NUL placeholders).
std::string normalise_for_matching(std::string_view text);

// Document id for a UN symbol: "S/2013/480" → "s-2013-480".
std::string document_id(std::string_view symbol);

}  // namespace kb::links
