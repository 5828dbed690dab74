// The `lunr` sub-command: corpus file in, serialised index out.
#include "search/lunr_command.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "search/corpus.hpp"
#include "search/lunr_builder.hpp"

namespace kb::search {

int run_lunr_command(const std::string& corpus_path, bool state, std::ostream& out, std::ostream& err) {
  std::ifstream file(corpus_path, std::ios::binary);
  if (!file) {
    err << corpus_path << ": error: cannot read the corpus file [lunr-corpus]\n";
    return 2;
  }
  std::stringstream buffer;
  buffer << file.rdbuf();
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(buffer.str());
  } catch (const nlohmann::json::parse_error& e) {
    err << corpus_path << ": error: not valid JSON: " << e.what() << " [lunr-corpus]\n";
    return 1;
  }
  std::string error;
  const std::optional<Corpus> corpus = parse_corpus(json, error);
  if (!corpus) {
    err << corpus_path << ": error: " << error << " [lunr-corpus]\n";
    return 1;
  }
  if (state) {
    const std::optional<std::string> built = build_lunr_state(*corpus, error);
    if (!built) {
      err << corpus_path << ": error: " << error << " [lunr-corpus]\n";
      return 1;
    }
    out << *built;
  } else {
    out << build_lunr_index(*corpus);
  }
  out.flush();
  return out ? 0 : 2;
}

}  // namespace kb::search
