// Validates every page of the built site with the Nu HTML Checker (vnu-jar from npm, run by
// Debian's Java) in one JVM run; any error fails.
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');
const { htmlFiles } = require('./lib/crawl');

const site = process.argv[2] || process.env.KB_SITE;
if (!site) { console.error('usage: node vnu.js SITE_DIR'); process.exit(2); }
const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
const files = htmlFiles(path.resolve(site));
if (files.length === 0) { console.error('no pages in ' + site); process.exit(1); }
const r = spawnSync(process.env.KB_JAVA || 'java', ['-Xss8m', '-jar', jar, '--errors-only', '--format', 'json', ...files],
  { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
if (r.error) { console.error('could not run java: ' + r.error.message); process.exit(1); }
let report;
try { report = JSON.parse(r.stderr); } catch (e) { console.error('unreadable vnu output:\n' + r.stderr.slice(0, 2000)); process.exit(1); }
const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
for (const m of errors.slice(0, 40)) {
  console.error(`${path.relative(site, (m.url || '').replace(/^file:/, ''))}:${m.lastLine || 0}: ${m.message}`);
}
if (errors.length > 40) console.error(`... and ${errors.length - 40} more`);
console.log(`html: ${files.length} pages checked by vnu ${report.version}, ${errors.length} errors`);
process.exit(errors.length ? 1 : 0);
