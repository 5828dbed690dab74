// Proves the crawler catches what it is for: a planted broken link, a missing anchor and a
// link out of the site are reported; a clean site reports nothing.
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { crawl } = require('./lib/crawl');

function site(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-crawl-'));
  for (const [name, html] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), html);
  }
  return dir;
}

const good = {
  'index.html': '<a href="texts/a.html#s-p1">a</a><a href="texts/">dir</a><a href="#top" id="top">top</a>'
    + '<a href="https://undocs.org/S/2013/480">ext</a><link rel="stylesheet" href="assets/s.css"><a href="search.html?q=x%20y">q</a>',
  'texts/a.html': '<p id="s-p1">x</p><a href="../index.html">home</a><a href="a.html#caf%C3%A9">é</a><h2 id="café">c</h2>',
  'texts/index.html': '<a href="a.html">a</a>',
  'assets/s.css': '',
  'search.html': '',
};

let dir = site(good);
let r = crawl(dir);
assert.deepStrictEqual(r.broken, [], 'a clean site has no broken links: ' + JSON.stringify(r.broken));
assert.strictEqual(r.files, 4);
fs.rmSync(dir, { recursive: true, force: true });

dir = site({
  ...good,
  'texts/b.html': '<a href="missing.html">planted</a><a href="a.html#nope">anchor</a><a href="../../outside.html">out</a>'
    + '<img src="../assets/none.png" alt=""><a href="#here">self</a>',
});
r = crawl(dir);
const problems = r.broken.map((b) => `${b.from} ${b.url} ${b.problem}`).sort();
assert.deepStrictEqual(problems, [
  'texts/b.html #here missing anchor #here',
  'texts/b.html ../../outside.html points outside the site',
  'texts/b.html ../assets/none.png missing file',
  'texts/b.html a.html#nope missing anchor #nope',
  'texts/b.html missing.html missing file',
]);
fs.rmSync(dir, { recursive: true, force: true });
console.log('crawler unit test: ok (clean site passes, 5 planted problems found)');
