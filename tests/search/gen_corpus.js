// Writes a deterministic pseudo-random corpus (same bytes on every run and machine) that mixes
// English prose, stemmer-sensitive words, accented and non-Latin words, numbers, symbols,
// hyphenation and punctuation, with integer-like and repeated refs, missing fields and boosts.
// Usage: node gen_corpus.js [DOCUMENTS] [unique] > corpus.json
//   unique: no repeated refs (what `kbgen lunr --state` needs)
'use strict';

function mulberry32(seed) {
  return function () {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20240915);
const pick = (list) => list[Math.floor(random() * list.length)];

const words = (
  'the of and to in a is that for it as was with be by on not he this are or his from at ' +
  'which but have an they you were her she there been one all we their has would when if so ' +
  'security sector reform united nations peacekeeping mission missions mandate mandates ' +
  'defence defense police justice governance oversight ownership national nationally ' +
  'support supported supporting supports council resolution resolutions assembly assemblies ' +
  'general generalizations key keys employed employment employ happy happiness sky skies ' +
  'relational conditional rational operator feudalism decisiveness hopefulness callousness ' +
  'formality sensitivity triplicate formative electrical hopeful goodness revival allowance ' +
  'adjustable replacement adjustment dependent adoption communism activate effective ' +
  'controlling rolling yes yelling syzygy studies agreed plastered motoring conflated ' +
  'troubled sized hopping tanned falling hissing fizzed failing filing caresses ponies ties'
).split(' ');
const exotic = [
  'Côte', "d'Ivoire", 'Hänggi', 'Ébo', 'café', 'naïve', 'São', 'Tomé', 'ΟΔΟΣ', 'Σ', 'σοφός',
  'ПРИВЕТ', 'Україна', 'İstanbul', '日本語', '安全', '한국어', '😀', '👍🏽', '𝐀𝐁', 'ＡＢＣ',
  'S/2015/576', 'S/RES/2151', '(2014)', '2014', '1.5', '0.1', '007', '3', '10', '1e21', '½',
  '&', '-', '--', '—', '–', '…', "don't", 'UN’s', '‘quoted’', '"x"', 'a\\b', 'R&D',
  'well-known', 'post-conflict', 'self-determination', 'constructor', '__proto__', 'x\u00a0y',
];
const separators = [' ', ' ', ' ', ' ', ', ', '. ', ' - ', '\n', '\t', ' — ', '; '];

function sentence(length) {
  let text = '';
  for (let i = 0; i < length; i++) {
    let word = random() < 0.1 ? pick(exotic) : pick(words);
    if (random() < 0.08) word = word[0].toUpperCase() + word.slice(1);
    if (random() < 0.02) word = word.toUpperCase();
    text += (i ? pick(separators) : '') + word;
  }
  return text;
}

const count = Number(process.argv[2] || 1500);
const unique = process.argv[3] === 'unique';
const documents = [];
for (let i = 0; i < count; i++) {
  const r = random();
  let id = r < 0.3 ? String(i) : r < 0.35 ? i : r < 0.4 ? `0${i}` : `doc-${i}`;
  if (random() < 0.02 && documents.length && !unique) id = pick(documents).id;  // a repeated ref
  const doc = { id, title: sentence(1 + Math.floor(random() * 6)) };
  if (random() < 0.9) doc.body = sentence(Math.floor(random() * 120));
  if (random() < 0.5) doc.kind = pick(['text', 'mission', 'theme', 'mandate', 'lesson']);
  if (random() < 0.1) doc.boost = pick([0.5, 2, 3, 1.5, 10]);
  documents.push(doc);
}
process.stdout.write(JSON.stringify({
  ref: 'id',
  fields: [{ name: 'title', boost: 10 }, { name: 'body' }, { name: 'kind', boost: 0.5 }],
  documents,
}));
