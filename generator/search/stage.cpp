#include "search/stage.hpp"

#include "search/lunr_builder.hpp"
#include "search/lunr_state_js.hpp"
#include "search/site_search.hpp"
#include "search/spelling.hpp"
#include "util/data_dir.hpp"
#include "util/file.hpp"
#include "util/parallel.hpp"

namespace kb::search {

std::map<std::string, std::string> search_files(const content::Content& content, const graph::Graph& graph,
                                                StageCache& cache, diag::Sink& sink) {
  SiteSearch data = site_search(content, graph);
  // The two indexes and the word list read only the corpora: built side by side. The words are
  // a function of the corpora, so a fresh list equals the cached one whenever they are unchanged.
  const std::pair<const Corpus*, StageCache::Index*> indexes[] = {{&data.passages, &cache.passages},
                                                                  {&data.notes, &cache.notes}};
  nlohmann::json words;
  util::parallel_for(3, [&](std::size_t i, std::size_t) {
    if (i == 2) {
      words = term_words({&data.passages, &data.notes});
      return;
    }
    auto [corpus, cached] = indexes[i];
    nlohmann::json corpus_json = corpus_to_json(*corpus);
    if (corpus_json == cached->corpus) return;
    // Refs are numbered by site_search, so each is added once and the state exists.
    std::string error;
    cached->state = build_lunr_state(*corpus, error).value();
    cached->corpus = std::move(corpus_json);
  });
  cache.words = std::move(words);
  std::map<std::string, std::string> files;
  files["search/index.js"] = index_script("KB_SEARCH_INDEX", cache.passages.state);
  files["search/notes.js"] = index_script("KB_SEARCH_NOTES", cache.notes.state);
  files["search/corpus.json"] = cache.passages.corpus.dump(1) + "\n";
  files["search/notes-corpus.json"] = cache.notes.corpus.dump(1) + "\n";
  data.meta["words"] = cache.words;
  files["search/meta.js"] = data_script("KB_SEARCH_META", data.meta);
  files["search/text.js"] = data_script("KB_SEARCH_TEXT", data.text);
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
