// A text (with its table of contents, neighbours, the entities it mentions and a citation) and
// a collection of texts.
#include "render/site_renderer.hpp"

#include <algorithm>
#include <set>

#include "cite/reference.hpp"
#include "render/one_page.hpp"
#include "util/text.hpp"

namespace kb::render {

using nlohmann::json;
using content::Page;

void SiteRenderer::text_page(std::size_t i) {
  const Page& p = page_at(i);
  const markdown::Rendered& r = rendered(p);
  std::string from = out_path(p);
  json v = base_view(from, p.title(), p.kind);
  v["breadcrumbs"].push_back({{"title", texts().plural}, {"href", url(from, texts_index_path())}});
  const Page* col = collection_of(p);
  if (col) v["breadcrumbs"].push_back({{"title", col->title()}, {"href", url(from, out_path(*col))}});
  v["title"] = p.title();
  v["authors"] = util::trim(join(p.list("authors"), ", "));
  v["part"] = p.str("part");
  v["chapter"] = p.str("chapter");
  v["pages"] = p.str("pages");
  v["year"] = p.str("year");
  v["publisher"] = p.str("publisher");
  v["collection_title"] = col ? col->title() : "";
  v["body"] = r.html;
  json toc = json::array();
  for (const auto& h : r.headings)
    if (h.level <= 3) toc.push_back({{"id", h.id}, {"text", h.text}, {"level", std::to_string(h.level)}, {"sub", h.level > 2}});
  if (!r.footnotes.empty()) toc.push_back({{"id", "notes"}, {"text", "Notes"}, {"level", "2"}, {"sub", false}});
  v["toc"] = toc;
  v["has_toc"] = toc.size() > 1;
  auto siblings = texts_of(col ? col->id : "");
  for (std::size_t k = 0; k < siblings.size(); ++k) {
    if (siblings[k] != &p) continue;
    if (k > 0) v["prev"] = link_to(from, *siblings[k - 1]);
    if (k + 1 < siblings.size()) v["next"] = link_to(from, *siblings[k + 1]);
  }
  // Entities this text mentions, by kind.
  json mentioned = json::array();
  if (const auto& counts = mentions_in(p.key()); !counts.empty()) {
    for (const schema::Kind* kind : c_.schema.entities()) {
      json items = json::array();
      for (const auto& [key, count] : counts) {
        if (key.rfind(kind->name + ":", 0) != 0) continue;
        if (const Page* e = find(key)) {
          json item = link_to(from, *e);
          item["count"] = std::to_string(count);
          items.push_back(item);
        }
      }
      if (!items.empty()) mentioned.push_back({{"title", kind->plural}, {"items", items}});
    }
  }
  v["mentioned"] = mentioned;
  // How to cite it: the line in the footer, the tags reference managers read, BibTeX and RIS.
  const cite::Reference ref = cite::reference_of(p, col, config::absolute_url(cfg_, from), cfg_.language);
  v["citation"] = cite::citation_text(ref);
  json meta = json::array();
  for (const auto& [name, content] : cite::meta_tags(ref)) meta.push_back({{"name", name}, {"content", content}});
  v["meta"] = meta;
  const std::string stem = from.substr(0, from.rfind('.'));
  put(stem + ".bib", cite::bibtex(ref));
  put(stem + ".ris", cite::ris(ref));
  v["bib_href"] = url(from, stem + ".bib");
  v["ris_href"] = url(from, stem + ".ris");
  emit(from, texts().template_name, std::move(v));
}

void SiteRenderer::collection_page(std::size_t i) {
  const Page& p = page_at(i);
  std::string from = out_path(p);
  json v = base_view(from, p.title(), p.kind);
  v["breadcrumbs"].push_back({{"title", texts().plural}, {"href", url(from, texts_index_path())}});
  v["title"] = p.title();
  v["body"] = rendered(p).html;
  add_byline(p, v);
  const std::vector<const Page*> members = texts_of(p.id);
  json items = json::array();
  for (const Page* t : members) items.push_back(text_entry(from, *t));
  v["texts"] = items;
  if (!items.empty()) v["print_href"] = url(from, print_path(p));
  emit(from, collections()->template_name, std::move(v));
  if (!items.empty()) print_view(p, members);
}

// A collection's editors, authors, year and publisher.
void SiteRenderer::add_byline(const Page& collection, json& v) const {
  v["editors"] = join(collection.list("editors"), ", ");
  // A book whose editors are also its authors names them once ("Edited by A, B.").
  v["authors"] = collection.list("authors") == collection.list("editors") ? "" : join(collection.list("authors"), ", ");
  v["year"] = collection.str("year");
  v["publisher"] = collection.str("publisher");
}

// A text in its collection's contents: its link, authors, chapter, part and pages.
SiteRenderer::json SiteRenderer::text_entry(const std::string& from, const Page& t) const {
  json item = link_to(from, t);
  item["authors"] = join(t.list("authors"), ", ");
  item["chapter"] = t.str("chapter");
  item["part"] = t.str("part");
  item["pages"] = t.str("pages");
  return item;
}

std::string SiteRenderer::print_path(const Page& collection) const {
  // Beside the texts, so that their bodies' relative links hold; a dot is in no id.
  return texts().folder + "/" + collection.id + ".print.html";
}

// Every text of a collection on one page, with its notes, for reading offline or printing
// (mdBook's print.html).
void SiteRenderer::print_view(const Page& collection, const std::vector<const Page*>& members) {
  const std::string from = print_path(collection);
  json v = base_view(from, collection.title() + " (all texts)", collection.kind);
  v["breadcrumbs"].push_back({{"title", texts().plural}, {"href", url(from, texts_index_path())}});
  v["breadcrumbs"].push_back({{"title", collection.title()}, {"href", url(from, out_path(collection))}});
  v["title"] = collection.title();
  v["collection_href"] = url(from, out_path(collection));
  add_byline(collection, v);
  std::map<std::string, std::string> in_page;  // a text's file, as its siblings link to it → its id
  for (const Page* t : members) in_page[url(from, out_path(*t))] = t->id;
  json items = json::array();
  for (const Page* t : members) {
    json item = text_entry(from, *t);
    item["id"] = t->id;
    item["body"] = scope_ids(rendered(*t).html, t->id, in_page);
    items.push_back(item);
  }
  v["texts"] = items;
  emit(from, "print", std::move(v));
}

}  // namespace kb::render
