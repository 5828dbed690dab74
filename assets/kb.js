/* Knowledge base reader script. Everything here is an enhancement: pages read, link and show
   their notes without it. No request leaves the site; search data is loaded with <script> tags
   (never fetch/XHR) so that it works from file:// as well as from a web server. */
(function () {
  'use strict';

  var doc = document;
  var root = doc.body.getAttribute('data-root') || '';
  var statusEl = doc.getElementById('kb-status');

  function $(sel, ctx) { return (ctx || doc).querySelector(sel); }
  function $all(sel, ctx) { return Array.prototype.slice.call((ctx || doc).querySelectorAll(sel)); }
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function announce(msg) {
    if (!statusEl) return;
    statusEl.textContent = '';
    window.setTimeout(function () { statusEl.textContent = msg; }, 30);
  }

  var KIND_LABELS = {
    text: 'Text', mission: 'Mission', theme: 'Theme', mandate: 'Mandate', principle: 'Principle',
    lesson: 'Lesson', recommendation: 'Recommendation', document: 'UN document', collection: 'Collection'
  };

  /* ---------- accent folding ----------
     The generator folds Latin accents out of titles and bodies before indexing (Hänggi is indexed
     as "hanggi", "Côte d’Ivoire" as "cote d'ivoire"), because lunr's trimmer would otherwise cut
     accented letters at word edges, and straightens curly apostrophes. Queries are folded the same
     way here, so "Hänggi", "Hanggi", "Côte d'Ivoire" and "Cote d’Ivoire" all find the passages.
     The table mirrors kb::util::fold_accents for letters that do not decompose. */
  var FOLD_SPECIAL = {
    'æ': 'ae', 'Æ': 'ae', 'ø': 'o', 'Ø': 'o', 'ß': 'ss', 'þ': 'th', 'Þ': 'th', 'ð': 'd', 'Ð': 'd',
    'đ': 'd', 'Đ': 'd', 'ħ': 'h', 'Ħ': 'h', 'ł': 'l', 'Ł': 'l', 'œ': 'oe', 'Œ': 'oe', 'ı': 'i', 'ŀ': 'l', 'Ŀ': 'l'
  };
  function fold(s) {
    return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[æÆøØßþÞðÐđĐħĦłŁœŒıŀĿ]/g, function (c) { return FOLD_SPECIAL[c]; })
      .replace(/[\u2018\u2019]/g, "'");
  }

  /* ---------- a[href=""]: empty optional links left by the templates ---------- */
  $all('a[href=""]').forEach(function (a) {
    var span = doc.createElement('span');
    while (a.firstChild) span.appendChild(a.firstChild);
    a.parentNode.replaceChild(span, a);
  });

  /* The mandate timeline holds links, so it is a group of links rather than one image. */
  $all('svg.timeline[role="img"]').forEach(function (svg) { svg.setAttribute('role', 'group'); });

  /* ---------- dark mode ---------- */
  var themeBtn = $('.theme-toggle');
  var darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  function isDark() {
    var t = doc.documentElement.getAttribute('data-theme');
    if (t) return t === 'dark';
    return !!(darkQuery && darkQuery.matches);
  }
  function syncThemeButton() {
    if (!themeBtn) return;
    var dark = isDark();
    themeBtn.setAttribute('aria-pressed', dark ? 'true' : 'false');
  }
  if (themeBtn) {
    themeBtn.hidden = false;
    syncThemeButton();
    themeBtn.addEventListener('click', function () {
      var next = isDark() ? 'light' : 'dark';
      doc.documentElement.setAttribute('data-theme', next);
      try { localStorage.setItem('kb-theme', next); } catch (e) { /* private mode: not remembered */ }
      syncThemeButton();
      announce(next === 'dark' ? 'Dark mode on' : 'Dark mode off');
    });
    if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener('change', syncThemeButton);
  }

  /* ---------- popovers: footnotes, cross-reference previews, abbreviations ---------- */
  var pop = el('div', 'kb-pop');
  pop.id = 'kb-pop';
  pop.setAttribute('role', 'tooltip');
  pop.hidden = true;
  doc.body.appendChild(pop);
  var popTrigger = null, popSavedDescribedBy = null, showTimer = 0, hideTimer = 0;
  var lastPointer = 'mouse';

  function previews() { return window.KB_PREVIEWS || {}; }

  function triggerOf(node) {
    if (!node || !node.closest) return null;
    if (node.closest('.kb-pop, .search-dropdown, .search-results')) return null;
    // A link's preview wins over an abbreviation inside it (the preview names the entity in full).
    var link = node.closest('a.xref[data-ref]');
    if (link && previews()[link.getAttribute('data-ref')]) return link;
    return node.closest('sup.fnref a, abbr[title]');
  }

  function stripIds(node) {
    if (node.removeAttribute) node.removeAttribute('id');
    $all('[id]', node).forEach(function (n) { n.removeAttribute('id'); });
  }

  function fillPop(t) {
    pop.textContent = '';
    pop.className = 'kb-pop';
    if (t.matches('sup.fnref a')) {
      var id = decodeURIComponent((t.getAttribute('href') || '').replace(/^#/, ''));
      var note = doc.getElementById(id);
      if (!note) return false;
      var label = el('div', 'pop-label', 'Note ' + t.textContent.trim());
      var body = note.cloneNode(true);
      stripIds(body);
      $all('.fnback', body).forEach(function (b) { b.remove(); });
      var wrap = el('div', 'pop-body');
      while (body.firstChild) wrap.appendChild(body.firstChild);
      pop.classList.add('pop-note');
      pop.appendChild(label);
      pop.appendChild(wrap);
      return true;
    }
    if (t.matches('a.xref')) {
      var p = previews()[t.getAttribute('data-ref')];
      if (!p) return false;
      var head = el('div', 'pop-label');
      var kind = (t.getAttribute('data-ref') || '').split(':')[0];
      head.appendChild(el('span', 'badge badge-' + kind, p.k || KIND_LABELS[kind] || kind));
      pop.classList.add('pop-preview');
      pop.appendChild(head);
      pop.appendChild(el('div', 'pop-title', p.t));
      if (p.s) pop.appendChild(el('p', 'pop-summary', p.s));
      return true;
    }
    if (t.matches('abbr[title]')) {
      pop.classList.add('pop-abbr');
      var strong = el('strong', null, t.textContent);
      var pEl = el('p');
      pEl.appendChild(strong);
      pEl.appendChild(doc.createTextNode(': ' + t.getAttribute('title')));
      pop.appendChild(pEl);
      return true;
    }
    return false;
  }

  function placePop(t) {
    var rects = t.getClientRects();
    var r = rects.length ? rects[0] : t.getBoundingClientRect();
    var vw = doc.documentElement.clientWidth;
    var vh = window.innerHeight;
    pop.style.left = '0px';
    pop.style.top = '0px';
    var pw = pop.offsetWidth, ph = pop.offsetHeight;
    var left = Math.max(8, Math.min(r.left, vw - pw - 8));
    var below = r.bottom + 8;
    var top = (below + ph > vh - 8 && r.top - ph - 8 > 8) ? r.top - ph - 8 : below;
    pop.style.left = (left + window.scrollX) + 'px';
    pop.style.top = (top + window.scrollY) + 'px';
  }

  function showPop(t) {
    window.clearTimeout(hideTimer);
    if (popTrigger === t && !pop.hidden) return;
    hidePop();
    if (!fillPop(t)) return;
    popTrigger = t;
    pop.hidden = false;
    placePop(t);
    popSavedDescribedBy = t.getAttribute('aria-describedby');
    t.setAttribute('aria-describedby', 'kb-pop');
    t.classList.add('pop-open');
  }

  function hidePop() {
    window.clearTimeout(showTimer);
    window.clearTimeout(hideTimer);
    if (!popTrigger) { pop.hidden = true; return; }
    if (popSavedDescribedBy) popTrigger.setAttribute('aria-describedby', popSavedDescribedBy);
    else popTrigger.removeAttribute('aria-describedby');
    popTrigger.classList.remove('pop-open');
    popTrigger = null;
    pop.hidden = true;
  }

  function scheduleHide() {
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(hidePop, 250);
  }

  doc.addEventListener('pointerdown', function (e) { lastPointer = e.pointerType || 'mouse'; }, true);

  doc.addEventListener('mouseover', function (e) {
    if (lastPointer === 'touch') return;
    if (e.target.closest && e.target.closest('.kb-pop')) { window.clearTimeout(hideTimer); return; }
    var t = triggerOf(e.target);
    if (!t) return;
    window.clearTimeout(showTimer);
    window.clearTimeout(hideTimer);
    showTimer = window.setTimeout(function () { showPop(t); }, 120);
  });
  doc.addEventListener('mouseout', function (e) {
    var from = e.target.closest ? e.target.closest('.kb-pop') || triggerOf(e.target) : null;
    if (!from) return;
    var to = e.relatedTarget;
    if (to && (from.contains(to) || (to.closest && to.closest('.kb-pop')))) return;
    if (to && popTrigger && popTrigger.contains(to)) return;
    window.clearTimeout(showTimer);
    scheduleHide();
  });
  doc.addEventListener('focusin', function (e) {
    var t = triggerOf(e.target);
    if (t) showPop(t);
    else if (popTrigger && !pop.contains(e.target)) hidePop();
  });
  doc.addEventListener('focusout', function (e) {
    if (popTrigger && e.target === popTrigger && !(e.relatedTarget && pop.contains(e.relatedTarget))) scheduleHide();
  });
  doc.addEventListener('click', function (e) {
    var t = triggerOf(e.target);
    if (!t) {
      if (!pop.hidden && !pop.contains(e.target)) hidePop();
      return;
    }
    // On touch, a tap on a note marker or an abbreviation shows it in place instead of jumping away;
    // the note keeps a link to its place in the list of notes.
    if (t.matches('abbr[title]') || (lastPointer === 'touch' && t.matches('sup.fnref a'))) {
      e.preventDefault();
      if (popTrigger === t && !pop.hidden) { hidePop(); return; }
      showPop(t);
      if (t.matches('sup.fnref a') && popTrigger === t) {
        var go = el('p', 'pop-go');
        var a = el('a', null, 'Go to the note in the list');
        a.href = t.getAttribute('href');
        go.appendChild(a);
        pop.appendChild(go);
      }
    }
  });
  doc.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !pop.hidden) {
      // Focus stays where it is (on the marker or link when the popover came from focus).
      hidePop();
      e.stopPropagation();
    }
  });
  window.addEventListener('resize', function () { if (popTrigger) placePop(popTrigger); });

  /* ---------- table of contents: current section ---------- */
  var toc = $('.toc');
  if (toc) {
    var details = $('.toc-details', toc);
    if (details && window.matchMedia && window.matchMedia('(max-width: 67.99rem)').matches) details.open = false;
    var links = $all('a[href^="#"]', toc);
    var targets = links.map(function (a) { return doc.getElementById(decodeURIComponent(a.getAttribute('href').slice(1))); });
    var current = -1, ticking = false;
    var updateToc = function () {
      ticking = false;
      var line = window.innerHeight * 0.25, idx = -1;
      for (var i = 0; i < targets.length; i++) {
        if (targets[i] && targets[i].getBoundingClientRect().top <= line) idx = i;
      }
      if (idx === current) return;
      if (current >= 0) { links[current].classList.remove('current'); links[current].removeAttribute('aria-current'); }
      current = idx;
      if (idx >= 0) {
        links[idx].classList.add('current');
        links[idx].setAttribute('aria-current', 'location');
        // Keep the highlighted entry visible inside a long sticky contents list.
        var box = details && details.open ? toc : null;
        if (box && box.scrollHeight > box.clientHeight) {
          var lt = links[idx].offsetTop, bt = box.scrollTop;
          if (lt < bt + 40 || lt > bt + box.clientHeight - 60) box.scrollTop = lt - box.clientHeight / 3;
        }
      }
    };
    window.addEventListener('scroll', function () {
      if (!ticking) { ticking = true; window.requestAnimationFrame(updateToc); }
    }, { passive: true });
    updateToc();
  }

  /* ---------- paragraph permalinks and citations ---------- */
  var citationBase = (function () {
    var c = $('.site-footer .citation-text');
    return c ? c.textContent.trim().replace(/\.$/, '') : '';
  })();

  function sectionTitleFor(node) {
    var body = node.closest('.body');
    var heads = $all('h2[id], h3[id], h4[id]', body);
    var title = '';
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) title = heads[i].textContent.trim();
      else break;
    }
    return title;
  }

  function paragraphLabel(id) {
    var m = /(?:^|-)p(\d+)$/.exec(id);
    return m ? 'para. ' + m[1] : '§ ' + id;
  }

  function citationFor(id, node) {
    var url = location.href.split('#')[0] + '#' + id;
    var section = sectionTitleFor(node);
    var title = ($('.text-header h1') || {}).textContent || doc.title;
    var base = citationBase || title.trim();
    return base + (section ? ', section “' + section + '”' : '') + ', ' + paragraphLabel(id) + '. ' + url;
  }

  function copyText(text, done) {
    window.KB_LAST_CITATION = text;
    var fallback = function () {
      var ta = el('textarea');
      ta.value = text;
      ta.setAttribute('readonly', '');
      ta.style.position = 'fixed';
      ta.style.opacity = '0';
      doc.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = doc.execCommand('copy'); } catch (e) { ok = false; }
      ta.remove();
      done(ok);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  $all('.text .body p[id], .text .body li > span.anchor[id]').forEach(function (node) {
    if (node.closest('.footnotes, .editor-note')) return;
    var id = node.id;
    var host = node.matches('span.anchor') ? node.parentNode : node;
    var label = paragraphLabel(id).replace('para. ', 'paragraph ');
    var tools = el('span', 'para-tools');
    var link = el('a', 'permalink', '¶');
    link.href = '#' + id;
    link.setAttribute('aria-label', 'Link to ' + label);
    link.title = 'Link to this paragraph';
    var btn = el('button', 'cite-btn', 'Cite');
    btn.type = 'button';
    btn.setAttribute('aria-label', 'Cite ' + label + ' (copies the citation)');
    btn.title = 'Copy a citation of this paragraph';
    btn.addEventListener('click', function () {
      var text = citationFor(id, node);
      copyText(text, function (ok) {
        btn.textContent = ok ? 'Copied' : 'Copy failed';
        announce(ok ? 'Citation copied: ' + text : 'Could not copy the citation');
        window.setTimeout(function () { btn.textContent = 'Cite'; }, 2000);
      });
    });
    tools.appendChild(link);
    tools.appendChild(btn);
    host.classList.add('has-tools');
    host.appendChild(tools);
  });

  /* ---------- sortable, filterable tables ---------- */
  $all('table.sortable').forEach(function (table) {
    var tbody = table.tBodies[0];
    if (!tbody) return;
    var heads = $all('thead th', table);
    heads.forEach(function (th, col) {
      var b = el('button', 'sort-btn');
      b.type = 'button';
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(tbody.rows);
        var numeric = rows.every(function (r) {
          var c = r.cells[col];
          return c && (c.hasAttribute('data-sort') && c.getAttribute('data-sort') !== '' ? !isNaN(+c.getAttribute('data-sort')) : false);
        });
        var key = function (r) {
          var c = r.cells[col];
          if (!c) return '';
          return numeric ? +c.getAttribute('data-sort') : c.textContent.trim().toLowerCase();
        };
        rows.sort(function (a, b2) {
          var x = key(a), y = key(b2);
          var d = numeric ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
          return asc ? d : -d;
        });
        rows.forEach(function (r) { tbody.appendChild(r); });
        announce('Sorted by ' + b.textContent.trim() + (asc ? ', ascending' : ', descending'));
      });
    });
    var input = $('.table-filter[data-table="' + table.id + '"]');
    if (input) {
      var tools = input.closest('.table-tools');
      if (tools) tools.hidden = false;
      var countEl = tools ? $('.filter-count', tools) : null;
      input.addEventListener('input', function () {
        var q = fold(input.value).toLowerCase().trim();
        var shown = 0;
        Array.prototype.forEach.call(tbody.rows, function (r) {
          var ok = !q || fold(r.textContent).toLowerCase().indexOf(q) >= 0;
          r.hidden = !ok;
          if (ok) shown++;
        });
        if (countEl) countEl.textContent = q ? shown + ' of ' + tbody.rows.length + ' shown' : '';
      });
    }
  });

  /* ---------- search ---------- */
  var searchInput = doc.getElementById('search-input');
  var search = { state: 'idle', waiting: [], idx: null, store: null };

  function loadScript(src, ok, fail) {
    var s = doc.createElement('script');
    s.src = src;
    s.async = true;
    s.onload = ok;
    s.onerror = fail;
    doc.head.appendChild(s);
  }

  function loadSearch(done) {
    if (search.state === 'ready' || search.state === 'error') { done(); return; }
    search.waiting.push(done);
    if (search.state === 'loading') return;
    search.state = 'loading';
    var ds = searchInput ? searchInput.dataset : {};
    var lunrSrc = ds.lunr || root + 'assets/lunr.js';
    var pending = 3;
    var failed = false;
    var finish = function () {
      search.state = failed ? 'error' : 'ready';
      var w = search.waiting;
      search.waiting = [];
      w.forEach(function (f) { f(); });
    };
    var one = function () {
      if (--pending > 0) return;
      if (failed) { finish(); return; }
      // Let the browser paint the "loading" state before the index is deserialised.
      window.setTimeout(function () {
        try {
          search.idx = window.lunr.Index.load(window.KB_SEARCH_INDEX);
          search.store = window.KB_SEARCH_STORE || {};
        } catch (e) {
          failed = true;
        }
        finish();
      }, 0);
    };
    var bad = function () { failed = true; one(); };
    var afterLunr = function () {
      loadScript(ds.index || root + 'search/index.js', one, bad);
      loadScript(ds.store || root + 'search/store.js', one, bad);
      one();
    };
    if (window.lunr) afterLunr();
    else loadScript(lunrSrc, afterLunr, function () { failed = true; pending = 1; one(); });
  }

  var SYNTAX = /(^|\s)[+-]\S|[:*~^]/;

  // Runs a query. Plain words use a query built here (accent-folded, trimmed like the index's
  // words, a prefix match for the word being typed); anything with lunr syntax goes to lunr's parser.
  function runQuery(raw, typing) {
    var q = fold(raw).trim();
    if (!q) return { results: [] };
    var idx = search.idx;
    if (SYNTAX.test(q)) {
      try {
        return { results: rerank(idx.search(q), raw) };
      } catch (e) {
        return { error: (e && e.message) ? e.message : String(e) };
      }
    }
    var words = q.toLowerCase().split(/[\s\-]+/).map(function (w) {
      return w.replace(/^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$/g, '');
    }).filter(Boolean);
    if (!words.length) return { results: [] };
    var prefixLast = typing && !/\s$/.test(raw);
    var results = idx.query(function (query) {
      words.forEach(function (w, i) {
        query.term(w, { boost: 1 });
        if (prefixLast && i === words.length - 1 && w.length >= 3) {
          query.term(w, { usePipeline: false, wildcard: window.lunr.Query.wildcard.TRAILING, boost: 0.4 });
        }
      });
    });
    return { results: rerank(results, raw) };
  }

  // An entity named exactly as typed ("MINUSCA", "S/2015/576") comes before the passages that
  // mention it: its store title starts with the query, followed by the end or a separator.
  function rerank(results, raw) {
    var q = fold(raw).toLowerCase().trim();
    if (!q || !search.store) return results;
    results.forEach(function (r) {
      var d = search.store[r.ref];
      if (!d || d.k === 'text') return;
      var t = fold(d.t || '').toLowerCase();
      if (t === q || t.indexOf(q + ' ') === 0 || t.indexOf(q + ' —') === 0) r.score = r.score * 3 + 100;
    });
    return results.sort(function (x, y) { return y.score - x.score; });
  }

  var stemCache = Object.create(null);
  function stemOf(word) {
    var c = stemCache[word];
    if (c !== undefined) return c;
    var t = fold(word).toLowerCase().replace(/^\W+|\W+$/g, '');
    var s = t ? window.lunr.stemmer(new window.lunr.Token(t, {})).toString() : '';
    stemCache[word] = s;
    return s;
  }

  // Finds the words of `text` that matched; picks the window with the most distinct terms.
  function matchesIn(text, terms) {
    var out = [];
    if (!text || !terms.length) return out;
    var set = Object.create(null);
    terms.forEach(function (t) { set[t] = true; });
    var re = /[^\s\-–—\/()"“”,.;:!?]+/g, m, limit = Math.min(text.length, 40000);
    while ((m = re.exec(text)) && m.index < limit) {
      var s = stemOf(m[0]);
      var raw = fold(m[0]).toLowerCase();
      if (set[s] || set[raw]) out.push({ start: m.index, end: m.index + m[0].length, term: set[s] ? s : raw });
    }
    return out;
  }

  function bestWindow(matches, width) {
    var best = -1, bestCount = 0;
    for (var i = 0; i < matches.length; i++) {
      var seen = Object.create(null), n = 0;
      for (var j = i; j < matches.length && matches[j].start < matches[i].start + width; j++) {
        if (!seen[matches[j].term]) { seen[matches[j].term] = true; n++; }
      }
      if (n > bestCount) { bestCount = n; best = i; }
    }
    return best;
  }

  function highlighted(text, matches, from, to, cls) {
    var span = el('span', cls);
    var pos = from;
    matches.forEach(function (m) {
      if (m.start < from || m.end > to) return;
      if (m.start > pos) span.appendChild(doc.createTextNode(text.slice(pos, m.start)));
      span.appendChild(el('mark', null, text.slice(m.start, m.end)));
      pos = m.end;
    });
    if (pos < to) span.appendChild(doc.createTextNode(text.slice(pos, to)));
    return span;
  }

  function describe(result, snippetLen) {
    var d = search.store[result.ref];
    if (!d) return null;
    var terms = Object.keys(result.matchData.metadata || {});
    var text = d.x || '';
    var ms = matchesIn(text, terms);
    var b = bestWindow(ms, snippetLen * 0.6);
    var url = d.u;
    var from = 0, to = Math.min(text.length, snippetLen);
    if (b >= 0) {
      var at = ms[b].start;
      if (d.p && d.p.length) {
        // Deep link: the paragraph in which the best match lies.
        var anchor = null;
        for (var i = 0; i < d.p.length; i++) { if (d.p[i][1] <= at) anchor = d.p[i][0]; else break; }
        if (anchor) url = d.u.split('#')[0] + '#' + anchor;
      }
      from = Math.max(0, at - Math.round(snippetLen * 0.3));
      if (from > 0) { var sp = text.indexOf(' ', from); if (sp > 0 && sp < at) from = sp + 1; }
      to = Math.min(text.length, from + snippetLen);
    }
    if (to < text.length) { var sp2 = text.lastIndexOf(' ', to); if (sp2 > from + snippetLen / 2) to = sp2; }
    var snippet = highlighted(text, ms, from, to, 'sr-snippet');
    if (from > 0) snippet.insertBefore(doc.createTextNode('… '), snippet.firstChild);
    if (to < text.length) snippet.appendChild(doc.createTextNode(' …'));
    var title = d.t || result.ref;
    return {
      ref: result.ref, kind: d.k, url: url, href: root + url, title: title,
      titleNode: el('span', 'sr-title', title),
      // Texts: "Document › Section"; an entity's breadcrumb is its kind, which the badge says.
      crumb: d.k === 'text' && d.b ? (d.b === title ? d.b : d.b + ' › ' + title) : '', snippet: snippet
    };
  }

  function resultItem(info) {
    var li = el('li', 'sr-item');
    var a = el('a');
    a.href = info.href;
    a.setAttribute('data-kind', info.kind);
    var head = el('span', 'sr-head');
    head.appendChild(el('span', 'badge badge-' + info.kind, KIND_LABELS[info.kind] || info.kind));
    head.appendChild(info.titleNode);
    a.appendChild(head);
    if (info.crumb && info.crumb !== info.title) a.appendChild(el('span', 'sr-crumb', info.crumb));
    a.appendChild(info.snippet);
    li.appendChild(a);
    return li;
  }

  function errorBox(message, query) {
    var box = el('div', 'sr-error');
    box.setAttribute('role', 'alert');
    box.appendChild(el('p', null, 'That search could not be read: ' + message + '.'));
    box.appendChild(el('p', null, 'Characters such as + - : * ~ ^ have a special meaning (see the search tips). Try plain words, for example: '
      + (query.replace(/[+\-:*~^]/g, ' ').replace(/\s+/g, ' ').trim() || 'ownership') + '.'));
    return box;
  }

  function emptyBox(query) {
    var box = el('div', 'sr-empty');
    box.appendChild(el('p', null, 'No results for “' + query + '”.'));
    var ul = el('ul');
    ['Check the spelling, or try fewer or more general words.',
      'Search a word’s beginning with a star, e.g. reint*.',
      'Browse the missions, themes and texts from the menu above.'].forEach(function (s) { ul.appendChild(el('li', null, s)); });
    box.appendChild(ul);
    return box;
  }

  /* header search: search as you type, results in a dropdown */
  if (searchInput) {
    var form = searchInput.form;
    var dropdown = doc.getElementById('search-dropdown');
    var active = -1, timer = 0, lastQuery = null;

    var items = function () { return $all('.sr-item a', dropdown); };
    var setActive = function (i) {
      var list = items();
      list.forEach(function (a) { a.classList.remove('active'); a.removeAttribute('aria-current'); });
      active = list.length ? Math.max(-1, Math.min(i, list.length - 1)) : -1;
      if (active >= 0) {
        list[active].classList.add('active');
        list[active].setAttribute('aria-current', 'true');
        list[active].scrollIntoView({ block: 'nearest' });
        announce(list[active].querySelector('.sr-title').textContent);
      }
    };
    var close = function () {
      dropdown.hidden = true;
      active = -1;
    };
    var open = function () {
      dropdown.hidden = false;
    };

    var render = function () {
      var q = searchInput.value;
      if (q === lastQuery && !dropdown.hidden) return;
      lastQuery = q;
      dropdown.textContent = '';
      dropdown.setAttribute('data-query', q);
      active = -1;
      if (!q.trim()) { close(); return; }
      open();
      if (search.state !== 'ready') {
        dropdown.appendChild(el('p', 'sr-msg', search.state === 'error' ? 'Search is not available on this copy of the site.' : 'Loading the search index…'));
        return;
      }
      var r = runQuery(q, true);
      if (r.error) { dropdown.appendChild(errorBox(r.error, q)); return; }
      if (!r.results.length) { dropdown.appendChild(emptyBox(q.trim())); announce('No results'); return; }
      var ul = el('ul', 'sr-list');
      r.results.slice(0, 8).forEach(function (res) {
        var info = describe(res, 150);
        if (info) ul.appendChild(resultItem(info));
      });
      dropdown.appendChild(ul);
      var foot = el('p', 'sr-foot');
      var all = el('a', null, 'All ' + r.results.length + ' results on the search page →');
      all.href = (searchInput.dataset.searchPage || root + 'search.html') + '?q=' + encodeURIComponent(q.trim());
      foot.appendChild(all);
      dropdown.appendChild(foot);
      announce(r.results.length + (r.results.length === 1 ? ' result' : ' results'));
    };

    searchInput.addEventListener('focus', function () {
      loadSearch(function () { lastQuery = null; if (searchInput.value.trim()) render(); });
    });
    searchInput.addEventListener('input', function () {
      window.clearTimeout(timer);
      if (search.state === 'idle') loadSearch(function () { lastQuery = null; render(); });
      timer = window.setTimeout(render, 60);
    });
    searchInput.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); if (dropdown.hidden) render(); setActive(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(active - 1); }
      else if (e.key === 'Enter') {
        var list = items();
        if (active >= 0 && list[active]) { e.preventDefault(); window.location.href = list[active].href; }
      } else if (e.key === 'Escape') {
        if (!dropdown.hidden) { e.preventDefault(); close(); }
        else if (searchInput.value) { searchInput.value = ''; lastQuery = null; }
      }
    });
    dropdown.addEventListener('keydown', function (e) {
      var list = items(), i = list.indexOf(doc.activeElement);
      if (e.key === 'ArrowDown' && i >= 0) { e.preventDefault(); (list[i + 1] || list[i]).focus(); }
      else if (e.key === 'ArrowUp' && i >= 0) { e.preventDefault(); (i > 0 ? list[i - 1] : searchInput).focus(); }
      else if (e.key === 'Escape') { e.preventDefault(); close(); searchInput.focus(); }
    });
    doc.addEventListener('click', function (e) { if (!form.contains(e.target)) close(); });
    doc.addEventListener('focusin', function (e) { if (!form.contains(e.target)) close(); });
    form.addEventListener('submit', function (e) {
      if (!searchInput.value.trim()) { e.preventDefault(); searchInput.focus(); }
    });

    // "/" focuses the search box from anywhere except a text field.
    doc.addEventListener('keydown', function (e) {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      var a = doc.activeElement;
      if (a && (a.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName))) return;
      e.preventDefault();
      searchInput.focus();
      searchInput.select();
    });
  }

  /* search page: query and filters live in the URL (search.html?q=...&kind=...) */
  var pageInput = doc.getElementById('search-page-input');
  var resultsBox = doc.getElementById('search-results');
  if (pageInput && resultsBox) {
    var pageForm = pageInput.form;
    var boxes = $all('input[name="kind"]', pageForm);
    var params = new URLSearchParams(window.location.search);
    var initialKinds = params.getAll('kind');
    if (initialKinds.length) boxes.forEach(function (b) { b.checked = initialKinds.indexOf(b.value) >= 0; });
    pageInput.value = params.get('q') || '';
    var shown = 30, pageTimer = 0;

    var selectedKinds = function () {
      var on = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      return on.length === boxes.length ? null : on;
    };
    var syncUrl = function () {
      var p = new URLSearchParams();
      if (pageInput.value.trim()) p.set('q', pageInput.value.trim());
      var k = selectedKinds();
      if (k) k.forEach(function (x) { p.append('kind', x); });
      var s = p.toString();
      try { history.replaceState(null, '', s ? '?' + s : window.location.pathname); } catch (e) { /* file:// may refuse */ }
      var title = pageInput.value.trim();
      doc.title = (title ? '“' + title + '” · ' : '') + doc.title.replace(/^“.*?” · /, '');
    };
    var renderPage = function () {
      var q = pageInput.value;
      resultsBox.textContent = '';
      if (!q.trim()) { resultsBox.appendChild(el('p', 'sr-summary', 'Type a word, a mission, a theme or a resolution number.')); return; }
      if (search.state !== 'ready') {
        resultsBox.appendChild(el('p', 'sr-summary', search.state === 'error' ? 'Search is not available on this copy of the site.' : 'Loading the search index…'));
        return;
      }
      var r = runQuery(q, false);
      if (r.error) { resultsBox.appendChild(errorBox(r.error, q)); return; }
      var kinds = selectedKinds();
      // Each filter shows how many results of its kind the query has.
      var counts = {};
      r.results.forEach(function (res) { var d = search.store[res.ref]; if (d) counts[d.k] = (counts[d.k] || 0) + 1; });
      boxes.forEach(function (b) {
        var label = b.closest('label');
        var c = label && label.querySelector('.kind-count');
        if (label && !c) { c = el('span', 'kind-count'); label.appendChild(c); }
        if (c) c.textContent = String(counts[b.value] || 0);
      });
      var list = r.results.filter(function (res) {
        var d = search.store[res.ref];
        return d && (!kinds || kinds.indexOf(d.k) >= 0);
      });
      if (!list.length) { resultsBox.appendChild(emptyBox(q.trim())); return; }
      var summary = list.length + (list.length === 1 ? ' result' : ' results') + ' for “' + q.trim() + '”';
      resultsBox.appendChild(el('p', 'sr-summary', summary));
      var ul = el('ul', 'sr-list');
      list.slice(0, shown).forEach(function (res) {
        var info = describe(res, 260);
        if (info) ul.appendChild(resultItem(info));
      });
      resultsBox.appendChild(ul);
      if (list.length > shown) {
        var more = el('button', 'sr-more', 'Show more results');
        more.type = 'button';
        more.addEventListener('click', function () { shown += 30; renderPage(); });
        resultsBox.appendChild(more);
      }
    };
    var update = function () { shown = 30; syncUrl(); loadSearch(renderPage); };
    pageInput.addEventListener('input', function () { window.clearTimeout(pageTimer); pageTimer = window.setTimeout(update, 150); });
    boxes.forEach(function (b) { b.addEventListener('change', update); });
    pageForm.addEventListener('submit', function (e) { e.preventDefault(); update(); });
    if (pageInput.value.trim()) { syncUrl(); loadSearch(renderPage); }
    else renderPage();
  }
})();
