// Search quality as a reader meets it: every judged query (queries.json) is typed into the real
// search page of the built site in Chromium, from file://; each of the top 5 results is
// followed to the element its link lands on (the paragraph, the note, or the entity page).
// Asserts: every fragment exists; mean precision at 5 >= 0.8; a matching source passage in the
// top 5 for at least 75 % of queries; no query without results. Prints the figures.
// Usage: node search_quality.js SITE_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const { open, snippetsLoaded, patient } = require('../browser/lib/browser');

const SITE = path.resolve(process.argv[2] || '');
const { queries } = JSON.parse(fs.readFileSync(path.join(__dirname, 'queries.json'), 'utf8'));
const base = 'file://' + SITE + '/';

async function main() {
  const browser = await open('chromium');
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const targets = new Map();  // url without ?query → {exists, text}
  const target = async (href) => {
    const u = new URL(href);
    const key = u.origin + u.pathname + u.hash;
    if (targets.has(key)) return targets.get(key);
    await page.goto(href);
    const t = await page.evaluate(() => {
      const id = decodeURIComponent(location.hash.slice(1));
      if (id) {
        let e = document.getElementById(id);
        if (!e) return { exists: false, text: '' };
        // An anchor span stands for the block it opens (list items, table rows).
        if (e.matches('span.anchor')) e = e.parentNode;
        return { exists: true, text: e.textContent, passage: !e.closest('.footnotes') && !/^H[1-6]$/.test(e.tagName) };
      }
      const h1 = document.querySelector('h1');
      const main = document.querySelector('main');
      return { exists: true, text: (h1 ? h1.textContent : '') + ' ' + (main ? main.textContent.slice(0, 1500) : ''), passage: false };
    });
    targets.set(key, t);
    return t;
  };

  let sumPrecision = 0, withPassage = 0, empty = 0, deadFragments = 0;
  const lines = [];
  for (const item of queries) {
    await page.goto(base + 'search.html?q=' + encodeURIComponent(item.q));
    await page.waitForSelector('#search-results .sr-item, #search-results .sr-empty, #search-results .sr-error', { timeout: patient(20000) });
    // Snippets (and the notes' index) arrive after the first results; judge the settled list.
    await snippetsLoaded(page);
    const hrefs = await page.$$eval('#search-results .sr-item a', (as) => as.slice(0, 5).map((a) => a.href));
    const correction = await page.$$eval('#search-results .sr-correction', (p) => p.map((x) => x.textContent).join(' '));
    if (!hrefs.length) empty++;
    const patterns = item.all.map((p) => new RegExp(p, 'i'));
    let relevant = 0, passage = false;
    const marks = [];
    for (const href of hrefs) {
      const t = await target(href);
      if (!t.exists) { deadFragments++; marks.push('✗dead'); continue; }
      const ok = patterns.every((re) => re.test(t.text));
      if (ok) relevant++;
      if (ok && t.passage) passage = true;
      marks.push((ok ? '+' : '-') + (t.passage ? 'P' : new URL(href).hash ? 'N' : 'E'));
      if (!ok && process.env.KB_SEARCH_DEBUG) console.log('  not relevant for ' + item.q + ': ' + href + ' :: ' + t.text.slice(0, 160));
    }
    const precision = hrefs.length ? relevant / Math.min(5, hrefs.length) : 0;
    sumPrecision += precision;
    if (passage) withPassage++;
    lines.push(`${precision.toFixed(1)} ${passage ? 'passage' : '-------'} ${marks.join(' ').padEnd(15)} ${item.q}${correction ? '  [' + correction + ']' : ''}`);
  }
  await browser.close();
  const n = queries.length;
  const meanP = sumPrecision / n, passageShare = withPassage / n;
  console.log(lines.join('\n'));
  console.log(`queries: ${n}; mean precision at 5: ${meanP.toFixed(3)}; a matching source passage in the top 5: ${withPassage}/${n} (${(100 * passageShare).toFixed(0)} %); ` +
    `without results: ${empty}; dead fragments: ${deadFragments}; page errors: ${errors.length}`);
  const failures = [];
  if (meanP < 0.8) failures.push(`mean precision at 5 is ${meanP.toFixed(3)} (< 0.8)`);
  if (passageShare < 0.75) failures.push(`a source passage in the top 5 for ${(100 * passageShare).toFixed(0)} % of queries (< 75 %)`);
  if (empty) failures.push(`${empty} queries without results`);
  if (deadFragments) failures.push(`${deadFragments} result links to fragments that do not exist`);
  if (errors.length) failures.push('page errors: ' + errors.slice(0, 3).join('; '));
  for (const f of failures) console.log('FAIL ' + f);
  console.log(`${failures.length ? 0 : 1} passed, ${failures.length ? 1 : 0} failed`);
  process.exit(failures.length ? 1 : 0);
}
main().catch((e) => { console.error(e); process.exit(1); });
