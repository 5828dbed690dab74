// The reading experience, proven in Chromium. Usage:
//   node run.js SITE_DIR [--mode file|nginx|both] [--artifacts DIR]
// file:  the site opened from file://
// nginx: the site served by nginx on a loopback port under /kb/
// Every check prints "ok" or "FAIL"; any failure makes the exit code non-zero.
'use strict';
const fs = require('fs');
const path = require('path');
const { launch, launchWithoutJs, snippetsLoaded, patient } = require('./lib/browser');
const { htmlFiles } = require('./lib/crawl');
const nginx = require('./lib/nginx');

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf('--' + name); return i >= 0 ? args[i + 1] : def; };
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const SITE = path.resolve(positional[0] || process.env.KB_SITE || '');
const MODE = opt('mode', 'both');
const ARTIFACTS = path.resolve(opt('artifacts', process.env.KB_ARTIFACTS || path.join(__dirname, 'test-artifacts')));
if (!positional[0] && !process.env.KB_SITE) { console.error('usage: node run.js SITE_DIR [--mode file|nginx|both]'); process.exit(2); }
if (!fs.existsSync(path.join(SITE, 'index.html'))) { console.error('no built site at ' + SITE); process.exit(2); }

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const failures = [];
let passed = 0;

async function check(name, fn) {
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


// Watches a page for console errors, uncaught exceptions, failed requests and requests that leave the site.
function watch(page, base) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Loads cut short because the test moved on to the next page are not failures of the site;
    // a missing file shows as ERR_FILE_NOT_FOUND (file://) or as an HTTP status (nginx).
    if (r.failure() && /ERR_ABORTED/.test(r.failure().errorText)) return;
    problems.push(`request failed: ${r.url()} ${r.failure() ? r.failure().errorText : ''}`);
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('about:')) problems.push(`request leaves the site: ${u}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return problems;
}

async function pageWith(context, base) {
  const page = await context.newPage();
  const problems = watch(page, base);
  return { page, problems };
}

function fold(s) { return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); }

async function suite(mode, base, context) {
  const art = path.join(ARTIFACTS, mode);
  fs.mkdirSync(art, { recursive: true });
  const url = (rel) => base + rel;
  const pages = htmlFiles(SITE).map((f) => path.relative(SITE, f).split(path.sep).join('/'));

  await check(`${mode}: all ${pages.length} pages load at 360 px with no console error, failed or outside request, and no horizontal scroll`, async () => {
    const bad = [];
    const worker = async (list) => {
      const { page, problems } = await pageWith(context, base);
      await page.setViewportSize({ width: 360, height: 740 });
      for (const rel of list) {
        problems.length = 0;
        await page.goto(url(rel), { waitUntil: 'load' });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`scrolls sideways by ${overflow}px at 360 px`);
        for (const p of problems) bad.push(`${rel}: ${p}`);
      }
      await page.close();
    };
    const half = Math.ceil(pages.length / 2);
    await Promise.all([worker(pages.slice(0, half)), worker(pages.slice(half))]);
    expect(bad.length === 0, `${bad.length} problems:\n       ` + bad.slice(0, 25).join('\n       '));
  });

  const { page, problems } = await pageWith(context, base);
  const clean = (what) => { expect(problems.length === 0, `${what}: ${problems.join('; ')}`); };

  await check(`${mode}: header search finds a mission as you type; Enter opens its page`, async () => {
    await page.goto(url('index.html'));
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement && document.activeElement.id === 'search-input'), '"/" does not focus the search box');
    await page.keyboard.type('MINUSCA', { delay: 20 });
    const first = page.locator('#search-dropdown[data-query="MINUSCA"] .sr-item a').first();
    await first.waitFor({ timeout: patient(10000) });
    const head = await first.locator('.sr-head').innerText();
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
    await Promise.all([page.waitForURL(/missions\/minusca\.html/), page.keyboard.press('Enter')]);
    expect(/MINUSCA/.test(await page.locator('h1, .subtitle').allInnerTexts().then((t) => t.join(' '))), 'mission page lacks its name');
    clean('search');
  });

  await check(`${mode}: a text result deep-links to the paragraph that matches`, async () => {
    // The search page, filtered to texts: entities about the forum may fill the dropdown's top 8.
    await page.goto(url('search.html?q=Bangui%20Forum&kind=text'));
    const textHit = page.locator('#search-results .sr-item a[data-kind="text"]').first();
    await textHit.waitFor({ timeout: patient(10000) });
    const href = await textHit.getAttribute('href');
    expect(/#[\w-]+$/.test(href), `text result has no anchor: ${href}`);
    expect((await textHit.locator('mark').count()) > 0, 'snippet has no highlighted match');
    await Promise.all([page.waitForURL((u) => u.hash.length > 1), textHit.click()]);
    const hash = await page.evaluate(() => decodeURIComponent(location.hash.slice(1)));
    const text = await page.evaluate((id) => { const e = document.getElementById(id); return e ? (e.matches('span.anchor') ? e.parentNode : e).textContent : null; }, hash);
    expect(text !== null, `target #${hash} does not exist`);
    expect(/bangui/i.test(text) && /forum/i.test(text), `paragraph #${hash} does not contain the words: ${String(text).slice(0, 200)}`);
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

  await check(`${mode}: accents are optional and apostrophes either way (Hänggi, Côte d'Ivoire)`, async () => {
    await page.goto(url('search.html?q=H%C3%A4nggi'));
    await page.locator('#search-results .sr-item').first().waitFor({ timeout: patient(10000) }); await snippetsLoaded(page);
    const withAccent = await page.locator('#search-results .sr-summary').innerText();
    await page.goto(url('search.html?q=Hanggi'));
    await page.locator('#search-results .sr-item').first().waitFor({ timeout: patient(10000) }); await snippetsLoaded(page);
    const without = await page.locator('#search-results .sr-summary').innerText();
    expect(withAccent.split(' ')[0] === without.split(' ')[0], `"Hänggi" (${withAccent}) and "Hanggi" (${without}) differ`);
    expect(/Hänggi/.test(await page.locator('#search-results mark').allInnerTexts().then((t) => t.join(' '))), 'Hänggi not highlighted');
    await page.goto(url("search.html?q=C%C3%B4te%20d'Ivoire"));
    await page.locator('#search-results .sr-item').first().waitFor({ timeout: patient(10000) }); await snippetsLoaded(page);
    const snippets = await page.locator('#search-results .sr-item').allInnerTexts();
    expect(snippets.some((s) => /Côte d[’']Ivoire/.test(s)), 'no result shows Côte d’Ivoire');
    const firstHits = snippets.slice(0, 5).filter((s) => /Ivoire/.test(s)).length;
    expect(firstHits >= 3, `only ${firstHits} of the first 5 results mention Côte d’Ivoire`);
    const straight = await page.locator('#search-results .sr-summary').innerText();
    await page.goto(url('search.html?q=Cote%20d%E2%80%99Ivoire'));
    await page.locator('#search-results .sr-item').first().waitFor({ timeout: patient(10000) }); await snippetsLoaded(page);
    const curly = await page.locator('#search-results .sr-summary').innerText();
    expect(straight.split(' ')[0] === curly.split(' ')[0], `"Côte d'Ivoire" (${straight}) and "Cote d’Ivoire" (${curly}) differ`);
    clean('accents');
  });

  await check(`${mode}: search page keeps the query and kind filters in the URL; result text is escaped`, async () => {
    await page.goto(url('search.html?q=ownership&kind=theme'));
    await page.locator('#search-results .sr-item').first().waitFor({ timeout: patient(10000) }); await snippetsLoaded(page);
    const kinds = await page.locator('#search-results .sr-item .badge').allInnerTexts();
    expect(kinds.length > 0 && kinds.every((k) => /theme/i.test(k)), `filter not applied: ${kinds.join(',')}`);
    expect(await page.locator('input[name="kind"][value="theme"]').isChecked(), 'theme filter unchecked');
    expect(!(await page.locator('input[name="kind"][value="text"]').isChecked()), 'text filter still checked');
    await page.locator('input[name="kind"][value="text"]').check();
    await page.waitForFunction(() => /kind=text/.test(location.search) || !/kind=/.test(location.search));
    await page.fill('#search-page-input', '<img src=x onerror="window.__xss=1">ownership');
    await page.waitForTimeout(400);
    expect((await page.locator('#search-results img').count()) === 0, 'markup from the query was injected');
    expect(!(await page.evaluate(() => window.__xss)), 'script ran');
    clean('search page');
  });

  await check(`${mode}: a query lunr rejects gets a friendly message, not a console error`, async () => {
    await page.goto(url('search.html?q=nosuchfield%3Aabc'));
    const box = page.locator('#search-results .sr-error');
    await box.waitFor({ timeout: patient(10000) });
    expect(/could not be read/.test(await box.innerText()), 'no friendly message');
    // The search page has one search box, its own; the header's box is on every other page.
    expect((await page.locator('input[type="search"]').count()) === 1, 'the search page has more than one search box');
    await page.goto(url('index.html'));
    await page.fill('#search-input', 'title:');
    await page.locator('#search-dropdown .sr-error, #search-dropdown .sr-empty').first().waitFor({ timeout: patient(10000) });
    await page.keyboard.press('Escape');
    expect(await page.locator('#search-dropdown').isHidden(), 'Escape does not close the dropdown');
    clean('query errors');
  });

  await check(`${mode}: footnote popover opens on hover and on keyboard focus, closes with Escape; abbreviations expand on tap`, async () => {
    await page.goto(url('texts/book-ch09.html'));
    const ref = page.locator('.body p sup.fnref a').first();
    const id = (await ref.getAttribute('href')).slice(1);
    const noteText = (await page.locator(`[id="${id}"]`).innerText()).replace('↩', '').trim();
    const pop = page.locator('#kb-pop');
    await ref.hover();
    await pop.waitFor({ state: 'visible', timeout: patient(3000) });
    const shown = await pop.innerText();
    expect(shown.includes(noteText.slice(0, 40)), `popover shows "${shown.slice(0, 80)}", note is "${noteText.slice(0, 80)}"`);
    await page.keyboard.press('Escape');
    await pop.waitFor({ state: 'hidden', timeout: patient(2000) });
    await page.mouse.move(0, 0);
    await ref.focus();
    await pop.waitFor({ state: 'visible', timeout: patient(2000) });
    expect((await ref.getAttribute('aria-describedby')) === 'kb-pop', 'marker not described by the popover');
    await page.keyboard.press('Escape');
    await pop.waitFor({ state: 'hidden', timeout: patient(2000) });
    expect(await page.evaluate(() => document.activeElement && document.activeElement.closest('sup.fnref') !== null), 'focus lost after Escape');
    // Abbreviations expand on a click or tap too (a title attribute alone never shows on touch).
    const abbr = page.locator('.body p abbr[title]:not(a abbr)').first();
    const expansion = await abbr.getAttribute('title');
    await abbr.click();
    await pop.waitFor({ state: 'visible', timeout: patient(2000) });
    expect((await pop.innerText()).includes(expansion), `abbreviation popover lacks "${expansion}"`);
    await page.keyboard.press('Escape');
    await pop.waitFor({ state: 'hidden', timeout: patient(2000) });
    clean('footnotes');
  });

  await check(`${mode}: cross-reference preview opens on hover and on keyboard focus, closes with Escape`, async () => {
    // The pointer starts off the text, so that no other link's preview is on its way.
    await page.mouse.move(0, 0);
    await page.goto(url('texts/book-ch07.html'));
    const link = page.locator('.body a.xref[data-ref^="mission:"]').first();
    const key = await link.getAttribute('data-ref');
    const title = await page.evaluate((k) => window.KB_PREVIEWS[k].t, key);
    const pop = page.locator('#kb-pop');
    await link.hover();
    await pop.waitFor({ state: 'visible', timeout: patient(3000) });
    // On a busy machine the popover may show before it is filled: wait for the text itself.
    const shown = await page.waitForFunction((t) => document.getElementById('kb-pop').innerText.includes(t), title,
                                             { timeout: patient(5000) }).then(() => true, () => false);
    expect(shown, `preview lacks "${title}" (shows "${(await pop.innerText()).slice(0, 120)}")`);
    await page.keyboard.press('Escape');
    await pop.waitFor({ state: 'hidden', timeout: patient(2000) });
    await page.mouse.move(0, 0);
    await link.focus();
    await pop.waitFor({ state: 'visible', timeout: patient(2000) });
    await page.keyboard.press('Escape');
    await pop.waitFor({ state: 'hidden', timeout: patient(2000) });
    clean('previews');
  });

  await check(`${mode}: paragraph permalink and one-click citation (title, authors, section, paragraph)`, async () => {
    await page.goto(url('texts/book-ch09.html'));
    const para = page.locator('.body p[id].has-tools').nth(3);
    const id = await para.getAttribute('id');
    expect((await para.locator('a.permalink').getAttribute('href')) === '#' + id, 'permalink does not point at the paragraph');
    await para.hover();
    await para.locator('.cite-btn').click();
    await page.waitForFunction(() => !!window.KB_LAST_CITATION);
    const c = await page.evaluate(() => window.KB_LAST_CITATION);
    const title = (await page.locator('.text-header h1').innerText()).trim();
    const authors = (await page.locator('.text-header .authors').innerText()).split(',')[0].trim();
    expect(c.includes(title) && c.includes(authors), `citation lacks title or author: ${c}`);
    expect(/section “[^”]+”, para\. \d+\./.test(c) && c.includes('#' + id), `citation lacks section/paragraph/link: ${c}`);
    clean('citation');
  });

  await check(`${mode}: the table of contents highlights the current section`, async () => {
    await page.goto(url('texts/book-ch09.html'));
    const h = page.locator('.body h2[id]').nth(2);
    const id = await h.getAttribute('id');
    await h.evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 20));
    await page.waitForFunction((i) => { const a = document.querySelector('.toc a.current'); return a && a.getAttribute('href') === '#' + i; }, id, { timeout: patient(3000) });
  });

  await check(`${mode}: index tables filter and sort`, async () => {
    await page.goto(url('missions/index.html'));
    const rows = page.locator('#kind-table tbody tr');
    const total = await rows.count();
    await page.fill('#filter', 'burundi');
    const visible = await page.locator('#kind-table tbody tr:not([hidden])').allInnerTexts();
    expect(visible.length > 0 && visible.length < total && visible.every((t) => /burundi/i.test(t)), 'filter does not filter');
    await page.fill('#filter', '');
    const head = page.locator('#kind-table thead th').last();
    await head.locator('button').click();
    await head.locator('button').click();
    expect((await head.getAttribute('aria-sort')) === 'descending', 'aria-sort not set');
    const nums = await page.locator('#kind-table tbody tr td:last-child').allInnerTexts();
    const n = nums.map((x) => +x);
    expect(n.every((v, i) => i === 0 || n[i - 1] >= v), 'not sorted descending');
    clean('tables');
  });

  await check(`${mode}: dark mode toggles, persists across reload, and follows the system`, async () => {
    await page.goto(url('texts/book-ch09.html'));
    const bg = () => page.evaluate(() => {
      const m = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
      return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
    });
    expect((await bg()) > 0.8, 'light page is not light');
    await page.click('.theme-toggle');
    expect((await page.getAttribute('html', 'data-theme')) === 'dark', 'toggle did not switch');
    expect((await bg()) < 0.2, 'dark mode background is not dark');
    expect((await page.getAttribute('.theme-toggle', 'aria-pressed')) === 'true', 'aria-pressed not true');
    await page.reload();
    expect((await bg()) < 0.2, 'dark mode not remembered after reload');
    await page.goto(url('missions/minusca.html'));
    expect((await bg()) < 0.2, 'dark mode not remembered on another page');
    await page.click('.theme-toggle');
    expect((await bg()) > 0.8, 'toggle back to light failed');
    await page.evaluate(() => localStorage.removeItem('kb-theme'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    expect((await bg()) < 0.2, 'does not follow a dark system preference');
    await page.emulateMedia({ colorScheme: 'light' });
    clean('dark mode');
  });

  await check(`${mode}: without JavaScript, notes, contents and links still work`, async () => {
    const nojs = await launchWithoutJs();
    try {
      const p = await nojs.context.newPage();
      const probs = watch(p, base);
      await p.goto(url('texts/book-ch09.html'));
      expect(await p.locator('.toc a').first().isVisible(), 'table of contents hidden without JS');
      const ref = p.locator('.body p sup.fnref a').first();
      const id = (await ref.getAttribute('href')).slice(1);
      await ref.click();
      expect(await p.evaluate(() => decodeURIComponent(location.hash.slice(1))) === id, 'note marker does not jump to the note');
      expect(await p.locator(`[id="${id}"]`).isVisible(), 'note not visible');
      await p.locator(`[id="${id}"] a.fnback`).first().click();
      expect(/^#fnref-/.test(await p.evaluate(() => location.hash)), 'back link does not return to the marker');
      await Promise.all([p.waitForURL(/missions\/\w/), p.locator('.body a.xref[data-ref^="mission:"]').first().click()]);
      expect(probs.length === 0, probs.join('; '));
    } finally { await nojs.close(); }
  });

  await check(`${mode}: print stylesheet keeps the text and its notes, drops navigation`, async () => {
    await page.goto(url('texts/book-ch09.html'));
    await page.emulateMedia({ media: 'print' });
    const vis = await page.evaluate(() => ['.site-nav', '.toc', '.search-form', '.prev-next', '.footnotes', '.body p']
      .map((s) => { const e = document.querySelector(s); return e ? getComputedStyle(e).display !== 'none' : null; }));
    await page.emulateMedia({ media: 'screen' });
    expect(JSON.stringify(vis) === JSON.stringify([false, false, false, false, true, true]), 'print visibility wrong: ' + JSON.stringify(vis));
    if (mode === 'file') await page.pdf({ path: path.join(art, 'chapter-print.pdf'), format: 'A4' });
  });

  const shots = [
    ['home', 'index.html'],
    ['chapter', 'texts/book-ch09.html'],
    ['mission', 'missions/minusca.html'],
    ['search', 'search.html?q=national%20ownership'],
  ];
  await check(`${mode}: screenshots and axe-core (no serious or critical violation, light and dark) on home, chapter, mission, search`, async () => {
    const bad = [];
    for (const [name, rel] of shots) {
      for (const [w, h] of [[1280, 900], [390, 844]]) {
        await page.setViewportSize({ width: w, height: h });
        await page.goto(url(rel));
        if (name === 'search') { await page.locator('#search-results .sr-item').first().waitFor({ timeout: patient(10000) }); await snippetsLoaded(page); }
        await page.screenshot({ path: path.join(art, `${name}-${w}.png`) });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(url(rel));
        if (name === 'search') { await page.locator('#search-results .sr-item').first().waitFor({ timeout: patient(10000) }); await snippetsLoaded(page); }
        await page.evaluate(AXE);
        const result = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'], preload: false });
          return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        });
        for (const v of result) bad.push(`${rel} [${scheme}]: ${v}`);
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
    expect(bad.length === 0, bad.join('\n       '));
    clean('axe');
  });

  await page.close();
}

(async () => {
  const t0 = Date.now();
  const { context, close } = await launch();
  let server = null;
  try {
    if (MODE === 'file' || MODE === 'both') {
      await suite('file', 'file://' + SITE + '/', context);
    }
    if (MODE === 'nginx' || MODE === 'both') {
      server = await nginx.start(SITE, 'kb');
      console.log(`nginx serving ${SITE} at ${server.base}`);
      await suite('nginx', server.base, context);
    }
  } finally {
    if (server) await server.stop();
    await close();
  }
  console.log(`${passed} passed, ${failures.length} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${ARTIFACTS}`);
  process.exit(failures.length ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
