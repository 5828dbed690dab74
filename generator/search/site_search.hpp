// What the site's search finds, and the files the pages load for it as <script> data (never
// fetch, so that search works from file://).
//
// Readers come for passages, so every paragraph of every text is a search document of its own,
// whose URL is the paragraph's anchor: a result lands on the paragraph it shows. Entities and
// the texts' titles are documents too. Footnotes have an index of their own, loaded after the
// first results: they rank below body text unless the query looks like a citation.
//
//   search/index.js  window.KB_SEARCH_INDEX: Lunr 2.3.9 index of entities, text titles and
//                    paragraphs (fields: title ×10 with the aliases, body), as the builder state
//                    of lunr_builder.hpp, which assets/lunr-state.js finishes in the page
//   search/meta.js   window.KB_SEARCH_META = {docs: {REF: {t: title, u: URL from the site root,
//                    k: kind, b: breadcrumb (the document, for passages and notes), n: 1 for a
//                    note}}, spelling: the rules of spelling.hpp, words: term_words(),
//                    kinds: {KIND: label}, text_kind: the kind whose documents are passages}
//   search/text.js   window.KB_SEARCH_TEXT = {REF: plain text}: snippets, highlights, phrases
//   search/notes.js  window.KB_SEARCH_NOTES: Lunr index of the footnotes (field body), likewise
//
//   search/previews.js  window.KB_PREVIEWS (hover summaries) and window.KB_FOLD (spelling.hpp's
//                    fold_table), loaded by every page before kb.js
// The first results need index.js and meta.js only; text.js and notes.js follow.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "content/model.hpp"
#include "graph/graph.hpp"
#include "search/corpus.hpp"
#include "search/lunr_builder.hpp"

namespace kb::search {

// A search document as meta.js describes it (docs.REF).
struct DocMeta {
  std::string ref;
  std::string title;                     // t
  std::string url;                       // u
  std::string kind;                      // k
  std::optional<std::string> breadcrumb; // b
  bool note = false;                     // n: 1
};

struct SiteSearch {
  Corpus passages;                         // → search/index.js
  Corpus notes;                            // → search/notes.js
  std::vector<DocMeta> docs;               // → search/meta.js "docs", in the order made
  nlohmann::json meta = nlohmann::json::object();  // → the rest of search/meta.js
  std::vector<std::pair<std::string, std::string>> text;  // → search/text.js: (ref, text)
};

// The documents, meta (without "words") and text of the site's search.
SiteSearch site_search(const content::Content& content, const graph::Graph& graph);

// TERM → the word it most often comes from in these corpora, where the two differ ("govern" →
// "governance"), so that the page can say "showing results for governance". From the token
// counts build_lunr_state gives for each corpus, which the search stage caches with the indexes.
nlohmann::json term_words(const std::vector<const std::vector<TokenCount>*>& token_lists);

// Summaries shown when a reader hovers a cross-reference, keyed "kind:id".
nlohmann::json previews(const content::Content& content, const graph::Graph& graph);

// A built Lunr index or builder state (JSON text) as the script that sets `variable`.
std::string index_script(const std::string& variable, const std::string& index_json);
// Any JSON value as the script that sets `variable`.
std::string data_script(const std::string& variable, const nlohmann::json& value);
// search/meta.js and search/text.js, as data_script would write them from JSON trees (objects
// keyed by ref, in byte order; text that is not UTF-8 replaced), without making the trees.
std::string meta_script(const SiteSearch& search);
std::string text_script(const SiteSearch& search);

}  // namespace kb::search
