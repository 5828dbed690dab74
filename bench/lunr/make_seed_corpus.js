// Builds a large benchmark corpus from the seed texts: every paragraph (blank-line separated)
// of every seed becomes a document with a title (its first words) and a body.
// Usage: node make_seed_corpus.js SEED_DIR > corpus.json
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const documents = [];
for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
  const text = fs.readFileSync(path.join(dir, name), 'utf8');
  const stem = path.basename(name, '.txt');
  text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0).forEach((p, i) => {
    documents.push({ id: `${stem}#${i}`, title: p.split(/\s+/).slice(0, 8).join(' '), body: p });
  });
}
process.stdout.write(JSON.stringify({
  ref: 'id',
  fields: [{ name: 'title', boost: 10 }, { name: 'body' }],
  documents,
}));
