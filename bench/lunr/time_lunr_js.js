// Times lunr.js building and serialising an index from a corpus file: best wall-clock time of
// N runs, printed as "js_ms <value>". The same work as build_lunr_index.
'use strict';
const { buildIndex, readCorpus } = require('../../tests/search/lunr_js.js');

const corpus = readCorpus(process.argv[2]);
const runs = Number(process.argv[3] || 5);
let best = Infinity;
let size = 0;
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  const index = JSON.stringify(buildIndex(corpus));
  const stop = process.hrtime.bigint();
  size = index.length;
  best = Math.min(best, Number(stop - start) / 1e6);
}
console.log(`js_ms ${best}\nindex_chars ${size}`);
