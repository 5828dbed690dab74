// Search data of the real site: loads the built search/index.js and search/meta.js into
// Debian's lunr.js exactly as a page does, runs the queries a reader would type, and checks the
// right passage comes first or near the top. Usage: node queries.js SITE_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const lunr = require('/usr/share/nodejs/lunr');

const site = process.argv[2];
const sandbox = { window: {} };
vm.createContext(sandbox);
for (const f of ['search/index.js', 'search/notes.js', 'search/meta.js', 'assets/lunr-state.js']) {
  vm.runInContext(fs.readFileSync(path.join(site, f), 'utf8'), sandbox);
}
// The indexes come as lunr.Builder's state, finished by the site's own assets/lunr-state.js.
const index = sandbox.lunrFromState(lunr, sandbox.window.KB_SEARCH_INDEX);
const notes = sandbox.lunrFromState(lunr, sandbox.window.KB_SEARCH_NOTES);
const store = sandbox.window.KB_SEARCH_META.docs;

// The index folds accented Latin letters (see generator/search/site_search.hpp); so does the page.
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[\u2018\u2019]/g, "'");

// The spelling rules the index was shaped with (search/meta.js), applied to the query's words.
const rules = sandbox.window.KB_SEARCH_META.spelling;
function shape(w) {
  for (const [from, to] of rules.prefixes) if (w.startsWith(from)) return to + w.slice(from.length);
  if (w.length < rules.min || /[^a-z]/.test(w)) return w;
  for (const [from, to] of rules.suffixes) if (w.length > from.length && w.endsWith(from)) return w.slice(0, -from.length) + to;
  return w;
}

let passed = 0, failed = 0;
function expectTop(query, wantUrl, within, exact = true, idx = index) {
  // Every word required, except stop words, which the index does not hold.
  const q = fold(query).split(/\s+/).filter((t) => lunr.stopWordFilter(t.toLowerCase())).map((t) => '+' + shape(t.toLowerCase())).join(' ');
  const results = idx.search(q).slice(0, within).map((r) => store[r.ref].u);
  const ok = results.some((u) => (exact ? u === wantUrl : u.startsWith(wantUrl)));
  if (ok) passed++;
  else {
    failed++;
    console.log(`FAIL: "${query}" should find ${wantUrl} in the top ${within}; got ${JSON.stringify(results)}`);
  }
}

expectTop('MINUSCA', 'missions/minusca.html', 3);
expectTop('MONUSCO', 'missions/monusco.html', 3);
expectTop('national ownership', 'themes/national-ownership.html', 5);
expectTop('2151', 'mandates/res-2151.html', 5);
expectTop('S/2008/39', 'documents/s-2008-39.html', 3);
// A phrase from a footnote: the note itself comes first in the notes' index.
expectTop('Mapping of UN support to Defence Sector Reform by UN Peacekeeping Operations', 'texts/book-ch09.html#fn-1', 3, true, notes);
// Passages are documents of their own: a text result is its paragraph's anchor.
expectTop('Bangui Forum', 'texts/book-ch07.html#', 3, false);
// Accents: typed with or without them, the passages are found.
expectTop("Côte d'Ivoire", 'missions/unoci.html', 1);
expectTop("Cote d'Ivoire", 'missions/unoci.html', 1);
expectTop("Côte d’Ivoire", 'missions/unoci.html', 1);
expectTop("Côte d'Ivoire", 'texts/book-ch06.html', 10, false);
expectTop('Hänggi', 'texts/book-', 10, false);
expectTop('Hanggi', 'texts/book-', 10, false);

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
