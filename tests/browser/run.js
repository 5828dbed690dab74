// The reading experience, proven in a real browser: the same checks in Chromium and in Firefox.
// Usage:
//   node run.js SITE_DIR [--browser chromium|firefox] [--mode file|nginx|both] [--only REGEX] [--artifacts DIR]
// file:  the site opened from file://
// nginx: the site served by nginx on a loopback port under /kb/
// Every check prints "ok" or "FAIL"; any failure makes the exit code non-zero.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { open, snippetsLoaded, patient } = require('./lib/browser');
const { htmlFiles } = require('./lib/crawl');
const nginx = require('./lib/nginx');

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf('--' + name); return i >= 0 ? args[i + 1] : def; };
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const SITE = path.resolve(positional[0] || process.env.KB_SITE || '');
const MODE = opt('mode', 'both');
const BROWSER = opt('browser', 'chromium');
const ONLY = new RegExp(opt('only', ''), 'i');  // --only REGEX: the checks whose names match (for working on one)
// The sweep of pages at 360 px: --sweep all (the default), --sweep sample (every page of each
// folder of at most 40, every fourth of a larger one and its index: every template and text, a quarter
// of the entity pages that share one template; CTest: Firefox from file://, as Chromium sweeps
// them all), --no-sweep (CTest: from nginx, whose sub-path URLs the reader's checks follow).
const SWEEP = args.includes('--no-sweep') ? 'none' : opt('sweep', 'all');
if (!['all', 'sample', 'none'].includes(SWEEP)) { console.error(`--sweep ${SWEEP}: all, sample or none`); process.exit(2); }
// The pages of `all` the sweep loads (each folder's index page among them).
function sweepPages(all) {
  if (SWEEP !== 'sample') return all;
  const folder = (rel) => rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
  const size = new Map();
  for (const rel of all) size.set(folder(rel), (size.get(folder(rel)) || 0) + 1);
  const seen = new Map();
  return [...all].sort().filter((rel) => {
    const n = seen.get(folder(rel)) || 0;
    seen.set(folder(rel), n + 1);
    return size.get(folder(rel)) <= 40 || n % 4 === 0 || rel.endsWith('/index.html');
  });
}
const SOURCE = path.resolve(__dirname, '..', '..');  // the checkout: content/ as the author wrote it
const ARTIFACTS = path.resolve(opt('artifacts', process.env.KB_ARTIFACTS || path.join(__dirname, 'test-artifacts')));
if (!positional[0] && !process.env.KB_SITE) { console.error('usage: node run.js SITE_DIR [--browser chromium|firefox] [--mode file|nginx|both]'); process.exit(2); }
if (!fs.existsSync(path.join(SITE, 'index.html'))) { console.error('no built site at ' + SITE); process.exit(2); }

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const failures = [];
let passed = 0;

async function check(name, fn) {
  if (!ONLY.test(name)) return;
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failures.push(name);
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n     ') : e}`);
  }
}

function expect(cond, message) { if (!cond) throw new Error(message); }

// Watches a page for console errors, uncaught exceptions, failed requests and requests that leave
// the site, as the browser reports them (Firefox reports no request events for file:// pages:
// loaded() below asks the page itself, in both browsers).
function watch(page, base) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Loads cut short because the test moved on to the next page are not failures of the site;
    // a missing file shows as ERR_FILE_NOT_FOUND (file://) or as an HTTP status (nginx).
    const why = r.failure() ? r.failure().errorText : '';
    if (/ERR_ABORTED|NS_BINDING_ABORTED/.test(why)) return;
    problems.push(`request failed: ${r.url()} ${why}`);
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('about:')) problems.push(`request leaves the site: ${u}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return problems;
}

// What the page itself knows it failed to load or fetched from elsewhere.
function loaded(page, base) {
  return page.evaluate((b) => {
    const bad = [];
    for (const img of document.images) if (img.complete && img.getAttribute('src') && img.naturalWidth === 0) bad.push(`image not loaded: ${img.src}`);
    for (const l of document.querySelectorAll('link[rel="stylesheet"]')) {
      // A stylesheet that failed to load has no rules (Firefox); Chromium does not let a file://
      // page read them (SecurityError), but reports the failed request itself.
      let rules = -1;
      try { rules = l.sheet ? l.sheet.cssRules.length : 0; } catch (e) { /* unreadable, see above */ }
      if (rules === 0) bad.push(`stylesheet not loaded or empty: ${l.href}`);
    }
    for (const e of performance.getEntriesByType('resource')) if (!e.name.startsWith(b) && !/^(data|about):/.test(e.name)) bad.push(`request leaves the site: ${e.name}`);
    return bad;
  }, base);
}

async function pageWith(browser, base) {
  const page = await browser.newPage();
  const problems = watch(page, base);
  return { page, problems };
}

// What a reader sees of the elements a selector picks.
const text = (page, sel) => page.$eval(sel, (e) => e.innerText);
const texts = (page, sel) => page.$$eval(sel, (es) => es.map((e) => e.innerText));
const attr = (page, sel, name) => page.$eval(sel, (e, n) => e.getAttribute(n), name);
const count = (page, sel) => page.$$eval(sel, (es) => es.length);
const isVisible = (page, sel) => page.$eval(sel, (e) => e.checkVisibility());
const shown = (page, sel, ms = 10000) => page.waitForSelector(sel, { visible: true, timeout: patient(ms) });
const gone = (page, sel, ms = 2000) => page.waitForSelector(sel, { hidden: true, timeout: patient(ms) });
// Follows a link or a key press to the next page, and waits until it has loaded.
const follow = (page, action) => Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: patient(10000) }), action()]);
// Types into a field as a paste would: the whole value at once, then one input event.
const fill = (page, sel, value) => page.$eval(sel, (e, v) => { e.focus(); e.value = v; e.dispatchEvent(new Event('input', { bubbles: true })); }, value);
// The page as a printer gets it: the PDF the browser prints, read back as text by pdftotext.
function printedText(pdf) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-print-')), 'page.pdf');
  fs.writeFileSync(file, pdf);
  try { return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }); } finally { fs.rmSync(path.dirname(file), { recursive: true, force: true }); }
}
const squeeze = (s) => s.replace(/\s+/g, '');

async function suite(mode, base, browser, dark) {
  const art = path.join(ARTIFACTS, BROWSER, mode);
  fs.mkdirSync(art, { recursive: true });
  const url = (rel) => base + rel;
  const pages = htmlFiles(SITE).map((f) => path.relative(SITE, f).split(path.sep).join('/'));
  const name = `${BROWSER} ${mode}`;

  const swept = sweepPages(pages);
  const which = swept.length === pages.length ? `all ${pages.length} pages` : `${swept.length} of the ${pages.length} pages (every template and text)`;
  if (SWEEP !== 'none') await check(`${name}: ${which} load at 360 px with no console error, failed or outside request, and no horizontal scroll`, async () => {
    const bad = [];
    const worker = async (list) => {
      const { page, problems } = await pageWith(browser, base);
      await page.setViewport({ width: 360, height: 740 });
      for (const rel of list) {
        problems.length = 0;
        await page.goto(url(rel), { waitUntil: 'load' });
        problems.push(...await loaded(page, base));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`scrolls sideways by ${overflow}px at 360 px`);
        for (const p of problems) bad.push(`${rel}: ${p}`);
      }
      await page.close();
    };
    const half = Math.ceil(swept.length / 2);
    await Promise.all([worker(swept.slice(0, half)), worker(swept.slice(half))]);
    expect(bad.length === 0, `${bad.length} problems:\n       ` + bad.slice(0, 25).join('\n       '));
  });

  const { page, problems } = await pageWith(browser, base);
  const clean = (what) => { expect(problems.length === 0, `${what}: ${problems.join('; ')}`); };

  await check(`${name}: header search finds a mission as you type; Enter opens its page`, async () => {
    await page.goto(url('index.html'));
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement && document.activeElement.id === 'search-input'), '"/" does not focus the search box');
    await page.keyboard.type('MINUSCA', { delay: 20 });
    const first = '#search-dropdown[data-query="MINUSCA"] .sr-item a';
    await shown(page, first);
    const head = await text(page, first + ' .sr-head');
    expect(/mission/i.test(head) && /MINUSCA/.test(head), `first result is not the mission: ${head}`);
    await page.keyboard.press('ArrowDown');
    // An ARIA combobox: the focus stays in the box, which names the active option.
    const combo = await page.evaluate(() => {
      const i = document.getElementById('search-input');
      const a = document.getElementById(i.getAttribute('aria-activedescendant') || '');
      return { role: i.getAttribute('role'), expanded: i.getAttribute('aria-expanded'), focused: document.activeElement === i,
               option: a && a.getAttribute('role'), selected: a && a.getAttribute('aria-selected'),
               listbox: a && a.closest('[role="listbox"]') !== null };
    });
    expect(combo.role === 'combobox' && combo.expanded === 'true' && combo.focused, `not a combobox: ${JSON.stringify(combo)}`);
    expect(combo.option === 'option' && combo.selected === 'true' && combo.listbox, `no active option in a listbox: ${JSON.stringify(combo)}`);
    await follow(page, () => page.keyboard.press('Enter'));
    expect(/missions\/minusca\.html/.test(page.url()), `Enter opened ${page.url()}`);
    expect(/MINUSCA/.test((await texts(page, 'h1, .subtitle')).join(' ')), 'mission page lacks its name');
    clean('search');
  });

  await check(`${name}: a text result deep-links to the paragraph that matches`, async () => {
    // The search page, filtered to texts: entities about the forum may fill the dropdown's top 8.
    await page.goto(url('search.html?q=Bangui%20Forum&kind=text'));
    const textHit = await shown(page, '#search-results .sr-item a[data-kind="text"]');
    const href = await textHit.evaluate((a) => a.getAttribute('href'));
    expect(/#[\w-]+$/.test(href), `text result has no anchor: ${href}`);
    expect((await textHit.$$('mark')).length > 0, 'snippet has no highlighted match');
    // Waits for the chapter to load: on a busy machine the address changes long before a
    // paragraph deep in the chapter is parsed.
    await follow(page, () => textHit.click());
    expect(/\/texts\/[^#]+#./.test(page.url()), `the text result opened ${page.url()}`);
    const hash = await page.evaluate(() => decodeURIComponent(location.hash.slice(1)));
    const target = await page.evaluate((id) => { const e = document.getElementById(id); return e ? (e.matches('span.anchor') ? e.parentNode : e).textContent : null; }, hash);
    expect(target !== null, `target #${hash} does not exist`);
    expect(/bangui/i.test(target) && /forum/i.test(target), `paragraph #${hash} does not contain the words: ${String(target).slice(0, 200)}`);
    // Landed: the paragraph is on screen, and the matched words are marked in it (not elsewhere).
    await page.waitForSelector('mark.search-hit', { timeout: patient(5000) });
    const landed = await page.evaluate((id) => {
      let e = document.getElementById(id);
      if (e.matches('span.anchor')) e = e.parentNode;
      const r = e.getBoundingClientRect();
      const marks = Array.from(document.querySelectorAll('mark.search-hit'));
      return { visible: r.bottom > 0 && r.top < window.innerHeight, inside: marks.every((m) => e.contains(m)),
               words: marks.map((m) => m.textContent.toLowerCase()) };
    }, hash);
    expect(landed.visible, `paragraph #${hash} is not on screen after the click`);
    expect(landed.inside, 'words marked outside the target paragraph');
    expect(landed.words.includes('bangui') && landed.words.includes('forum'), `marked words: ${landed.words.join(', ')}`);
    await page.screenshot({ path: path.join(art, 'search-landing.png') });
    clean('deep link');
  });

  const results = async (rel) => {
    await page.goto(url(rel));
    await shown(page, '#search-results .sr-item');
    await snippetsLoaded(page);
  };
  await check(`${name}: accents are optional and apostrophes either way (Hänggi, Côte d'Ivoire)`, async () => {
    await results('search.html?q=H%C3%A4nggi');
    const withAccent = await text(page, '#search-results .sr-summary');
    await results('search.html?q=Hanggi');
    const without = await text(page, '#search-results .sr-summary');
    expect(withAccent.split(' ')[0] === without.split(' ')[0], `"Hänggi" (${withAccent}) and "Hanggi" (${without}) differ`);
    expect(/Hänggi/.test((await texts(page, '#search-results mark')).join(' ')), 'Hänggi not highlighted');
    await results("search.html?q=C%C3%B4te%20d'Ivoire");
    const snippets = await texts(page, '#search-results .sr-item');
    expect(snippets.some((s) => /Côte d[’']Ivoire/.test(s)), 'no result shows Côte d’Ivoire');
    const firstHits = snippets.slice(0, 5).filter((s) => /Ivoire/.test(s)).length;
    expect(firstHits >= 3, `only ${firstHits} of the first 5 results mention Côte d’Ivoire`);
    const straight = await text(page, '#search-results .sr-summary');
    await results('search.html?q=Cote%20d%E2%80%99Ivoire');
    const curly = await text(page, '#search-results .sr-summary');
    expect(straight.split(' ')[0] === curly.split(' ')[0], `"Côte d'Ivoire" (${straight}) and "Cote d’Ivoire" (${curly}) differ`);
    clean('accents');
  });

  await check(`${name}: search page keeps the query and kind filters in the URL; result text is escaped`, async () => {
    await results('search.html?q=ownership&kind=theme');
    const kinds = await texts(page, '#search-results .sr-item .badge');
    expect(kinds.length > 0 && kinds.every((k) => /theme/i.test(k)), `filter not applied: ${kinds.join(',')}`);
    const checked = (v) => page.$eval(`input[name="kind"][value="${v}"]`, (e) => e.checked);
    expect(await checked('theme'), 'theme filter unchecked');
    expect(!(await checked('text')), 'text filter still checked');
    await page.click('input[name="kind"][value="text"]');
    await page.waitForFunction(() => /kind=text/.test(location.search) || !/kind=/.test(location.search), { timeout: patient(5000) });
    const query = '<img src=x onerror="window.__xss=1">ownership';
    await fill(page, '#search-page-input', query);
    // The results are drawn again for the new query, which they name as text.
    await page.waitForFunction((q) => document.getElementById('search-results').textContent.includes(q), { timeout: patient(5000) }, query);
    expect((await count(page, '#search-results img')) === 0, 'markup from the query was injected');
    expect(!(await page.evaluate(() => window.__xss)), 'script ran');
    clean('search page');
  });

  await check(`${name}: a query lunr rejects gets a friendly message, not a console error`, async () => {
    await page.goto(url('search.html?q=nosuchfield%3Aabc'));
    await shown(page, '#search-results .sr-error');
    expect(/could not be read/.test(await text(page, '#search-results .sr-error')), 'no friendly message');
    // The search page has one search box, its own; the header's box is on every other page.
    expect((await count(page, 'input[type="search"]')) === 1, 'the search page has more than one search box');
    await page.goto(url('index.html'));
    await page.focus('#search-input');
    await page.keyboard.type('title:');
    await shown(page, '#search-dropdown .sr-error, #search-dropdown .sr-empty');
    await page.keyboard.press('Escape');
    expect(!(await isVisible(page, '#search-dropdown')), 'Escape does not close the dropdown');
    clean('query errors');
  });

  await check(`${name}: Escape closes the header's results for good, even while the index loads and the typing pause runs`, async () => {
    // A fresh page: the index starts loading at focus. Escape comes while both the index and the
    // search-as-you-type pause are still pending; neither may open the results again.
    await page.goto(url('index.html'));
    await page.focus('#search-input');
    await page.keyboard.type('mission');
    await page.keyboard.press('Escape');
    expect(!(await isVisible(page, '#search-dropdown')), 'Escape does not close the dropdown');
    // What would open it again: the index's arrival (its callbacks run one task after the mark)
    // and the pause timer. Let both run out; absence can only be seen once they have.
    await page.waitForFunction(() => performance.getEntriesByName('kb-search-data').length > 0, { timeout: patient(10000) });
    await page.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(r), 300)));
    expect(!(await isVisible(page, '#search-dropdown')), 'the results came back after Escape');
    // The reader asks again: the next input shows results. (The box may be empty now: when the
    // index was ready before the typing pause ran out, no list was open yet, and Escape cleared
    // the box instead, as in any search field.)
    await fill(page, '#search-input', 'mission');
    await shown(page, '#search-dropdown .sr-item');
    // Escape from a result the reader tabbed to (past the Search button) closes the list and
    // returns to the box.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement.closest('#search-dropdown')), 'Tab does not reach the results');
    await page.keyboard.press('Escape');
    expect(!(await isVisible(page, '#search-dropdown')), 'Escape on a result does not close the list');
    expect(await page.evaluate(() => document.activeElement.id === 'search-input'), 'Escape on a result does not return to the box');
    clean('escape while loading');
  });

  await check(`${name}: footnote popover opens on hover and on keyboard focus, closes with Escape; abbreviations expand on tap`, async () => {
    await page.goto(url('texts/book-ch09.html'));
    const ref = await page.$('.body p sup.fnref a');
    const id = (await ref.evaluate((a) => a.getAttribute('href'))).slice(1);
    const noteText = (await text(page, `[id="${id}"]`)).replace('↩', '').trim();
    await ref.hover();
    await shown(page, '#kb-pop', 3000);
    const popText = await text(page, '#kb-pop');
    expect(popText.includes(noteText.slice(0, 40)), `popover shows "${popText.slice(0, 80)}", note is "${noteText.slice(0, 80)}"`);
    await page.keyboard.press('Escape');
    await gone(page, '#kb-pop');
    await page.mouse.move(0, 0);
    await ref.focus();
    await shown(page, '#kb-pop', 2000);
    expect((await ref.evaluate((a) => a.getAttribute('aria-describedby'))) === 'kb-pop', 'marker not described by the popover');
    await page.keyboard.press('Escape');
    await gone(page, '#kb-pop');
    expect(await page.evaluate(() => document.activeElement && document.activeElement.closest('sup.fnref') !== null), 'focus lost after Escape');
    // Abbreviations expand on a click or tap too (a title attribute alone never shows on touch).
    const abbr = await page.$('.body p abbr[title]:not(a abbr)');
    const expansion = await abbr.evaluate((a) => a.getAttribute('title'));
    await abbr.click();
    await shown(page, '#kb-pop', 2000);
    expect((await text(page, '#kb-pop')).includes(expansion), `abbreviation popover lacks "${expansion}"`);
    await page.keyboard.press('Escape');
    await gone(page, '#kb-pop');
    clean('footnotes');
  });

  await check(`${name}: on a phone (390 px, touch), a tap on a note marker opens the note and it stays open; a second tap closes it`, async () => {
    const phone = await browser.newPage();
    const probs = watch(phone, base);
    try {
      await phone.setViewport({ width: 390, height: 844, hasTouch: true, isMobile: true });
      await phone.goto(url('texts/book-ch09.html'));
      const ref = await phone.$('.body p sup.fnref a');
      const id = (await ref.evaluate((a) => a.getAttribute('href'))).slice(1);
      const noteText = (await text(phone, `[id="${id}"]`)).replace('↩', '').trim();
      const tap = async () => {
        await ref.scrollIntoView();
        const box = await ref.boundingBox();
        await phone.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      };
      await tap();
      await shown(phone, '#kb-pop', 3000);
      // Still open once the tap's events have all run (the first tap used to open and close it).
      await phone.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
      expect(await isVisible(phone, '#kb-pop'), 'the note closed again right after the tap');
      expect((await text(phone, '#kb-pop')).includes(noteText.slice(0, 40)), 'the popover does not show the note');
      expect(!/#/.test(phone.url()), `the tap jumped to ${phone.url()} instead of showing the note in place`);
      await tap();
      await gone(phone, '#kb-pop');
      expect(probs.length === 0, probs.join('; '));
    } finally { await phone.close(); }
  });

  await check(`${name}: cross-reference preview opens on hover and on keyboard focus, closes with Escape`, async () => {
    // The pointer starts off the text, so that no other link's preview is on its way.
    await page.mouse.move(0, 0);
    await page.goto(url('texts/book-ch07.html'));
    const link = await page.$('.body a.xref[data-ref^="mission:"]');
    const key = await link.evaluate((a) => a.getAttribute('data-ref'));
    const title = await page.evaluate((k) => window.KB_PREVIEWS[k].t, key);
    await link.hover();
    await shown(page, '#kb-pop', 3000);
    // On a busy machine the popover may show before it is filled: wait for the text itself.
    const filled = await page.waitForFunction((t) => document.getElementById('kb-pop').innerText.includes(t), { timeout: patient(5000) }, title)
      .then(() => true, () => false);
    expect(filled, `preview lacks "${title}" (shows "${(await text(page, '#kb-pop')).slice(0, 120)}")`);
    await page.keyboard.press('Escape');
    await gone(page, '#kb-pop');
    await page.mouse.move(0, 0);
    await link.focus();
    await shown(page, '#kb-pop', 2000);
    await page.keyboard.press('Escape');
    await gone(page, '#kb-pop');
    clean('previews');
  });

  await check(`${name}: paragraph permalink and one-click citation (title, authors, section, paragraph, never a file:// address)`, async () => {
    await page.goto(url('texts/book-ch09.html'));
    const para = (await page.$$('.body p[id].has-tools'))[3];
    const id = await para.evaluate((p) => p.id);
    expect((await para.$eval('a.permalink', (a) => a.getAttribute('href'))) === '#' + id, 'permalink does not point at the paragraph');
    await para.hover();
    const cite = await para.$('.cite-btn');
    await cite.click();
    await page.waitForFunction(() => !!window.KB_LAST_CITATION, { timeout: patient(3000) });
    const c = await page.evaluate(() => window.KB_LAST_CITATION);
    const title = (await text(page, '.text-header h1')).trim();
    const authors = (await text(page, '.text-header .authors')).split(',')[0].trim();
    expect(c.includes(title) && c.includes(authors), `citation lacks title or author: ${c}`);
    expect(/section “[^”]+”, para\. \d+\./.test(c), `citation lacks section/paragraph: ${c}`);
    // A reader's own disk is no address to cite; a served page is cited at its address.
    const served = /^https?:/.test(page.url());
    expect(!c.includes('file:'), `citation names a local file: ${c}`);
    if (served) expect(c.endsWith(' ' + page.url().split('#')[0] + '#' + id), `citation lacks the paragraph's address: ${c}`);
    clean('citation');
  });

  await check(`${name}: a mission page is a brief: mandates with what they ask, passages in reading order, notes under their paragraph, "on this page"`, async () => {
    await page.setViewport({ width: 1366, height: 900 });
    await page.goto(url('missions/monusco.html'));
    // The brief's parts, in this order.
    const order = await page.$$eval('article.entity > section[id]', (ss) => ss.map((s) => s.id));
    const want = ['mandates', 'lessons', 'themes', 'documents', 'passages'];
    expect(JSON.stringify(order.filter((id) => want.includes(id))) === JSON.stringify(want), `sections in the order ${order}`);
    // "On this page" names every section and takes the reader there.
    const toc = await page.$$eval('nav.toc a', (as) => as.map((a) => a.getAttribute('href')));
    for (const id of want) expect(toc.includes('#' + id), `"On this page" lacks #${id}: ${toc}`);
    await page.click('nav.toc a[href="#passages"]');
    await page.waitForFunction(() => { const r = document.getElementById('passages').getBoundingClientRect(); return r.top >= -2 && r.top < innerHeight / 2; }, { timeout: patient(3000) });
    // A mandate shows what the texts say it asks; its quote's link lands on the paragraph that says it.
    const quote = await page.$eval('#mandates figure.source-quote', (f) => ({ text: f.querySelector('blockquote').innerText, href: f.querySelector('figcaption a').getAttribute('href') }));
    await page.goto(url('missions/' + quote.href));
    const landed = await page.evaluate(() => { const t = document.getElementById(decodeURIComponent(location.hash.slice(1))); return t ? t.innerText : ''; });
    const words = quote.text.replace(/[“”"]/g, '').split(/\s+/).slice(0, 8).join(' ');
    expect(squeeze(landed).includes(squeeze(words)), `the mandate's quote "${words}" is not in the paragraph it links to: ${landed.slice(0, 120)}`);
    // Chapter 9's passages: paragraphs in the order the chapter has them, each note under a
    // paragraph that refers to it.
    await page.goto(url('missions/monusco.html'));
    const group = await page.$eval('#in-book-ch09', (g) => [...g.querySelectorAll('ul.passages > li')].map((li) => ({
      at: li.querySelector(':scope > a').getAttribute('href').split('#')[1],
      notes: [...li.querySelectorAll('.passage-notes a')].map((a) => a.getAttribute('href').split('#')[1]),
    })));
    expect(group.length >= 3 && group.some((p) => p.notes.length), `chapter 9's group has ${group.length} paragraphs, none with a note`);
    await page.goto(url('texts/book-ch09.html'));
    const where = await page.evaluate((g) => g.map((p) => {
      const all = [...document.querySelectorAll('[id]')];
      const para = document.getElementById(p.at);
      return { index: all.indexOf(para), cites: p.notes.every((n) => para && para.querySelector(`a[href="#${n}"]`)) };
    }), group);
    for (let k = 0; k < where.length; k++) {
      expect(where[k].index >= 0, `passage #${group[k].at} is not on the chapter's page`);
      if (k > 0) expect(where[k].index > where[k - 1].index, `passage #${group[k].at} comes before #${group[k - 1].at} in the chapter`);
      expect(where[k].cites, `#${group[k].at} does not refer to its notes ${group[k].notes}`);
    }
    clean('brief');
  });

  await check(`${name}: the glossary, linked from the header, lists every acronym of glossary.yaml and where it occurs`, async () => {
    await page.goto(url('index.html'));
    await follow(page, () => page.click('.site-nav a[href$="glossary.html"]'));
    const listed = await page.$$eval('.glossary-entry dt', (ds) => ds.map((d) => d.innerText.trim()));
    const yaml = fs.readFileSync(path.join(SOURCE, 'content/glossary.yaml'), 'utf8');
    const acronyms = [...yaml.matchAll(/^- acronym: "([^"]+)"/gm)].map((m) => m[1]);
    expect(acronyms.length > 100, `read ${acronyms.length} acronyms from glossary.yaml`);
    const missing = acronyms.filter((a) => !listed.includes(a));
    expect(missing.length === 0, `not in the glossary: ${missing.join(', ')}`);
    // Where SSR occurs: the first text's link lands on a paragraph that uses it.
    await page.click('#a-ssr details.where summary');
    const href = await attr(page, '#a-ssr details.where a', 'href');
    await page.goto(url(href));
    const landed = await page.evaluate(() => { const t = document.getElementById(location.hash.slice(1)); return t ? t.innerText : ''; });
    expect(/\bSSR\b/.test(landed), `the glossary's link for SSR lands on: ${landed.slice(0, 100)}`);
    clean('glossary');
  });

  await check(`${name}: the matrix keeps its headers in view, names every cell, and a cell opens exactly its passages`, async () => {
    await page.setViewport({ width: 1366, height: 900 });
    await page.goto(url('matrix.html'));
    const missions = fs.readdirSync(path.join(SOURCE, 'content/missions')).filter((f) => f.endsWith('.md')).length;
    expect(await count(page, '.matrix tbody tr') === missions, `the matrix has ${await count(page, '.matrix tbody tr')} rows for ${missions} missions`);
    const unlabelled = await page.$$eval('.matrix td a', (as) => as.filter((a) => !/ × .+: \d+ passages?$/.test(a.getAttribute('aria-label') || '')).length);
    expect(unlabelled === 0, `${unlabelled} cells without a "mission × theme: N passages" label`);
    // Scrolled down and right inside its box, the column and row headers are still in view.
    const stuck = await page.evaluate(() => {
      const wrap = document.querySelector('.matrix-wrap');
      wrap.scrollTop = 600; wrap.scrollLeft = 300;
      const box = wrap.getBoundingClientRect();
      const head = document.querySelector('.matrix thead th:nth-child(5)').getBoundingClientRect();
      const row = document.querySelector('.matrix tbody tr:nth-child(20) th').getBoundingClientRect();
      return { head: Math.abs(head.top - box.top) < 2, row: Math.abs(row.left - box.left) < 2 };
    });
    expect(stuck.head && stuck.row, `headers scroll away: ${JSON.stringify(stuck)}`);
    // MONUSCO's busiest cell.
    const cell = await page.evaluate(() => {
      const row = [...document.querySelectorAll('.matrix tbody tr')].find((r) => r.querySelector('th').innerText.trim() === 'MONUSCO');
      const links = [...row.querySelectorAll('td a')].sort((a, b) => +b.innerText - +a.innerText);
      return { href: links[0].getAttribute('href'), n: +links[0].innerText };
    });
    expect(cell.n > 1, `MONUSCO's busiest cell has ${cell.n} passages`);
    // Runs of empty cells are single cells spanning the run: every number still sits under the
    // header of the theme its label names.
    const misplaced = await page.evaluate(() => {
      const heads = [...document.querySelectorAll('.matrix thead th')].slice(1).map((th) => ({ r: th.getBoundingClientRect(), t: th.innerText.trim() }));
      return [...document.querySelectorAll('.matrix td a')].filter((a) => {
        const r = a.getBoundingClientRect(), x = (r.left + r.right) / 2;
        const head = heads.find((h) => h.r.left <= x && x < h.r.right);
        return !head || !a.getAttribute('aria-label').includes(` × ${head.t}: `);
      }).map((a) => a.getAttribute('aria-label'));
    });
    expect(misplaced.length === 0, `cells not under their theme's header: ${misplaced.slice(0, 3).join('; ')}`);
    await page.goto(url(cell.href));
    await shown(page, '.with-filter');
    const theme = new URL(page.url()).searchParams.get('with');
    const seen = await page.evaluate((t) => {
      const has = (e) => (e.getAttribute('data-with') || '').split(' ').includes(t);
      const visible = [...document.querySelectorAll('.passages-section [data-with]')].filter((e) => e.checkVisibility() && has(e));
      const shownItems = [...document.querySelectorAll('.passages-section ul.passages > li')].filter((li) => li.checkVisibility());
      return { matching: visible.length, strays: shownItems.filter((li) => !has(li) && ![...li.querySelectorAll('[data-with]')].some(has)).length,
               note: document.querySelector('.with-filter').innerText };
    }, theme);
    expect(seen.matching === cell.n && seen.strays === 0, `the cell says ${cell.n}; the page shows ${seen.matching} matching passages and ${seen.strays} others`);
    expect(seen.note.includes(`${cell.n} passages`), `the filter note says: ${seen.note}`);
    // On a phone the header row leaves room for the rows, and only the table's box scrolls sideways.
    await page.setViewport({ width: 390, height: 844, isMobile: true });
    await page.goto(url('matrix.html'));
    const phone = await page.evaluate(() => ({ head: document.querySelector('.matrix thead').getBoundingClientRect().height,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth }));
    expect(phone.head < 844 / 3 && phone.overflow <= 0, `at 390 px: header ${phone.head} px tall, page ${phone.overflow} px too wide`);
    await page.setViewport({ width: 1366, height: 900 });
    // Printed, every row is there (the scrolling box used to cut it after 14 rows).
    if (BROWSER === 'chromium') {
      await page.goto(url('matrix.html'));
      const rows = await page.$$eval('.matrix tbody th', (ths) => ths.map((t) => t.innerText.trim()));
      const pdf = await page.pdf({ format: 'A4', timeout: patient(30000) });
      if (mode === 'file') fs.writeFileSync(path.join(art, 'matrix-print.pdf'), pdf);
      // A name broken at its hyphen ("Secretary-" / "General") comes out of pdftotext without it.
      const flat = (t) => squeeze(t).replace(/-/g, '');
      const printed = flat(printedText(pdf));
      const lost = rows.filter((r) => !printed.includes(flat(r)));
      expect(lost.length === 0, `${lost.length} of ${rows.length} rows not printed, first: ${lost[0]}`);
    }
    clean('matrix');
  });

  await check(`${name}: statements link to those drawn from the same section, and a mission lists the lessons whose passage names it`, async () => {
    await page.goto(url('principles/book-annex-principle-3.html'));
    const caption = () => page.$eval('article .source-quote figcaption', (f) => f.innerText.trim());
    const own = await caption();
    const n = await count(page, '#nearby li');
    expect(n > 0, 'no "Drawn from the same section" entries');
    await follow(page, () => page.click('#nearby li a.xref'));
    expect(await caption() === own, `the nearby page quotes "${await caption()}", not "${own}"`);
    // MONUSCO: a lesson found by its quoted paragraph links that paragraph, which names MONUSCO.
    await page.goto(url('missions/monusco.html'));
    const hrefs = await page.$$eval('#lessons li a.evidence', (as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.length > 0, 'no lesson on MONUSCO\'s page shows its source');
    await page.goto(url(`missions/${hrefs[hrefs.length - 1]}`));
    const para = await page.evaluate(() => { const t = document.getElementById(decodeURIComponent(location.hash.slice(1))); return t ? t.innerText : ''; });
    expect(/MONUSCO|Organization Stabilization Mission/.test(para), `a lesson's source on MONUSCO's page does not name it: ${para.slice(0, 100)}`);
    clean('nearby');
  });

  await check(`${name}: a theme's passages by mission: each mission opens its page showing exactly that many passages`, async () => {
    await page.goto(url('themes/national-ownership.html'));
    const first = await page.$eval('#missions li', (li) => ({ href: li.querySelector('a').getAttribute('href'), text: li.innerText }));
    const n = +(first.text.match(/(\d+) passages?/) || [])[1];
    expect(n > 0, `the first mission's entry says: ${first.text}`);
    await follow(page, () => page.click('#missions li a'));
    await shown(page, '.with-filter');
    const shownCount = await page.evaluate(() => [...document.querySelectorAll('.passages-section [data-with]')]
      .filter((e) => e.checkVisibility() && (e.getAttribute('data-with') || '').split(' ').includes('national-ownership')).length);
    expect(shownCount === n, `the theme page says ${n}; the mission page shows ${shownCount}`);
    clean('theme by mission');
  });

  await check(`${name}: the table of contents highlights the current section`, async () => {
    await page.goto(url('texts/book-ch09.html'));
    const h = (await page.$$('.body h2[id]'))[2];
    const id = await h.evaluate((e) => e.id);
    await h.evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 20));
    await page.waitForFunction((i) => { const a = document.querySelector('.toc a.current'); return a && a.getAttribute('href') === '#' + i; }, { timeout: patient(3000) }, id);
    clean('contents');
  });

  await check(`${name}: index tables filter and sort`, async () => {
    await page.goto(url('missions/index.html'));
    const total = await count(page, '#kind-table tbody tr');
    await fill(page, '#filter', 'burundi');
    const visible = await texts(page, '#kind-table tbody tr:not([hidden])');
    expect(visible.length > 0 && visible.length < total && visible.every((t) => /burundi/i.test(t)), 'filter does not filter');
    await fill(page, '#filter', '');
    const sortButton = '#kind-table thead th:last-child button';
    await page.click(sortButton);
    await page.click(sortButton);
    expect((await attr(page, '#kind-table thead th:last-child', 'aria-sort')) === 'descending', 'aria-sort not set');
    const n = (await texts(page, '#kind-table tbody tr td:last-child')).map((x) => +x);
    expect(n.every((v, i) => i === 0 || n[i - 1] >= v), 'not sorted descending');
    // Every row can be opened by a link that has a name (the Special Envoy offices had none).
    const unnamed = await page.$$eval('#kind-table tbody a', (as) => as.filter((a) => !a.innerText.trim()).map((a) => a.getAttribute('href')));
    expect(unnamed.length === 0, `links with no text: ${unnamed.join(', ')}`);
    await follow(page, () => page.click('#kind-table a[href="office-special-envoy-sahel.html"]'));
    expect(/Special Envoy for the Sahel/.test(await page.$eval('h1', (h) => h.innerText)), `the Sahel office's row opened ${page.url()}`);
    clean('tables');
  });

  await check(`${name}: Table 7.2 has a header row and one line per event`, async () => {
    await page.goto(url('texts/book-ch07.html'));
    const table = await page.evaluate(() => {
      const t = [...document.querySelectorAll('.body table')].find((x) => /Séléka/.test(x.innerText));
      if (!t) return null;
      const row = [...t.querySelectorAll('tbody tr')].find((r) => r.cells[0].innerText.trim() === '2008');
      return { head: [...t.querySelectorAll('thead th')].map((th) => th.innerText.trim()),
               events: row ? row.cells[1].innerText.split('\n').map((l) => l.trim()) : [] };
    });
    expect(table, 'no table with the 2013 Séléka coup in chapter 7');
    expect(table.head.length === 2 && table.head.every((h) => h), `header cells: ${JSON.stringify(table.head)}`);
    expect(table.events.length === 2 && /^April:/.test(table.events[0]) && /^December:/.test(table.events[1]),
      `2008's events are not on two lines: ${JSON.stringify(table.events)}`);
    clean('table 7.2');
  });

  const brightness = (p) => p.evaluate(() => {
    const m = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
    return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
  });
  await check(`${name}: dark mode toggles, persists across reload, and follows the system`, async () => {
    await page.goto(url('texts/book-ch09.html'));
    expect((await brightness(page)) > 0.8, 'light page is not light');
    await page.click('.theme-toggle');
    expect((await attr(page, 'html', 'data-theme')) === 'dark', 'toggle did not switch');
    expect((await brightness(page)) < 0.2, 'dark mode background is not dark');
    expect((await attr(page, '.theme-toggle', 'aria-pressed')) === 'true', 'aria-pressed not true');
    await page.reload();
    expect((await brightness(page)) < 0.2, 'dark mode not remembered after reload');
    await page.goto(url('missions/minusca.html'));
    expect((await brightness(page)) < 0.2, 'dark mode not remembered on another page');
    await page.click('.theme-toggle');
    expect((await brightness(page)) > 0.8, 'toggle back to light failed');
    await page.evaluate(() => localStorage.removeItem('kb-theme'));
    // A reader whose system is dark: the second browser, launched with a dark colour scheme.
    const p = await dark.newPage();
    try {
      await p.goto(url('texts/book-ch09.html'));
      expect((await brightness(p)) < 0.2, 'does not follow a dark system preference');
    } finally { await p.close(); }
    clean('dark mode');
  });

  // Firefox 153 cannot be driven over WebDriver BiDi with scripts off: javascript.enabled=false
  // blocks the driver's own script.callFunction too (it times out), and BiDi's
  // emulation.setScriptingEnabled is not implemented ("unknown command"). Chromium only, then.
  if (BROWSER !== 'chromium') { if (ONLY.test('without JavaScript')) console.log(`skip ${name}: without JavaScript (not drivable in ${BROWSER} over WebDriver BiDi)`); }
  else await check(`${name}: without JavaScript, notes, contents and links still work`, async () => {
    const nojs = await open(BROWSER, { javaScript: false });
    try {
      const p = await nojs.newPage();
      const probs = watch(p, base);
      await p.goto(url('texts/book-ch09.html'));
      expect(await p.evaluate(() => window.KB_PREVIEWS === undefined), 'the page\'s scripts ran in the browser that has JavaScript off');
      expect(await isVisible(p, '.toc a'), 'table of contents hidden without JS');
      const ref = await p.$('.body p sup.fnref a');
      const id = (await ref.evaluate((a) => a.getAttribute('href'))).slice(1);
      await ref.click();
      await p.waitForFunction((i) => decodeURIComponent(location.hash.slice(1)) === i, { timeout: patient(3000) }, id)
        .catch(() => { throw new Error('note marker does not jump to the note'); });
      expect(await isVisible(p, `[id="${id}"]`), 'note not visible');
      await p.click(`[id="${id}"] a.fnback`);
      await p.waitForFunction(() => /^#fnref-/.test(location.hash), { timeout: patient(3000) })
        .catch(() => { throw new Error('back link does not return to the marker'); });
      await follow(p, () => p.click('.body a.xref[data-ref^="mission:"]'));
      expect(/missions\/\w/.test(p.url()), `the mission link opened ${p.url()}`);
      expect(probs.length === 0, probs.join('; '));
    } finally { await nojs.close(); }
  });

  await check(`${name}: the printed page keeps the text and its notes, drops navigation`, async () => {
    await page.goto(url('texts/book-ch09.html'));
    const screen = await page.evaluate(() => {
      const t = (s) => { const e = document.querySelector(s); return e ? e.innerText : ''; };
      return { nav: t('.site-nav'), toc: t('.toc'), prevNext: t('.prev-next'),
               para: t('.body p[id]'), note: t('.footnotes li') };
    });
    const pdf = await page.pdf({ format: 'A4', timeout: patient(30000) });
    if (mode === 'file') fs.writeFileSync(path.join(art, 'chapter-print.pdf'), pdf);
    const printed = squeeze(printedText(pdf));
    // Compared without white space: the PDF breaks lines where the screen does not.
    const has = (s) => printed.includes(squeeze(s).slice(0, 60));
    expect(has(screen.para), `the first paragraph is not printed: ${screen.para.slice(0, 80)}`);
    expect(has(screen.note.replace('↩', '')), `the first note is not printed: ${screen.note.slice(0, 80)}`);
    for (const [what, s] of [['site navigation', screen.nav], ['contents', screen.toc], ['previous/next links', screen.prevNext]]) {
      expect(squeeze(s).length > 20, `no ${what} on screen to compare with`);
      expect(!printed.includes(squeeze(s)), `the ${what} is printed`);
    }
    clean('print');
  });

  // One PDF of the whole book is costly (about 300 pages): Chromium from file:// prints it.
  if (BROWSER === 'chromium' && mode === 'file') await check(`${name}: a collection on one page: reached from the collection, contents and notes link inside it, printed with every note`, async () => {
    await page.goto(url('collections/book.html'));
    await follow(page, () => page.click('.print-link a'));
    const view = await page.evaluate(() => ({
      texts: [...document.querySelectorAll('.print-text')].map((s) => s.id),
      contents: [...document.querySelectorAll('.print-contents a')].map((a) => a.getAttribute('href')),
      notes: [...document.querySelectorAll('.print-text .footnotes li')].map((li) => li.innerText.replace('↩', '')),
    }));
    const book = fs.readdirSync(path.join(SOURCE, 'content/texts')).filter((f) => /^collection: "?book"?$/m.test(fs.readFileSync(path.join(SOURCE, 'content/texts', f), 'utf8')));
    expect(view.texts.length === book.length, `${view.texts.length} texts on the page, ${book.length} in content/texts name the book`);
    expect(view.contents.join() === view.texts.map((id) => `#${id}`).join(), 'the contents do not list the texts in page order');
    expect(view.notes.length > 500, `only ${view.notes.length} notes on the page`);
    // Chapter 9 from the contents; then its first note marker lands on its own note, not chapter 1's.
    await page.click('.print-contents a[href="#book-ch09"]');
    const marker = await page.$eval('#book-ch09 sup.fnref a', (a) => a.getAttribute('href'));
    expect(/^#book-ch09--fn-/.test(marker), `chapter 9's first note marker points at ${marker}`);
    // The whole book on one page, and then printed: the slowest load and print of the suite,
    // given a patient timeout (puppeteer's default is 30 s, which a busy machine exceeded).
    await page.goto(url('texts/book.print.html') + marker, { timeout: patient(30000) });
    const landed = await page.evaluate(() => { const t = document.getElementById(location.hash.slice(1)); return t ? t.closest('.print-text').id : ''; });
    expect(landed === 'book-ch09', `chapter 9's note marker lands in ${landed || 'nothing'}`);
    const pdf = await page.pdf({ format: 'A4', timeout: patient(30000) });
    fs.writeFileSync(path.join(art, 'book-print.pdf'), pdf);
    const text = printedText(pdf);
    const pages = text.split('\f').length - 1;
    // Each text starts on a new page; the printed book has 300-odd pages.
    expect(pages >= view.texts.length && pages < 1500, `${pages} pages printed for ${view.texts.length} texts`);
    const printed = squeeze(text);
    const lost = view.notes.filter((n) => !printed.includes(squeeze(n).slice(0, 60)));
    expect(lost.length === 0, `${lost.length} of ${view.notes.length} notes not printed, first: ${(lost[0] || '').slice(0, 80)}`);
    expect(!printed.includes(squeeze('Search (press /)')), 'the site header is printed');
    clean('print view');
  });

  const shots = [
    ['home', 'index.html'],
    ['chapter', 'texts/book-ch09.html'],
    ['mission', 'missions/minusca.html'],
    ['search', 'search.html?q=national%20ownership'],
    ['glossary', 'glossary.html'],
    ['theme', 'themes/national-ownership.html'],
    ['matrix', 'matrix.html'],
    ['missions-index', 'missions/index.html'],
    ['principle', 'principles/book-annex-principle-3.html'],
    ['print-view', 'texts/policy-paper-2011.print.html'],
  ];
  await check(`${name}: screenshots and axe-core (no violation of any impact, light and dark) on home, chapter, mission, theme, matrix, glossary, search, an index, a principle and a print view`, async () => {
    const bad = [];
    const settle = async (p, rel, name) => {
      await p.goto(url(rel));
      if (name === 'search') { await shown(p, '#search-results .sr-item'); await snippetsLoaded(p); }
    };
    const darkPage = await dark.newPage();
    for (const [name, rel] of shots) {
      for (const [w, h] of [[1280, 900], [390, 844]]) {
        await page.setViewport({ width: w, height: h });
        await settle(page, rel, name);
        await page.screenshot({ path: path.join(art, `${name}-${w}.png`) });
      }
      await page.setViewport({ width: 1280, height: 900 });
      for (const [scheme, p] of [['light', page], ['dark', darkPage]]) {
        await settle(p, rel, name);
        await p.evaluate(AXE);
        const result = await p.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'], preload: false });
          return r.violations
            .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        });
        for (const v of result) bad.push(`${rel} [${scheme}]: ${v}`);
      }
    }
    await darkPage.close();
    expect(bad.length === 0, bad.join('\n       '));
    clean('axe');
  });

  await page.close();
}

(async () => {
  const t0 = Date.now();
  const light = await open(BROWSER);
  const dark = await open(BROWSER, { colorScheme: 'dark' });
  let server = null;
  try {
    if (MODE === 'file' || MODE === 'both') {
      await suite('file', 'file://' + SITE + '/', light, dark);
    }
    if (MODE === 'nginx' || MODE === 'both') {
      server = await nginx.start(SITE, 'kb');
      console.log(`nginx serving ${SITE} at ${server.base}`);
      await suite('nginx', server.base, light, dark);
    }
  } finally {
    if (server) await server.stop();
    await light.close();
    await dark.close();
  }
  console.log(`${BROWSER}: ${passed} passed, ${failures.length} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${ARTIFACTS}`);
  process.exit(failures.length ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
