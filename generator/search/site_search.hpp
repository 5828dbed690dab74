// What the site's search finds: one search document per section of each text (a hit opens at
// that heading, and the store's paragraph offsets let the page jump to the best paragraph),
// one per footnote, and one per entity. Produces the files the pages load as <script> data.
//
// search/store.js: window.KB_SEARCH_STORE = {REF: {t: title, u: URL from the site root,
//   k: kind, b: breadcrumb (the document, or the entity kind), x: plain text for snippets,
//   p: [[anchor, offset in x], ...] for text sections}}. An anchor given as a number N stands
//   for "SECTION-pN" (SECTION being the part of u after '#', or "p" + N before any heading).
#pragma once

#include <map>
#include <string>

#include "content/model.hpp"
#include "graph/graph.hpp"
#include "search/corpus.hpp"

namespace kb::search {

// Accented Latin letters are folded to their base letters in every indexed field, because
// lunr's trimmer strips non-ASCII letters at word edges ("Ébo" would be indexed as "bo").
// The page folds the reader's query the same way, so "Côte d'Ivoire", "Cote d'Ivoire" and
// "Hanggi"/"Hänggi" all find the same passages; curly apostrophes become straight ones.
// Fields: title (boost 10; a text section's title also carries its document's title) and body.
// The kind lives in the store (filters), not in the index, which keeps the index small.
// Missions, themes and mandates are boosted (×3) over passages, other entities ×1.5.
// The store keeps the original text.
Corpus site_corpus(const content::Content& content, const graph::Graph& graph, nlohmann::json& store);

// Summaries shown when a reader hovers a cross-reference, keyed "kind:id".
nlohmann::json previews(const content::Content& content, const graph::Graph& graph);

// The files the pages load as <script> data: search/index.js, search/store.js, search/previews.js.
std::string index_script(const Corpus& corpus);
std::string store_script(const nlohmann::json& store);
std::string previews_script(const nlohmann::json& previews);

}  // namespace kb::search
