// `kbgen lunr CORPUS.json`: prints the lunr index of a corpus file (format in corpus.hpp), so
// that the C++ builder can be compared with lunr.js on any corpus.
#pragma once

#include <ostream>
#include <string>

namespace kb::search {

// Writes the serialised index to `out`, exactly JSON.stringify's output (no trailing newline). Returns 0 on success, 1 if the corpus is invalid
// (unreadable JSON or wrong shape, reported on `err` as "path: error: ..."), 2 if the file
// cannot be read.
int run_lunr_command(const std::string& corpus_path, std::ostream& out, std::ostream& err);

}  // namespace kb::search
