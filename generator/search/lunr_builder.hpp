// lunr.Builder (lunr.js 2.3.9) in C++: builds the serialised index that
// JSON.stringify(lunr(function () { ... })) produces for the same corpus, byte for byte.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "search/corpus.hpp"

namespace kb::search {

// A token of a corpus, the term lunr's pipeline makes of it ("" when the stop-word filter drops
// it) and how often it occurs.
struct TokenCount {
  std::string token;
  std::string term;
  std::size_t count = 0;
};

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

// The same index as lunr.Builder's state just before #build, which is what the site ships: a
// third of the serialised index's size, since the inverted index and the BM25 vectors both
// follow from the term frequencies. assets/lunr-state.js gives this state to a lunr.Builder
// and calls lunr.js's own #build, which yields the index build_lunr_index serialises, byte for
// byte (tests/search/lunr_compat.sh checks it). The format:
//
//   {"version": "2.3.9",
//    "fields": [[name, boost], ...],          in Object.keys(builder._fields) order
//    "refs": [ref, ...],                      in the order added
//    "boosts": [boost, ...],                  per ref; absent when all are 1
//    "terms": [term, ...],                    by _index
//    "frequencies": [[...], ...]}             per ref, per field: the terms in _index order,
//                                             each as the step from the previous term's
//                                             _index (from -1), negated and followed by the
//                                             count when the term occurs more than once
//
// Each ref must be added once (lunr keeps stale postings of a re-added ref, which this form
// cannot say); otherwise returns nullopt and says why in `error`.
//
// With `token_counts`, also appends how often each token of the indexed fields occurs (split and
// lowercased as lunr.tokenizer does, as UTF-8), with the term lunr's pipeline makes of it; a
// token may be listed more than once (the documents are split on all cores), and its counts
// add up.
std::optional<std::string> build_lunr_state(const Corpus& corpus, std::string& error,
                                            std::vector<TokenCount>* token_counts = nullptr);

}  // namespace kb::search
