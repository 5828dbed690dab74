#include "graph/graph.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_map>

#include "util/parallel.hpp"
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
               const std::string& kind, const content::Scalar& id, const content::Evidence* given, Graph& g,
               diag::Sink& sink) {
  std::string key = kind + ":" + id.text;
  if (c.find(key)) {
    Edge e{page.key(), field, key};
    e.given = given;
    e.line = id.line;
    e.col = id.col;
    g.edges.push_back(std::move(e));
    return;
  }
  std::string hint = util::closest(id.text, ids_of_kind(c, kind));
  sink.error(page.path, id.line, id.col, "unknown-ref",
             "unknown " + kind + " '" + id.text + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
}

// Finds `quote` in the blocks of the text `doc_key`; returns false when it is not there.
bool locate_quote(const content::Content& c, const Graph& g, const std::string& doc_key, const std::string& quote,
                  const std::string& section, QuoteLocation& where) {
  auto it = c.by_key.find(doc_key);
  if (it == c.by_key.end()) return false;
  std::string q = util::normalise_quote(quote);
  if (q.empty()) return false;
  const markdown::Block* found = nullptr;
  for (const auto& b : g.rendered[it->second]->blocks) {
    if (b.quotable.find(q) == std::string::npos) continue;
    if (!found || (!section.empty() && b.section_title == section)) found = &b;
    if (section.empty() || b.section_title == section) break;
  }
  if (!found) return false;
  where = {doc_key, found->anchor, found->section_title};
  return true;
}

// Where each front-matter quote is in the text it cites (nullopt: not there), found on all cores
// before build_graph reports and links the quotes in page order.
using QuoteFinds = std::unordered_map<const content::Quote*, std::optional<QuoteLocation>>;

QuoteFinds locate_quotes(const content::Content& c, const Graph& g) {
  const schema::Kind* texts = c.schema.by_role(schema::Role::text);
  std::vector<std::pair<const content::Quote*, std::string>> todo;  // a quote, the key of its text
  for (const auto& page : c.pages) {
    const schema::Kind* kind = c.kind_of(page);
    if (!kind || !texts) continue;
    for (const auto& field : kind->fields) {
      if (field.type != schema::Type::quote && field.type != schema::Type::quotes) continue;
      if (const content::FieldValue* value = page.field(field.name))
        for (const content::Quote& quote : value->quotes)
          if (quote.present && quote.has_source) todo.push_back({&quote, texts->name + ":" + quote.doc.text});
    }
  }
  std::vector<std::optional<QuoteLocation>> found(todo.size());
  util::parallel_for(todo.size(), [&](std::size_t i, std::size_t) {
    const content::Quote& quote = *todo[i].first;
    QuoteLocation where;
    if (locate_quote(c, g, todo[i].second, quote.quote.text, quote.section.text, where)) found[i] = std::move(where);
  });
  QuoteFinds finds;
  for (std::size_t i = 0; i < todo.size(); ++i) finds.emplace(todo[i].first, std::move(found[i]));
  return finds;
}

void check_quote(const content::Content& c, const content::Page& page, const content::Quote& quote,
                 const std::string& key, const QuoteFinds& finds, Graph& g, diag::Sink& sink) {
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
  const auto found = finds.find(&quote);
  if (found == finds.end() || !found->second) {
    sink.error(page.path, qline, qcol, "quote-not-found",
               "quote not found in " + text->path + (section.empty() ? "" : " (section '" + section + "')") +
                   ": \"" + snippet(quote.quote.text, 80) + "\"");
    return;
  }
  g.quotes[key] = *found->second;
  g.edges.push_back({page.key(), "source", text->key()});
}

// The name of a page as readers know it, for messages: "MISCA" rather than "mission:misca".
std::string shown_name(const content::Content& c, const std::string& key) {
  const content::Page* p = c.find(key);
  return p ? c.display_title(*p) : key;
}

// Finds what supports a relation whose field asks for evidence (see schema::Field::evidence):
// the passage given with it, else one of the page's own cited passages, as long as the passage
// names the target (the mention matcher found it there); else the field's editorial reason.
// Anything else is an error at the item.
// Whether the block `anchor` of the text `doc_key` mentions the entity `key`.
bool block_names(const Graph& g, const std::string& doc_key, const std::string& anchor, const std::string& key) {
  auto d = g.block_mentions.find(doc_key);
  if (d == g.block_mentions.end()) return false;
  auto b = d->second.find(anchor);
  return b != d->second.end() && b->second.count(key) > 0;
}

// A passage as written in front matter ("TEXT-ID#ANCHOR") → {text key, anchor}, or {"", ""}
// after an error at it when there is no such passage.
std::pair<std::string, std::string> resolve_passage(const content::Content& c, const content::Page& page,
                                                    const content::Scalar& at, Graph& g, diag::Sink& sink) {
  const schema::Kind* texts = c.schema.by_role(schema::Role::text);
  const std::string doc = at.text.substr(0, at.text.find('#'));
  const std::string anchor = at.text.find('#') == std::string::npos ? "" : at.text.substr(at.text.find('#') + 1);
  const std::string doc_key = texts->name + ":" + doc;
  static const std::set<std::string> kNone;
  const auto ids = g.anchors.find(doc_key);
  const std::set<std::string>& known = ids == g.anchors.end() ? kNone : ids->second;
  if (!c.find(doc_key) || anchor.empty() || !known.count(anchor)) {
    std::string hint = util::closest(anchor, std::vector<std::string>(known.begin(), known.end()));
    sink.error(page.path, at.line, at.col, "unknown-anchor",
               "no passage '" + at.text + "': a passage is TEXT-ID#ANCHOR, the id of a text and a paragraph's anchor" +
                   (hint.empty() ? "" : " (did you mean '" + doc + "#" + hint + "'?)"));
    return {};
  }
  return {doc_key, anchor};
}

// Whether `word` occurs in `text` as a whole word: "2018" in "in 2018," or "2016–2018", not in
// "20189" nor in a document symbol ("S/2018/39").
bool has_word(const std::string& text, const std::string& word) {
  auto alnum = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '/'; };
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1))
    if ((at == 0 || !alnum(text[at - 1])) && (at + word.size() == text.size() || !alnum(text[at + word.size()])))
      return true;
  return false;
}

// The blocks of the texts that name each entity, in reading order (texts in content order):
// entity key → (page index, block index).
using NamedIn = std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::size_t>>>;

NamedIn blocks_naming(const content::Content& c, const Graph& g) {
  NamedIn named_in;
  for (std::size_t i = 0; i < c.pages.size(); ++i) {
    const auto mentions = g.block_mentions.find(c.pages[i].key());
    if (!c.has_role(c.pages[i], schema::Role::text) || mentions == g.block_mentions.end()) continue;
    const auto& blocks = g.rendered[i]->blocks;
    for (std::size_t k = 0; k < blocks.size(); ++k) {
      const auto keys = mentions->second.find(blocks[k].anchor);
      if (keys == mentions->second.end()) continue;
      for (const std::string& key : keys->second) named_in[key].emplace_back(i, k);
    }
  }
  return named_in;
}

// The blocks that name `key`, in reading order (none when no text does).
const NamedIn::mapped_type& blocks_naming(const NamedIn& named_in, const std::string& key) {
  static const NamedIn::mapped_type kNowhere;
  const auto it = named_in.find(key);
  return it == named_in.end() ? kNowhere : it->second;
}

void find_evidence(const content::Content& c, const content::Page& page, const schema::Field& field, Edge& e,
                   Graph& g, const NamedIn& named_in, diag::Sink& sink) {
  auto names = [&](const std::string& doc_key, const std::string& anchor) { return block_names(g, doc_key, anchor, e.to); };
  if (e.given && !e.given->editorial.text.empty()) {
    e.editorial = e.given->editorial.text;
    return;
  }
  if (e.given && !e.given->passage.text.empty()) {
    const content::Scalar& at = e.given->passage;
    const auto [doc_key, anchor] = resolve_passage(c, page, at, g, sink);
    if (doc_key.empty()) return;
    if (!names(doc_key, anchor)) {
      sink.error(page.path, at.line, at.col, "unsupported-relation",
                 "the passage " + at.text + " does not name " + shown_name(c, e.to) + "; cite one that does, or say why the " +
                     field.name + " relation is editorial ({id, editorial: REASON})");
      return;
    }
    e.passage = doc_key + "#" + anchor;
    return;
  }
  for (const auto& f : c.kind_of(page)->fields) {
    const content::FieldValue* v = page.field(f.name);
    if (!v || (f.type != schema::Type::quote && f.type != schema::Type::quotes)) continue;
    for (std::size_t n = 0; n < v->quotes.size(); ++n) {
      auto q = g.quotes.find(quote_key(page, f.name, f.type == schema::Type::quote ? 0 : static_cast<int>(n) + 1));
      if (q != g.quotes.end() && names(q->second.doc_key, q->second.anchor)) {
        e.passage = q->second.doc_key + "#" + q->second.anchor;
        return;
      }
    }
  }
  if (field.shared_passage) {
    // The first passage, in text order, that names both; a note counts with the paragraph that
    // refers to it (a report cited in a note, the mission named in the sentence).
    for (const auto& [i, k] : blocks_naming(named_in, page.key())) {
      const std::string text_key = c.pages[i].key();
      const auto& r = *g.rendered[i];
      const auto& b = r.blocks[k];
      if (block_names(g, text_key, b.anchor, e.to)) {
        e.passage = text_key + "#" + b.anchor;
        return;
      }
      auto citing = r.note_cited_at.find(b.anchor);
      if (citing != r.note_cited_at.end() && block_names(g, text_key, citing->second, e.to)) {
        e.passage = text_key + "#" + citing->second;
        return;
      }
    }
  }
  if (!field.editorial.empty()) {
    e.editorial = field.editorial;
    return;
  }
  const std::string target = shown_name(c, e.to);
  sink.error(page.path, e.line, e.col, "unsupported-relation",
             "no passage supports this " + field.name + " relation: " +
                 (page.field("quote") || page.field("quotes") ? "the passage this page cites does not name " + target
                  : field.shared_passage ? "no passage names both this page and " + target
                                         : "this page cites no passage naming " + target) +
                 "; give one ({id: " + e.to.substr(e.to.find(':') + 1) +
                 ", passage: TEXT-ID#ANCHOR}) or say why it is editorial ({id: ..., editorial: REASON})");
}

// Finds what supports a single value whose field asks for evidence (a mission's first year):
// the passage given with it, else the first passage of the texts that names the page and states
// the value; else the field's editorial reason. Anything else is an error at the value.
Edge value_evidence(const content::Content& c, const content::Page& page, const schema::Field& field,
                    const content::FieldValue& value, Graph& g, const NamedIn& named_in, diag::Sink& sink) {
  Edge e;
  e.from = page.key();
  e.relation = field.name;
  e.to = page.key();
  const content::Scalar& v = value.items.front();
  const content::Evidence* given = value.evidence.empty() ? nullptr : &value.evidence.front();
  const std::string name = shown_name(c, page.key());
  auto block_text = [&](const std::string& doc_key, const std::string& anchor) -> const std::string* {
    for (const auto& b : g.rendered[c.by_key.at(doc_key)]->blocks)
      if (b.anchor == anchor) return &b.text;
    return nullptr;
  };
  if (given && !given->editorial.text.empty()) {
    e.editorial = given->editorial.text;
    return e;
  }
  if (given && !given->passage.text.empty()) {
    const auto [doc_key, anchor] = resolve_passage(c, page, given->passage, g, sink);
    if (doc_key.empty()) return e;
    const std::string* text = block_text(doc_key, anchor);
    if (!block_names(g, doc_key, anchor, page.key()) || !text || !has_word(*text, v.text)) {
      sink.error(page.path, given->passage.line, given->passage.col, "unsupported-fact",
                 "the passage " + given->passage.text + " does not name " + name + " and state '" + v.text +
                     "'; cite one that does, or say why the " + field.name + " is editorial ({value: " + v.text +
                     ", editorial: REASON})");
      return e;
    }
    e.passage = doc_key + "#" + anchor;
    return e;
  }
  // The first block, in reading order, that names the page and states the value.
  for (const auto& [i, k] : blocks_naming(named_in, page.key())) {
    const markdown::Block& b = g.rendered[i]->blocks[k];
    if (has_word(b.text, v.text)) {
      e.passage = c.pages[i].key() + "#" + b.anchor;
      return e;
    }
  }
  if (!field.editorial.empty()) {
    e.editorial = field.editorial;
    return e;
  }
  sink.error(page.path, v.line, v.col, "unsupported-fact",
             "no passage of the texts names " + name + " and states its " + field.name + " '" + v.text +
                 "'; give one ({value: " + v.text + ", passage: TEXT-ID#ANCHOR}) or say why it is editorial ({value: " +
                 v.text + ", editorial: REASON})");
  return e;
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

// Mentions → backlinks (one passage per block) and the missions × themes matrix, as one page
// adds them to the graph; a function of the page's place, key, role and rendering only.
struct PageMentions {
  std::map<std::string, int> mentions_in;
  std::vector<std::pair<std::string, Passage>> passages;  // (entity key, passage) in order
  std::vector<std::pair<std::string, std::string>> cells;  // (row key, column key), once per passage
  std::map<std::string, std::set<std::string>> keys_by_anchor;
};

// The pages as the mention tables see them: each page's key and whether it is a text, in order,
// and the matrix's kinds. A graph whose tables were drawn for the same pages can be updated page
// by page.
struct MentionPages {
  explicit MentionPages(const content::Content& c)
      : matrix(!c.schema.matrix.rows.empty()),
        row_prefix(c.schema.matrix.rows + ":"),
        column_prefix(c.schema.matrix.columns + ":") {
    keys.reserve(c.pages.size());
    for (const auto& page : c.pages) {
      keys.push_back(page.key());
      is_text.push_back(c.has_role(page, schema::Role::text));
    }
    signature = row_prefix + "\n" + column_prefix + "\n";
    for (std::size_t i = 0; i < keys.size(); ++i) signature += keys[i] + (is_text[i] ? " text\n" : "\n");
  }
  bool matrix;
  std::string row_prefix, column_prefix;
  std::vector<std::string> keys;
  std::vector<bool> is_text;
  std::string signature;
};

const std::string kNoText;

PageMentions page_mentions(const MentionPages& pages, std::size_t i, const markdown::Rendered& r) {
  PageMentions out;
  const std::string& page_key = pages.keys[i];
  const bool is_text = pages.is_text[i];
  std::unordered_map<std::string_view, const markdown::Block*> block_by_anchor;
  block_by_anchor.reserve(r.blocks.size());
  for (const auto& b : r.blocks) block_by_anchor[b.anchor] = &b;
  auto index_of = [&](const std::string& anchor) {
    auto b = block_by_anchor.find(anchor);
    return b == block_by_anchor.end() ? r.blocks.size() : static_cast<std::size_t>(b->second - r.blocks.data());
  };
  std::map<std::string, std::set<std::string>>& keys_by_anchor = out.keys_by_anchor;
  for (const auto& m : r.mentions) {
    if (m.target_key == page_key) continue;
    ++out.mentions_in[m.target_key];
    keys_by_anchor[m.anchor].insert(m.target_key);
  }
  // Passages in reading order: blocks as they come, notes among them.
  std::vector<std::string> anchors;
  for (const auto& b : r.blocks)
    if (keys_by_anchor.count(b.anchor)) anchors.push_back(b.anchor);
  if (anchors.size() < keys_by_anchor.size())
    for (const auto& [anchor, keys] : keys_by_anchor)
      if (!block_by_anchor.count(anchor)) anchors.push_back(anchor);
  for (const std::string& anchor : anchors) {
    const std::set<std::string>& keys = keys_by_anchor[anchor];
    auto bit = block_by_anchor.find(anchor);
    std::string section = bit != block_by_anchor.end() ? bit->second->section_title : "";
    // A note belongs to the section where the text refers to it, not to the last heading
    // before the notes at the end.
    std::string cited_at;
    if (auto citing = r.note_cited_at.find(anchor); citing != r.note_cited_at.end()) {
      cited_at = citing->second;
      if (auto cb = block_by_anchor.find(cited_at); cb != block_by_anchor.end()) section = cb->second->section_title;
    }
    const std::string& text = bit != block_by_anchor.end() ? bit->second->text : kNoText;
    const std::size_t at = index_of(cited_at.empty() ? anchor : cited_at);
    const std::string shown = snippet(text);
    for (const auto& key : keys) out.passages.push_back({key, {i, anchor, section, shown, cited_at, at}});
    if (!is_text || !pages.matrix) continue;
    for (const auto& a : keys) {
      if (a.rfind(pages.row_prefix, 0) != 0) continue;
      for (const auto& b : keys)
        if (b.rfind(pages.column_prefix, 0) == 0) out.cells.push_back({a, b});
    }
  }
  return out;
}

// The ids on a page: its headings' and its blocks' anchors.
std::set<std::string> page_anchors(const markdown::Rendered& r) {
  std::set<std::string> ids;
  for (const auto& h : r.headings) ids.insert(h.id);
  for (const auto& b : r.blocks) ids.insert(b.anchor);
  return ids;
}

// Adds page i's mentions to the graph, after those of the pages before it (the whole graph is
// built in page order). `passages_of` finds each entity's list of passages once.
void add_mentions(Graph& g, const MentionPages& pages, std::size_t i, PageMentions&& m,
                  std::unordered_map<std::string_view, std::vector<Passage>*>& passages_of) {
  const std::string& page_key = pages.keys[i];
  if (!m.mentions_in.empty()) g.mentions_in[page_key] = std::move(m.mentions_in);
  for (auto& [key, passage] : m.passages) {
    auto [it, added] = passages_of.try_emplace(key, nullptr);
    if (added) it->second = &g.passages[key];
    it->second->push_back(std::move(passage));
  }
  for (const auto& [a, b] : m.cells) ++g.matrix[a][b];
  if (pages.is_text[i]) g.block_mentions[page_key] = std::move(m.keys_by_anchor);
}

// Replaces page i's mentions, `before` as an earlier run added them, by `after`: the tables end
// as add_mentions would have built them for every page in order.
void replace_mentions(Graph& g, const MentionPages& pages, std::size_t i, const PageMentions& before,
                      PageMentions&& after) {
  const std::string& page_key = pages.keys[i];
  // The entities the page mentioned (each once: its passages name them again and again).
  for (const auto& [key, count] : before.mentions_in) {
    auto list = g.passages.find(key);
    if (list == g.passages.end()) continue;
    std::erase_if(list->second, [&](const Passage& p) { return p.page == i; });
    if (list->second.empty()) g.passages.erase(list);
  }
  g.mentions_in.erase(page_key);
  if (!after.mentions_in.empty()) g.mentions_in[page_key] = std::move(after.mentions_in);
  // Each entity's passages are in page order: page i's go before those of later pages.
  for (auto& [key, passage] : after.passages) {
    std::vector<Passage>& list = g.passages[key];
    auto at = std::find_if(list.begin(), list.end(), [&](const Passage& p) { return p.page > i; });
    // Passages of the same page keep their order: each goes after those of page i already placed.
    list.insert(at, std::move(passage));
  }
  for (const auto& [a, b] : before.cells) {
    auto row = g.matrix.find(a);
    if (row == g.matrix.end()) continue;
    auto cell = row->second.find(b);
    if (cell != row->second.end() && --cell->second == 0) row->second.erase(cell);
    if (row->second.empty()) g.matrix.erase(row);
  }
  for (const auto& [a, b] : after.cells) ++g.matrix[a][b];
  if (pages.is_text[i]) g.block_mentions[page_key] = std::move(after.keys_by_anchor);
}

}  // namespace

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

Graph build_graph(const content::Content& c, std::vector<std::shared_ptr<const markdown::Rendered>> rendered,
                  diag::Sink& sink) {
  Graph g;
  rebuild_graph(g, c, std::move(rendered), sink);
  return g;
}

void rebuild_graph(Graph& g, const content::Content& c, std::vector<std::shared_ptr<const markdown::Rendered>> rendered,
                   diag::Sink& sink) {
  // The tables drawn from the texts' mentions: updated for the pages whose rendering changed when
  // `g` was built for the same pages, else built again, each page's found on all cores, then
  // added in page order.
  const MentionPages pages(c);
  if (g.pages_signature == pages.signature && g.rendered.size() == rendered.size()) {
    std::vector<std::size_t> changed;
    for (std::size_t i = 0; i < rendered.size(); ++i)
      if (rendered[i] != g.rendered[i]) changed.push_back(i);
    std::vector<std::pair<PageMentions, PageMentions>> found(changed.size());
    util::parallel_for(changed.size(), [&](std::size_t k, std::size_t) {
      found[k] = {page_mentions(pages, changed[k], *g.rendered[changed[k]]),
                  page_mentions(pages, changed[k], *rendered[changed[k]])};
    });
    for (std::size_t k = 0; k < changed.size(); ++k) {
      replace_mentions(g, pages, changed[k], found[k].first, std::move(found[k].second));
      g.anchors[pages.keys[changed[k]]] = page_anchors(*rendered[changed[k]]);
    }
  } else {
    g.anchors.clear();
    g.passages.clear();
    g.mentions_in.clear();
    g.matrix.clear();
    g.block_mentions.clear();
    std::vector<std::set<std::string>> ids(c.pages.size());
    std::vector<PageMentions> found(c.pages.size());
    util::parallel_for(found.size(), [&](std::size_t i, std::size_t) {
      ids[i] = page_anchors(*rendered[i]);
      found[i] = page_mentions(pages, i, *rendered[i]);
    });
    g.anchors.reserve(c.pages.size());
    for (std::size_t i = 0; i < c.pages.size(); ++i) g.anchors.emplace(pages.keys[i], std::move(ids[i]));
    std::unordered_map<std::string_view, std::vector<Passage>*> passages_of;
    for (std::size_t i = 0; i < c.pages.size(); ++i) add_mentions(g, pages, i, std::move(found[i]), passages_of);
    g.pages_signature = pages.signature;
  }
  g.rendered = std::move(rendered);

  // The tables drawn from front matter, built again.
  g.quotes.clear();
  g.incoming.clear();
  g.outgoing.clear();
  g.edges.clear();
  g.value_evidence.clear();
  // Typed references and quotes from front matter.
  const QuoteFinds finds = locate_quotes(c, g);
  for (const auto& page : c.pages) {
    const schema::Kind* kind = c.kind_of(page);
    if (!kind) continue;
    for (const auto& field : kind->fields) {
      const content::FieldValue* value = page.field(field.name);
      if (!value) continue;
      if (field.type == schema::Type::ref || field.type == schema::Type::refs) {
        for (std::size_t n = 0; n < value->items.size(); ++n)
          check_ref(c, page, field.name, field.to, value->items[n],
                    n < value->evidence.size() ? &value->evidence[n] : nullptr, g, sink);
      } else if (field.type == schema::Type::quote) {
        check_quote(c, page, value->quotes.front(), quote_key(page, field.name, 0), finds, g, sink);
      } else if (field.type == schema::Type::quotes) {
        for (std::size_t n = 0; n < value->quotes.size(); ++n)
          check_quote(c, page, value->quotes[n], quote_key(page, field.name, static_cast<int>(n) + 1), finds, g, sink);
      }
    }
  }
  for (const auto& kind : c.schema.kinds)
    for (const auto& field : kind.fields)
      if (field.acyclic) check_cycles(c, kind, field, sink);

  // Anchors of cross-references, known only now that every page is rendered.
  for (std::size_t i = 0; i < c.pages.size(); ++i) {
    for (const auto& l : g.rendered[i]->links) {
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

  // Evidence of the relations that need it, now that every passage's mentions are known.
  const NamedIn named_in = blocks_naming(c, g);
  for (auto& e : g.edges) {
    const content::Page* page = c.find(e.from);
    const schema::Kind* kind = page ? c.kind_of(*page) : nullptr;
    const schema::Field* field = kind ? kind->field(e.relation) : nullptr;
    if (field && field->evidence) find_evidence(c, *page, *field, e, g, named_in, sink);
    e.given = nullptr;  // points into the content, which may change while the graph is kept
  }
  for (const auto& e : g.edges) {
    g.incoming[e.to].push_back(&e);
    g.outgoing[e.from].push_back(&e);
  }
  // Evidence of the single values that need it.
  for (const auto& page : c.pages) {
    const schema::Kind* kind = c.kind_of(page);
    if (!kind) continue;
    for (const auto& field : kind->fields) {
      if (!field.evidence || field.type == schema::Type::ref || field.type == schema::Type::refs) continue;
      const content::FieldValue* value = page.field(field.name);
      if (!value || value->items.empty() || value->items.front().text.empty()) continue;
      g.value_evidence[value_key(page.key(), field.name)] = value_evidence(c, page, field, *value, g, named_in, sink);
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
}

}  // namespace kb::graph
