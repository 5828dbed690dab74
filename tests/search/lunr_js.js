// Loads Debian's lunr.js 2.3.9 (node-lunr, or the browser copy from libjs-lunr) without npm,
// and builds an index from a corpus file in the format of generator/search/corpus.hpp exactly
// as the C++ builder is meant to: same ref, fields and boosts, documents in order.
'use strict';
const fs = require('fs');

function loadLunr() {
  const candidates = [process.env.LUNR_JS, '/usr/share/nodejs/lunr/index.js',
                      '/usr/share/javascript/lunr/lunr.js'].filter(Boolean);
  for (const path of candidates) {
    if (fs.existsSync(path)) return require(path);
  }
  throw new Error('lunr.js not found: apt-get install node-lunr (or set LUNR_JS)');
}

const lunr = loadLunr();

function readCorpus(path) {
  return JSON.parse(fs.readFileSync(path, 'utf8'));
}

function buildIndex(corpus) {
  return lunr(function () {
    this.ref(corpus.ref === undefined ? 'id' : corpus.ref);
    for (const field of corpus.fields) {
      if (typeof field === 'string') {
        this.field(field);
      } else if (field.boost !== undefined) {
        this.field(field.name, { boost: field.boost });
      } else {
        this.field(field.name);
      }
    }
    for (const doc of corpus.documents) {
      if (doc.boost !== undefined) this.add(doc, { boost: doc.boost });
      else this.add(doc);
    }
  });
}

module.exports = { lunr, readCorpus, buildIndex };

// `node lunr_js.js CORPUS.json` prints JSON.stringify of the lunr.js index, like `kbgen lunr`.
if (require.main === module) {
  process.stdout.write(JSON.stringify(buildIndex(readCorpus(process.argv[2]))));
}
