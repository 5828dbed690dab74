// The pages that list others: home, plain pages, each kind's index, the texts, the matrix, search.
#include "render/site_renderer.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "links/slug.hpp"
#include "util/text.hpp"

namespace kb::render {

using nlohmann::json;
using content::Page;

void SiteRenderer::simple_page(std::size_t i, const std::string& template_name) {
  const Page& p = page_at(i);
  std::string from = out_path(p);
  json v = base_view(from, p.title(), p.kind);
  v["title"] = p.title();
  v["body"] = rendered(p).html;
  if (p.kind == "home") {
    json kinds = json::array();
    for (const schema::Kind* k : c_.schema.entities()) {
      int n = 0;
      for (const auto& q : all_pages()) n += q.kind == k->name;
      kinds.push_back({{"title", k->plural}, {"href", url(from, kind_index_path(*k))}, {"count", std::to_string(n)}});
    }
    v["kinds"] = kinds;
    json cols = json::array();
    for (const auto& q : all_pages())
      if (c_.has_role(q, schema::Role::collection)) {
        json item = link_to(from, q);
        std::size_t n = texts_of(q.id).size();
        item["count"] = std::to_string(n);
        item["count_label"] = std::to_string(n) + (n == 1 ? " text" : " texts");
        // Who and when, as its page says it: "Edited by A and B · 2020".
        const auto editors = q.list("editors"), authors = q.list("authors");
        std::string by = !editors.empty() ? "Edited by " + join(editors, " and ") : join(authors, ", ");
        if (!q.str("year").empty()) by += (by.empty() ? "" : " · ") + q.str("year");
        item["byline"] = by;
        cols.push_back(item);
      }
    v["collections"] = cols;
    // Searches to try (site.yaml: search_examples).
    json examples = json::array();
    for (const std::string& q : cfg_.search_examples)
      examples.push_back({{"query", q}, {"href", url(from, "search.html") + "?q=" + util::url_encode(q)}});
    v["examples"] = examples;
    v["has_examples"] = !examples.empty();
    if (has_glossary()) v["glossary_href"] = url(from, "glossary.html");
    v["is_home"] = true;
    v["breadcrumbs"] = json::array();
  }
  emit(from, template_name, std::move(v));
}

// The table of all pages of a kind, with the schema's columns.
void SiteRenderer::kind_index(const schema::Kind& kind) {
  std::string from = kind_index_path(kind);
  json v = base_view(from, kind.plural, kind.name);
  v["title"] = kind.plural;
  json head = json::array();
  for (const auto& col : kind.columns) head.push_back({{"label", col.label}});
  json rows = json::array();
  for (const Page* page : pages_of_kind(kind.name)) {
    const Page& p = *page;
    const std::size_t n = passage_count(p.key());
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
                if (const Page* t = find(f->to + ":" + item.text)) text += (text.empty() ? "" : ", ") + display_title(*t);
          } else {
            text = p.str(col.field);
          }
          break;
        case schema::Column::Value::passages: text = std::to_string(n); break;
        case schema::Column::Value::source:
          if (const content::Quote* q = c_.quote_of(p); q && q->has_source)
            if (const Page* d = find(texts().name + ":" + q->doc.text)) text = d->title();
          break;
      }
      // A link never goes without a name: a page with no value in the column is named by its title.
      if (col.link && text.empty()) text = display_title(p);
      cells.push_back({{"text", text}, {"href", col.link ? href : ""}, {"sort", col.numeric ? text : ""}});
    }
    rows.push_back({{"cells", std::move(cells)}, {"kind", kind.name}});
  }
  v["head"] = head;
  v["rows"] = rows;
  v["count"] = std::to_string(rows.size());
  emit(from, "list", std::move(v));
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
  emit(from, "texts", std::move(v));
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
    if (p.kind == spec.rows) missions.push_back(&p);  // every row, those without a passage too
  }
  json head = json::array();
  std::map<std::string, std::size_t> column;  // column page key → position
  for (const Page* t : themes) {
    column.emplace(t->key(), column.size());
    head.push_back(link_to(from, *t));
  }
  json rows = json::array();
  for (const Page* m : missions) {
    // Only the cells with passages are built; each run of empty cells between them is one
    // cell spanning the run, so the page grows with the passages, not with rows × columns.
    std::vector<std::pair<std::size_t, int>> filled;  // column position, passages
    if (auto row = g_.matrix.find(m->key()); row != g_.matrix.end())
      for (const auto& [key, n] : row->second)
        if (auto at = column.find(key); n > 0 && at != column.end()) filled.emplace_back(at->second, n);
    std::sort(filled.begin(), filled.end());
    json cells = json::array();
    std::size_t next = 0;
    auto empty_run = [&](std::size_t until) {
      // An absent "href" would be looked up in the row, Mustache-style: empty cells say false.
      if (until > next) cells.push_back({{"href", false}, {"span", until - next > 1 ? json(std::to_string(until - next)) : json(false)}});
    };
    for (const auto& [col, n] : filled) {
      empty_run(col);
      const Page* t = themes[col];
      // Exactly those passages: the row's page shows the ones that also name the column's.
      cells.push_back({{"count", std::to_string(n)},
                       {"href", passages_with(from, *m, *t)},
                       {"label", display_title(*m) + " × " + t->title() + ": " + std::to_string(n) + (n == 1 ? " passage" : " passages")},
                       {"span", false}});
      next = col + 1;
    }
    empty_run(themes.size());
    json r = link_to(from, *m);
    r["cells"] = std::move(cells);
    rows.push_back(std::move(r));
  }
  v["columns"] = std::move(head);
  v["rows"] = std::move(rows);
  emit(from, "matrix", std::move(v));
}

// Every acronym: the glossary's, with the texts that use it, and the named pages' own, linked.
void SiteRenderer::glossary() {
  if (!has_glossary()) return;
  const std::string from = "glossary.html";
  json v = base_view(from, "Glossary", "glossary");
  v["title"] = "Glossary";
  struct Use {
    std::size_t count = 0;
    std::string anchor;  // the first
  };
  std::map<std::string, std::map<std::size_t, Use>> uses;  // acronym → text page → uses
  for (std::size_t i = 0; i < c_.pages.size(); ++i) {
    if (!c_.has_role(c_.pages[i], schema::Role::text)) continue;
    for (const auto& a : g_.rendered[i]->abbreviations) {
      Use& u = uses[a.acronym][i];
      if (u.count++ == 0) u.anchor = a.anchor;
    }
  }
  struct Row {
    std::string acronym;
    json item;
  };
  std::vector<Row> rows;
  // The acronyms of named pages (a mission's), which the glossary leaves to the page.
  std::set<std::string> named;
  for (const schema::Kind* k : c_.schema.entities()) {
    if (k->mentions.by != schema::Mentions::By::name || k->mentions.field.empty()) continue;
    for (const auto& p : c_.pages) {
      const std::string acronym = p.kind == k->name ? p.str(k->mentions.field) : "";
      if (acronym.empty()) continue;
      named.insert(acronym);
      json item = {{"acronym", acronym}, {"expansion", p.title()}, {"page", link_to(from, p)}};
      if (auto it = g_.passages.find(p.key()); it != g_.passages.end()) {
        item["page"]["passages_href"] = url(from, out_path(p)) + "#passages";
        item["page"]["passages"] = std::to_string(it->second.size());
      }
      rows.push_back({acronym, item});
    }
  }
  for (const auto& entry : c_.glossary) {
    if (named.count(entry.acronym)) continue;  // the page stands for it, as in the texts' links
    json where = json::array();
    std::size_t total = 0;
    std::vector<std::pair<std::size_t, Use>> in(uses[entry.acronym].begin(), uses[entry.acronym].end());
    std::sort(in.begin(), in.end(), [&](const auto& a, const auto& b) { return text_order(c_.pages[a.first]) < text_order(c_.pages[b.first]); });
    for (const auto& [page, use] : in) {
      total += use.count;
      where.push_back({{"title", display_title(c_.pages[page])}, {"href", url(from, out_path(c_.pages[page])) + "#" + use.anchor},
                       {"count", std::to_string(use.count)}});
    }
    const std::string uses_label = "In " + std::to_string(in.size()) + (in.size() == 1 ? " text, " : " texts, ") +
                                   std::to_string(total) + (total == 1 ? " use" : " uses");
    rows.push_back({entry.acronym, {{"acronym", entry.acronym}, {"expansion", entry.expansion}, {"where", where},
                                    {"has_where", !where.empty()}, {"uses", uses_label}}});
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    return util::lower_ascii(a.acronym) < util::lower_ascii(b.acronym);
  });
  // One group per initial, for the A–Z line.
  json letters = json::array();
  links::AnchorSet ids;
  for (Row& row : rows) {
    const unsigned char first = static_cast<unsigned char>(row.acronym[0]);
    const std::string letter(1, static_cast<char>(std::isalpha(first) ? std::toupper(first) : '#'));
    if (letters.empty() || letters.back()["letter"] != letter)
      letters.push_back({{"letter", letter}, {"id", "letter-" + std::string(letter == "#" ? "other" : letter)}, {"rows", json::array()}});
    row.item["id"] = ids.unique("a-" + links::slugify(row.acronym));
    letters.back()["rows"].push_back(std::move(row.item));
  }
  v["letters"] = letters;
  v["count"] = std::to_string(rows.size());
  emit(from, "glossary", std::move(v));
}

void SiteRenderer::search_page() {
  std::string from = "search.html";
  json v = base_view(from, "Search", "search");
  v["title"] = "Search";
  v["is_search_page"] = true;  // its own search box replaces the header's: one box per page
  json kinds = json::array({{{"kind", texts().name}, {"label", texts().plural}}});
  for (const schema::Kind* k : c_.schema.entities()) kinds.push_back({{"kind", k->name}, {"label", k->plural}});
  v["filters"] = kinds;
  emit(from, "search", std::move(v));
}

}  // namespace kb::render
