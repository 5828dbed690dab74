// An entity's page, as its kind in the schema describes it.
#include "render/site_renderer.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "util/text.hpp"

namespace kb::render {

using nlohmann::json;
using content::Page;

// Pages on a line of years (`field`), linked; stacked when they share a year.
std::string SiteRenderer::timeline_svg(const std::string& from, const std::vector<const Page*>& pages, const std::string& field,
                         const std::string& label) const {
  if (pages.empty()) return {};
  int lo = 9999, hi = 0;
  for (const Page* m : pages) {
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
  for (const Page* m : pages) {
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
json SiteRenderer::facts(const std::string& from, const Page& p, const schema::Kind& kind) const {
  json f = json::array();
  auto add = [&](const std::string& label, const std::string& value) {
    if (!value.empty() && value != "~" && value != "null") f.push_back({{"label", label}, {"value", value}});
  };
  auto add_link = [&](const std::string& label, const std::string& key, const graph::Edge* edge) {
    const Page* t = find(key);
    if (!t) return;
    json fact = {{"label", label}, {"value", display_title(*t)}, {"href", url(from, out_path(*t))}};
    if (edge) add_evidence(from, *edge, fact);
    f.push_back(std::move(fact));
  };
  auto edge_from = [&](const std::string& relation) -> const graph::Edge* {
    for (const graph::Edge* e : edges_from(p.key()))
      if (e->relation == relation) return e;
    return nullptr;
  };
  // One shown part of a value: its text, and the passage or reason that supports it, if its field
  // asks for evidence.
  auto part_of = [&](const std::string& field_name, const std::string& text, const std::string& before) {
    json part = {{"text", text}, {"before", before}};
    if (const graph::Edge* ev = value_evidence(graph::value_key(p.key(), field_name)); ev && !text.empty())
      add_evidence(from, *ev, part);
    return part;
  };
  for (const schema::Fact& fact : kind.facts) {
    const schema::Field* field = kind.field(fact.field);
    const std::string value = p.str(fact.field);
    if (!fact.until.empty()) {
      // "2003–2018", each year with what supports it.
      const std::string until = p.str(fact.until);
      if (value.empty() && until.empty()) continue;
      // The dash stands apart when both years are there, each with its source link.
      json parts = {part_of(fact.field, value, ""), part_of(fact.until, until, value.empty() || until.empty() ? "–" : " – ")};
      f.push_back({{"label", fact.label}, {"value", value + "–" + until}, {"parts", parts}});
    } else if (field && field->type == schema::Type::ref) {
      if (!value.empty()) add_link(fact.label, field->to + ":" + value, edge_from(fact.field));
      // A relation stated from the other side: pages naming this one in `reverse`.
      if (!fact.reverse.empty() && value.empty())
        for (const graph::Edge* e : edges_into(p.key()))
          if (e->relation == fact.reverse) add_link(fact.label, e->from, e);
    } else {
      auto coded = field ? field->values.find(value) : std::map<std::string, std::string>::const_iterator();
      const std::string shown = field && coded != field->values.end() ? coded->second : value;
      if (shown.empty() || !value_evidence(graph::value_key(p.key(), fact.field))) {
        add(fact.label, shown);
        continue;
      }
      // A value with what supports it, shown as a one-part range.
      f.push_back({{"label", fact.label}, {"value", shown}, {"parts", json::array({part_of(fact.field, shown, "")})}});
    }
  }
  return f;
}

// The quotes of `p`'s quotes field `name`, each with the paragraph it comes from.
json SiteRenderer::field_quotes(const std::string& from, const Page& p, const std::string& name) const {
  json out = json::array();
  if (const content::FieldValue* value = p.field(name)) {
    for (std::size_t n = 0; n < value->quotes.size(); ++n) {
      if (!value->quotes[n].present) continue;
      json q = quote_view(from, graph::quote_key(p, name, static_cast<int>(n) + 1), value->quotes[n].quote.text);
      if (!q.is_null()) out.push_back(std::move(q));
    }
  }
  return out;
}

// A section listing the pages of `section.kind` that name `p` in `section.field`.
json SiteRenderer::incoming_section(const std::string& from, const Page& p, const schema::Section& section, json& v) const {
  std::vector<const Page*> pages;
  std::map<const Page*, const graph::Edge*> edge_of;
  for (const graph::Edge* e : edges_into(p.key()))
    if (e->relation == section.field && e->from.rfind(section.kind + ":", 0) == 0)
      if (const Page* m = find(e->from); m && edge_of.emplace(m, e).second) pages.push_back(m);
  // With quote_names: also the pages whose quoted passage names this page, that passage their evidence.
  std::vector<graph::Edge> named;
  if (section.quote_names) {
    const std::vector<const Page*>& quoting = quote_names(p.key());
    named.reserve(quoting.size());
    for (const Page* m : quoting) {
      if (m->kind != section.kind || edge_of.count(m)) continue;
      graph::Edge e;
      e.passage = quoted_passage(*m);
      named.push_back(e);
      edge_of.emplace(m, &named.back());
      pages.push_back(m);
    }
  }
  if (!section.sort.empty())
    std::stable_sort(pages.begin(), pages.end(), [&](const Page* a, const Page* b) {
      return std::atoi(a->str(section.sort).c_str()) < std::atoi(b->str(section.sort).c_str());
    });
  if (!section.timeline.empty()) v["timeline"] = timeline_svg(from, pages, section.timeline, kind_label(section.kind));
  json items = json::array();
  for (const Page* m : pages) {
    json item = link_to(from, *m);
    add_evidence(from, *edge_of[m], item);
    // The full title when the link shows a short one (a document's symbol).
    if (display_title(*m) != m->title()) item["full_title"] = m->title();
    if (!section.quotes.empty()) item["quotes"] = field_quotes(from, *m, section.quotes);
    if (section.summaries) {
      const content::Quote* q = c_.quote_of(*m);
      item["summary"] = !q || q->quote.text.empty() ? summary(*m) : graph::snippet(q->quote.text, 200);
    }
    items.push_back(std::move(item));
  }
  return items;
}

// Pages of the section's kinds quoted from the same section of the same text as `p`.
json SiteRenderer::nearby_section(const std::string& from, const Page& p, const schema::Section& section) const {
  json items = json::array();
  const graph::QuoteLocation* q = quoted_at(p);
  if (!q) return items;
  const std::vector<const Page*>& same = quoted_section(q->doc_key, q->section_title);
  for (const std::string& kind : section.nearby) {
    for (const Page* m : same) {
      if (m->kind != kind || m == &p) continue;
      json item = link_to(from, *m);
      item["kind_label"] = kind_label(m->kind);
      if (const content::Quote* mq = c_.quote_of(*m); mq && !mq->quote.text.empty())
        item["summary"] = graph::snippet(mq->quote.text, 200);
      items.push_back(std::move(item));
    }
  }
  return items;
}

// The rows of the matrix most often mentioned with `p` (a page of the columns' kind).
json SiteRenderer::matrix_section(const std::string& from, const Page& p, const schema::Section& section) const {
  json top = json::array();
  std::vector<std::pair<int, std::string>> counts = matrix_column(p.key());
  for (auto& [n, row_key] : counts) n = -n;
  std::sort(counts.begin(), counts.end());
  const std::size_t limit = section.limit > 0 ? static_cast<std::size_t>(section.limit) : counts.size();
  for (std::size_t k = 0; k < counts.size() && k < limit; ++k) {
    if (const Page* m = find(counts[k].second)) {
      json item = link_to(from, *m);
      const int n = -counts[k].first;
      item["href"] = passages_with(from, *m, p);  // the row's page, showing exactly these passages
      item["summary"] = std::to_string(n) + (n == 1 ? " passage" : " passages");
      top.push_back(std::move(item));
    }
  }
  return top;
}

void SiteRenderer::entity_page(std::size_t i, const schema::Kind& kind) {
  const Page& p = page_at(i);
  std::string from = out_path(p);
  json v = base_view(from, c_.full_title(p), p.kind);
  v["breadcrumbs"].push_back({{"title", kind.plural}, {"href", url(from, kind_index_path(kind))}});
  v["title"] = p.title();
  v["subtitle"] = display_title(p) != p.title() ? display_title(p) : "";
  v["facts"] = facts(from, p, kind);
  v["body"] = rendered(p).html;
  if (!kind.official_url.empty() && !p.str(kind.official_url).empty()) v["official_url"] = p.str(kind.official_url);
  if (const content::Quote* q = c_.quote_of(p); q && !q->quote.text.empty())
    v["quote"] = quote_view(from, p.key(), q->quote.text);
  const std::string key = p.key();
  // Quotes the page lists (a resolution's requests), each with its passage.
  for (const schema::Field& field : kind.fields)
    if (field.type == schema::Type::quotes) v["asks"] = field_quotes(from, p, field.name);
  json sections = json::array();
  for (const schema::Section& section : kind.sections) {
    json items;
    switch (section.from) {
      case schema::Section::From::incoming: items = incoming_section(from, p, section, v); break;
      case schema::Section::From::outgoing: items = outgoing(from, p, section.field); break;
      case schema::Section::From::matrix: items = matrix_section(from, p, section); break;
      case schema::Section::From::nearby: items = nearby_section(from, p, section); break;
      case schema::Section::From::none: break;
    }
    add_section(sections, section.title, items, section.id);
  }
  v["sections"] = std::move(sections);
  json with_names = json::object();
  v["passage_groups"] = passage_groups(from, key, &with_names);
  v["with_names"] = with_names.empty() ? "" : with_names.dump();
  v["has_passages"] = !v["passage_groups"].empty();
  // "On this page": the sections, and the texts the passages come from.
  json toc = json::array();
  if (!v["asks"].empty()) toc.push_back({{"id", "asks"}, {"text", "What the sources say it asks"}, {"level", 2}});
  for (const json& s : v["sections"]) toc.push_back({{"id", s["id"]}, {"text", s["title"]}, {"level", 2}});
  if (v["has_passages"]) toc.push_back({{"id", "passages"}, {"text", "What the sources say"}, {"level", 2}});
  for (const json& group : v["passage_groups"]) toc.push_back({{"id", group["id"]}, {"text", group["title"]}, {"level", 3}});
  v["has_toc"] = toc.size() >= 4;
  v["toc"] = std::move(toc);
  emit(from, kind.template_name, std::move(v));
}

}  // namespace kb::render
