// The `lunr` sub-command: corpus file in, serialised index out.
#include "search/lunr_command.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "diag/diagnostic.hpp"
#include "search/corpus.hpp"
#include "search/lunr_builder.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace kb::search {

int run_lunr_command(const std::string& corpus_path, bool state, std::ostream& out, std::ostream& err) {
  // Every error is a diagnostic at a line and column of the corpus (1:1 when it is about the
  // whole of it); 2 when the file cannot be read, 1 when its content is wrong.
  auto fail = [&](int line, int col, const std::string& message, int code) {
    diag::Diagnostic d{corpus_path, line, col, diag::Severity::Error, "lunr-corpus", message};
    err << diag::format(d) << "\n";
    return code;
  };
  std::string text;
  if (!util::read_file(corpus_path, text)) return fail(0, 0, "cannot read the corpus file", 2);
  std::optional<Corpus> corpus;
  std::string error;
  if (!parse_corpus_text(text, corpus, error)) {
    // Not JSON to simdjson: nlohmann says where, or reads what simdjson refuses.
    nlohmann::json json;
    try {
      json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      auto lc = util::line_col_at(text, e.byte > 0 ? std::min<std::size_t>(e.byte - 1, text.size()) : 0);
      return fail(lc.line, lc.col, std::string("not valid JSON: ") + e.what(), 1);
    } catch (const nlohmann::json::exception& e) {  // a number out of range (1e309), ...
      return fail(0, 0, std::string("not a usable corpus: ") + e.what(), 1);
    }
    corpus = parse_corpus(json, error);
  }
  if (!corpus) return fail(0, 0, error, 1);
  if (state) {
    const std::optional<std::string> built = build_lunr_state(*corpus, error);
    if (!built) return fail(0, 0, error, 1);
    out << *built;
  } else {
    out << build_lunr_index(*corpus);
  }
  out.flush();
  return out ? 0 : 2;
}

}  // namespace kb::search
