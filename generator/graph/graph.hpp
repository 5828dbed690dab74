// The knowledge graph: typed references between entities (from front matter), mentions of
// entities in texts (from rendering), backlinks, checked quotes and the missions × themes matrix.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "content/model.hpp"
#include "diag/diagnostic.hpp"
#include "markdown/render.hpp"

namespace kb::graph {

struct Passage {
  std::size_t page = 0;  // index into content.pages
  std::string anchor;
  std::string section_title;
  std::string snippet;
  std::string cited_at;  // a note's: the anchor of the paragraph that refers to it
  // Reading order: the index in the page's blocks of the paragraph, or of the one citing the note.
  std::size_t at = 0;
};

struct QuoteLocation {
  std::string doc_key;  // the text's key
  std::string anchor;
  std::string section_title;
};

struct Edge {
  std::string from;      // "lesson:book-ch07-lesson-1"
  std::string relation;  // the front-matter field ("missions", "predecessor", ...), or "source"
  std::string to;        // "mission:minusca"
  // For a relation whose schema field asks for evidence: the passage that names `to`
  // ("text:book-ch07#anchor"), or else why the relation is editorial.
  std::string passage;
  std::string editorial;
  const content::Evidence* given = nullptr;  // as written with the item, if any
  int line = 0, col = 0;                     // where the item is
};

// The key of a single value in Graph::value_evidence: "mission:unmil/end".
inline std::string value_key(const std::string& page_key, const std::string& field) { return page_key + "/" + field; }

struct Graph {
  // Moved, never copied: `incoming` and `outgoing` point into `edges`.
  Graph() = default;
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  // Parallel to content.pages; shared with the Markdown stage's cache, which keeps them for the
  // next run of `kbgen serve`.
  std::vector<std::shared_ptr<const markdown::Rendered>> rendered;
  std::map<std::string, std::vector<Passage>> passages;     // entity key → passages mentioning it
  // The tables keyed by a page key are looked up, never walked, so they are hashed: page keys share
  // long prefixes ("text:book-ch07") that a sorted map would compare again at every level.
  std::unordered_map<std::string, std::map<std::string, int>> mentions_in;  // page key → entity key → count
  std::unordered_map<std::string, QuoteLocation> quotes;    // quote_key → where the quote is
  std::vector<Edge> edges;                                  // typed front-matter references
  std::unordered_map<std::string, std::vector<const Edge*>> incoming;  // target key → edges pointing at it
  std::unordered_map<std::string, std::vector<const Edge*>> outgoing;  // source key → its edges
  std::map<std::string, Edge> value_evidence;               // value_key(page, field) → what supports a single value
  std::map<std::string, std::map<std::string, int>> matrix; // mission key → theme key → passages
  std::unordered_map<std::string, std::set<std::string>> anchors;      // page key → ids on that page
  // page key → block anchor → the entities mentioned in that block.
  std::unordered_map<std::string, std::map<std::string, std::set<std::string>>> block_mentions;
  // The pages the tables drawn from mentions (passages, mentions_in, matrix, anchors,
  // block_mentions) were drawn for: their keys and roles, in order (see rebuild_graph).
  std::string pages_signature;
};

// Checks every reference, anchor and quote; reports problems into `sink`.
Graph build_graph(const content::Content& content, std::vector<std::shared_ptr<const markdown::Rendered>> rendered,
                  diag::Sink& sink);

// The same into `graph`, an earlier run's graph (kbgen serve) or an empty one: when it was built
// for the same pages, the tables drawn from mentions are updated for the pages whose rendering
// changed only (`rendered[i]` not the pointer it held); the rest is built again. Ends equal to
// build_graph's graph.
void rebuild_graph(Graph& graph, const content::Content& content,
                   std::vector<std::shared_ptr<const markdown::Rendered>> rendered, diag::Sink& sink);

// The key of a page's quote in Graph::quotes: the page's key for its own quote (n = 0), else
// KEY#FIELDn for the n-th (from 1) of a list of quotes.
std::string quote_key(const content::Page& page, const std::string& field, int n);

// Up to `max` bytes of `text` around its first mention, cut at word boundaries.
std::string snippet(const std::string& text, std::size_t max = 240);

}  // namespace kb::graph
