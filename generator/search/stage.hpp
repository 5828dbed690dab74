// The search stage: the site's search files from the content and the graph (what goes in them
// is site_search.hpp). It runs beside the render stage, on the other core; its cache rebuilds
// an index only when its corpus changed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "content/model.hpp"
#include "diag/diagnostic.hpp"
#include "graph/graph.hpp"
#include "search/lunr_builder.hpp"

namespace kb::search {

struct StageCache {
  struct Index {
    std::string corpus;     // the text of the corpus `state` was built from (corpus_text)
    std::string state;      // lunr's builder state (build_lunr_state)
    std::vector<TokenCount> tokens;  // and the corpus's token counts, for term_words
  };
  bool enabled = true;     // false: a one-off build, whose corpora need no copy kept
  Index passages;          // search/index.js
  Index notes;             // search/notes.js
  nlohmann::json words;    // term_words of both corpora
};

// Receives each search file (output path, bytes) as soon as it is made.
using FileSink = std::function<void(std::string path, std::string bytes)>;

// search/index.js, notes.js, meta.js, text.js, previews.js and the two corpora, and the scripts
// that search with them in the page (assets/lunr.js from Debian's libjs-lunr, assets/lunr-state.js),
// each handed to `emit` once made; what made it is let go as soon as nothing else needs it, so
// that a build streaming the files out holds little of the stage at once. Reports into `sink`
// when lunr.js cannot be read.
void search_files(const content::Content& content, const graph::Graph& graph, StageCache& cache, diag::Sink& sink,
                  const FileSink& emit);

}  // namespace kb::search
