#include "links/mentions.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace kb::links {

namespace {

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '_'; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string first_word(std::string_view s) {
  std::size_t e = 0;
  while (e < s.size() && is_word_byte(static_cast<unsigned char>(s[e]))) ++e;
  return lower_ascii(s.substr(0, e));
}

bool boundary_before(std::string_view text, std::size_t pos) {
  return pos == 0 || !is_word_byte(static_cast<unsigned char>(text[pos - 1]));
}

bool boundary_after(std::string_view text, std::size_t pos) {
  return pos >= text.size() || !is_word_byte(static_cast<unsigned char>(text[pos]));
}

bool digits_at(std::string_view t, std::size_t pos, std::size_t& end, std::size_t min, std::size_t max) {
  end = pos;
  while (end < t.size() && std::isdigit(static_cast<unsigned char>(t[end])) && end - pos < max) ++end;
  return end - pos >= min && (end >= t.size() || !std::isdigit(static_cast<unsigned char>(t[end])));
}

}  // namespace

std::string normalise_for_matching(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i + 2 < out.size(); ++i) {
    unsigned char a = out[i], b = out[i + 1], c = out[i + 2];
    if (a == 0xE2 && b == 0x80 && (c == 0x98 || c == 0x99)) {
      out[i] = '\'';
      out[i + 1] = '\x01';
      out[i + 2] = '\x01';
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
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

void MentionMatcher::add(Term term) {
  std::string key = first_word(normalise_for_matching(term.phrase));
  if (key.empty()) return;
  terms_.push_back(std::move(term));
  auto& list = by_first_word_[key];
  list.push_back(terms_.size() - 1);
}

MentionMatcher MentionMatcher::from_content(const content::Content& content) {
  MentionMatcher m;
  std::map<std::string, bool> mission_acronyms;
  for (const auto& page : content.pages) {
    if (page.kind == "mission") {
      std::string title = page.title();
      std::string acronym = page.str("acronym");
      std::vector<std::string> names = page.list("aliases");
      if (!acronym.empty()) names.push_back(acronym);
      if (!title.empty()) names.push_back(title);
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      for (const auto& n : names) {
        bool is_acronym = n == acronym;
        m.add({n, page.key(), title, true, is_acronym, true});
      }
      mission_acronyms[acronym] = true;
    } else if (page.kind == "theme") {
      for (const auto& alias : page.list("aliases")) m.add({alias, page.key(), page.title(), false, false, false});
    } else if (page.kind == "mandate") {
      m.mandate_titles_[page.id] = page.title();
    } else if (page.kind == "document") {
      m.document_titles_[page.id] = page.title();
    }
  }
  for (const auto& g : content.glossary) {
    if (mission_acronyms.count(g.acronym)) continue;
    m.add({g.acronym, "", g.expansion, true, true, false});
  }
  // Longest phrase first, so "UN Mission in Liberia" wins over "UN".
  for (auto& [_, list] : m.by_first_word_) {
    std::stable_sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
      return m.terms_[a].phrase.size() > m.terms_[b].phrase.size();
    });
  }
  return m;
}

void MentionMatcher::find_resolutions(std::string_view t, std::vector<Match>& out) const {
  // "resolution 2151 (2014)", "Resolution 2151", "resolutions 1325 (2000) and 1820", "S/RES/2151 (2014)"
  std::string lower = lower_ascii(t);
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
      std::string id = "res-" + std::string(t.substr(cur, num_end - cur));
      auto it = mandate_titles_.find(id);
      if (it != mandate_titles_.end()) {
        Match mt;
        mt.begin = first && at == s ? at : cur;
        mt.end = end;
        mt.target_key = "mandate:" + id;
        mt.title = it->second;
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
}

void MentionMatcher::find_symbols(std::string_view t, std::vector<Match>& out) const {
  // S/2013/480, A/62/659, S/PRST/2014/10, A/RES/70/262
  for (std::size_t i = 0; i + 4 < t.size(); ++i) {
    if ((t[i] != 'S' && t[i] != 'A') || t[i + 1] != '/' || !boundary_before(t, i)) continue;
    std::size_t j = i + 2;
    while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '/' || t[j] == '.')) ++j;
    while (j > i && (t[j - 1] == '.' || t[j - 1] == '/')) --j;
    std::string_view sym = t.substr(i, j - i);
    if (std::count(sym.begin(), sym.end(), '/') < 2) continue;
    std::string id = document_id(sym);
    auto it = document_titles_.find(id);
    if (it != document_titles_.end()) {
      Match mt;
      mt.begin = i;
      mt.end = j;
      mt.target_key = "document:" + id;
      mt.title = it->second;
      out.push_back(mt);
    }
    i = j;
  }
}

std::vector<Match> MentionMatcher::find(std::string_view text) const {
  std::vector<Match> found;
  std::string norm = normalise_for_matching(text);
  std::string lower = lower_ascii(norm);
  for (std::size_t i = 0; i < norm.size();) {
    unsigned char c = norm[i];
    if (!is_word_byte(c) || !boundary_before(norm, i)) {
      ++i;
      continue;
    }
    std::size_t e = i;
    while (e < norm.size() && is_word_byte(static_cast<unsigned char>(norm[e]))) ++e;
    auto it = by_first_word_.find(lower.substr(i, e - i));
    bool matched = false;
    if (it != by_first_word_.end()) {
      for (std::size_t idx : it->second) {
        const Term& term = terms_[idx];
        std::string phrase = normalise_for_matching(term.phrase);
        if (i + phrase.size() > norm.size()) continue;
        bool eq = term.case_sensitive ? norm.compare(i, phrase.size(), phrase) == 0
                                      : lower.compare(i, phrase.size(), lower_ascii(phrase)) == 0;
        if (!eq || !boundary_after(norm, i + phrase.size())) continue;
        found.push_back({i, i + phrase.size(), &term, term.target_key, term.title});
        i += phrase.size();
        matched = true;
        break;
      }
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
  return out;
}

}  // namespace kb::links
