#include "cite/reference.hpp"

#include <set>
#include <sstream>

namespace kb::cite {

namespace {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& s : parts) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::vector<std::string> words(const std::string& name) {
  std::vector<std::string> out;
  std::istringstream in(name);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// An organisation, not a person: "Center on International Cooperation".
bool corporate(const std::string& name) {
  static const std::set<std::string> joiners = {"of", "on", "for", "and", "the", "to"};
  const std::vector<std::string> w = words(name);
  if (w.size() >= 4) return true;
  for (const auto& x : w)
    if (joiners.count(x)) return true;
  return false;
}

// "Marije van Kempen" → {"van Kempen", "Marije"}; an organisation is all family name.
std::pair<std::string, std::string> family_given(const std::string& name) {
  static const std::set<std::string> particles = {"van", "von", "de", "del", "della", "da", "di", "du", "le", "la", "El", "el", "dos", "der"};
  const std::vector<std::string> w = words(name);
  if (w.size() < 2 || corporate(name)) return {name, ""};
  std::size_t family = w.size() - 1;
  while (family > 1 && particles.count(w[family - 1])) --family;
  std::vector<std::string> given(w.begin(), w.begin() + static_cast<long>(family));
  std::vector<std::string> fam(w.begin() + static_cast<long>(family), w.end());
  return {join(fam, " "), join(given, " ")};
}

std::string inverted(const std::string& name) {
  auto [family, given] = family_given(name);
  return given.empty() ? family : family + ", " + given;
}

std::string bib_value(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '{' || ch == '}' || ch == '\\') continue;  // never in the sources' metadata; kept out of the syntax
    if (ch == '&' || ch == '%' || ch == '$' || ch == '#' || ch == '_') out += '\\';
    out += ch;
  }
  return out;
}

// A value in braces, which BibTeX keeps as written (its case, an organisation's name). Appended
// piece by piece: GCC 12 warns, wrongly (-Wstringop-overflow), on "{" + value + "}".
std::string braced(const std::string& value) {
  std::string out = "{";
  out.append(bib_value(value)).append("}");
  return out;
}

// BibTeX: braces keep case and protect an organisation from being read as "First Last".
std::string bib_name(const std::string& name) {
  auto [family, given] = family_given(name);
  std::string out = braced(family);
  if (!given.empty()) out.append(", ").append(bib_value(given));
  return out;
}

std::string one_line(const std::string& s) {
  std::string out;
  for (char ch : s) out += (ch == '\n' || ch == '\r') ? ' ' : ch;
  return out;
}

}  // namespace

Reference reference_of(const content::Page& text, const content::Page* collection, const std::string& url,
                       const std::string& language) {
  Reference r;
  r.id = text.id;
  r.title = text.title();
  r.authors = text.list("authors");
  r.publisher = text.str("publisher");
  r.year = text.str("year");
  r.url = url;
  r.language = language;
  if (collection && collection->title() != text.title()) {
    r.book_title = collection->title();
    r.editors = collection->list("editors");
    if (!r.editors.empty()) r.type = Reference::Type::chapter;
    if (r.publisher.empty()) r.publisher = collection->str("publisher");
    if (r.year.empty()) r.year = collection->str("year");
  }
  const std::string pages = text.str("pages");
  for (const std::string dash : {"–", "-"}) {
    if (std::size_t at = pages.find(dash); at != std::string::npos) {
      r.first_page = pages.substr(0, at);
      r.last_page = pages.substr(at + dash.size());
      break;
    }
  }
  if (r.first_page.empty()) r.first_page = pages;
  return r;
}

std::string citation_text(const Reference& r) {
  std::string c = join(r.authors, ", ");
  if (!c.empty()) c += ", ";
  c += "“" + r.title + "”";
  if (!r.book_title.empty()) {
    c += ", in " + r.book_title;
    if (!r.editors.empty()) c += ", ed. " + join(r.editors, " and ");
  }
  if (!r.publisher.empty()) c += " (" + r.publisher + (r.year.empty() ? "" : ", " + r.year) + ")";
  else if (!r.year.empty()) c += " (" + r.year + ")";
  if (!r.first_page.empty()) c += ", pp. " + r.first_page + (r.last_page.empty() ? "" : "–" + r.last_page);
  return c + ".";
}

std::vector<std::pair<std::string, std::string>> meta_tags(const Reference& r) {
  std::vector<std::pair<std::string, std::string>> m;
  m.push_back({"citation_title", r.title});
  for (const auto& a : r.authors) m.push_back({"citation_author", inverted(a)});
  for (const auto& e : r.editors) m.push_back({"citation_editor", inverted(e)});
  if (!r.year.empty()) m.push_back({"citation_publication_date", r.year});
  if (r.type == Reference::Type::chapter) {
    m.push_back({"citation_inbook_title", r.book_title});
    if (!r.publisher.empty()) m.push_back({"citation_publisher", r.publisher});
  } else if (!r.publisher.empty()) {
    m.push_back({"citation_technical_report_institution", r.publisher});
  }
  if (!r.first_page.empty()) m.push_back({"citation_firstpage", r.first_page});
  if (!r.last_page.empty()) m.push_back({"citation_lastpage", r.last_page});
  if (!r.language.empty()) m.push_back({"citation_language", r.language});
  if (!r.url.empty()) m.push_back({"citation_public_url", r.url});
  m.push_back({"DC.title", r.title});
  for (const auto& a : r.authors) m.push_back({"DC.creator", inverted(a)});
  if (!r.year.empty()) m.push_back({"DC.date", r.year});
  if (!r.publisher.empty()) m.push_back({"DC.publisher", r.publisher});
  m.push_back({"DC.type", r.type == Reference::Type::chapter ? "bookSection" : "report"});
  if (!r.language.empty()) m.push_back({"DC.language", r.language});
  if (!r.url.empty()) m.push_back({"DC.identifier", r.url});
  return m;
}

std::string bibtex(const Reference& r) {
  const bool chapter = r.type == Reference::Type::chapter;
  std::ostringstream b;
  b << (chapter ? "@incollection{" : "@techreport{") << r.id << ",\n";
  auto field = [&](const std::string& name, const std::string& value) {
    if (!value.empty()) b << "  " << name << " = {" << value << "},\n";
  };
  std::vector<std::string> authors, editors;
  for (const auto& a : r.authors) authors.push_back(bib_name(a));
  for (const auto& e : r.editors) editors.push_back(bib_name(e));
  field("author", join(authors, " and "));
  field("title", braced(r.title));
  if (chapter) {
    field("booktitle", braced(r.book_title));
    field("editor", join(editors, " and "));
    field("publisher", bib_value(r.publisher));
  } else {
    field("institution", bib_value(r.publisher));
  }
  field("year", bib_value(r.year));
  field("pages", bib_value(r.first_page + (r.last_page.empty() ? "" : "--" + r.last_page)));
  field("language", bib_value(r.language));
  field("url", bib_value(r.url));
  b << "}\n";
  return b.str();
}

std::string ris(const Reference& r) {
  const bool chapter = r.type == Reference::Type::chapter;
  std::ostringstream s;
  auto tag = [&](const std::string& name, const std::string& value) {
    if (!value.empty()) s << name << "  - " << one_line(value) << "\r\n";
  };
  tag("TY", chapter ? "CHAP" : "RPRT");
  tag("TI", r.title);
  for (const auto& a : r.authors) tag("AU", inverted(a));
  for (const auto& e : r.editors) tag("A2", inverted(e));
  if (chapter) tag("T2", r.book_title);
  tag("PY", r.year);
  tag("PB", r.publisher);
  tag("SP", r.first_page);
  tag("EP", r.last_page);
  tag("LA", r.language);
  tag("UR", r.url);
  s << "ER  - \r\n";
  return s.str();
}

}  // namespace kb::cite
