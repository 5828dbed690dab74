// lunr's Porter stemmer without a regex engine. Each of lunr's patterns is anchored at the
// start of the word and built from a handful of character-class pieces; we run them as a
// small NFA over the set of positions a prefix match can reach, which gives exactly the
// backtracking regex's yes/no answer. The suffix regexes /^(.+?)(a|b|...)$/ pick the longest
// listed suffix that leaves a non-empty stem (the lazy group tries the shortest stem first).
#include "search/lunr_stemmer.hpp"

#include <array>
#include <initializer_list>
#include <utility>
#include <vector>

namespace kb::search {

namespace {

bool is_aeiou(char16_t c) {
  return c == u'a' || c == u'e' || c == u'i' || c == u'o' || c == u'u';
}
bool is_aeiouy(char16_t c) { return is_aeiou(c) || c == u'y'; }

// Pieces of lunr's patterns: c = [^aeiou], v = [aeiouy], C = c[^aeiouy]*, V = v[aeiou]*.
enum class Piece {
  kC,             // C
  kOptionalC,     // (C)?
  kV,             // V
  kOptionalV,     // (V)?
  kVowel,         // v
  kNotAeiouwxy,   // [^aeiouwxy]
};

// True if `pattern` (implicitly anchored with ^) matches a prefix of `s`, or all of `s` when
// `to_end` (a trailing $).
bool matches(std::u16string_view s, std::initializer_list<Piece> pattern, bool to_end) {
  const std::size_t n = s.size();
  // Position sets; words are short, so they usually live on the stack.
  char small_a[64], small_b[64];
  std::vector<char> big_a, big_b;
  char* current = small_a;
  char* next = small_b;
  if (n + 1 > sizeof small_a) {
    big_a.resize(n + 1);
    big_b.resize(n + 1);
    current = big_a.data();
    next = big_b.data();
  }
  std::fill(current, current + n + 1, 0);
  current[0] = 1;
  for (Piece piece : pattern) {
    std::fill(next, next + n + 1, 0);
    bool any = false;
    // A run piece (C or V) reaches p+1 and then every position its starred tail extends to;
    // `reached` lets overlapping runs share the walk so each piece is linear.
    std::size_t reached = 0;
    auto run = [&](std::size_t p, bool (*head)(char16_t), bool (*tail)(char16_t)) {
      if (p >= n || !head(s[p])) return;
      std::size_t q = std::max(p + 1, reached);
      next[q] = 1;
      while (q < n && tail(s[q])) next[++q] = 1;
      reached = q;
      any = true;
    };
    for (std::size_t p = 0; p <= n; ++p) {
      if (!current[p]) continue;
      switch (piece) {
        case Piece::kOptionalC:
          next[p] = 1;
          any = true;
          [[fallthrough]];
        case Piece::kC:
          run(p, [](char16_t c) { return !is_aeiou(c); }, [](char16_t c) { return !is_aeiouy(c); });
          break;
        case Piece::kOptionalV:
          next[p] = 1;
          any = true;
          [[fallthrough]];
        case Piece::kV:
          run(p, is_aeiouy, is_aeiou);
          break;
        case Piece::kVowel:
          if (p < n && is_aeiouy(s[p])) next[p + 1] = 1, any = true;
          break;
        case Piece::kNotAeiouwxy:
          if (p < n && !is_aeiouy(s[p]) && s[p] != u'w' && s[p] != u'x') next[p + 1] = 1, any = true;
          break;
      }
    }
    if (!any) return false;
    std::swap(current, next);
  }
  if (to_end) return current[n] != 0;
  return true;
}

// ^([C])?VC  — measure greater than zero.
bool mgr0(std::u16string_view s) {
  return matches(s, {Piece::kOptionalC, Piece::kV, Piece::kC}, false);
}
// ^([C])?VCVC — measure greater than one.
bool mgr1(std::u16string_view s) {
  return matches(s, {Piece::kOptionalC, Piece::kV, Piece::kC, Piece::kV, Piece::kC}, false);
}
// ^([C])?VC([V])?$ — measure exactly one.
bool meq1(std::u16string_view s) {
  return matches(s, {Piece::kOptionalC, Piece::kV, Piece::kC, Piece::kOptionalV}, true);
}
// ^([C])?v — the stem contains a vowel.
bool has_vowel(std::u16string_view s) {
  return matches(s, {Piece::kOptionalC, Piece::kVowel}, false);
}
// ^Cv[^aeiouwxy]$ — consonant-vowel-consonant (lunr's re4_1b_2 and re3_5).
bool is_cvc(std::u16string_view s) {
  return matches(s, {Piece::kC, Piece::kVowel, Piece::kNotAeiouwxy}, true);
}

bool ends_with(std::u16string_view s, std::u16string_view suffix) {
  if (s.size() < suffix.size()) return false;
  // From the last character back: most candidate suffixes differ there.
  for (std::size_t i = 1; i <= suffix.size(); ++i) {
    if (s[s.size() - i] != suffix[suffix.size() - i]) return false;
  }
  return true;
}

using Rule = std::pair<std::u16string_view, std::u16string_view>;

constexpr std::array<Rule, 21> kStep2 = {{
    {u"ational", u"ate"}, {u"tional", u"tion"}, {u"enci", u"ence"},   {u"anci", u"ance"},
    {u"izer", u"ize"},    {u"bli", u"ble"},     {u"alli", u"al"},     {u"entli", u"ent"},
    {u"eli", u"e"},       {u"ousli", u"ous"},   {u"ization", u"ize"}, {u"ation", u"ate"},
    {u"ator", u"ate"},    {u"alism", u"al"},    {u"iveness", u"ive"}, {u"fulness", u"ful"},
    {u"ousness", u"ous"}, {u"aliti", u"al"},    {u"iviti", u"ive"},   {u"biliti", u"ble"},
    {u"logi", u"log"},
}};

constexpr std::array<Rule, 7> kStep3 = {{
    {u"icate", u"ic"}, {u"ative", u""}, {u"alize", u"al"}, {u"iciti", u"ic"},
    {u"ical", u"ic"},  {u"ful", u""},   {u"ness", u""},
}};

constexpr std::array<std::u16string_view, 18> kStep4 = {
    u"al",  u"ance", u"ence", u"er",  u"ic",  u"able", u"ible", u"ant", u"ement",
    u"ment", u"ent", u"ou",   u"ism", u"ate", u"iti",  u"ous",  u"ive", u"ize"};

// The rule whose suffix /^(.+?)(s1|s2|...)$/ selects: the longest matching suffix that leaves
// at least one character of stem.
template <typename Rules, typename Key>
const typename Rules::value_type* longest_suffix(const Rules& rules, std::u16string_view w,
                                                 Key key) {
  const typename Rules::value_type* best = nullptr;
  for (const auto& rule : rules) {
    const std::u16string_view suffix = key(rule);
    if (w.size() > suffix.size() && ends_with(w, suffix) &&
        (!best || suffix.size() > key(*best).size())) {
      best = &rule;
    }
  }
  return best;
}

}  // namespace

std::u16string lunr_stem(std::u16string_view word) {
  std::u16string w(word);
  if (w.size() < 3) return w;
  // lunr upper-cases an initial y so that it counts as a consonant in every pattern.
  const bool initial_y = w[0] == u'y';
  if (initial_y) w[0] = u'Y';

  // Step 1a: /^(.+?)(ss|i)es$/ -> $1$2, else /^(.+?)([^s])s$/ -> $1$2.
  std::size_t n = w.size();
  if ((n >= 5 && ends_with(w, u"sses")) || (n >= 4 && ends_with(w, u"ies"))) {
    w.resize(n - 2);
  } else if (n >= 3 && w[n - 1] == u's' && w[n - 2] != u's') {
    w.resize(n - 1);
  }

  // Step 1b.
  n = w.size();
  if (n >= 4 && ends_with(w, u"eed")) {
    if (mgr0(std::u16string_view(w).substr(0, n - 3))) w.pop_back();
  } else if ((n >= 3 && ends_with(w, u"ed")) || (n >= 4 && ends_with(w, u"ing"))) {
    const std::size_t stem_length = n - (w.back() == u'd' ? 2 : 3);
    if (has_vowel(std::u16string_view(w).substr(0, stem_length))) {
      w.resize(stem_length);
      const std::size_t m = w.size();
      if (ends_with(w, u"at") || ends_with(w, u"bl") || ends_with(w, u"iz")) {
        w.push_back(u'e');
      } else if (m >= 2 && w[m - 1] == w[m - 2] && !is_aeiouy(w[m - 1]) && w[m - 1] != u'l' &&
                 w[m - 1] != u's' && w[m - 1] != u'z') {
        w.pop_back();  // /([^aeiouylsz])\1$/: undouble the final consonant.
      } else if (is_cvc(w)) {
        w.push_back(u'e');
      }
    }
  }

  // Step 1c: /^(.+?[^aeiou])y$/ -> $1i.
  n = w.size();
  if (n >= 3 && w[n - 1] == u'y' && !is_aeiou(w[n - 2])) w[n - 1] = u'i';

  // Steps 2 and 3: replace the suffix when the stem has measure > 0.
  auto replace_suffix = [&w](const auto& rules) {
    const Rule* rule = longest_suffix(rules, w, [](const Rule& r) { return r.first; });
    if (!rule) return;
    const std::u16string_view stem = std::u16string_view(w).substr(0, w.size() - rule->first.size());
    if (mgr0(stem)) w = std::u16string(stem) + std::u16string(rule->second);
  };
  replace_suffix(kStep2);
  replace_suffix(kStep3);

  // Step 4: drop the suffix when the stem has measure > 1; (s|t)ion only if no other matched.
  auto self = [](std::u16string_view s) { return s; };
  if (const auto* suffix = longest_suffix(kStep4, w, self)) {
    const std::u16string_view stem = std::u16string_view(w).substr(0, w.size() - suffix->size());
    if (mgr1(stem)) w.resize(stem.size());
  } else if (w.size() >= 5 && (ends_with(w, u"sion") || ends_with(w, u"tion"))) {
    const std::u16string_view stem = std::u16string_view(w).substr(0, w.size() - 3);
    if (mgr1(stem)) w.resize(stem.size());
  }

  // Step 5: drop a final e; then undouble a final ll when the measure is > 1.
  n = w.size();
  if (n >= 2 && w[n - 1] == u'e') {
    const std::u16string_view stem = std::u16string_view(w).substr(0, n - 1);
    if (mgr1(stem) || (meq1(stem) && !is_cvc(stem))) w.pop_back();
  }
  if (ends_with(w, u"ll") && mgr1(w)) w.pop_back();

  if (initial_y) w[0] = u'y';
  return w;
}

}  // namespace kb::search
