#include "search/spelling.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "util/text.hpp"

namespace kb::search {

namespace {

using Rule = std::pair<std::string_view, std::string_view>;

// Longest ending first: the first that matches wins. Applied to words of at least kMinWord
// letters; the same words in the query and in the text are folded alike, so a word that merely
// ends like this ("otherwise" → "otherwize") still finds itself.
constexpr std::array<Rule, 13> kSuffixes = {{
    {"isational", "izational"}, {"isations", "izations"}, {"isation", "ization"}, {"isers", "izers"}, {"ising", "izing"},
    {"ysing", "yzing"}, {"iser", "izer"}, {"ised", "ized"}, {"ises", "izes"}, {"ysed", "yzed"},
    {"yses", "yzes"}, {"ise", "ize"}, {"yse", "yze"},
}};
constexpr std::size_t kMinWord = 4;

// Word beginnings with a British and an American form ("defences" → "defenses").
constexpr std::array<Rule, 18> kPrefixes = {{
    {"defence", "defense"}, {"offence", "offense"}, {"licence", "license"}, {"pretence", "pretense"},
    {"centre", "center"}, {"theatre", "theater"}, {"programme", "program"}, {"labour", "labor"},
    {"behaviour", "behavior"}, {"favour", "favor"}, {"honour", "honor"}, {"neighbour", "neighbor"},
    {"endeavour", "endeavor"}, {"colour", "color"}, {"harbour", "harbor"}, {"rumour", "rumor"},
    {"armour", "armor"}, {"judgement", "judgment"},
}};

struct Compound {
  std::string_view first, second, joined;
};
constexpr std::array<Compound, 1> kCompounds = {{{"united", "nations", "unitednations"}}};

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }


// The prefix rules by their first letter, in their order (at most four per letter, -1 after
// the last): a word is compared with the few that start like it.
constexpr auto kPrefixesByLetter = [] {
  std::array<std::array<signed char, 4>, 256> t{};
  for (auto& rules : t) rules.fill(-1);
  for (std::size_t r = 0; r < kPrefixes.size(); ++r) {
    auto& rules = t[static_cast<unsigned char>(kPrefixes[r].first[0])];
    std::size_t k = 0;
    while (rules[k] >= 0) ++k;
    rules[k] = static_cast<signed char>(r);
  }
  return t;
}();

// One lower-case word through the suffix and prefix rules; false when none applies.
bool fold_word(std::string& w) {
  if (w.empty()) return false;
  for (const signed char r : kPrefixesByLetter[static_cast<unsigned char>(w[0])]) {
    if (r < 0) break;
    const auto& [from, to] = kPrefixes[static_cast<std::size_t>(r)];
    if (util::starts_with(w, from)) {
      w.replace(0, from.size(), to);
      return true;
    }
  }
  if (w.size() < kMinWord) return false;
  // Every suffix has "is" or "ys" within its last nine letters: most words have neither.
  bool candidate = false;
  for (std::size_t k = w.size() > 9 ? w.size() - 9 : 0; k + 1 < w.size() && !candidate; ++k)
    candidate = (w[k] == 'i' || w[k] == 'y') && w[k + 1] == 's';
  if (!candidate) return false;
  for (const auto& [from, to] : kSuffixes) {
    if (w.size() > from.size() && w.compare(w.size() - from.size(), from.size(), from) == 0) {
      w.replace(w.size() - from.size(), from.size(), to);
      return true;
    }
  }
  return false;
}

// Whether a word (as written) may be changed by a rule: false for most words, which are then
// kept without being lower-cased and compared rule by rule. Errs on the side of true.
bool may_fold(std::string_view w) {
  const char first = util::lower_ascii(w[0]);
  if (kPrefixesByLetter[static_cast<unsigned char>(first)][0] >= 0) return true;
  for (const auto& c : kCompounds)
    if (w.size() == c.first.size() && first == c.first[0]) return true;
  if (w.size() < kMinWord) return false;
  // As fold_word's own test: every suffix has "is" or "ys" within its last nine letters.
  for (std::size_t k = w.size() > 9 ? w.size() - 9 : 0; k + 1 < w.size(); ++k) {
    const char a = util::lower_ascii(w[k]);
    if ((a == 'i' || a == 'y') && util::lower_ascii(w[k + 1]) == 's') return true;
  }
  return false;
}

}  // namespace

std::string shape_for_search(std::string_view in) {
  std::string folded;
  std::string_view text = in;
  if (std::any_of(in.begin(), in.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    folded = util::fold_accents(in);
    text = folded;
  }
  // Most of a text is kept as it is: it is copied in runs, from `kept` up to where a rule applies.
  std::string out;
  out.reserve(text.size());
  std::size_t kept = 0;
  auto replace = [&](std::size_t from, std::size_t to, std::string_view with) {
    out.append(text, kept, from - kept);
    out += with;
    kept = to;
  };
  std::string word;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_letter(text[i])) {
      // Curly apostrophes straightened: "d’Ivoire" is indexed as "d'ivoire".
      std::size_t next = i;
      if (static_cast<unsigned char>(text[i]) >= 0x80 && util::straight_quote(util::decode_utf8(text, next)) == '\'') {
        replace(i, next, "'");
        i = next;
      } else {
        ++i;
      }
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_letter(text[end])) ++end;
    const std::string_view original = text.substr(i, end - i);
    if (!may_fold(original)) {
      i = end;
      continue;
    }
    word.assign(original);
    for (char& c : word) c = util::lower_ascii(c);
    bool joined = false;
    for (const auto& c : kCompounds) {
      if (word != c.first) continue;
      std::size_t next = end;
      while (next < text.size() && text[next] == ' ') ++next;
      std::size_t next_end = next;
      while (next_end < text.size() && is_letter(text[next_end])) ++next_end;
      if (next > end && util::lower_ascii(text.substr(next, next_end - next)) == c.second) {
        replace(i, next_end, c.joined);
        i = next_end;
        joined = true;
        break;
      }
    }
    if (joined) continue;
    if (fold_word(word)) replace(i, end, word);  // otherwise unchanged: its case kept, lunr lower-cases it
    i = end;
  }
  out.append(text, kept);
  return out;
}

nlohmann::json spelling_rules() {
  nlohmann::json suffixes = nlohmann::json::array(), prefixes = nlohmann::json::array(),
                 compounds = nlohmann::json::array();
  for (const auto& [from, to] : kSuffixes) suffixes.push_back({from, to});
  for (const auto& [from, to] : kPrefixes) prefixes.push_back({from, to});
  for (const auto& c : kCompounds) compounds.push_back({c.first, c.second, c.joined});
  return {{"suffixes", suffixes}, {"min", kMinWord}, {"prefixes", prefixes}, {"compounds", compounds}};
}

nlohmann::json fold_table() {
  nlohmann::json table = nlohmann::json::object();
  auto utf8 = [](std::uint32_t cp) {
    std::string out;
    if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    }
    out += static_cast<char>(0x80 | (cp & 0x3F));
    return out;
  };
  for (std::uint32_t cp = 0x80; cp < 0x180; ++cp)
    if (const char* folded = util::fold_latin_letter(cp)) table[utf8(cp)] = folded;
  for (std::uint32_t cp : {0x2018u, 0x2019u})
    if (util::straight_quote(cp) == '\'') table[utf8(cp)] = "'";
  return table;
}

}  // namespace kb::search
