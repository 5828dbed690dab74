// The pages that list others: home, plain pages, each kind's index, the texts, the matrix, search.
#include "render/site_renderer.hpp"

#include <algorithm>
#include <set>

#include "util/text.hpp"

namespace kb::render {

using nlohmann::json;
using content::Page;

void SiteRenderer::simple_page(std::size_t i, const std::string& template_name) {
  const Page& p = c_.pages[i];
  std::string from = out_path(p);
  json v = base_view(from, p.title(), p.kind);
  v["title"] = p.title();
  v["body"] = g_.rendered[i].html;
  if (p.kind == "home") {
    json kinds = json::array();
    for (const schema::Kind* k : c_.schema.entities()) {
      int n = 0;
      for (const auto& q : c_.pages) n += q.kind == k->name;
      kinds.push_back({{"title", k->plural}, {"href", url(from, kind_index_path(*k))}, {"count", std::to_string(n)}});
    }
    v["kinds"] = kinds;
    json cols = json::array();
    for (const auto& q : c_.pages)
      if (c_.has_role(q, schema::Role::collection)) {
        json item = link_to(from, q);
        std::size_t n = texts_of(q.id).size();
        item["count"] = std::to_string(n);
        item["count_label"] = std::to_string(n) + (n == 1 ? " text" : " texts");
        cols.push_back(item);
      }
    v["collections"] = cols;
    v["is_home"] = true;
    v["breadcrumbs"] = json::array();
  }
  emit(from, template_name, v);
}

// The table of all pages of a kind, with the schema's columns.
void SiteRenderer::kind_index(const schema::Kind& kind) {
  std::string from = kind_index_path(kind);
  json v = base_view(from, kind.plural, kind.name);
  v["title"] = kind.plural;
  json head = json::array();
  for (const auto& col : kind.columns) head.push_back({{"label", col.label}});
  json rows = json::array();
  for (const auto& p : c_.pages) {
    if (p.kind != kind.name) continue;
    std::size_t n = g_.passages.count(p.key()) ? g_.passages.at(p.key()).size() : 0;
    std::string href = url(from, out_path(p));
    json cells = json::array();
    for (const auto& col : kind.columns) {
      std::string text;
      switch (col.value) {
        case schema::Column::Value::field:
          if (const schema::Field* f = kind.field(col.field); f && (f->type == schema::Type::ref || f->type == schema::Type::refs)) {
            // A reference column names every page referred to, by its short title ("MINUSCA, MONUSCO").
            if (const content::FieldValue* refs = p.field(col.field))
              for (const auto& item : refs->items)
                if (const Page* t = c_.find(f->to + ":" + item.text)) text += (text.empty() ? "" : ", ") + display_title(*t);
          } else {
            text = p.str(col.field);
          }
          break;
        case schema::Column::Value::passages: text = std::to_string(n); break;
        case schema::Column::Value::source:
          if (const content::Quote* q = c_.quote_of(p); q && q->has_source)
            if (const Page* d = c_.find(texts().name + ":" + q->doc.text)) text = d->title();
          break;
      }
      cells.push_back({{"text", text}, {"href", col.link ? href : ""}, {"sort", col.numeric ? text : ""}});
    }
    rows.push_back({{"cells", cells}, {"kind", kind.name}});
  }
  v["head"] = head;
  v["rows"] = rows;
  v["count"] = std::to_string(rows.size());
  emit(from, "list", v);
}

void SiteRenderer::texts_index() {
  std::string from = texts_index_path();
  json v = base_view(from, texts().plural, texts().name);
  v["title"] = texts().plural;
  json cols = json::array();
  for (const auto& q : c_.pages) {
    if (!c_.has_role(q, schema::Role::collection)) continue;
    json col = link_to(from, q);
    json items = json::array();
    for (const Page* t : texts_of(q.id)) {
      json item = link_to(from, *t);
      item["authors"] = join(t->list("authors"), ", ");
      items.push_back(item);
    }
    col["texts"] = items;
    cols.push_back(col);
  }
  v["collections"] = cols;
  emit(from, "texts", v);
}

// Rows × columns of the schema's matrix: how many passages mention both.
void SiteRenderer::matrix() {
  if (!has_matrix()) return;
  const schema::Matrix& spec = c_.schema.matrix;
  std::string from = "matrix.html";
  json v = base_view(from, spec.title, "matrix");
  v["title"] = spec.title;
  std::vector<const Page*> themes, missions;
  for (const auto& p : c_.pages) {
    if (p.kind == spec.columns) themes.push_back(&p);
    if (p.kind == spec.rows && g_.matrix.count(p.key())) missions.push_back(&p);
  }
  json head = json::array();
  for (const Page* t : themes) head.push_back(link_to(from, *t));
  json rows = json::array();
  for (const Page* m : missions) {
    json cells = json::array();
    const auto& row = g_.matrix.at(m->key());
    for (const Page* t : themes) {
      auto it = row.find(t->key());
      int n = it == row.end() ? 0 : it->second;
      // Most cells are empty and carry only that (an absent "href" would be looked up in the
      // row, Mustache-style), which keeps large matrices small.
      if (n == 0) {
        cells.push_back({{"href", false}});
        continue;
      }
      cells.push_back({{"count", std::to_string(n)},
                       {"href", url(from, out_path(*m)) + "#passages"},
                       {"label", display_title(*m) + " × " + t->title()}});
    }
    json r = link_to(from, *m);
    r["cells"] = cells;
    rows.push_back(r);
  }
  v["columns"] = head;
  v["rows"] = rows;
  emit(from, "matrix", v);
}

void SiteRenderer::search_page() {
  std::string from = "search.html";
  json v = base_view(from, "Search", "search");
  v["title"] = "Search";
  v["is_search_page"] = true;  // its own search box replaces the header's: one box per page
  json kinds = json::array({{{"kind", texts().name}, {"label", texts().plural}}});
  for (const schema::Kind* k : c_.schema.entities()) kinds.push_back({{"kind", k->name}, {"label", k->plural}});
  v["filters"] = kinds;
  emit(from, "search", v);
}

}  // namespace kb::render
