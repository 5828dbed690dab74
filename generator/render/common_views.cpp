// What many pages show: links to pages, the header and menu, quotes, related pages, passages.
#include "render/site_renderer.hpp"

#include <algorithm>
#include <set>

#include "util/text.hpp"

namespace kb::render {

using nlohmann::json;
using content::Page;

json SiteRenderer::link_to(const std::string& from, const Page& p) const {
  return {{"title", display_title(p)}, {"href", url(from, out_path(p))}, {"kind", p.kind},
          {"kind_label", kind_label(p.kind)}, {"key", p.key()}};
}

std::string SiteRenderer::kind_label(const std::string& kind) const {
  const schema::Kind* k = c_.schema.kind(kind);
  return k ? k->label : kind;
}

// The collection a text belongs to, if any.
const Page* SiteRenderer::collection_of(const Page& text) const {
  const schema::Field* f = c_.schema.ref_to_role(texts(), schema::Role::collection);
  return f ? find(f->to + ":" + text.str(f->name)) : nullptr;
}

std::string SiteRenderer::summary(const Page& p) const {
  std::string s = p.str("summary");
  if (s.empty()) s = graph::snippet(plain_of(p), 200);
  return s;
}

std::string SiteRenderer::plain_of(const Page& p) const {
  std::string out;
  for (const auto& b : rendered(p).blocks) {
    if (b.footnote) continue;
    if (!out.empty()) out += ' ';
    out += b.text;
    if (out.size() > 400) break;
  }
  if (const content::Quote* q = c_.quote_of(p); out.empty() && q) out = q->quote.text;
  return out;
}

json SiteRenderer::base_view(const std::string& from, const std::string& title, const std::string& kind) {
  const std::string folder = from.substr(0, from.rfind('/') + 1);
  const json* shared = nullptr;
  {
    std::lock_guard<std::mutex> lock(base_views_mutex_);
    auto [it, fresh] = base_views_.try_emplace({folder, kind});
    if (fresh) it->second = folder_base_view(folder + "page.html", kind);
    shared = &it->second;  // never changed once made; map nodes stay where they are
  }
  json v = *shared;
  v["page_title"] = title;
  return v;
}

// What every page of `from`'s folder and of `kind` shows around its own content.
json SiteRenderer::folder_base_view(const std::string& from, const std::string& kind) const {
  json v;
  std::string root = site::root_prefix(from);
  v["site"] = {{"title", cfg_.title}, {"description", cfg_.description}, {"language", cfg_.language}};
  v["root"] = root;
  v["home_href"] = url(from, "index.html");
  v["search_href"] = url(from, "search.html");
  v["kind"] = kind;
  v["kind_label"] = kind_label(kind);
  json nav = json::array();
  const schema::Kind* col = collections();
  nav.push_back({{"title", texts().plural}, {"href", url(from, texts_index_path())},
                 {"current", kind == texts().name || (col && kind == col->name)}});
  for (const schema::Kind* k : c_.schema.entities())
    nav.push_back({{"title", k->plural}, {"href", url(from, kind_index_path(*k))}, {"current", kind == k->name}});
  if (has_matrix()) nav.push_back({{"title", "Matrix"}, {"href", url(from, "matrix.html")}, {"current", kind == "matrix"}});
  if (has_glossary()) nav.push_back({{"title", "Glossary"}, {"href", url(from, "glossary.html")}, {"current", kind == "glossary"}});
  v["nav"] = std::move(nav);
  v["breadcrumbs"] = json::array({{{"title", "Home"}, {"href", url(from, "index.html")}}});
  v["css_href"] = url(from, "assets/style.css");
  v["js_href"] = url(from, "assets/kb.js");
  v["lunr_href"] = url(from, "assets/lunr.js");
  v["search_index_href"] = url(from, "search/index.js");
  v["search_meta_href"] = url(from, "search/meta.js");
  v["previews_href"] = url(from, "search/previews.js");
  return v;
}

// Passages mentioning `key`, grouped by the page they occur in.
json SiteRenderer::passage_groups(const std::string& from, const std::string& key, json* with_names) const {
  json groups = json::array();
  // Per text, its paragraphs in reading order; a note is folded under the paragraph that refers
  // to it, which is listed for it if it does not itself name the page.
  struct Paragraph {
    std::size_t at;  // position among the text's blocks
    json item;
  };
  std::map<std::size_t, std::vector<Paragraph>> by_page;
  std::vector<std::size_t> order;
  // On a page of one side of the matrix, each passage names the pages of the other side it
  // mentions too ("data-with"), so that a matrix cell can show exactly its passages.
  const schema::Matrix& matrix = c_.schema.matrix;
  const std::string kind = key.substr(0, key.find(':'));
  const std::string other = kind == matrix.rows ? matrix.columns : kind == matrix.columns ? matrix.rows : "";
  auto with = [&](const Page& src, const std::string& anchor) {
    std::string ids;
    if (other.empty()) return ids;
    const auto& blocks = block_mentions(src.key());
    auto block = blocks.find(anchor);
    if (block == blocks.end()) return ids;
    for (const std::string& k : block->second) {
      if (k.rfind(other + ":", 0) != 0) continue;
      ids += (ids.empty() ? "" : " ") + k.substr(other.size() + 1);
      if (const Page* named = with_names ? find(k) : nullptr) (*with_names)[named->id] = named->title();
    }
    return ids;
  };
  for (const auto& p : passages_of(key)) {
    const Page& src = page_at(p.page);
    if (!c_.has_role(src, schema::Role::text)) continue;
    if (!by_page.count(p.page)) order.push_back(p.page);
    std::vector<Paragraph>& paragraphs = by_page[p.page];
    const markdown::Rendered& r = rendered(src);
    const std::string href = url(from, out_path(src)) + "#";
    if (p.cited_at.empty()) {
      paragraphs.push_back({p.at, {{"href", href + p.anchor}, {"section", p.section_title}, {"snippet", p.snippet},
                                                 {"with", with(src, p.anchor)}}});
      continue;
    }
    const std::size_t at = p.at;
    auto para = std::find_if(paragraphs.begin(), paragraphs.end(), [&](const Paragraph& x) { return x.at == at; });
    if (para == paragraphs.end()) {
      const std::string text = at < r.blocks.size() ? r.blocks[at].text : "";
      paragraphs.push_back({at, {{"href", href + p.cited_at}, {"section", p.section_title}, {"snippet", graph::snippet(text)}, {"with", false}}});
      para = paragraphs.end() - 1;
    }
    para->item["has_notes"] = true;
    para->item["notes"].push_back({{"href", href + p.anchor}, {"label", "Note " + note_number(r, p.anchor)}, {"snippet", p.snippet}, {"with", with(src, p.anchor)}});
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return text_order(page_at(a)) < text_order(page_at(b)); });
  for (std::size_t idx : order) {
    std::vector<Paragraph>& paragraphs = by_page[idx];
    std::stable_sort(paragraphs.begin(), paragraphs.end(), [](const Paragraph& a, const Paragraph& b) { return a.at < b.at; });
    json g = link_to(from, page_at(idx));
    g["id"] = "in-" + page_at(idx).id;
    g["passages"] = json::array();
    for (Paragraph& para : paragraphs) g["passages"].push_back(std::move(para.item));
    g["count"] = std::to_string(paragraphs.size());
    groups.push_back(std::move(g));
  }
  return groups;
}

json SiteRenderer::outgoing(const std::string& from, const Page& p, const std::string& relation) const {
  json items = json::array();
  for (const graph::Edge* edge : edges_from(p.key())) {
    const graph::Edge& e = *edge;
    if (e.relation != relation) continue;
    if (const Page* t = find(e.to)) {
      json item = link_to(from, *t);
      add_evidence(from, e, item);
      items.push_back(std::move(item));
    }
  }
  return items;
}

// A note's number as its marker shows it ("fn-12" → "12").
std::string SiteRenderer::note_number(const markdown::Rendered& r, const std::string& anchor) {
  for (const auto& f : r.footnotes)
    if (f.id == anchor) return f.label;
  return anchor.substr(anchor.find('-') + 1);
}

void SiteRenderer::add_evidence(const std::string& from, const graph::Edge& e, json& item) const {
  if (!e.editorial.empty()) {
    item["editorial"] = e.editorial;
    return;
  }
  if (e.passage.empty()) return;
  const std::string doc_key = e.passage.substr(0, e.passage.find('#'));
  const std::string anchor = e.passage.substr(e.passage.find('#') + 1);
  const Page* doc = find(doc_key);
  if (!doc) return;
  std::string where = display_title(*doc);
  const markdown::Rendered& r = rendered(*doc);
  auto section_of = [&](const std::string& a) -> std::string {
    for (const auto& b : r.blocks)
      if (b.anchor == a) return b.section_title;
    return {};
  };
  if (auto citing = r.note_cited_at.find(anchor); citing != r.note_cited_at.end()) {
    // "note 5, in “Introduction”": a note, placed where the text refers to it.
    const std::string section = section_of(citing->second);
    where += ", note " + note_number(r, anchor) + (section.empty() ? "" : ", in “" + section + "”");
  } else if (const std::string section = section_of(anchor); !section.empty()) {
    where += ", “" + section + "”";
  }
  item["evidence_href"] = url(from, out_path(*doc)) + "#" + anchor;
  item["evidence_title"] = where;
}

void SiteRenderer::index_pages() {
  order_.clear();
  for (const Page& p : c_.pages) {
    const Page* col = collection_of(p);
    order_.emplace_back(col ? std::atoi(col->str("order").c_str()) : 0, std::atoi(p.str("order").c_str()));
  }
  for (const Page& m : c_.pages) {
    const graph::QuoteLocation* q = quoted_at(m);
    if (!q) continue;
    quoted_section_[q->doc_key + "\n" + q->section_title].push_back(&m);
    auto doc = g_.block_mentions.find(q->doc_key);
    if (doc == g_.block_mentions.end()) continue;
    auto block = doc->second.find(q->anchor);
    if (block == doc->second.end()) continue;
    for (const std::string& named : block->second) quote_names_[named].push_back(&m);
  }
  // The matrix by column (rows in key order) and the texts of each collection (in text order):
  // asked once per page of the columns' kind and per text, each would otherwise walk every row
  // or every page.
  matrix_columns_.clear();
  for (const auto& [row_key, row] : g_.matrix)
    for (const auto& [column_key, n] : row) matrix_columns_[column_key].emplace_back(n, row_key);
  members_.clear();
  if (const schema::Field* f = c_.schema.ref_to_role(texts(), schema::Role::collection))
    for (const Page& p : c_.pages)
      if (p.kind == texts().name) members_[p.str(f->name)].push_back(&p);
  auto order = [&](const Page* p) { return order_[static_cast<std::size_t>(p - c_.pages.data())]; };
  for (auto& [_, list] : members_)
    std::sort(list.begin(), list.end(), [&](const Page* a, const Page* b) { return order(a) < order(b); });
}

void SiteRenderer::add_section(json& sections, const std::string& title, const json& items, const std::string& id) {
  if (items.empty()) return;
  sections.push_back({{"title", title}, {"items", items}, {"id", id}});
}

json SiteRenderer::quote_view(const std::string& from, const std::string& key, const std::string& quote) const {
  const graph::QuoteLocation* at = quote_at(key);
  if (!at) return nullptr;
  const Page* doc = find(at->doc_key);
  if (!doc) return nullptr;
  // A quote that quotes (“…” inside) gets no marks of the page's own around it, which would
  // double its closing one ("mechanisms.””").
  const bool own_marks = quote.find("“") != std::string::npos || quote.find("”") != std::string::npos ||
                         quote.find('"') != std::string::npos;
  return {{"text", quote},
          {"own_marks", own_marks},
          {"href", url(from, out_path(*doc)) + "#" + at->anchor},
          {"doc_title", doc->title()},
          {"section", at->section_title}};
}

std::string SiteRenderer::join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& s : parts) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace kb::render
