// Finishes a Lunr 2.3.9 index from the builder state kbgen writes (format in
// generator/search/lunr_builder.hpp), doing what lunr.Builder#build does with the state that
// lunr.Builder#add leaves: average field lengths, BM25 field vectors (lunr.idf, k1 = 1.2,
// b = 0.75, the same operations in the same order, scores rounded to three decimals) and the
// token set; then a lunr.Index of them. The index equals lunr.js's own for the same corpus:
// JSON.stringify gives the same bytes (tests/search/lunr_compat.sh checks it). It works from
// term numbers rather than #build's term strings, which makes it several times faster than
// #build on the same state. kbgen writes this file as assets/lunr-state.js.
//   lunrFromState(lunr, state) -> lunr.Index
(function (global) {
  'use strict';

  function lunrFromState(lunr, state) {
    var fields = state.fields.map(function (field) { return field[0]; });
    var terms = state.terms;
    var refs = state.refs;
    var steps = state.frequencies;
    var documentCount = refs.length;
    var empty = Object.create(null);  // no metadata is kept, so every posting's is {}

    // The inverted index as #add leaves it: {_index, field: {ref: {}}}, refs in document order.
    var invertedIndex = Object.create(null);
    var postings = terms.map(function (term, i) {
      var posting = Object.create(null);
      posting._index = i;
      fields.forEach(function (name) { posting[name] = Object.create(null); });
      invertedIndex[term] = posting;
      return posting;
    });
    // Field lengths (terms after the pipeline), by ref then field as #add records them.
    var lengths = new Float64Array(refs.length * fields.length);
    var k = 0;
    refs.forEach(function (ref) {
      fields.forEach(function (name) {
        var list = steps[k];
        var length = 0;
        var term = -1;
        for (var i = 0; i < list.length; i++) {
          var step = list[i];
          var count = 1;
          if (step < 0) { step = -step; count = list[++i]; }
          term += step;
          length += count;
          postings[term][name][ref] = empty;
        }
        lengths[k++] = length;
      });
    });

    // lunr.Builder#calculateAverageFieldLengths: every ref has every field.
    var average = fields.map(function (name, f) {
      var total = 0;
      for (var r = 0; r < refs.length; r++) total += lengths[r * fields.length + f];
      return total / documentCount;
    });

    // lunr.Builder#createFieldVectors.
    var k1 = 1.2;
    var b = 0.75;
    var idf = new Float64Array(terms.length).fill(-1);
    var fieldVectors = Object.create(null);
    k = 0;
    refs.forEach(function (ref, r) {
      var docBoost = state.boosts ? state.boosts[r] : 1;
      fields.forEach(function (name, f) {
        var list = steps[k];
        var fieldLength = lengths[k++];
        var fieldBoost = state.fields[f][1];
        var elements = [];
        var term = -1;
        for (var i = 0; i < list.length; i++) {
          var step = list[i];
          var tf = 1;
          if (step < 0) { step = -step; tf = list[++i]; }
          term += step;
          if (idf[term] < 0) idf[term] = lunr.idf(postings[term], documentCount);
          var score = idf[term] * ((k1 + 1) * tf) / (k1 * (1 - b + b * (fieldLength / average[f])) + tf);
          score *= fieldBoost;
          score *= docBoost;
          elements.push(term, Math.round(score * 1000) / 1000);
        }
        fieldVectors[name + '/' + ref] = new lunr.Vector(elements);
      });
    });

    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(terms.slice().sort()),
      fields: fields,
      pipeline: lunr.Pipeline.load(['stemmer'])
    });
  }

  if (typeof module === 'object' && module.exports) module.exports = lunrFromState;
  else global.lunrFromState = lunrFromState;
})(this);
