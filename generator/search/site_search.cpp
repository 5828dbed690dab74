#include "search/site_search.hpp"

#include "search/lunr_builder.hpp"
#include "site/paths.hpp"
#include "util/text.hpp"

namespace kb::search {

namespace {

using nlohmann::json;

std::string display_title(const content::Page& p) {
  if (p.kind == "mission" && !p.str("acronym").empty()) return p.str("acronym") + " — " + p.title();
  if (p.kind == "document" && !p.str("symbol").empty()) return p.str("symbol") + " — " + p.title();
  return p.title();
}

// Refs are short ("d0", "d1", … in base 36) because lunr repeats a document's ref in every
// posting of every term it contains: long refs would be most of the index.
std::string short_ref(std::size_t n) {
  const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  do {
    out.insert(out.begin(), digits[n % 36]);
    n /= 36;
  } while (n);
  return "d" + out;
}

// Accents folded, curly apostrophes straightened: "Côte d’Ivoire" is indexed as "cote d'ivoire",
// and the page folds the reader's query the same way.
std::string fold_for_search(std::string_view s) {
  std::string out = util::fold_accents(s);
  for (std::size_t at; (at = out.find("\xE2\x80\x99")) != std::string::npos;) out.replace(at, 3, "'");
  for (std::size_t at; (at = out.find("\xE2\x80\x98")) != std::string::npos;) out.replace(at, 3, "'");
  return out;
}

// A reader typing an acronym or a theme wants its page before the passages that mention it.
double boost_of(const std::string& kind) {
  if (kind == "mission" || kind == "theme" || kind == "mandate") return 3.0;
  if (kind == "text") return 1.0;
  return 1.5;
}

// `context` is indexed with the title but not shown: a section is found by its document's title.
void add(Corpus& corpus, json& store, const std::string& title, const std::string& body,
         const std::string& kind, const std::string& url, const std::string& crumb, json paragraphs,
         const std::string& context = "") {
  const std::string ref = short_ref(corpus.documents.size());
  corpus.documents.push_back({ref, {{"title", fold_for_search(context.empty() ? title : title + " " + context)}, {"body", fold_for_search(body)}},
                              boost_of(kind)});
  json entry = {{"t", title}, {"u", url}, {"k", kind}, {"b", crumb}, {"x", body}};
  if (!paragraphs.empty()) entry["p"] = paragraphs;
  store[ref] = entry;
}

}  // namespace

Corpus site_corpus(const content::Content& content, const graph::Graph& graph, json& store) {
  Corpus corpus;
  corpus.ref_field = "id";
  corpus.fields = {{"title", 10}, {"body", 1}};
  store = json::object();
  for (std::size_t i = 0; i < content.pages.size(); ++i) {
    const auto& page = content.pages[i];
    const auto& r = graph.rendered[i];
    const std::string url = site::output_path(page.kind, page.id);
    if (page.kind == "text") {
      // Sections: the blocks between two headings; notes: one document each.
      std::string section_id, section_title = page.title(), text;
      json paragraphs = json::array();
      auto flush = [&]() {
        if (text.empty()) return;
        // The result shows the section as its title and the document as its breadcrumb.
        const std::string& crumb = page.title();
        add(corpus, store, section_id.empty() ? page.title() : section_title, text, "text",
            url + (section_id.empty() ? "" : "#" + section_id), crumb, paragraphs, section_id.empty() ? "" : page.title());
        text.clear();
        paragraphs = json::array();
      };
      for (const auto& b : r.blocks) {
        if (b.footnote) continue;
        if (b.section_id != section_id) {
          flush();
          section_id = b.section_id;
          section_title = b.section_title;
        }
        if (!text.empty()) text += ' ';
        // [anchor, offset in x]; the usual anchor "SECTION-pN" is stored as just N.
        std::string usual = (section_id.empty() ? "p" : section_id + "-p");
        json anchor = b.anchor;
        if (util::starts_with(b.anchor, usual) && b.anchor.size() > usual.size() &&
            b.anchor.find_first_not_of("0123456789", usual.size()) == std::string::npos)
          anchor = std::stoi(b.anchor.substr(usual.size()));
        paragraphs.push_back(json::array({anchor, text.size()}));
        text += b.text;
      }
      flush();
      for (const auto& b : r.blocks) {
        if (!b.footnote) continue;
        std::string label = b.anchor.substr(3);
        add(corpus, store, "Note " + label, b.text, "text",
            url + "#" + b.anchor, page.title(), json::array());
      }
    } else if (content::kind_by_name(page.kind) && page.kind != "collection") {
      std::string body = page.str("quote");
      for (const auto& alias : page.list("aliases")) body += " " + alias;
      for (const auto& b : r.blocks) body += " " + b.text;
      if (r.blocks.empty()) body += " " + r.plain;
      add(corpus, store, display_title(page), util::fold_whitespace(body), page.kind, url,
          content::kind_by_name(page.kind)->label, json::array());
    }
  }
  return corpus;
}

json previews(const content::Content& content, const graph::Graph& graph) {
  json out = json::object();
  for (std::size_t i = 0; i < content.pages.size(); ++i) {
    const auto& page = content.pages[i];
    const content::KindInfo* k = content::kind_by_name(page.kind);
    if (!k || page.kind == "text" || page.kind == "collection") continue;
    std::string summary = page.str("summary");
    if (summary.empty()) summary = page.str("quote");
    if (summary.empty()) summary = graph.rendered[i].plain;
    out[page.key()] = {{"t", display_title(page)}, {"k", k->label}, {"s", graph::snippet(summary, 280)}};
  }
  return out;
}

std::string index_script(const Corpus& corpus) {
  return "window.KB_SEARCH_INDEX = " + build_lunr_index(corpus) + ";\n";
}

std::string store_script(const json& store) {
  return "window.KB_SEARCH_STORE = " + store.dump(-1, ' ', false, json::error_handler_t::replace) + ";\n";
}

std::string previews_script(const json& previews) { return "window.KB_PREVIEWS = " + previews.dump() + ";\n"; }

}  // namespace kb::search
