// `kbgen lunr [--state] CORPUS.json`: prints the lunr index of a corpus file (format in
// corpus.hpp), or with --state the builder's state the site ships (lunr_builder.hpp), so that
// the C++ builder can be compared with lunr.js on any corpus.
#pragma once

#include <ostream>
#include <string>

namespace kb::search {

// Writes the serialised index (exactly JSON.stringify's output) or the state, without a trailing
// newline. Returns 0 on success, 1 if the corpus is invalid (unreadable JSON, wrong shape, or a
// repeated ref with --state; reported on `err` as "path: error: ..."), 2 if the file cannot be
// read.
int run_lunr_command(const std::string& corpus_path, bool state, std::ostream& out, std::ostream& err);

}  // namespace kb::search
