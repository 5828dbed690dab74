// Issue 17, proven in a real browser: no hostile input reaches a reader's browser as something
// that runs. Builds tests/fixtures/hostile-site (content only: every way content could try to run
// code, each payload calling alert('kbxss-NAME')) with kbgen, twice: with the test templates of
// tests/fixtures/templates, and with the project's own templates/ and assets/ (its search box,
// search page, dropdown, popovers and scripts, which show content too). Then, in Chromium from
// file://, on every page (and on search results for the payloads' words): audits the live DOM,
// checks where every link goes (new URL(a.href).protocol), hovers every element with a title and
// every link, clicks every link and clickable element (a click that leaves the page is made on a
// fresh load of it), and asserts that no dialog opened, that the alert/confirm/prompt trap
// (window.__kbxss) stayed empty on every page visited, landings included, that no code of
// content's was even compiled, and that #search-input is the site's own input.
//
//   node hostile.js [KBGEN] [--source DIR] [--only fixture|project] [--every] [--keep] [--verbose]
//   node hostile.js --site BUILT_SITE_DIR     (no build: checks a site built elsewhere)
// KBGEN defaults to ../../build/kbgen and --source (the project's root) to ../.., both from here.
// --every clicks the templates' own header and footer links on every page (by default once per
// distinct markup and target); --keep keeps the built sites; --verbose times each page.
// Prints "ok   NAME" or "FAIL NAME: reason" per check; any failure makes the exit code 1.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { pathToFileURL, fileURLToPath } = require('url');
const { launch } = require('./lib/playwright-chromium');
const { patient } = require('./lib/browser');
const { htmlFiles } = require('./lib/crawl');

// Waits end on conditions; these bounds only stop a hung run. Generous, because the machine may
// be busy with other jobs (KB_WAIT_SCALE scales them: lib/browser.js).
const WAIT = patient(12000);

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf('--' + name); return i >= 0 ? args[i + 1] : def; };
const flag = (name) => args.includes('--' + name);
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--source', '--site', '--only'].includes(args[i - 1])));
const SOURCE = path.resolve(opt('source', path.join(__dirname, '..', '..')));
const KBGEN = path.resolve(positional[0] || path.join(__dirname, '..', '..', 'build', 'kbgen'));
const GIVEN_SITE = opt('site', null);
const KEEP = flag('keep');
const VERBOSE = flag('verbose');
const EVERY = flag('every');  // click a template's link on every page, not once
const ONLY = opt('only', null);  // "fixture" or "project": build and check one variant
if (ONLY && !['fixture', 'project'].includes(ONLY)) { console.error('--only takes fixture or project'); process.exit(2); }
const FIXTURE = path.join(SOURCE, 'tests', 'fixtures', 'hostile-site');

const ALLOWED_LINK_PROTOCOLS = new Set(['http:', 'https:', 'file:', 'mailto:']);
// Everything a reader can click: links (with or without href), buttons, disclosure summaries and
// whatever carries a clickable role.
const CLICKABLE = 'a, area, button, summary, input[type=submit], input[type=button], input[type=image], ' +
  'input[type=reset], [role=button], [role=link], [role=tab], [role=menuitem], [role=menuitemcheckbox], ' +
  '[role=menuitemradio], [role=checkbox], [role=switch], [role=option], [onclick]';
const HOVERABLE = '[title], a, abbr, sup.fnref a';

// Runs before any script of every page and frame: alert, confirm and prompt record each call in
// window.__kbxss (and in the top window's, from a frame) before doing what they do.
const TRAP = `(() => {
  const log = [];
  try { Object.defineProperty(window, '__kbxss', { value: log, configurable: false, writable: false }); } catch (e) { return; }
  for (const name of ['alert', 'confirm', 'prompt']) {
    const original = window[name];
    window[name] = function (...a) {
      const entry = name + '(' + a.map(String).join(', ') + ') at ' + location.href;
      log.push(entry);
      try { if (window.top !== window && window.top.__kbxss) window.top.__kbxss.push(entry); } catch (e) { /* cross-origin */ }
      return original.apply(this, a);
    };
  }
})();`;

// What an outside URL (https://example.org/...) answers with: the test never leaves the machine.
const STUB = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>outside</title></head><body><p>A stand-in for a page outside the site.</p></body></html>';

const failures = [];
let passed = 0;
function report(name, problems) {
  if (problems.length === 0) { passed++; console.log(`ok   ${name}`); return; }
  failures.push(name);
  const shown = problems.slice(0, 30).map((p) => String(p).replace(/\s+/g, ' ').slice(0, 400));
  console.log(`FAIL ${name}: ${problems.length} problem(s):\n       ` + shown.join('\n       ') +
    (problems.length > shown.length ? `\n       … and ${problems.length - shown.length} more` : ''));
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); })])
    .finally(() => clearTimeout(timer));
}

function walkFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walkFiles(p)); else out.push(p);
  }
  return out.sort();
}

// The payloads of the fixture: each names itself with one distinct "kbxss-NAME" marker.
function countPayloads() {
  const markers = new Set();
  const files = walkFiles(path.join(FIXTURE, 'content'));
  for (const f of files) for (const m of fs.readFileSync(f, 'utf8').match(/kbxss-[A-Za-z0-9-]+/g) || []) markers.add(m);
  return { payloads: markers.size, files: files.length };
}

// The inline scripts the templates themselves hold (the only inline scripts a page may have), and
// the ids the site's own markup and scripts rely on (content must not take them).
function siteKnowledge(templateDirs, site) {
  const inline = new Set();
  const ids = new Set(['search-input', 'search-dropdown', 'search-page-input', 'search-results', 'kb-status', 'kb-pop', 'main']);
  for (const dir of templateDirs) {
    if (!fs.existsSync(dir)) continue;
    for (const f of walkFiles(dir)) {
      const t = fs.readFileSync(f, 'utf8');
      for (const m of t.matchAll(/<script>([\s\S]*?)<\/script>/g)) inline.add(m[1]);
      for (const m of t.matchAll(/\sid="([^"{}]+)"/g)) ids.add(m[1]);
    }
  }
  const js = path.join(site, 'assets', 'kb.js');
  if (fs.existsSync(js)) {
    const t = fs.readFileSync(js, 'utf8');
    for (const m of t.matchAll(/getElementById\('([^']+)'\)|\.id = '([^']+)'/g)) ids.add(m[1] || m[2]);
  }
  return { inline: [...inline], ids: [...ids] };
}

// Runs kbgen; if the binary is missing or being relinked (another job rebuilding it), tries again
// for a while (this waits for a precondition, not for what the test asserts).
function runKbgen(argv) {
  const attempt = () => new Promise((resolve) => {
    let out = '';
    let child;
    try { child = spawn(KBGEN, argv, { stdio: ['ignore', 'pipe', 'pipe'] }); } catch (e) { resolve({ retry: true, error: e }); return; }
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', (e) => resolve({ retry: ['ENOENT', 'ETXTBSY', 'EACCES', 'ENOEXEC'].includes(e.code), error: e, out }));
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
  return (async () => {
    const deadline = Date.now() + patient(60000);
    for (;;) {
      const r = await attempt();
      if (!r.retry || Date.now() > deadline) return r;
      await new Promise((res) => setTimeout(res, 1000));
    }
  })();
}

async function buildVariant(tmp, name, templates, assets) {
  const root = path.join(tmp, name, 'root');
  const out = path.join(tmp, name, 'site');
  fs.cpSync(path.join(FIXTURE, 'content'), path.join(root, 'content'), { recursive: true });
  fs.copyFileSync(path.join(SOURCE, 'tests', 'fixtures', 'schema.yaml'), path.join(root, 'content', 'schema.yaml'));
  fs.cpSync(templates, path.join(root, 'templates'), { recursive: true });
  if (assets) fs.cpSync(assets, path.join(root, 'assets'), { recursive: true });
  const r = await runKbgen(['build', '--root', root, '--out', out]);
  const problems = [];
  if (r.error) problems.push(`could not run ${KBGEN}: ${r.error.message}`);
  else if (r.code !== 0) problems.push(`kbgen exited with ${r.code === null ? r.signal : r.code}:\n${r.out.split('\n').filter((l) => !/warning/.test(l)).join('\n')}`);
  const warnings = r.out ? (r.out.match(/warning:/g) || []).length : 0;
  const unsafe = r.out ? (r.out.match(/\[unsafe-url\]/g) || []).length : 0;
  const pages = problems.length ? 0 : htmlFiles(out).length;
  if (!problems.length && pages < 10) problems.push(`only ${pages} pages built`);
  report(`${name}: kbgen builds the hostile fixture with exit 0 (${pages} pages, ${warnings} warnings, ${unsafe} unsafe link targets reported)`, problems);
  return problems.length ? null : { name, site: out, templateDirs: [templates] };
}

// ---------------------------------------------------------------------------------------------
// In the page.

// Everything in the live DOM (as Chromium parsed it) that could run code or that takes what is
// the site's: returns a list of problems. Runs in the page; `opts` = {inline, ids, siteBase, root}.
function auditDom(opts) {
  const problems = [];
  const scope = opts.root ? document.querySelector(opts.root) : document;
  if (!scope) return problems;
  const allowed = new Set(['http:', 'https:', 'file:', 'mailto:']);
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background',
    'ping', 'cite', 'codebase', 'longdesc', 'lowsrc', 'dynsrc', 'manifest', 'icon', 'srcset']);
  const desc = (el) => el.outerHTML.slice(0, 160);
  for (const el of scope.querySelectorAll('*')) {
    const tag = el.localName;
    for (const a of Array.from(el.attributes)) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) problems.push(`event handler attribute ${n}: ${desc(el)}`);
      if (n === 'srcdoc') problems.push(`srcdoc: ${desc(el)}`);
      if (n === 'style' && /javascript:|expression\s*\(|-moz-binding|behavior\s*:/i.test(a.value)) problems.push(`style that names code: ${desc(el)}`);
      if (urlAttrs.has(n)) {
        const values = n === 'srcset' ? a.value.split(',').map((s) => s.trim().split(/\s+/)[0]) : [a.value];
        for (const v of values) {
          let u;
          try { u = new URL(v, document.baseURI); } catch (e) { continue; }  // not a URL: a relative path the browser cannot follow
          const image = tag === 'img' && (n === 'src' || n === 'srcset') && /^data:image\/(png|gif|jpeg|webp|avif)[;,]/i.test(u.href);
          if (!allowed.has(u.protocol) && !image) problems.push(`${n} with a ${u.protocol} URL: ${desc(el)}`);
        }
      }
    }
    if (tag === 'script') {
      if (el.hasAttribute('src')) {
        if (!el.src.startsWith(opts.siteBase) || !/\.js$/.test(new URL(el.src).pathname)) problems.push(`script from outside the site's own files: ${desc(el)}`);
      } else if (!opts.inline.includes(el.textContent)) problems.push(`inline script the templates do not hold: ${desc(el)}`);
    }
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal', 'fencedframe'].includes(tag)) problems.push(`${tag} element: ${desc(el)}`);
    if (tag === 'meta' && el.hasAttribute('http-equiv')) problems.push(`meta http-equiv: ${desc(el)}`);
    if ((tag === 'link' || tag === 'style') && el.closest('body')) problems.push(`${tag} element in the body: ${desc(el)}`);
    if (el.namespaceURI === 'http://www.w3.org/2000/svg' && tag === 'svg' && el.closest('main')) {
      for (const s of el.querySelectorAll('script, foreignObject, animate, set')) problems.push(`active SVG content: ${desc(s)}`);
    }
  }
  if (!opts.root) {
    for (const m of ['getElementById', 'querySelector', 'querySelectorAll', 'createElement']) {
      if (typeof document[m] !== 'function') problems.push(`document.${m} is clobbered`);
    }
    for (const el of document.querySelectorAll('img[name], form[name], embed[name], object[name], iframe[name]')) problems.push(`named element shadows document properties: ${desc(el)}`);
    for (const id of opts.ids) {
      const n = document.querySelectorAll(`[id="${CSS.escape(id)}"]`).length;
      if (n > 1) problems.push(`the site's id "${id}" is taken ${n} times`);
    }
    if (window.KB_PREVIEWS instanceof Element) problems.push('window.KB_PREVIEWS is an element of content\'s');
  }
  return problems;
}

// Whether document.getElementById('search-input') is the site's own search box.
function searchBoxState() {
  const s = document.getElementById('search-input');
  if (!s) return { present: false };
  return {
    present: true,
    own: s instanceof HTMLInputElement && s.type === 'search' && s.classList.contains('search-input') && !!s.closest('header.site-header form.search-form') && !s.closest('main'),
    what: s.outerHTML.slice(0, 160),
  };
}

// The clickable elements, in document order, with where each would go.
function describeClickables(selector) {
  const stripHash = (u) => u.split('#')[0];
  return Array.from(document.querySelectorAll(selector)).map((el, i) => {
    const tag = el.localName;
    const raw = el.getAttribute('href') !== null ? el.getAttribute('href') : el.getAttribute('xlink:href');
    const info = { i, tag, html: el.outerHTML.slice(0, 160), raw, href: null, protocol: null, target: el.getAttribute('target'), inMain: !!el.closest('main') };
    // What identifies it on a fresh load (not its classes: the site marks a link under the mouse).
    info.identity = [tag, raw, el.getAttribute('type'), el.textContent.trim().slice(0, 120)].join('|');
    if ((tag === 'a' || tag === 'area') && raw !== null) {
      try {
        const u = new URL(typeof el.href === 'string' ? el.href : raw, document.baseURI);
        info.href = u.href;
        info.protocol = u.protocol;
      } catch (e) { info.protocol = 'unparsable'; }
    }
    const submits = el.form && ((tag === 'button' && (el.type === 'submit')) || (tag === 'input' && (el.type === 'submit' || el.type === 'image')));
    // (formAction is the document's own URL when the button names no formaction of its own.)
    if (submits) { info.submits = true; info.href = el.hasAttribute('formaction') ? el.formAction : el.form.action; }
    const target = info.target && !/^_(self|top|parent)$/i.test(info.target);
    if (info.protocol && !['http:', 'https:', 'file:'].includes(info.protocol)) info.kind = 'other-scheme';
    else if (info.href && target) info.kind = 'popup';
    else if (info.submits) info.kind = 'submit';
    else if (info.href && (stripHash(info.href) !== stripHash(location.href) || !info.href.includes('#'))) info.kind = 'navigate';
    else info.kind = 'in-page';
    return info;
  });
}

// Clicks like a reader where one can (the element is on screen and nothing covers it), otherwise
// with the element's own click(), which follows links and toggles summaries just the same. Says how.
async function clickElement(page, handle) {
  // The mouse may rest where the last page had it, over a link whose popover (the site's preview)
  // would then cover the element to click: move it away and let any popover close first.
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => !document.querySelector('.kb-pop:not([hidden])'), null, { timeout: patient(2000), polling: 50 }).catch(() => {});
  const point = await handle.evaluate((el) => {
    if (!el.isConnected) return { detached: true };
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    const r = el.getClientRects()[0];
    if (!r || r.width < 1 || r.height < 1) return null;
    const x = r.left + Math.min(r.width / 2, 8), y = r.top + r.height / 2;
    const at = document.elementFromPoint(x, y);
    return at && (at === el || el.contains(at)) ? { x, y } : null;
  });
  if (point && point.detached) return 'detached';
  if (point) { await page.mouse.click(point.x, point.y); return 'mouse'; }
  await handle.evaluate((el) => {
    if (typeof el.click === 'function') el.click();
    else el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
  });
  return 'dom';
}

// Hovers like a reader where one can, otherwise with the mouse events a hover fires. Says how, and
// whether the element is one the site shows a popover for (a cross-reference with a preview, a
// footnote marker, an abbreviation).
async function hoverElement(page, handle) {
  const at = await handle.evaluate((el) => {
    if (!el.isConnected) return { detached: true };
    const link = el.closest('a.xref[data-ref]');
    const trigger = !!(link && window.KB_PREVIEWS && window.KB_PREVIEWS[link.getAttribute('data-ref')]) || el.matches('abbr[title]') ||
      (el.matches('sup.fnref a') && !!document.getElementById(decodeURIComponent((el.getAttribute('href') || '').slice(1))));
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    const r = el.getClientRects()[0];
    if (!r || r.width < 1 || r.height < 1) return { trigger };
    const x = r.left + Math.min(r.width / 2, 8), y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    return hit && (hit === el || el.contains(hit)) ? { x, y, trigger } : { trigger };
  });
  if (at.detached) return { how: 'detached' };
  if (at.x !== undefined) { await page.mouse.move(at.x, at.y); return { how: 'mouse', trigger: at.trigger }; }
  await handle.evaluate((el) => {
    for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove']) {
      const Ctor = type.startsWith('pointer') ? PointerEvent : MouseEvent;
      el.dispatchEvent(new Ctor(type, { bubbles: !type.endsWith('enter'), cancelable: true, view: window }));
    }
  });
  return { how: 'dom', trigger: at.trigger };
}

// The page has handled what a click or a hover started: two rounds of tasks have run after it.
// Posted messages, not timers or animation frames: a tab that is not in front has its timers
// slowed to one a second and draws no frames.
async function settle(page) {
  await withTimeout(page.evaluate(() => new Promise((resolve) => {
    const round = (then) => { const c = new MessageChannel(); c.port1.onmessage = then; c.port2.postMessage(0); };
    round(() => round(() => resolve()));
  })), WAIT, 'settle');
}

// ---------------------------------------------------------------------------------------------

async function explore(v, knowledge) {
  const rec = {
    dialogs: [], errors: [], dom: [], links: [], clicks: [], compiled: [], trap: [], search: [], notes: [],
    linksChecked: 0, linkClicks: 0, clicks_total: 0, byMouse: 0, byDom: 0, navigations: 0, popups: 0, outside: 0,
    hovers: 0, popovers: 0, sameAsBefore: 0, downloads: 0, popoverMisses: 0, pagesVisited: 0, pagesLoaded: 0, searchBoxOwn: 0, searchBoxAbsent: 0,
  };
  const siteBase = pathToFileURL(v.site).href + '/';
  const siteFileUrl = (u) => u.startsWith(siteBase) && /\.js$/.test(u.split(/[?#]/)[0]);
  const pendingSearches = [];
  // Each worker drives a browser of its own, in one tab that stays in front: a tab behind another
  // draws no frames, and Chromium holds mouse moves (and slows timers) until it does.
  async function startBrowser() {
    const { context, close } = await launch();
    await context.addInitScript({ content: TRAP });
    await context.route((u) => u.protocol === 'http:' || u.protocol === 'https:', (route) => {
      rec.outside++;
      route.fulfill({ status: 200, contentType: 'text/html', body: STUB }).catch(() => {});
    });
    const instrumented = new WeakSet();
    const instrument = async (p) => {
      if (instrumented.has(p)) return;
      instrumented.add(p);
      p.on('dialog', (d) => {
        rec.dialogs.push(`${p.url()}: ${d.type()}("${d.message()}")`);
        d.dismiss().catch(() => {});
      });
      p.on('pageerror', (e) => rec.errors.push(`${p.url()}: ${e.message}`));
      // Every script compiled in the page's own world that is not one of the site's .js files
      // (inline scripts, event handlers, javascript: URLs) is searched for a payload's marker.
      try {
        const cdp = await context.newCDPSession(p);
        cdp.on('Debugger.scriptParsed', (e) => {
          const aux = e.executionContextAuxData || {};
          if (aux.isDefault === false || siteFileUrl(e.url) || /^chrome(-error)?:/.test(e.url) || /^chrome(-error)?:/.test(p.url())) return;
          pendingSearches.push(cdp.send('Debugger.searchInContent', { scriptId: e.scriptId, query: 'kbxss-' })
            .then((r) => { if (r.result.length) rec.compiled.push(`${p.url()}: script ${e.url || '(no URL)'} holds "${r.result[0].lineContent.trim().slice(0, 160)}"`); })
            .catch(() => {}));
        });
        await cdp.send('Debugger.enable');
        await cdp.send('Debugger.setSkipAllPauses', { skip: true });
      } catch (e) {
        if (!p.isClosed()) rec.notes.push(`${p.url()}: no script watch: ${e.message}`);
      }
    };
    context.on('page', (p) => { instrument(p); });
    const existing = context.pages();
    const tab = existing.length ? existing[0] : await context.newPage();
    await instrument(tab);
    for (const extra of context.pages()) if (extra !== tab) await extra.close();
    return { tab, close };
  }
  async function trapOf(p, where) {
    if (p.isClosed()) return;
    try {
      await p.waitForLoadState('load', { timeout: WAIT });
      const calls = await withTimeout(p.evaluate(() => (window.__kbxss ? window.__kbxss.slice() : ['(the trap is missing)'])), WAIT, 'read the trap');
      rec.pagesVisited++;
      for (const c of calls) rec.trap.push(`${where}: ${c}`);
    } catch (e) { rec.trap.push(`${where}: could not read window.__kbxss: ${e.message.split('\n')[0]}`); }
  }

  const rels = htmlFiles(v.site).map((f) => path.relative(v.site, f).split(path.sep).join('/'));
  const visits = rels.map((rel) => ({ rel, ready: async () => {} }));
  // With the project's scripts: the search page and the header's dropdown show content's titles and
  // snippets too (found by the payloads' own words, and by a query that is itself a payload).
  if (knowledge.hasSearch) {
    const searchReady = async (p) => {
      await p.waitForFunction(() => document.querySelector('#search-results .sr-item, #search-results .sr-empty, #search-results .sr-error'), null, { timeout: WAIT, polling: 100 });
      await p.waitForFunction(() => !document.querySelector('.sr-snippet-loading'), null, { timeout: WAIT, polling: 100 });
    };
    for (const q of ['kbxss', 'alert onerror script', 'evil mission', `"><img src=x onerror=alert('kbxss-query')>`]) {
      visits.push({ rel: 'search.html?q=' + encodeURIComponent(q), ready: searchReady });
    }
    visits.push({
      rel: 'index.html', label: 'index.html (header search "kbxss")',
      ready: async (p) => {
        await p.fill('#search-input', 'kbxss');
        await p.locator('#search-dropdown[data-query="kbxss"] .sr-item a').first().waitFor({ timeout: WAIT });
        await p.waitForFunction(() => !document.querySelector('.sr-snippet-loading'), null, { timeout: WAIT, polling: 100 });
      },
    });
  }

  const auditOpts = { inline: knowledge.inline, ids: knowledge.ids, siteBase, root: null };
  const stripHash = (u) => u.split('#')[0];
  // Outside <main>, the templates' header, navigation, breadcrumb and footer links repeat on every
  // page: one with the very same markup and target as one already clicked on another page behaves
  // the same, so its click that leaves the page is made once (unless --every). Its URL is still
  // checked and it is hovered on every page; every link inside <main> is clicked on every page.
  const clickedOnce = new Map();

  // One page (or one view of it: search results, an open dropdown): audited, hovered and clicked
  // where clicks stay on it; then every click that leaves it is made on a fresh load of its URL.
  async function visitOne(visit, tab) {
    const label = visit.label || visit.rel;
    const url = siteBase + visit.rel;
    const tv = Date.now();
    const before = rec.clicks_total;
    const page = tab;
    const phases = [];
    let tp = Date.now();
    const phase = (name) => { const now = Date.now(); phases.push(`${name} ${now - tp}`); tp = now; };
    try {
      await page.goto(url, { waitUntil: 'load', timeout: WAIT });
      await visit.ready(page);
      rec.pagesLoaded++;
      for (const p of await page.evaluate(auditDom, auditOpts)) rec.dom.push(`${label}: ${p}`);
      const box = await page.evaluate(searchBoxState);
      if (!box.present) rec.searchBoxAbsent++;
      else if (box.own) rec.searchBoxOwn++;
      else rec.search.push(`${label}: getElementById('search-input') is not the site's search box: ${box.what}`);
      if (knowledge.hasSearch && /^(index|texts\/raw-html|texts\/markdown|missions\/evil)\.html$/.test(visit.rel) && !box.present) {
        rec.search.push(`${label}: the site's search box is missing`);
      }

      const items = await page.evaluate(describeClickables, CLICKABLE);
      const handles = await page.$$(CLICKABLE);
      for (const it of items) {
        if (it.protocol === null) continue;
        rec.linksChecked++;
        if (!ALLOWED_LINK_PROTOCOLS.has(it.protocol)) rec.links.push(`${label}: link #${it.i} goes to a ${it.protocol} URL: ${it.html}`);
      }

      // Hover: every element with a title, and every link (previews show content's summaries).
      for (const h of await page.$$(HOVERABLE)) {
        const { how, trigger } = await hoverElement(page, h);
        if (how === 'detached') continue;
        rec.hovers++;
        await settle(page);
        if (!knowledge.hasSearch || how !== 'mouse' || !trigger) continue;
        // The popover fills itself with content: wait for it, then audit what it shows.
        const shown = await page.waitForFunction((el) => (el.closest('a.xref[data-ref]') || el).classList.contains('pop-open'), h, { timeout: patient(3000), polling: 50 })
          .then(() => true, () => false);
        if (!shown) { rec.popoverMisses++; continue; }
        rec.popovers++;
        for (const p of await page.evaluate(auditDom, { ...auditOpts, root: '#kb-pop' })) rec.dom.push(`${label}: in a popover: ${p}`);
      }
      await page.mouse.move(1, 1);
      phase('load+audit+hover');

      // Clicks that stay on the page, one after the other on the page itself.
      for (const it of items) {
        if (it.kind !== 'in-page') continue;
        const where = `${label}: #${it.i} ${it.tag}${it.raw !== null ? ` href="${String(it.raw).slice(0, 80)}"` : ''}`;
        try {
          const start = stripHash(page.url());
          let left = null;
          const onNav = (f) => { if (f === page.mainFrame() && stripHash(f.url()) !== start) left = f.url(); };
          page.on('framenavigated', onNav);
          let how;
          try {
            how = await clickElement(page, handles[it.i]);
            if (how !== 'detached') await settle(page).catch((e) => { if (!left) throw e; });
          } finally { page.off('framenavigated', onNav); }
          if (how === 'detached') continue;
          count(how, it);
          if (left) {
            // It left after all (a click handler of the site's): check where it went, come back.
            await page.waitForLoadState('load', { timeout: WAIT });
            rec.notes.push(`${where}: left the page for ${left}`);
            await trapOf(page, `${where} → ${left}`);
            await page.goto(url, { waitUntil: 'load', timeout: WAIT });
            await visit.ready(page);
            handles.splice(0, handles.length, ...(await page.$$(CLICKABLE)));
          }
        } catch (e) {
          rec.clicks.push(`${where}: ${e.message.split('\n')[0]}`);
        }
      }

      phase('in-page clicks');
      // After everything: the DOM again (popovers, dropdowns and toggles have run) and the trap.
      for (const p of await page.evaluate(auditDom, auditOpts)) rec.dom.push(`${label} (after the clicks): ${p}`);
      await trapOf(page, label);

      // Clicks that leave the page: each on a fresh load of the same URL.
      for (const it of items) {
        if (it.kind === 'in-page') continue;
        const key = `${it.kind} ${it.href} ${it.identity}`;
        if (!EVERY && !it.inMain && clickedOnce.has(key)) { rec.sameAsBefore++; continue; }
        clickedOnce.set(key, label);
        const where = `${label}: #${it.i} ${it.tag}${it.raw !== null ? ` href="${String(it.raw).slice(0, 80)}"` : ''}`;
        const p = tab;
        try {
          await p.goto(url, { waitUntil: 'load', timeout: WAIT });
          await visit.ready(p);
          const h = await p.evaluateHandle(([sel, i]) => document.querySelectorAll(sel)[i] || null, [CLICKABLE, it.i]);
          const found = await h.evaluate((el) => (el ? [el.localName, el.getAttribute('href') !== null ? el.getAttribute('href') : el.getAttribute('xlink:href'),
            el.getAttribute('type'), el.textContent.trim().slice(0, 120)].join('|') : null));
          if (found !== it.identity) { rec.clicks.push(`${where}: not the same element on a fresh load (${found} instead of ${it.identity})`); continue; }
          const before = p.url();
          let landed = null;
          if (it.kind === 'popup') {
            const popupP = p.waitForEvent('popup', { timeout: WAIT });
            const how = await clickElement(p, h);
            const popup = await popupP;
            try {
              await popup.waitForLoadState('load', { timeout: WAIT });
              rec.popups++;
              landed = popup.url();
              await trapOf(popup, `${where} → popup ${landed}`);
            } finally { await popup.close().catch(() => {}); await p.bringToFront().catch(() => {}); }
            count(how, it);
          } else if (it.kind === 'navigate' || it.kind === 'submit') {
            const reload = stripHash(it.href) === stripHash(before) && it.kind === 'navigate';
            const navP = reload
              ? p.waitForEvent('load', { timeout: WAIT })
              : p.waitForEvent('framenavigated', { predicate: (f) => f === p.mainFrame() && stripHash(f.url()) !== stripHash(before), timeout: WAIT });
            navP.catch(() => {});
            // The site's own script may keep a click on the page (the header's search form with an
            // empty box, the search page's form): then nothing navigates, and that is no failure.
            await p.evaluate(() => {
              window.__kbxKept = false;
              const note = (e) => { if (e.defaultPrevented) window.__kbxKept = true; };
              window.addEventListener('click', note);
              window.addEventListener('submit', note);
            });
            const dlP = p.waitForEvent('download', { timeout: WAIT });
            dlP.catch(() => {});
            const how = await clickElement(p, h);
            count(how, it);
            // What the click did: navigated, started a download, or (once the page has handled
            // it) was kept on the page by the site's script. If none of these yet, a navigation or
            // a download is still to come.
            let kept = await Promise.race([
              navP.then(() => false),
              dlP.then(() => 'download'),
              settle(p).then(() => p.evaluate(() => window.__kbxKept)).then((k) => (k ? true : null)).catch(() => null),
            ]);
            if (kept === null) kept = await Promise.race([navP.then(() => false), dlP.then(() => 'download')]);
            if (kept === 'download') {
              // A data file (CSV) that the browser saves instead of showing: nothing to run.
              const d = await dlP;
              await d.cancel().catch(() => {});
              rec.downloads++;
            } else if (kept) {
              rec.notes.push(`${where}: the site's script kept the click on the page`);
            } else {
              await navP;
              await p.waitForLoadState('load', { timeout: WAIT });
              rec.navigations++;
              landed = p.url();
              const expected = it.kind === 'submit' ? stripHash(it.href).split('?')[0] : stripHash(it.href);
              const got = it.kind === 'submit' ? stripHash(landed).split('?')[0] : stripHash(landed);
              if (got !== expected) {
                const missing = landed.startsWith('chrome-error:') && it.href.startsWith('file:') && !fs.existsSync(fileURLToPath(stripHash(it.href).split('?')[0]));
                if (missing) rec.notes.push(`${where}: leads to a file that does not exist (the browser shows its error page)`);
                else rec.clicks.push(`${where}: landed on ${landed}, not on ${it.href}`);
              }
            }
          } else {
            // A scheme that is not followed (mailto:, or one that already failed the URL check):
            // click, and let the page do whatever it would.
            const how = await clickElement(p, h);
            await settle(p);
            count(how, it);
          }
          if (!(landed && landed.startsWith('chrome-error:'))) await trapOf(p, landed ? `${where} → ${landed}` : where);
        } catch (e) {
          rec.clicks.push(`${where}: ${e.message.split('\n')[0]}`);
        }
      }

      phase('clicks that leave');
    } catch (e) {
      rec.clicks.push(`${label}: ${e.message.split('\n')[0]}`);
    }
    if (VERBOSE) console.error(`  ${v.name}: ${label}: ${rec.clicks_total - before} clicks in ${Date.now() - tv} ms (${phases.join(', ')})`);
  }

  // Two workers, each with a browser of its own, take the pages in turn.
  const queue = visits.slice();
  const worker = async () => {
    const { tab, close } = await startBrowser();
    try {
      for (let visit = queue.shift(); visit; visit = queue.shift()) await visitOne(visit, tab);
    } finally { await close(); }
  };
  await Promise.all([worker(), worker()]);
  await Promise.all(pendingSearches);
  return rec;

  function count(how, it) {
    rec.clicks_total++;
    if (it.protocol !== null) rec.linkClicks++;
    if (how === 'mouse') rec.byMouse++; else rec.byDom++;
  }
}

function summarize(v, rec, knowledge) {
  const n = v.name;
  report(`${n}: the live DOM of every page holds no script, event handler, embedded document or unsafe URL of content's (${rec.pagesLoaded} pages and views)`, rec.dom);
  report(`${n}: every link resolves to http:, https:, file: or mailto: (${rec.linksChecked} links)`, rec.links);
  report(`${n}: every link and clickable element was clicked (${rec.clicks_total} clicks, ${rec.linkClicks} of them on links; ` +
    (rec.sameAsBefore ? `${rec.sameAsBefore} template links outside <main> identical to one clicked on another page not clicked again; ` : '') +
    `${rec.byMouse} with the mouse, ${rec.byDom} with click(); ${rec.navigations} navigations, ${rec.downloads} downloads, ${rec.popups} popups, ${rec.outside} outside URLs answered by a stand-in)`, rec.clicks);
  report(`${n}: no dialog opened (${rec.hovers} hovers${knowledge.hasSearch ? `, ${rec.popovers} popovers shown` : ''}, ${rec.clicks_total} clicks)`, rec.dialogs);
  report(`${n}: window.__kbxss stayed empty on every page visited (${rec.pagesVisited} pages, landings included)`, rec.trap);
  report(`${n}: no code of content's was compiled (every inline script, handler and javascript: URL searched for a payload's marker)`, rec.compiled);
  report(`${n}: no uncaught error in any page`, rec.errors);
  const boxProblems = rec.search.slice();
  if (knowledge.hasSearch && rec.searchBoxOwn === 0) boxProblems.push('no page had the site\'s search box');
  report(knowledge.hasSearch
    ? `${n}: getElementById('search-input') is the site's own input on every page that has one (${rec.searchBoxOwn} pages; content's id="search-input" dropped)`
    : `${n}: no page has a search box, and no element of content's took the id "search-input" (${rec.searchBoxAbsent} pages)`, boxProblems);
  if (rec.popoverMisses) console.log(`     note: ${rec.popoverMisses} popover(s) did not open within the wait (not a failure of this test)`);
  for (const note of rec.notes.slice(0, 6)) console.log(`     note: ${note}`);
  if (rec.notes.length > 6) console.log(`     note: … and ${rec.notes.length - 6} more notes`);
  return rec;
}

// Stopped from outside (ctest's timeout): say so and exit; playwright closes the browsers on exit.
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => { console.log(`FAIL interrupted by ${sig}`); process.exit(1); });

(async () => {
  const t0 = Date.now();
  const { payloads, files } = countPayloads();
  console.log(`the fixture holds ${payloads} hostile payloads (distinct kbxss- markers) in ${files} files of ${path.relative(SOURCE, FIXTURE)}/content`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-hostile-'));
  const variants = [];
  if (GIVEN_SITE) {
    const site = path.resolve(GIVEN_SITE);
    if (!fs.existsSync(path.join(site, 'index.html'))) { console.error('no built site at ' + site); process.exit(2); }
    variants.push({ name: 'given site', site, templateDirs: [path.join(SOURCE, 'templates'), path.join(SOURCE, 'tests', 'fixtures', 'templates')] });
  } else {
    const a = ONLY === 'project' ? null : await buildVariant(tmp, 'fixture-templates', path.join(SOURCE, 'tests', 'fixtures', 'templates'), null);
    if (a) variants.push(a);
    const b = ONLY === 'fixture' ? null : await buildVariant(tmp, 'project-templates', path.join(SOURCE, 'templates'), path.join(SOURCE, 'assets'));
    if (b) variants.push(b);
  }
  let clicked = 0, links = 0;
  for (const v of variants) {
    const knowledge = siteKnowledge(v.templateDirs, v.site);
    knowledge.hasSearch = fs.existsSync(path.join(v.site, 'search.html')) && fs.existsSync(path.join(v.site, 'assets', 'kb.js')) &&
      /id="search-input"/.test(fs.readFileSync(path.join(v.site, 'index.html'), 'utf8'));
    const t = Date.now();
    let rec;
    try { rec = await explore(v, knowledge); } catch (e) { report(`${v.name}: the browser run`, [e.stack || String(e)]); continue; }
    summarize(v, rec, knowledge);
    clicked += rec.linkClicks;
    links += rec.clicks_total;
    console.log(`     ${v.name}: ${rec.linkClicks} links clicked (${rec.clicks_total} clickable elements in all) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  if (KEEP) console.log(`kept: ${tmp}`); else fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`\n${clicked} links clicked (${links} clicks in all) against ${payloads} hostile payloads; ` +
    `${passed} passed, ${failures.length} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(failures.length ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
