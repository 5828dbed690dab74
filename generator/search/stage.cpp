#include "search/stage.hpp"

#include <vector>

#include "search/lunr_builder.hpp"
#include "search/lunr_state_js.hpp"
#include "search/site_search.hpp"
#include "search/spelling.hpp"
#include "util/data_dir.hpp"
#include "util/file.hpp"
#include "util/json_text.hpp"
#include "util/parallel.hpp"

namespace kb::search {

namespace {

// Frees what `value` holds now (a vector's clear() would keep its capacity).
template <class T>
void release(T& value) {
  value = T();
}

}  // namespace

void search_files(const content::Content& content, const graph::Graph& graph, StageCache& cache, diag::Sink& sink,
                  const FileSink& emit) {
  SiteSearch data = site_search(content, graph);
  emit("search/text.js", text_script(data));
  release(data.text);
  // Every page loads previews.js (before kb.js), so it also carries the folding table.
  emit("search/previews.js", data_script("KB_PREVIEWS", previews(content, graph)) + data_script("KB_FOLD", fold_table()));
  // An index is rebuilt only when its corpus changed, and the word list (of both corpora) then
  // too, from the token counts the builders give; the two builders run side by side.
  const std::pair<const Corpus*, StageCache::Index*> indexes[] = {{&data.passages, &cache.passages},
                                                                  {&data.notes, &cache.notes}};
  const char* const corpus_paths[] = {"search/corpus.json", "search/notes-corpus.json"};
  std::string corpus_text[2];
  std::vector<std::size_t> stale;
  util::parallel_for(2, [&](std::size_t i, std::size_t) { corpus_text[i] = search::corpus_text(*indexes[i].first) + '\n'; });
  for (std::size_t i = 0; i < 2; ++i) {
    StageCache::Index& index = *indexes[i].second;
    if (corpus_text[i] != index.corpus) {
      stale.push_back(i);
      if (cache.enabled) index.corpus = corpus_text[i];
    }
    emit(corpus_paths[i], std::move(corpus_text[i]));
  }
  util::parallel_for(stale.size(), [&](std::size_t s, std::size_t) {
    const std::size_t i = stale[s];
    // Refs are numbered by site_search, so each is added once and the state exists.
    std::string error;
    StageCache::Index& index = *indexes[i].second;
    index.tokens.clear();
    index.state = build_lunr_state(*indexes[i].first, error, &index.tokens).value();
  });
  release(data.passages.documents);
  release(data.notes.documents);
  if (!stale.empty()) cache.words = term_words({&cache.passages.tokens, &cache.notes.tokens});
  emit("search/index.js", index_script("KB_SEARCH_INDEX", cache.passages.state));
  emit("search/notes.js", index_script("KB_SEARCH_NOTES", cache.notes.state));
  if (!cache.enabled) {
    release(cache.passages);
    release(cache.notes);
  }
  data.meta["words"] = cache.words;
  emit("search/meta.js", meta_script(data));
  emit("assets/lunr-state.js", kLunrStateJs);
  // An installed kbgen carries its copy of lunr.js; from the build folder, Debian's is used.
  std::string lunr_js;
  const std::filesystem::path installed = util::data_dir().empty() ? "" : util::data_dir() / "lunr.js";
  if (!(!installed.empty() && util::read_file(installed, lunr_js)) && !util::read_file(KB_LUNR_JS, lunr_js))
    sink.error("", 0, 0, "io", std::string("cannot read ") + KB_LUNR_JS + " (install libjs-lunr)");
  else
    emit("assets/lunr.js", std::move(lunr_js));
}

}  // namespace kb::search
