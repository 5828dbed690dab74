// A link crawler for the built site: every internal href/src must name an existing file, and
// every #fragment an element id (or name) in the target page. External links are not followed.
'use strict';
const fs = require('fs');
const path = require('path');

function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function decodeEntities(s) {
  return s.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (m, e) =>
    ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" })[e]);
}

// Ids and names a page defines, and the URLs it references (tags and attributes that load or link).
function scan(html) {
  const ids = new Set();
  for (const m of html.matchAll(/\s(?:id|name)\s*=\s*"([^"]*)"/g)) ids.add(decodeEntities(m[1]));
  const refs = [];
  for (const m of html.matchAll(/<(a|link|script|img|area|iframe|source)\b[^>]*?\s(href|src)\s*=\s*"([^"]*)"/gi)) {
    refs.push(decodeEntities(m[3]));
  }
  return { ids, refs };
}

function isExternal(url) {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
}

function safeDecode(s) {
  try { return decodeURIComponent(s); } catch (e) { return s; }
}

// Returns [{from, url, problem}] for every broken internal link or anchor under `siteDir`.
function crawl(siteDir) {
  const root = path.resolve(siteDir);
  const files = htmlFiles(root);
  const cache = new Map();
  const info = (file) => {
    if (!cache.has(file)) cache.set(file, scan(fs.readFileSync(file, 'utf8')));
    return cache.get(file);
  };
  const broken = [];
  for (const file of files) {
    const rel = path.relative(root, file);
    for (const url of info(file).refs) {
      if (isExternal(url)) continue;
      const hash = url.indexOf('#');
      const beforeHash = hash >= 0 ? url.slice(0, hash) : url;
      const fragment = hash >= 0 ? safeDecode(url.slice(hash + 1)) : null;
      const pathPart = beforeHash.split('?')[0];
      let target = pathPart === '' ? file : path.resolve(path.dirname(file), safeDecode(pathPart));
      if (!target.startsWith(root)) { broken.push({ from: rel, url, problem: 'points outside the site' }); continue; }
      if (fs.existsSync(target) && fs.statSync(target).isDirectory()) target = path.join(target, 'index.html');
      if (!fs.existsSync(target)) { broken.push({ from: rel, url, problem: 'missing file' }); continue; }
      if (fragment && target.endsWith('.html') && !info(target).ids.has(fragment)) {
        broken.push({ from: rel, url, problem: 'missing anchor #' + fragment });
      }
    }
  }
  return { files: files.length, broken };
}

module.exports = { crawl, htmlFiles, scan };

if (require.main === module) {
  const site = process.argv[2] || process.env.KB_SITE;
  if (!site) { console.error('usage: node lib/crawl.js SITE_DIR'); process.exit(2); }
  const { files, broken } = crawl(site);
  for (const b of broken.slice(0, 50)) console.error(`${b.from}: ${b.url}: ${b.problem}`);
  if (broken.length > 50) console.error(`... and ${broken.length - 50} more`);
  console.log(`links: ${files} pages crawled, ${broken.length} broken internal links or anchors`);
  process.exit(broken.length ? 1 : 0);
}
