#include "links/mentions.hpp"

#include <algorithm>
#include <cstdint>

#include "util/text.hpp"

namespace kb::links {

namespace {

bool is_word_byte(unsigned char c) { return util::is_ascii_alnum(static_cast<char>(c)) || c >= 0x80 || c == '_'; }

std::string first_word(std::string_view s) {
  std::size_t e = 0;
  while (e < s.size() && is_word_byte(static_cast<unsigned char>(s[e]))) ++e;
  return util::lower_ascii(s.substr(0, e));
}

// Punctuation outside ASCII (dashes, curly quotes, non-breaking space, «») separates words too.
bool is_punctuation(std::uint32_t cp) {
  return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
         (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF;
}

bool boundary_before(std::string_view text, std::size_t pos) {
  if (pos == 0) return true;
  unsigned char c = static_cast<unsigned char>(text[pos - 1]);
  if (c < 0x80) return !is_word_byte(c);
  std::size_t start = pos - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  std::size_t i = start;
  return is_punctuation(util::decode_utf8(text, i));
}

bool boundary_after(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return true;
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) return !is_word_byte(c);
  std::size_t i = pos;
  return is_punctuation(util::decode_utf8(text, i));
}

bool digits_at(std::string_view t, std::size_t pos, std::size_t& end, std::size_t min, std::size_t max) {
  end = pos;
  while (end < t.size() && util::is_ascii_digit(t[end]) && end - pos < max) ++end;
  return end - pos >= min && (end >= t.size() || !util::is_ascii_digit(t[end]));
}

// Compares `phrase` (normalised, without placeholders) with `text` from `pos`, skipping the
// placeholder bytes that stand in for the tails of curly quotes; returns the end or npos.
std::size_t match_at(const std::string& text, std::size_t pos, const std::string& phrase) {
  std::size_t k = 0;
  while (k < phrase.size()) {
    if (pos >= text.size()) return std::string::npos;
    if (text[pos] == '\x01') {
      ++pos;
      continue;
    }
    if (text[pos] != phrase[k]) return std::string::npos;
    ++pos;
    ++k;
  }
  while (pos < text.size() && text[pos] == '\x01') ++pos;
  return pos;
}

std::string strip_placeholders(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\x01'), s.end());
  return s;
}

}  // namespace

std::string normalise_for_matching(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size();) {
    if (static_cast<unsigned char>(out[i]) < 0x80) {  // no curly quote starts with an ASCII byte
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (util::straight_quote(util::decode_utf8(out, i)) == '\'' && i - start == 3) {
      out[start] = '\'';
      out[start + 1] = '\x01';
      out[start + 2] = '\x01';
    }
  }
  return out;
}

std::string document_id(std::string_view symbol) {
  std::string out;
  for (char c : symbol) {
    if (c == '/' || c == '.' || c == ' ') {
      if (!out.empty() && out.back() != '-') out += '-';
    } else {
      out += util::lower_ascii(c);
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::uint32_t MentionMatcher::word_bit(std::string_view w) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : w) h = (h ^ c) * 16777619u;
  return (h ^ (h >> 16)) & 0xFFFF;
}

void MentionMatcher::add(Term term) {
  term.key = strip_placeholders(normalise_for_matching(term.phrase));
  term.key_lower = util::lower_ascii(term.key);
  std::string key = first_word(term.key);
  if (key.empty()) return;
  terms_.push_back(std::move(term));
  by_first_word_[key].terms.push_back(terms_.size() - 1);
}

void MentionMatcher::Bucket::index(const std::vector<Term>& all) {
  trie.clear();
  if (terms.size() <= 16) return;  // compared one by one, as fast
  trie.emplace_back();
  for (std::uint32_t rank = 0; rank < terms.size(); ++rank) {
    std::uint32_t node = 0;
    for (unsigned char c : all[terms[rank]].key_lower) {
      auto& next = trie[node].next;
      auto at = std::lower_bound(next.begin(), next.end(), std::make_pair(c, std::uint32_t{0}));
      if (at == next.end() || at->first != c) {
        at = next.insert(at, {c, static_cast<std::uint32_t>(trie.size())});
        node = at->second;
        trie.emplace_back();  // `next` may move now; `node` is kept
      } else {
        node = at->second;
      }
    }
    trie[node].ends.push_back(rank);
  }
}

MentionMatcher MentionMatcher::from_content(const content::Content& content) {
  using By = schema::Mentions::By;
  MentionMatcher m;
  std::map<std::string, bool> acronyms;  // of named pages: the glossary does not repeat them
  for (const auto& page : content.pages) {
    const schema::Kind* kind = content.kind_of(page);
    if (!kind) continue;
    const schema::Mentions& how = kind->mentions;
    if (how.by == By::name) {
      // Title, acronym and aliases, as written; the acronym shown as an abbreviation.
      std::string title = page.title();
      std::string acronym = page.str(how.field);
      std::vector<std::string> names = page.list("aliases");
      if (!acronym.empty()) names.push_back(acronym);
      if (!title.empty()) names.push_back(title);
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      for (const auto& n : names) {
        bool is_acronym = n == acronym;
        m.add({n, page.key(), title, true, is_acronym, true});
      }
      acronyms[acronym] = true;
    } else if (how.by == By::keyword) {
      // Aliases in any case, recorded (for backlinks and the matrix) but not linked.
      for (const auto& alias : page.list("aliases")) m.add({alias, page.key(), page.title(), false, false, false});
    } else if (how.by == By::resolution) {
      m.resolutions_[page.str(how.field)] = {page.key(), page.title(), page.str(how.year)};
    } else if (how.by == By::symbol) {
      std::string symbol = page.str(how.field);
      if (!symbol.empty()) m.symbols_[document_id(symbol)] = {page.key(), page.title()};
      // Misprinted symbols the texts use are recorded as aliases.
      for (const auto& alias : page.list("aliases")) m.symbols_[document_id(alias)] = {page.key(), page.title()};
    }
  }
  for (const auto& g : content.glossary) {
    if (acronyms.count(g.acronym)) continue;
    m.add({g.acronym, "", g.expansion, true, true, false});
  }
  // Longest phrase first, so "UN Mission in Liberia" wins over "UN".
  for (auto& [word, bucket] : m.by_first_word_) {
    const std::uint32_t bit = word_bit(word);
    m.first_word_bits_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    std::stable_sort(bucket.terms.begin(), bucket.terms.end(), [&](std::size_t a, std::size_t b) {
      return m.terms_[a].phrase.size() > m.terms_[b].phrase.size();
    });
    bucket.index(m.terms_);
  }
  return m;
}

std::string MentionMatcher::signature() const {
  std::string sig;
  for (const Term& t : terms_)
    sig += t.phrase + '\t' + t.target_key + '\t' + t.title + '\t' + char('0' + t.case_sensitive) +
           char('0' + t.abbr) + char('0' + t.link) + '\n';
  for (const auto& [number, r] : resolutions_) sig += number + '\t' + r.key + '\t' + r.title + '\t' + r.year + '\n';
  for (const auto& [id, s] : symbols_) sig += id + '\t' + s.first + '\t' + s.second + '\n';
  return sig;
}

void MentionMatcher::find_resolutions(std::string_view t, std::vector<Match>& out) const {
  // "resolution 2151 (2014)", "Resolution 2151", "resolutions 1325 (2000) and 1820", "S/RES/2151 (2014)"
  std::string lower = util::lower_ascii(t);
  std::size_t pos = 0;
  while (pos < lower.size()) {
    std::size_t r = lower.find("resolution", pos);
    std::size_t s = lower.find("s/res/", pos);
    std::size_t at = std::min(r, s);
    if (at == std::string::npos) break;
    std::size_t cur;
    if (at == s) {
      cur = at + 6;
    } else {
      if (!boundary_before(t, at)) {
        pos = at + 1;
        continue;
      }
      cur = at + 10;
      if (cur < lower.size() && lower[cur] == 's') ++cur;
      while (cur < lower.size() && lower[cur] == ' ') ++cur;
    }
    bool first = true;
    for (;;) {
      std::size_t num_end;
      if (!digits_at(t, cur, num_end, 3, 4)) break;
      std::size_t end = num_end;
      // Optional " (2014)"
      std::size_t k = end;
      while (k < t.size() && t[k] == ' ') ++k;
      std::size_t year_end;
      if (k < t.size() && t[k] == '(' && digits_at(t, k + 1, year_end, 4, 4) && year_end < t.size() &&
          t[year_end] == ')')
        end = year_end + 1;
      auto it = resolutions_.find(std::string(t.substr(cur, num_end - cur)));
      if (it != resolutions_.end()) {
        Match mt;
        mt.begin = first && at == s ? at : cur;
        mt.end = end;
        mt.target_key = it->second.key;
        mt.title = it->second.title;
        out.push_back(mt);
      }
      first = false;
      // Continue through lists: ", 1820 (2008)" / " and 1888"
      std::size_t n = end;
      if (n < t.size() && t[n] == ',') ++n;
      while (n < t.size() && t[n] == ' ') ++n;
      if (lower.compare(n, 4, "and ") == 0) n += 4;
      else if (lower.compare(n, 3, "or ") == 0) n += 3;
      if (n == end) break;
      cur = n;
    }
    pos = cur + 1;
  }
  // Lists without the word: "include: 1261 (1999), 1314 (2000)" count when the number and the
  // year both match a mandate; "resolution (2413)" counts too.
  for (std::size_t i = 0; i + 6 < t.size(); ++i) {
    std::size_t num_end;
    if (!util::is_ascii_digit(t[i]) || !boundary_before(t, i) || !digits_at(t, i, num_end, 4, 4)) continue;
    auto resolution = resolutions_.find(std::string(t.substr(i, 4)));
    if (resolution == resolutions_.end()) {
      i = num_end;
      continue;
    }
    std::size_t year_end;
    bool with_year = num_end + 2 < t.size() && t[num_end] == ' ' && t[num_end + 1] == '(' &&
                     digits_at(t, num_end + 2, year_end, 4, 4) && year_end < t.size() && t[year_end] == ')' &&
                     t.substr(num_end + 2, 4) == resolution->second.year;
    bool in_parens = i >= 12 && t[i - 1] == '(' && num_end < t.size() && t[num_end] == ')' &&
                     lower.compare(i - 12, 11, "resolution ") == 0;
    if (with_year || in_parens) {
      Match mt;
      mt.begin = i;
      mt.end = with_year ? year_end + 1 : num_end;
      mt.target_key = resolution->second.key;
      mt.title = resolution->second.title;
      out.push_back(mt);
    }
    i = num_end;
  }
}

void MentionMatcher::find_symbols(std::string_view t, std::vector<Match>& out) const {
  // UN document symbols: S/2013/480, A/69/968, S/PRST/2014/10, S/PV.5632, S/24111,
  // ST/SGB/2010/1, GC-CCPR/C/21/Rev.1/Add.13. Linked only when a document page has that symbol.
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto body = [](char c) { return util::is_ascii_alnum(c) || c == '/' || c == '.' || c == '-'; };
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!upper(t[i]) || !boundary_before(t, i)) continue;
    std::size_t j = i;
    while (j < t.size() && (upper(t[j]) || util::is_ascii_digit(t[j]) || t[j] == '-')) ++j;
    if (j >= t.size() || t[j] != '/') {
      i = j;
      continue;
    }
    while (j < t.size() && body(t[j])) ++j;
    while (j > i && (t[j - 1] == '.' || t[j - 1] == '/' || t[j - 1] == '-')) --j;
    auto it = symbols_.find(document_id(t.substr(i, j - i)));
    // Two symbols joined by a hyphen ("A/62/659-S/2008/39", a report to both organs): the
    // longest known symbol before a hyphen, and the scan goes on after it.
    std::size_t joined = j;  // the first hyphen before a capital: where a second symbol may start
    for (std::size_t k = j; it == symbols_.end() && k > i + 1; --k) {
      if (t[k - 1] != '-' || k >= j || !upper(t[k])) continue;
      joined = k - 1;
      auto part = symbols_.find(document_id(t.substr(i, k - 1 - i)));
      if (part != symbols_.end()) {
        it = part;
        j = k - 1;
      }
    }
    if (it == symbols_.end() && joined < j) {  // the first symbol is unknown: try the second
      i = joined;
      continue;
    }
    if (it != symbols_.end()) {
      Match mt;
      mt.begin = i;
      mt.end = j;
      mt.target_key = it->second.first;
      mt.title = it->second.second;
      out.push_back(mt);
    }
    i = j;
  }
}

std::vector<Match> MentionMatcher::find(std::string_view text) const {
  std::vector<Match> found;
  std::string norm = normalise_for_matching(text);
  std::string lower = util::lower_ascii(norm);
  std::vector<std::uint32_t> ranks;
  for (std::size_t i = 0; i < norm.size();) {
    unsigned char c = norm[i];
    if (!is_word_byte(c) || !boundary_before(norm, i)) {
      ++i;
      continue;
    }
    std::size_t e = i;
    while (e < norm.size() && is_word_byte(static_cast<unsigned char>(norm[e]))) ++e;
    auto it = by_first_word_.find(std::string_view(lower).substr(i, e - i));
    bool matched = false;
    auto matches_here = [&](std::size_t idx) {
      const Term& term = terms_[idx];
      std::size_t end = match_at(term.case_sensitive ? norm : lower, i, term.case_sensitive ? term.key : term.key_lower);
      if (end == std::string::npos || !boundary_after(norm, end)) return false;
      found.push_back({i, end, &term, term.target_key, term.title});
      i = end;
      return matched = true;
    };
    const Bucket* bucket = it == by_first_word_.end() ? nullptr : &it->second;
    if (bucket && bucket->trie.empty()) {
      for (std::size_t idx : bucket->terms)
        if (matches_here(idx)) break;
    } else if (bucket) {
      // The phrases the lowercased text from here begins with (placeholders skipped, as
      // match_at skips them), tried in the bucket's order.
      ranks.clear();
      std::uint32_t node = 0;
      for (std::size_t p = i;;) {
        ranks.insert(ranks.end(), bucket->trie[node].ends.begin(), bucket->trie[node].ends.end());
        while (p < lower.size() && lower[p] == '\x01') ++p;
        if (p >= lower.size()) break;
        const auto& next = bucket->trie[node].next;
        const unsigned char c = static_cast<unsigned char>(lower[p]);
        auto at = std::lower_bound(next.begin(), next.end(), std::make_pair(c, std::uint32_t{0}));
        if (at == next.end() || at->first != c) break;
        node = at->second;
        ++p;
      }
      std::sort(ranks.begin(), ranks.end());
      for (std::uint32_t rank : ranks)
        if (matches_here(bucket->terms[rank])) break;
    }
    if (!matched) i = e;
  }
  find_resolutions(text, found);
  find_symbols(text, found);
  std::sort(found.begin(), found.end(), [](const Match& a, const Match& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  // Drop overlaps: the earlier, longer match wins.
  std::vector<Match> out;
  std::size_t last_end = 0;
  for (auto& m : found) {
    if (m.begin < last_end) continue;
    last_end = m.end;
    out.push_back(std::move(m));
  }
  // A name followed by an acronym in parentheses means the acronym's entity, even where the
  // name is another's too: "A first UN Office in Burundi (UNOB)" is UNOB, not BNUB (whose alias
  // it also is), and "The United Nations Office for West Africa (UNOWAS, ...)" is UNOWAS.
  for (std::size_t k = 0; k + 1 < out.size(); ++k) {
    Match& name = out[k];
    const Match& acronym = out[k + 1];
    if (!name.term || name.term->abbr || !acronym.term || !acronym.term->abbr || acronym.target_key.empty() ||
        name.target_key == acronym.target_key)
      continue;
    if (util::trim(text.substr(name.end, acronym.begin - name.end)) != "(") continue;
    name.target_key = acronym.target_key;
    name.title = acronym.title;
  }
  return out;
}

}  // namespace kb::links
