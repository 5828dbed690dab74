// lunr.Builder (lunr.js 2.3.9) in C++: builds the serialised index that
// JSON.stringify(lunr(function () { ... })) produces for the same corpus, byte for byte.
#pragma once

#include <string>

#include "search/corpus.hpp"

namespace kb::search {

// The index as lunr.js would serialise it after
//   lunr(function () {
//     this.ref(corpus.ref_field)
//     for (f of corpus.fields) this.field(f.name, {boost: f.boost})
//     for (d of corpus.documents) this.add(d, {boost: d.boost})
//   })
// i.e. {"version":"2.3.9","fields":[...],"fieldVectors":[...],"invertedIndex":[...],
// "pipeline":["stemmer"]}, with lunr's default pipeline (trimmer, stop-word filter, stemmer),
// BM25 with k1 = 1.2 and b = 0.75, and scores rounded to three decimals. The caller must have
// checked field names as parse_corpus does (no '/').
std::string build_lunr_index(const Corpus& corpus);

}  // namespace kb::search
