// Checks an index built by `kbgen lunr` against lunr.js 2.3.9 on the same corpus:
//  1. the serialised index must equal JSON.stringify of lunr.js's index, byte for byte;
//  2. lunr.Index.load of ours must answer every query exactly as lunr.js's own index does
//     (refs, scores, match data, or the same QueryParseError).
// With --state, OUR_INDEX.json is the builder state of `kbgen lunr --state` (what the site
// ships), finished by generator/search/lunr_state.js, and the same two checks apply to the
// index that yields.
// Usage: node compare_lunr.js [--state] CORPUS.json OUR_INDEX.json [QUERIES.json]
// Exit status 0 when both hold, 1 otherwise (with the first difference explained).
'use strict';
const fs = require('fs');
const path = require('path');
const { lunr, readCorpus, buildIndex } = require('./lunr_js.js');

const args = process.argv.slice(2);
const state = args[0] === '--state';
if (state) args.shift();
const [corpusPath, oursPath, queriesPath] = args;
const corpus = readCorpus(corpusPath);
const theirs = JSON.stringify(buildIndex(corpus));
let ours = fs.readFileSync(oursPath, 'utf8');
if (state) {
  const lunrFromState = require(path.join(__dirname, '../../generator/search/lunr_state.js'));
  ours = JSON.stringify(lunrFromState(lunr, JSON.parse(ours)));
}
let failures = 0;

function context(text, at) {
  return JSON.stringify(text.slice(Math.max(0, at - 80), at + 80));
}

if (ours !== theirs) {
  failures++;
  let at = 0;
  while (at < ours.length && at < theirs.length && ours[at] === theirs[at]) at++;
  console.error(`${corpusPath}: index differs from lunr.js at character ${at} ` +
                `(ours ${ours.length} chars, lunr.js ${theirs.length})`);
  console.error(`  ours:    ${context(ours, at)}`);
  console.error(`  lunr.js: ${context(theirs, at)}`);
}

// Queries: the corpus's own words plus the list, so every corpus gets real hits.
let queries = queriesPath ? JSON.parse(fs.readFileSync(queriesPath, 'utf8')) : [];
const sample = [];
const first = corpus.fields[0];
const firstField = typeof first === 'string' ? first : first && first.name;
for (const doc of corpus.documents.slice(0, 40)) {
  const words = String(doc[firstField] || '').split(/\s+/).filter(Boolean);
  if (words.length) sample.push(words[0], words.slice(0, 2).join(' '));
}
queries = queries.concat(sample);

function run(index, query) {
  try {
    return JSON.stringify(index.search(query));
  } catch (e) {
    return `error: ${e.name}: ${e.message}`;
  }
}

let ourIndex;
try {
  ourIndex = lunr.Index.load(JSON.parse(ours));
} catch (e) {
  failures++;
  console.error(`${corpusPath}: lunr.Index.load rejects our index: ${e.message}`);
}
const theirIndex = lunr.Index.load(JSON.parse(theirs));
let hits = 0;
if (ourIndex) {
  for (const query of queries) {
    const a = run(ourIndex, query);
    const b = run(theirIndex, query);
    if (!a.startsWith('error')) hits += JSON.parse(a).length;
    if (a !== b) {
      failures++;
      console.error(`${corpusPath}: query ${JSON.stringify(query)} differs`);
      console.error(`  ours:    ${a.slice(0, 300)}`);
      console.error(`  lunr.js: ${b.slice(0, 300)}`);
    }
  }
}

const name = corpusPath.split('/').pop();
console.log(`${name}${state ? ' (builder state)' : ''}: ${corpus.documents.length} documents, index ${ours.length} chars, ` +
            `${queries.length} queries (${hits} hits): ${failures ? 'FAILED' : 'identical'}`);
process.exit(failures ? 1 : 0);
