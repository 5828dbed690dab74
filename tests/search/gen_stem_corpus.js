// Writes a corpus whose words exercise every branch of lunr's Porter stemmer: all strings of
// up to four letters over an alphabet of vowels, "y" and the consonants the rules single out
// (s, l, b, w, d, n), and short stems followed by each suffix the rules know, alone and with
// an inflection. Indexed by both builders, the terms are the stems, so comparing the indexes
// compares the stemmers on about 50,000 words. Usage: node gen_stem_corpus.js > corpus.json
'use strict';

const words = [];
function strings(alphabet, length, prefix, out) {
  if (length === 0) {
    out.push(prefix);
    return;
  }
  for (const c of alphabet) strings(alphabet, length - 1, prefix + c, out);
}
for (let n = 1; n <= 4; n++) strings('aeyoslbwdn', n, '', words);

const suffixes = [
  'ational', 'tional', 'enci', 'anci', 'izer', 'bli', 'alli', 'entli', 'eli', 'ousli',
  'ization', 'ation', 'ator', 'alism', 'iveness', 'fulness', 'ousness', 'aliti', 'iviti',
  'biliti', 'logi', 'icate', 'ative', 'alize', 'iciti', 'ical', 'ful', 'ness', 'al', 'ance',
  'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti',
  'ous', 'ive', 'ize', 'sion', 'tion', 'e', 'll', 'ed', 'ing', 'eed', 'sses', 'ies', 's', 'y',
];
const stems = [''];
for (let n = 1; n <= 2; n++) strings('aeyoslbtr', n, '', stems);
for (const stem of stems) {
  for (const suffix of suffixes) {
    for (const ending of ['', 's', 'ed', 'ing', 'e', 'ly']) words.push(stem + suffix + ending);
  }
}

const documents = [];
for (let i = 0; i < words.length; i += 60) {
  documents.push({ id: `w${i}`, body: words.slice(i, i + 60).join(' ') });
}
process.stdout.write(JSON.stringify({ fields: [{ name: 'body' }], documents }));
