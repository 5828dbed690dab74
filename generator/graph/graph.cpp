#include "graph/graph.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace kb::graph {

namespace {

struct RefField {
  const char* field;
  const char* target_kind;
};

// Which front-matter fields point at which kind of entity.
const std::vector<RefField> kRefFields = {
    {"themes", "theme"},          {"missions", "mission"},   {"answers", "lesson"},
    {"predecessor", "mission"},   {"successor", "mission"},  {"collection", "collection"},
    {"full_text", "text"},        {"documents", "document"},
};

std::vector<std::string> ids_of_kind(const content::Content& c, const std::string& kind) {
  std::vector<std::string> out;
  for (const auto& p : c.pages)
    if (p.kind == kind) out.push_back(p.id);
  return out;
}

void check_ref(const content::Content& c, const content::Page& page, const std::string& field,
               const std::string& kind, const std::string& id, YAML::Node at, Graph& g, diag::Sink& sink) {
  std::string key = kind + ":" + id;
  if (c.find(key)) {
    g.edges.push_back({page.key(), field, key});
    return;
  }
  auto m = at.Mark();
  int line = m.line >= 0 ? page.meta_line + m.line : page.field_pos(field).first;
  int col = m.column >= 0 ? m.column + 1 : 1;
  std::string hint = util::closest(id, ids_of_kind(c, kind));
  sink.error(page.path, line, col, "unknown-ref",
             "unknown " + kind + " '" + id + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
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

void check_quote(const content::Content& c, const content::Page& page, YAML::Node quote_node,
                 YAML::Node source_node, const std::string& key, Graph& g, NormalisedTexts& normalised,
                 diag::Sink& sink) {
  if (!quote_node || !quote_node.IsScalar()) return;
  auto qm = quote_node.Mark();
  int qline = page.meta_line + qm.line, qcol = qm.column + 1;
  if (!source_node || !source_node.IsMap() || !source_node["doc"] || !source_node["doc"].IsScalar()) {
    sink.error(page.path, qline, qcol, "missing-field", "a quote needs 'source: {doc: TEXT-ID}'");
    return;
  }
  std::string doc = source_node["doc"].Scalar();
  std::string section = source_node["section"] && source_node["section"].IsScalar() ? source_node["section"].Scalar() : "";
  const content::Page* text = c.find("text:" + doc);
  if (!text) {
    auto m = source_node["doc"].Mark();
    std::string hint = util::closest(doc, ids_of_kind(c, "text"));
    sink.error(page.path, page.meta_line + m.line, m.column + 1, "unknown-ref",
               "unknown text '" + doc + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    return;
  }
  QuoteLocation where;
  if (!locate_quote(c, g, normalised, text->key(), quote_node.Scalar(), section, where)) {
    sink.error(page.path, qline, qcol, "quote-not-found",
               "quote not found in " + text->path + (section.empty() ? "" : " (section '" + section + "')") +
                   ": \"" + snippet(quote_node.Scalar(), 80) + "\"");
    return;
  }
  g.quotes[key] = where;
  g.edges.push_back({page.key(), "source", text->key()});
}

void check_predecessor_cycles(const content::Content& c, diag::Sink& sink) {
  for (const auto& page : c.pages) {
    if (page.kind != "mission") continue;
    std::set<std::string> seen{page.id};
    std::string cur = page.str("predecessor");
    while (!cur.empty()) {
      if (cur == page.id) {
        auto [line, col] = page.field_pos("predecessor");
        sink.error(page.path, line, col, "cycle", "predecessor links form a cycle through '" + page.id + "'");
        break;
      }
      if (!seen.insert(cur).second) break;  // a cycle not through this page; reported at its members
      const content::Page* p = c.find("mission:" + cur);
      cur = p ? p->str("predecessor") : "";
    }
  }
}

}  // namespace

std::string normalise_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      unsigned char d = s[i + 2];
      if (d == 0x98 || d == 0x99) { out += '\''; i += 2; continue; }
      if (d == 0x9C || d == 0x9D) { out += '"'; i += 2; continue; }
    }
    out += static_cast<char>(c);
  }
  return util::fold_whitespace(out);
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

  // Typed references from front matter.
  NormalisedTexts normalised;
  for (const auto& page : c.pages) {
    for (const auto& rf : kRefFields) {
      YAML::Node n = page.meta[rf.field];
      if (!n || n.IsNull()) continue;
      if (n.IsScalar()) {
        check_ref(c, page, rf.field, rf.target_kind, n.Scalar(), n, g, sink);
      } else if (n.IsSequence()) {
        for (const auto& item : n)
          if (item.IsScalar()) check_ref(c, page, rf.field, rf.target_kind, item.Scalar(), item, g, sink);
      }
    }
    check_quote(c, page, page.meta["quote"], page.meta["source"], page.key(), g, normalised, sink);
    if (YAML::Node asks = page.meta["asks"]; asks && asks.IsSequence()) {
      int n = 0;
      for (const auto& ask : asks) {
        ++n;
        if (ask.IsMap())
          check_quote(c, page, ask["quote"], ask["source"], page.key() + "#ask" + std::to_string(n), g, normalised, sink);
      }
    }
  }
  check_predecessor_cycles(c, sink);
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
      if (page.kind != "text") continue;
      for (const auto& a : keys) {
        if (a.rfind("mission:", 0) != 0) continue;
        for (const auto& b : keys)
          if (b.rfind("theme:", 0) == 0) ++g.matrix[a][b];
      }
    }
  }
  // Orphans: entities no text mentions, no other entity points at, and that cite no passage.
  for (const auto& page : c.pages) {
    if (!content::kind_by_name(page.kind) || page.kind == "text" || page.kind == "collection") continue;
    const std::string key = page.key();
    bool reached = g.passages.count(key) || g.incoming.count(key) || g.outgoing.count(key);
    if (!reached)
      sink.warning(page.path, 1, 1, "orphan",
                   page.kind + " '" + page.id + "' is not mentioned in any text and nothing links to it");
  }
  return g;
}

}  // namespace kb::graph
