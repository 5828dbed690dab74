// Browser side of the benchmarks, in headless Chromium driven over the DevTools protocol
// (Node's WebSocket, so run with `node --experimental-websocket` on Node 20; no npm package).
//   node --experimental-websocket bench/browser.js KB_OUT HUGO_OUT CHAPTER RUNS
// Serves KB_OUT under /kb/ and HUGO_OUT under /hugo/ from 127.0.0.1 with the HTTP cache off,
// and prints JSON with the medians (ms) of RUNS measurements of:
//   search_kb      load lunr.js, assets/lunr-state.js, search/index.js (the prebuilt index as
//                  lunr.Builder's state) and search/meta.js, finish the index, first query:
//                  what the site does before showing results
//   search_ref     load lunr.js and search/corpus.json, build the index in the page with
//                  lunr(function () {...}), first query: what a site without a prebuilt index does
//   typing_kb      on a chapter page, from focusing the header's search box and typing the
//                  query (one input event) to the first result option in its dropdown;
//                  typing_kb_after_data: from the arrival of the last data script to then
//   typing_ref     the same on a plain lunr.js page (/ref-search.html, below) that loads lunr.js
//                  and the corpus when its box gets focus and builds the index in the page
//   render_kb      first contentful paint of /kb/texts/CHAPTER.html, from navigation start
//   render_hugo    the same for the same text built by Hugo (/hugo/texts/CHAPTER.html)
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const [kbOut, hugoOut, chapter, runsArg] = process.argv.slice(2);
const runs = Math.max(1, Number(runsArg || 5));
const QUERY = 'security sector';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
                '.json': 'application/json', '.svg': 'image/svg+xml' };

function serve() {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url.split('?')[0]);
    let file = null;
    if (url === '/blank.html' || url === '/ref-search.html') {
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' });
      return res.end(url === '/blank.html' ? '<!DOCTYPE html><title>bench</title>' : REF_PAGE);
    }
    for (const [prefix, dir] of [['/kb/', kbOut], ['/hugo/', hugoOut]]) {
      if (url.startsWith(prefix)) file = path.join(dir, path.normalize(url.slice(prefix.length)));
    }
    if (!file || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
                         'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

function findChromium() {
  for (const c of [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (c && fs.existsSync(c)) return c;
  }
  throw new Error('chromium not found: apt-get install chromium');
}

async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-chromium-'));
  const proc = spawn(findChromium(), ['--headless=new', '--no-sandbox', '--disable-gpu',
    '--no-first-run', '--disable-extensions', '--remote-debugging-port=0',
    `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const wsUrl = await new Promise((ok, ko) => {
    let err = '';
    const timer = setTimeout(() => ko(new Error('chromium did not start:\n' + err)), 30000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
  });
  const port = new URL(wsUrl).port;
  const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const page = list.find((t) => t.type === 'page');
  const ws = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise((ok, ko) => { ws.onopen = ok; ws.onerror = ko; });
  let id = 0;
  const pending = new Map();
  const waiters = [];
  ws.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.id && pending.has(msg.id)) {
      const { ok, ko } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) ko(new Error(JSON.stringify(msg.error))); else ok(msg.result);
    } else if (msg.method) {
      for (const w of waiters.splice(0)) {
        if (w.method === msg.method) w.ok(msg.params); else waiters.push(w);
      }
    }
  };
  const send = (method, params = {}) => new Promise((ok, ko) => {
    const mid = ++id;
    pending.set(mid, { ok, ko });
    ws.send(JSON.stringify({ id: mid, method, params }));
  });
  const once = (method) => new Promise((ok) => waiters.push({ method, ok }));
  const close = async () => {
    ws.close();
    const exited = new Promise((ok) => proc.once('exit', ok));
    proc.kill();
    await exited;
    try { fs.rmSync(profile, { recursive: true, force: true }); } catch (e) { /* best effort */ }
  };
  return { send, once, close };
}

async function evaluate(cdp, expression) {
  const r = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
  return r.result.value;
}

async function navigate(cdp, url) {
  const loaded = cdp.once('Page.loadEventFired');
  await cdp.send('Page.navigate', { url });
  await loaded;
}

const LOAD = `const load = (src) => new Promise((ok, ko) => { const s = document.createElement('script');
  s.src = src; s.onload = ok; s.onerror = () => ko(new Error('cannot load ' + src)); document.head.appendChild(s); });`;

const SEARCH_KB = `(async () => { ${LOAD}
  const t0 = performance.now();
  await Promise.all([load('/kb/assets/lunr.js'), load('/kb/assets/lunr-state.js'),
                     load('/kb/search/index.js'), load('/kb/search/meta.js')]);
  const idx = lunrFromState(lunr, window.KB_SEARCH_INDEX);
  const hits = idx.search(${JSON.stringify(QUERY)}).length;
  return { ms: performance.now() - t0, hits };
})()`;

const SEARCH_REF = `(async () => { ${LOAD}
  const t0 = performance.now();
  const [, corpus] = await Promise.all([load('/kb/assets/lunr.js'),
    fetch('/kb/search/corpus.json').then((r) => r.json())]);
  const idx = lunr(function () {
    this.ref(corpus.ref || 'id');
    for (const f of corpus.fields) this.field(f.name, f.boost ? { boost: f.boost } : undefined);
    for (const d of corpus.documents) this.add(d);
  });
  const hits = idx.search(${JSON.stringify(QUERY)}).length;
  return { ms: performance.now() - t0, hits };
})()`;

// A search page as a site without a prebuilt index would have it: lunr.js and the corpus are
// loaded when the box gets focus, the index is built in the page, results are listed on input.
const REF_PAGE = `<!DOCTYPE html><meta charset="utf-8"><title>plain lunr.js search</title>
<input id="search-input" type="search" autocomplete="off"><ul id="results"></ul>
<script>
let idx = null, loading = null;
function loadIndex() {
  if (!loading) {
    loading = Promise.all([
      new Promise((ok, ko) => { const s = document.createElement('script'); s.src = '/kb/assets/lunr.js';
        s.onload = ok; s.onerror = ko; document.head.appendChild(s); }),
      fetch('/kb/search/corpus.json').then((r) => r.json())])
      .then(([, corpus]) => {
        idx = lunr(function () {
          this.ref(corpus.ref || 'id');
          for (const f of corpus.fields) this.field(f.name, f.boost ? { boost: f.boost } : undefined);
          for (const d of corpus.documents) this.add(d);
        });
      });
  }
  return loading;
}
const input = document.getElementById('search-input');
input.addEventListener('focus', loadIndex);
input.addEventListener('input', () => loadIndex().then(() => {
  const ul = document.getElementById('results');
  ul.textContent = '';
  for (const r of idx.search(input.value).slice(0, 8)) {
    const li = document.createElement('li');
    li.setAttribute('role', 'option');
    li.textContent = r.ref;
    ul.appendChild(li);
  }
}));
</script>`;

// Focuses the search box and arms a watch for the first element matching `selector`; the query
// is then typed with Input.insertText, and TYPING_DONE reads the time between the two.
const typingStart = (selector) => `(() => {
  window.__firstResults = new Promise((done, fail) => {
    setTimeout(() => fail(new Error('no results within 60 s')), 60000);
    const seen = () => {
      const n = document.querySelectorAll(${JSON.stringify(selector)}).length;
      if (n) { observer.disconnect(); done({ at: performance.now(), hits: n }); }
    };
    const observer = new MutationObserver(seen);
    observer.observe(document.body, { childList: true, subtree: true });
  });
  window.__t0 = performance.now();
  document.getElementById('search-input').focus();
  return true;
})()`;
// kb.js marks 'kb-search-data' when the last script the first results need has arrived.
const TYPING_DONE = `window.__firstResults.then((r) => {
  const data = performance.getEntriesByName('kb-search-data')[0];
  return { ms: r.at - window.__t0, hits: r.hits, afterData: data ? r.at - data.startTime : null };
})`;

const FCP = `new Promise((ok) => {
  const e = performance.getEntriesByName('first-contentful-paint')[0];
  if (e) return ok(e.startTime);
  new PerformanceObserver((l) => ok(l.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
  setTimeout(() => ok(null), 5000);
})`;

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const cdp = await launch();
  try {
    await cdp.send('Page.enable');
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const out = { runs, query: QUERY, chapter };
    for (const [name, expr] of [['search_kb', SEARCH_KB], ['search_ref', SEARCH_REF]]) {
      const times = [];
      for (let i = 0; i < runs; i++) {
        await navigate(cdp, `${base}/blank.html`);
        const r = await evaluate(cdp, expr);
        if (!r.hits) throw new Error(`${name}: no hits for "${QUERY}"`);
        times.push(r.ms);
        out[name + '_hits'] = r.hits;
      }
      out[name] = median(times);
    }
    for (const [name, url, selector] of [
      ['typing_kb', `/kb/texts/${chapter}.html`, '#search-dropdown [role="option"]'],
      ['typing_ref', '/ref-search.html', '#results [role="option"]']]) {
      const times = [];
      const afterData = [];
      for (let i = 0; i < runs; i++) {
        await navigate(cdp, `${base}/blank.html`);
        await navigate(cdp, `${base}${url}`);
        await evaluate(cdp, typingStart(selector));
        await cdp.send('Input.insertText', { text: QUERY });
        const r = await evaluate(cdp, TYPING_DONE);
        times.push(r.ms);
        if (r.afterData !== null) afterData.push(r.afterData);
        out[name + '_hits'] = r.hits;
      }
      out[name] = median(times);
      if (afterData.length) out[name + '_after_data'] = median(afterData);
    }
    for (const [name, prefix] of [['render_kb', '/kb/'], ['render_hugo', '/hugo/']]) {
      const times = [];
      for (let i = 0; i < runs; i++) {
        await navigate(cdp, `${base}/blank.html`);
        await navigate(cdp, `${base}${prefix}texts/${chapter}.html`);
        const t = await evaluate(cdp, FCP);
        if (t === null) throw new Error(`${name}: no first-contentful-paint entry`);
        times.push(t);
      }
      out[name] = median(times);
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    await cdp.close();
    server.close();
  }
}

main().catch((e) => { console.error('browser.js: ' + (e.stack || e)); process.exit(1); });
