#include "graph/graph.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace kb::graph {

namespace {

std::vector<std::string> ids_of_kind(const content::Content& c, const std::string& kind) {
  std::vector<std::string> out;
  for (const auto& p : c.pages)
    if (p.kind == kind) out.push_back(p.id);
  return out;
}

void check_ref(const content::Content& c, const content::Page& page, const std::string& field,
               const std::string& kind, const content::Scalar& id, Graph& g, diag::Sink& sink) {
  std::string key = kind + ":" + id.text;
  if (c.find(key)) {
    g.edges.push_back({page.key(), field, key});
    return;
  }
  std::string hint = util::closest(id.text, ids_of_kind(c, kind));
  sink.error(page.path, id.line, id.col, "unknown-ref",
             "unknown " + kind + " '" + id.text + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
}

// Finds `quote` in the blocks of the text `doc_key`; returns false when it is not there.
// Normalised block texts per text key, filled on first use.
using NormalisedTexts = std::map<std::string, std::vector<std::string>>;

bool locate_quote(const content::Content& c, const Graph& g, NormalisedTexts& normalised, const std::string& doc_key,
                  const std::string& quote, const std::string& section, QuoteLocation& where) {
  auto it = c.by_key.find(doc_key);
  if (it == c.by_key.end()) return false;
  std::string q = normalise_quote(quote);
  if (q.empty()) return false;
  const auto& blocks = g.rendered[it->second].blocks;
  // Each text is normalised once, however many quotes cite it.
  auto [cached, fresh] = normalised.try_emplace(doc_key);
  if (fresh)
    for (const auto& b : blocks) cached->second.push_back(normalise_quote(b.text));
  const markdown::Block* found = nullptr;
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    const auto& b = blocks[k];
    if (cached->second[k].find(q) == std::string::npos) continue;
    if (!found || (!section.empty() && b.section_title == section)) found = &b;
    if (section.empty() || b.section_title == section) break;
  }
  if (!found) return false;
  where = {doc_key, found->anchor, found->section_title};
  return true;
}

void check_quote(const content::Content& c, const content::Page& page, const content::Quote& quote,
                 const std::string& key, Graph& g, NormalisedTexts& normalised, diag::Sink& sink) {
  if (!quote.present) return;
  const int qline = quote.quote.line, qcol = quote.quote.col;
  if (!quote.has_source) {
    sink.error(page.path, qline, qcol, "missing-field", "a quote needs 'source: {doc: TEXT-ID}'");
    return;
  }
  const schema::Kind* texts = c.schema.by_role(schema::Role::text);
  const std::string& doc = quote.doc.text;
  const std::string& section = quote.section.text;
  const content::Page* text = c.find(texts->name + ":" + doc);
  if (!text) {
    std::string hint = util::closest(doc, ids_of_kind(c, texts->name));
    sink.error(page.path, quote.doc.line, quote.doc.col, "unknown-ref",
               "unknown " + texts->name + " '" + doc + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    return;
  }
  QuoteLocation where;
  if (!locate_quote(c, g, normalised, text->key(), quote.quote.text, section, where)) {
    sink.error(page.path, qline, qcol, "quote-not-found",
               "quote not found in " + text->path + (section.empty() ? "" : " (section '" + section + "')") +
                   ": \"" + snippet(quote.quote.text, 80) + "\"");
    return;
  }
  g.quotes[key] = where;
  g.edges.push_back({page.key(), "source", text->key()});
}

// A reference field marked acyclic must not lead from a page back to itself.
void check_cycles(const content::Content& c, const schema::Kind& kind, const schema::Field& field, diag::Sink& sink) {
  for (const auto& page : c.pages) {
    if (page.kind != kind.name) continue;
    std::set<std::string> seen{page.id};
    std::string cur = page.str(field.name);
    while (!cur.empty()) {
      if (cur == page.id) {
        auto [line, col] = page.field_pos(field.name);
        sink.error(page.path, line, col, "cycle", field.name + " links form a cycle through '" + page.id + "'");
        break;
      }
      if (!seen.insert(cur).second) break;  // a cycle not through this page; reported at its members
      const content::Page* p = c.find(field.to + ":" + cur);
      cur = p ? p->str(field.name) : "";
    }
  }
}

}  // namespace

std::string normalise_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char straight = util::straight_quote(util::decode_utf8(s, i));
    if (straight) out += straight;
    else out.append(s.substr(start, i - start));
  }
  return util::fold_whitespace(out);
}

std::string quote_key(const content::Page& page, const std::string& field, int n) {
  return n == 0 ? page.key() : page.key() + "#" + field + std::to_string(n);
}

std::string snippet(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = text.rfind(' ', max);
  if (cut == std::string::npos || cut < max / 2) cut = max;
  // Never cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + " …";
}

Graph build_graph(const content::Content& c, std::vector<markdown::Rendered> rendered, diag::Sink& sink) {
  Graph g;
  g.rendered = std::move(rendered);

  for (std::size_t i = 0; i < c.pages.size(); ++i) {
    auto& ids = g.anchors[c.pages[i].key()];
    for (const auto& h : g.rendered[i].headings) ids.insert(h.id);
    for (const auto& b : g.rendered[i].blocks) ids.insert(b.anchor);
  }

  // Typed references and quotes from front matter.
  NormalisedTexts normalised;
  for (const auto& page : c.pages) {
    const schema::Kind* kind = c.kind_of(page);
    if (!kind) continue;
    for (const auto& field : kind->fields) {
      const content::FieldValue* value = page.field(field.name);
      if (!value) continue;
      if (field.type == schema::Type::ref || field.type == schema::Type::refs) {
        for (const auto& item : value->items) check_ref(c, page, field.name, field.to, item, g, sink);
      } else if (field.type == schema::Type::quote) {
        check_quote(c, page, value->quotes.front(), quote_key(page, field.name, 0), g, normalised, sink);
      } else if (field.type == schema::Type::quotes) {
        for (std::size_t n = 0; n < value->quotes.size(); ++n)
          check_quote(c, page, value->quotes[n], quote_key(page, field.name, static_cast<int>(n) + 1), g, normalised, sink);
      }
    }
  }
  for (const auto& kind : c.schema.kinds)
    for (const auto& field : kind.fields)
      if (field.acyclic) check_cycles(c, kind, field, sink);
  for (const auto& e : g.edges) {
    g.incoming[e.to].push_back(e);
    g.outgoing[e.from].push_back(e);
  }

  // Anchors of cross-references, known only now that every page is rendered.
  for (std::size_t i = 0; i < c.pages.size(); ++i) {
    for (const auto& l : g.rendered[i].links) {
      if (l.anchor.empty()) continue;
      auto it = g.anchors.find(l.target_key);
      if (it != g.anchors.end() && !it->second.count(l.anchor)) {
        std::vector<std::string> known(it->second.begin(), it->second.end());
        std::string hint = util::closest(l.anchor, known);
        sink.error(c.pages[i].path, l.line, l.col, "unknown-anchor",
                   "no anchor '#" + l.anchor + "' in " + l.target_key + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      }
    }
  }

  // Mentions → backlinks (one passage per block) and the missions × themes matrix.
  for (std::size_t i = 0; i < c.pages.size(); ++i) {
    const auto& page = c.pages[i];
    const auto& r = g.rendered[i];
    std::map<std::string, const markdown::Block*> block_by_anchor;
    for (const auto& b : r.blocks) block_by_anchor[b.anchor] = &b;
    std::map<std::string, std::set<std::string>> keys_by_anchor;
    for (const auto& m : r.mentions) {
      if (m.target_key == page.key()) continue;
      ++g.mentions_in[page.key()][m.target_key];
      keys_by_anchor[m.anchor].insert(m.target_key);
    }
    for (const auto& [anchor, keys] : keys_by_anchor) {
      auto bit = block_by_anchor.find(anchor);
      std::string section = bit != block_by_anchor.end() ? bit->second->section_title : "";
      std::string text = bit != block_by_anchor.end() ? bit->second->text : "";
      for (const auto& key : keys) g.passages[key].push_back({i, anchor, section, snippet(text)});
      if (!c.has_role(page, schema::Role::text) || c.schema.matrix.rows.empty()) continue;
      for (const auto& a : keys) {
        if (a.rfind(c.schema.matrix.rows + ":", 0) != 0) continue;
        for (const auto& b : keys)
          if (b.rfind(c.schema.matrix.columns + ":", 0) == 0) ++g.matrix[a][b];
      }
    }
  }
  // Orphans: entities no text mentions, no other entity points at, and that cite no passage.
  for (const auto& page : c.pages) {
    if (!c.has_role(page, schema::Role::entity)) continue;
    const std::string key = page.key();
    bool reached = g.passages.count(key) || g.incoming.count(key) || g.outgoing.count(key);
    if (!reached)
      sink.warning(page.path, 1, 1, "orphan",
                   page.kind + " '" + page.id + "' is not mentioned in any text and nothing links to it");
  }
  return g;
}

}  // namespace kb::graph
