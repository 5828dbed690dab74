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

std::map<std::string, std::string> search_files(const content::Content& content, const graph::Graph& graph,
                                                StageCache& cache, diag::Sink& sink) {
  SiteSearch data = site_search(content, graph);
  // An index is rebuilt only when its corpus changed, and the word list (of both corpora) then
  // too, from the token counts the builders give; the two builders run side by side.
  const std::pair<const Corpus*, StageCache::Index*> indexes[] = {{&data.passages, &cache.passages},
                                                                  {&data.notes, &cache.notes}};
  std::string corpus_text[2];
  std::vector<std::size_t> stale;
  util::parallel_for(2, [&](std::size_t i, std::size_t) { corpus_text[i] = search::corpus_text(*indexes[i].first) + '\n'; });
  for (std::size_t i = 0; i < 2; ++i)
    if (corpus_text[i] != indexes[i].second->corpus) stale.push_back(i);
  util::parallel_for(stale.size(), [&](std::size_t s, std::size_t) {
    const std::size_t i = stale[s];
    // Refs are numbered by site_search, so each is added once and the state exists.
    std::string error;
    StageCache::Index& index = *indexes[i].second;
    index.tokens.clear();
    index.state = build_lunr_state(*indexes[i].first, error, &index.tokens).value();
    if (cache.enabled) index.corpus = corpus_text[i];
  });
  if (!stale.empty()) cache.words = term_words({&cache.passages.tokens, &cache.notes.tokens});
  std::map<std::string, std::string> files;
  files["search/index.js"] = index_script("KB_SEARCH_INDEX", cache.passages.state);
  files["search/notes.js"] = index_script("KB_SEARCH_NOTES", cache.notes.state);
  files["search/corpus.json"] = std::move(corpus_text[0]);
  files["search/notes-corpus.json"] = std::move(corpus_text[1]);
  data.meta["words"] = cache.words;
  files["search/meta.js"] = meta_script(data);
  files["search/text.js"] = text_script(data);
  // Every page loads previews.js (before kb.js), so it also carries the folding table.
  files["search/previews.js"] =
      data_script("KB_PREVIEWS", previews(content, graph)) + data_script("KB_FOLD", fold_table());
  files["assets/lunr-state.js"] = kLunrStateJs;
  // An installed kbgen carries its copy of lunr.js; from the build folder, Debian's is used.
  const std::filesystem::path installed = util::data_dir().empty() ? "" : util::data_dir() / "lunr.js";
  if (!(!installed.empty() && util::read_file(installed, files["assets/lunr.js"])) &&
      !util::read_file(KB_LUNR_JS, files["assets/lunr.js"]))
    sink.error("", 0, 0, "io", std::string("cannot read ") + KB_LUNR_JS + " (install libjs-lunr)");
  return files;
}

}  // namespace kb::search
