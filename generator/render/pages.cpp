#include "render/pages.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "site/paths.hpp"
#include "util/text.hpp"

namespace kb::render {

namespace {

using nlohmann::json;
using content::Page;

std::string out_path(const Page& p) { return p.url; }

std::string kind_index_path(const schema::Kind& k) { return k.folder + "/index.html"; }

class SiteRenderer {
 public:
  SiteRenderer(const config::SiteConfig& cfg, const content::Content& c, const graph::Graph& g,
               const Templates& t, RenderCache& cache, diag::Sink& sink)
      : cfg_(cfg), c_(c), g_(g), t_(t), cache_(cache), sink_(sink) {}

  SiteFiles run() {
    for (std::size_t i = 0; i < c_.pages.size(); ++i) page(i);
    for (const schema::Kind* kind : c_.schema.entities()) kind_index(*kind);
    texts_index();
    matrix();
    search_page();
    // Pages that no longer exist leave the cache.
    for (auto it = cache_.pages.begin(); it != cache_.pages.end();)
      it = files_.files.count(it->first) ? std::next(it) : cache_.pages.erase(it);
    return std::move(files_);
  }

 private:
  std::string url(const std::string& from, const std::string& to) const { return site::relative_url(from, to); }

  json link_to(const std::string& from, const Page& p) const {
    return {{"title", display_title(p)}, {"href", url(from, out_path(p))}, {"kind", p.kind},
            {"kind_label", kind_label(p.kind)}, {"key", p.key()}};
  }

  std::string display_title(const Page& p) const { return c_.display_title(p); }

  std::string kind_label(const std::string& kind) const {
    const schema::Kind* k = c_.schema.kind(kind);
    return k ? k->label : kind;
  }

  // The texts' kind and their collections' (the schema has one of each role).
  const schema::Kind& texts() const { return *c_.schema.by_role(schema::Role::text); }
  const schema::Kind* collections() const { return c_.schema.by_role(schema::Role::collection); }
  // The collection a text belongs to, if any.
  const Page* collection_of(const Page& text) const {
    const schema::Field* f = c_.schema.ref_to_role(texts(), schema::Role::collection);
    return f ? c_.find(f->to + ":" + text.str(f->name)) : nullptr;
  }
  std::string texts_index_path() const { return kind_index_path(texts()); }

  std::string summary(const Page& p) const {
    std::string s = p.str("summary");
    if (s.empty()) s = graph::snippet(plain_of(p), 200);
    return s;
  }

  std::string plain_of(const Page& p) const {
    std::size_t i = c_.by_key.at(p.key());
    std::string out;
    for (const auto& b : g_.rendered[i].blocks) {
      if (b.footnote) continue;
      if (!out.empty()) out += ' ';
      out += b.text;
      if (out.size() > 400) break;
    }
    if (const content::Quote* q = c_.quote_of(p); out.empty() && q) out = q->quote.text;
    return out;
  }

  json base_view(const std::string& from, const std::string& title, const std::string& kind) {
    json v;
    std::string root = site::root_prefix(from);
    v["site"] = {{"title", cfg_.title}, {"description", cfg_.description}, {"language", cfg_.language}};
    v["root"] = root;
    v["home_href"] = url(from, "index.html");
    v["search_href"] = url(from, "search.html");
    v["page_title"] = title;
    v["kind"] = kind;
    v["kind_label"] = kind_label(kind);
    json nav = json::array();
    const schema::Kind* col = collections();
    nav.push_back({{"title", texts().plural}, {"href", url(from, texts_index_path())},
                   {"current", kind == texts().name || (col && kind == col->name)}});
    for (const schema::Kind* k : c_.schema.entities())
      nav.push_back({{"title", k->plural}, {"href", url(from, kind_index_path(*k))}, {"current", kind == k->name}});
    if (has_matrix()) nav.push_back({{"title", "Matrix"}, {"href", url(from, "matrix.html")}, {"current", kind == "matrix"}});
    v["nav"] = nav;
    v["breadcrumbs"] = json::array({{{"title", "Home"}, {"href", url(from, "index.html")}}});
    v["css_href"] = url(from, "assets/style.css");
    v["js_href"] = url(from, "assets/kb.js");
    v["lunr_href"] = url(from, "assets/lunr.js");
    v["search_index_href"] = url(from, "search/index.js");
    v["search_meta_href"] = url(from, "search/meta.js");
    v["previews_href"] = url(from, "search/previews.js");
    return v;
  }

  void emit(const std::string& path, const std::string& template_name, json view) {
    view["template"] = template_name;
    // kainjow's Mustache has no "list.0" test; templates ask these instead.
    for (const char* list : {"facts", "asks", "mentioned", "breadcrumbs", "sections", "texts", "rows"})
      view[std::string("has_") + list] = view.contains(list) && !view[list].empty();
    ++files_.pages;
    if (!cache_.enabled) {
      files_.files[path] = t_.render_page(template_name, view, sink_);
      ++cache_.rendered;
      return;
    }
    auto it = cache_.pages.find(path);
    if (it != cache_.pages.end() && it->second.view == view) {
      files_.files[path] = it->second.html;
    } else {
      std::string html = t_.render_page(template_name, view, sink_);
      files_.files[path] = html;
      cache_.pages[path] = {std::move(view), std::move(html)};
      ++cache_.rendered;
    }
  }

  bool has_matrix() const { return !c_.schema.matrix.rows.empty(); }

  // Passages mentioning `key`, grouped by the page they occur in.
  json passage_groups(const std::string& from, const std::string& key) const {
    json groups = json::array();
    auto it = g_.passages.find(key);
    if (it == g_.passages.end()) return groups;
    std::map<std::size_t, json> by_page;
    std::vector<std::size_t> order;
    for (const auto& p : it->second) {
      const Page& src = c_.pages[p.page];
      if (!c_.has_role(src, schema::Role::text)) continue;
      if (!by_page.count(p.page)) {
        order.push_back(p.page);
        by_page[p.page] = json::array();
      }
      by_page[p.page].push_back({{"href", url(from, out_path(src)) + "#" + p.anchor},
                                 {"section", p.section_title},
                                 {"snippet", p.snippet}});
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return text_order(c_.pages[a]) < text_order(c_.pages[b]); });
    for (std::size_t idx : order) {
      json g = link_to(from, c_.pages[idx]);
      g["passages"] = by_page[idx];
      g["count"] = std::to_string(by_page[idx].size());
      groups.push_back(g);
    }
    return groups;
  }

  // (collection order, order in the collection), computed once per page: sorts call it often.
  std::pair<int, int> text_order(const Page& p) const {
    auto [it, fresh] = order_cache_.try_emplace(&p);
    if (fresh) {
      const Page* col = collection_of(p);
      int co = col ? std::atoi(col->str("order").c_str()) : 0;
      it->second = {co, std::atoi(p.str("order").c_str())};
    }
    return it->second;
  }

  // Entities of `kind` whose front matter points at `key` through `relation`.
  json incoming(const std::string& from, const std::string& key, const std::string& kind, const std::string& relation) const {
    json items = json::array();
    auto it = g_.incoming.find(key);
    if (it == g_.incoming.end()) return items;
    std::set<std::string> seen;
    for (const auto& e : it->second) {
      if (e.relation != relation || e.from.rfind(kind + ":", 0) != 0 || !seen.insert(e.from).second) continue;
      const Page* p = c_.find(e.from);
      if (!p) continue;
      json item = link_to(from, *p);
      const content::Quote* q = c_.quote_of(*p);
      item["summary"] = !q || q->quote.text.empty() ? summary(*p) : graph::snippet(q->quote.text, 200);
      items.push_back(item);
    }
    return items;
  }

  json outgoing(const std::string& from, const Page& p, const std::string& relation) const {
    json items = json::array();
    auto it = g_.outgoing.find(p.key());
    if (it == g_.outgoing.end()) return items;
    for (const auto& e : it->second) {
      if (e.relation != relation) continue;
      if (const Page* t = c_.find(e.to)) items.push_back(link_to(from, *t));
    }
    return items;
  }

  void add_section(json& sections, const std::string& title, const json& items, const std::string& id) {
    if (items.empty()) return;
    sections.push_back({{"title", title}, {"items", items}, {"id", id}});
  }

  json quote_view(const std::string& from, const std::string& key, const std::string& quote) const {
    auto it = g_.quotes.find(key);
    if (it == g_.quotes.end()) return nullptr;
    const Page* doc = c_.find(it->second.doc_key);
    if (!doc) return nullptr;
    return {{"text", quote},
            {"href", url(from, out_path(*doc)) + "#" + it->second.anchor},
            {"doc_title", doc->title()},
            {"section", it->second.section_title}};
  }

  // Pages on a line of years (`field`), linked; stacked when they share a year.
  std::string timeline_svg(const std::string& from, const std::vector<const Page*>& mandates, const std::string& field,
                           const std::string& label) const {
    if (mandates.empty()) return {};
    int lo = 9999, hi = 0;
    for (const Page* m : mandates) {
      int y = std::atoi(m->str(field).c_str());
      if (y <= 0) continue;
      lo = std::min(lo, y);
      hi = std::max(hi, y);
    }
    if (hi == 0) return {};
    lo -= 1;
    hi += 1;
    const int width = 640, height = 90, pad = 30;
    auto x_of = [&](int y) { return pad + (width - 2 * pad) * (y - lo) / std::max(1, hi - lo); };
    std::ostringstream s;
    s << "<svg class=\"timeline\" viewBox=\"0 0 " << width << " " << height
      << "\" role=\"group\" aria-label=\"" << util::html_escape(label) << " timeline\">"
      << "<line x1=\"" << pad << "\" y1=\"50\" x2=\"" << width - pad << "\" y2=\"50\" class=\"axis\"/>";
    for (int y = lo; y <= hi; ++y) {
      if ((hi - lo) > 12 && y % 2) continue;
      s << "<text x=\"" << x_of(y) << "\" y=\"80\" class=\"tick\" text-anchor=\"middle\">" << y << "</text>";
    }
    std::map<int, int> stack;
    for (const Page* m : mandates) {
      int y = std::atoi(m->str(field).c_str());
      if (y <= 0) continue;
      int level = stack[y]++;
      s << "<a href=\"" << util::html_escape(url(from, out_path(*m))) << "\"><circle cx=\"" << x_of(y) << "\" cy=\"" << 50 - level * 14
        << "\" r=\"6\" class=\"dot\"><title>" << util::html_escape(m->title()) << "</title></circle></a>";
    }
    s << "</svg>";
    return s.str();
  }

  // The facts the page's kind lists (schema `facts`): values as their field's `values` read
  // them, references as links.
  json facts(const std::string& from, const Page& p, const schema::Kind& kind) const {
    json f = json::array();
    auto add = [&](const std::string& label, const std::string& value) {
      if (!value.empty() && value != "~" && value != "null") f.push_back({{"label", label}, {"value", value}});
    };
    auto add_link = [&](const std::string& label, const std::string& key) {
      if (const Page* t = c_.find(key)) f.push_back({{"label", label}, {"value", display_title(*t)}, {"href", url(from, out_path(*t))}});
    };
    for (const schema::Fact& fact : kind.facts) {
      const schema::Field* field = kind.field(fact.field);
      const std::string value = p.str(fact.field);
      if (!fact.until.empty()) {
        if (!value.empty() || !p.str(fact.until).empty()) add(fact.label, value + "–" + p.str(fact.until));
      } else if (field && field->type == schema::Type::ref) {
        if (!value.empty()) add_link(fact.label, field->to + ":" + value);
        // A relation stated from the other side: pages naming this one in `reverse`.
        if (!fact.reverse.empty() && value.empty())
          for (const auto& e : g_.incoming.count(p.key()) ? g_.incoming.at(p.key()) : std::vector<graph::Edge>{})
            if (e.relation == fact.reverse) add_link(fact.label, e.from);
      } else {
        auto coded = field ? field->values.find(value) : std::map<std::string, std::string>::const_iterator();
        add(fact.label, field && coded != field->values.end() ? coded->second : value);
      }
    }
    return f;
  }

  // A section listing the pages of `section.kind` that name `p` in `section.field`.
  json incoming_section(const std::string& from, const Page& p, const schema::Section& section, json& v) const {
    if (section.summaries && section.sort.empty() && section.timeline.empty())
      return incoming(from, p.key(), section.kind, section.field);
    std::vector<const Page*> pages;
    std::set<std::string> seen;
    for (const auto& e : g_.incoming.count(p.key()) ? g_.incoming.at(p.key()) : std::vector<graph::Edge>{})
      if (e.relation == section.field && e.from.rfind(section.kind + ":", 0) == 0 && seen.insert(e.from).second)
        if (const Page* m = c_.find(e.from)) pages.push_back(m);
    if (!section.sort.empty())
      std::stable_sort(pages.begin(), pages.end(), [&](const Page* a, const Page* b) {
        return std::atoi(a->str(section.sort).c_str()) < std::atoi(b->str(section.sort).c_str());
      });
    if (!section.timeline.empty()) v["timeline"] = timeline_svg(from, pages, section.timeline, kind_label(section.kind));
    json items = json::array();
    for (const Page* m : pages) {
      json item = link_to(from, *m);
      if (section.summaries) {
        const content::Quote* q = c_.quote_of(*m);
        item["summary"] = !q || q->quote.text.empty() ? summary(*m) : graph::snippet(q->quote.text, 200);
      }
      items.push_back(item);
    }
    return items;
  }

  // The rows of the matrix most often mentioned with `p` (a page of the columns' kind).
  json matrix_section(const std::string& from, const Page& p, const schema::Section& section) const {
    json top = json::array();
    std::vector<std::pair<int, std::string>> counts;
    for (const auto& [row_key, row] : g_.matrix) {
      auto it = row.find(p.key());
      if (it != row.end()) counts.push_back({-it->second, row_key});
    }
    std::sort(counts.begin(), counts.end());
    const std::size_t limit = section.limit > 0 ? static_cast<std::size_t>(section.limit) : counts.size();
    for (std::size_t k = 0; k < counts.size() && k < limit; ++k) {
      if (const Page* m = c_.find(counts[k].second)) {
        json item = link_to(from, *m);
        item["summary"] = std::to_string(-counts[k].first) + " passages";
        top.push_back(item);
      }
    }
    return top;
  }

  void entity_page(std::size_t i, const schema::Kind& kind) {
    const Page& p = c_.pages[i];
    std::string from = out_path(p);
    json v = base_view(from, c_.full_title(p), p.kind);
    v["breadcrumbs"].push_back({{"title", kind.plural}, {"href", url(from, kind_index_path(kind))}});
    v["title"] = p.title();
    v["subtitle"] = display_title(p) != p.title() ? display_title(p) : "";
    v["facts"] = facts(from, p, kind);
    v["body"] = g_.rendered[i].html;
    if (!kind.official_url.empty() && !p.str(kind.official_url).empty()) v["official_url"] = p.str(kind.official_url);
    if (const content::Quote* q = c_.quote_of(p); q && !q->quote.text.empty())
      v["quote"] = quote_view(from, p.key(), q->quote.text);
    const std::string key = p.key();
    // Quotes the page lists (a resolution's requests), each with its passage.
    for (const schema::Field& field : kind.fields) {
      if (field.type != schema::Type::quotes) continue;
      json asks = json::array();
      if (const content::FieldValue* value = p.field(field.name)) {
        for (std::size_t n = 0; n < value->quotes.size(); ++n) {
          if (!value->quotes[n].present) continue;
          json q = quote_view(from, graph::quote_key(p, field.name, static_cast<int>(n) + 1), value->quotes[n].quote.text);
          if (!q.is_null()) asks.push_back(q);
        }
      }
      v["asks"] = asks;
    }
    json sections = json::array();
    for (const schema::Section& section : kind.sections) {
      json items;
      switch (section.from) {
        case schema::Section::From::incoming: items = incoming_section(from, p, section, v); break;
        case schema::Section::From::outgoing: items = outgoing(from, p, section.field); break;
        case schema::Section::From::matrix: items = matrix_section(from, p, section); break;
        case schema::Section::From::none: break;
      }
      add_section(sections, section.title, items, section.id);
    }
    v["sections"] = sections;
    v["passage_groups"] = passage_groups(from, key);
    v["has_passages"] = !v["passage_groups"].empty();
    emit(from, kind.template_name, v);
  }

  std::vector<const Page*> texts_of(const std::string& collection) const {
    std::vector<const Page*> out;
    const schema::Field* f = c_.schema.ref_to_role(texts(), schema::Role::collection);
    for (const auto& p : c_.pages)
      if (p.kind == texts().name && f && p.str(f->name) == collection) out.push_back(&p);
    std::sort(out.begin(), out.end(), [&](const Page* a, const Page* b) { return text_order(*a) < text_order(*b); });
    return out;
  }

  void text_page(std::size_t i) {
    const Page& p = c_.pages[i];
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
    v["body"] = g_.rendered[i].html;
    json toc = json::array();
    for (const auto& h : g_.rendered[i].headings)
      if (h.level <= 3) toc.push_back({{"id", h.id}, {"text", h.text}, {"level", std::to_string(h.level)}, {"sub", h.level > 2}});
    if (!g_.rendered[i].footnotes.empty()) toc.push_back({{"id", "notes"}, {"text", "Notes"}, {"level", "2"}, {"sub", false}});
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
    auto mit = g_.mentions_in.find(p.key());
    if (mit != g_.mentions_in.end()) {
      for (const schema::Kind* kind : c_.schema.entities()) {
        json items = json::array();
        for (const auto& [key, count] : mit->second) {
          if (key.rfind(kind->name + ":", 0) != 0) continue;
          if (const Page* e = c_.find(key)) {
            json item = link_to(from, *e);
            item["count"] = std::to_string(count);
            items.push_back(item);
          }
        }
        if (!items.empty()) mentioned.push_back({{"title", kind->plural}, {"items", items}});
      }
    }
    v["mentioned"] = mentioned;
    v["citation"] = citation(p, col);
    emit(from, texts().template_name, v);
  }

  static std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& s : parts) out += (out.empty() ? "" : sep) + s;
    return out;
  }

  std::string citation(const Page& p, const Page* col) const {
    std::string c = join(p.list("authors"), ", ");
    if (!c.empty()) c += ", ";
    c += "“" + p.title() + "”";
    if (col && col->title() != p.title()) {
      c += ", in " + col->title();
      auto eds = col->list("editors");
      if (!eds.empty()) c += ", ed. " + join(eds, " and ");
    }
    if (!p.str("publisher").empty()) c += " (" + p.str("publisher") + (p.str("year").empty() ? "" : ", " + p.str("year")) + ")";
    else if (!p.str("year").empty()) c += " (" + p.str("year") + ")";
    if (!p.str("pages").empty()) c += ", pp. " + p.str("pages");
    return c + ".";
  }

  void collection_page(std::size_t i) {
    const Page& p = c_.pages[i];
    std::string from = out_path(p);
    json v = base_view(from, p.title(), p.kind);
    v["breadcrumbs"].push_back({{"title", texts().plural}, {"href", url(from, texts_index_path())}});
    v["title"] = p.title();
    v["body"] = g_.rendered[i].html;
    v["editors"] = join(p.list("editors"), ", ");
    v["authors"] = join(p.list("authors"), ", ");
    v["year"] = p.str("year");
    v["publisher"] = p.str("publisher");
    json items = json::array();
    for (const Page* t : texts_of(p.id)) {
      json item = link_to(from, *t);
      item["authors"] = join(t->list("authors"), ", ");
      item["chapter"] = t->str("chapter");
      item["part"] = t->str("part");
      item["pages"] = t->str("pages");
      items.push_back(item);
    }
    v["texts"] = items;
    emit(from, collections()->template_name, v);
  }

  void simple_page(std::size_t i, const std::string& template_name) {
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

  void page(std::size_t i) {
    const Page& p = c_.pages[i];
    const schema::Kind* kind = c_.kind_of(p);
    if (!kind) simple_page(i, p.kind);  // the home page, or a plain page
    else if (kind->role == schema::Role::text) text_page(i);
    else if (kind->role == schema::Role::collection) collection_page(i);
    else entity_page(i, *kind);
  }

  // The table of all pages of a kind, with the schema's columns.
  void kind_index(const schema::Kind& kind) {
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
          case schema::Column::Value::field: text = p.str(col.field); break;
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

  void texts_index() {
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
  void matrix() {
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

  void search_page() {
    std::string from = "search.html";
    json v = base_view(from, "Search", "search");
    v["title"] = "Search";
    v["is_search_page"] = true;  // its own search box replaces the header's: one box per page
    json kinds = json::array({{{"kind", texts().name}, {"label", texts().plural}}});
    for (const schema::Kind* k : c_.schema.entities()) kinds.push_back({{"kind", k->name}, {"label", k->plural}});
    v["filters"] = kinds;
    emit(from, "search", v);
  }

  const config::SiteConfig& cfg_;
  const content::Content& c_;
  const graph::Graph& g_;
  const Templates& t_;
  RenderCache& cache_;
  diag::Sink& sink_;
  SiteFiles files_;
  mutable std::map<const Page*, std::pair<int, int>> order_cache_;
};

}  // namespace

SiteFiles render_site(const config::SiteConfig& cfg, const content::Content& content, const graph::Graph& graph,
                      const Templates& templates, RenderCache& cache, diag::Sink& sink) {
  cache.rendered = 0;
  return SiteRenderer(cfg, content, graph, templates, cache, sink).run();
}

}  // namespace kb::render
