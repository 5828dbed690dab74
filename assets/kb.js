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

  // Whether a search result is a passage of a text (the schema's kind with role text).
  function isText(d) { return !!(window.KB_SEARCH_META && d.k === window.KB_SEARCH_META.text_kind); }

  // A kind's label, as the schema gives it (search/meta.js carries them).
  function kindLabel(kind) {
    var labels = window.KB_SEARCH_META && window.KB_SEARCH_META.kinds;
    return (labels && labels[kind]) || kind;
  }

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
      head.appendChild(el('span', 'badge badge-' + kind, p.k || kindLabel(kind)));
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

  /* ---------- arriving from a search result: mark the matched words in the target passage ----------
     texts/x.html?highlight=word+word#anchor (as mdBook does): words are compared accent-folded and
     lower-cased; one of four letters or more also marks the words it begins (a term such as
     "reintegr" marks "reintegration"). Only the target element is marked, not the whole page. */
  (function () {
    var params;
    try { params = new URLSearchParams(window.location.search); } catch (e) { return; }
    var words = (params.get('highlight') || '').toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return;
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? doc.getElementById(id) : null;
    if (!target) return;
    if (target.matches('span.anchor') && target.parentNode) target = target.parentNode;
    var matches = function (w) {
      var f = fold(w).toLowerCase().replace(/^\W+|\W+$/g, '');
      return f && words.some(function (x) { return f === x || (x.length >= 4 && f.indexOf(x) === 0); });
    };
    var walker = doc.createTreeWalker(target, NodeFilter.SHOW_TEXT, null);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var count = 0;
    nodes.forEach(function (node) {
      if (node.parentNode.closest('sup, .fnref, script, style')) return;
      var parts = node.nodeValue.split(/([^\s\-–—()"“”,;:!?]+)/);
      if (!parts.some(function (p, i) { return i % 2 === 1 && matches(p); })) return;
      var frag = doc.createDocumentFragment();
      parts.forEach(function (p, i) {
        if (i % 2 === 1 && matches(p)) { frag.appendChild(el('mark', 'search-hit', p)); count++; }
        else if (p) frag.appendChild(doc.createTextNode(p));
      });
      node.parentNode.replaceChild(frag, node);
    });
    if (count) {
      target.classList.add('search-target');
      target.scrollIntoView({ block: 'center' });
    }
  })();

  /* ---------- search ----------
     Data (see generator/search/site_search.hpp): index.js and meta.js are all the first results
     need; text.js (snippets, highlights, phrases) and notes.js (the footnotes' index) follow.
     Every result's URL is its own anchor: a passage result lands on its paragraph, and carries
     ?highlight= so that the page marks the matched words there. */
  var searchInput = doc.getElementById('search-input');
  var search = { state: 'idle', waiting: [], idx: null, meta: null, text: null, notes: null, extras: 'idle', onExtras: [] };

  function loadScript(src, ok, fail) {
    var s = doc.createElement('script');
    s.src = src;
    s.async = true;
    s.onload = ok;
    s.onerror = fail;
    doc.head.appendChild(s);
  }

  // The header's search box names the data files relative to the page; elsewhere (the search
  // page) they are found from the site root.
  function dataHref(name) {
    var ds = searchInput ? searchInput.dataset : {};
    // lunr-state.js sits beside lunr.js (both written by kbgen).
    if (name === 'lunr-state') return dataHref('lunr').replace(/lunr\.js$/, 'lunr-state.js');
    return ds[name] || root + (name === 'lunr' ? 'assets/lunr.js' : 'search/' + name + '.js');
  }
  // The indexes arrive as lunr.Builder's state (generator/search/lunr_builder.hpp); lunr.js's
  // own Builder#build finishes them (assets/lunr-state.js).
  function loadIndex(state) { return window.lunrFromState(window.lunr, state); }

  // Snippet text and the notes' index, after the first results; listeners re-render.
  function loadExtras() {
    if (search.extras !== 'idle') return;
    search.extras = 'loading';
    var pending = 2;
    var one = function () {
      if (--pending > 0) return;
      search.text = window.KB_SEARCH_TEXT || null;
      try { if (window.KB_SEARCH_NOTES) search.notes = loadIndex(window.KB_SEARCH_NOTES); } catch (e) { search.notes = null; }
      search.extras = 'ready';
      var l = search.onExtras;
      search.onExtras = [];
      l.forEach(function (f) { f(); });
    };
    loadScript(dataHref('text'), one, one);
    loadScript(dataHref('notes'), one, one);
  }

  function whenExtras(f) { if (search.onExtras.indexOf(f) < 0) search.onExtras.push(f); }

  function loadSearch(done) {
    if (search.state === 'ready' || search.state === 'error') { done(); return; }
    search.waiting.push(done);
    if (search.state === 'loading') return;
    search.state = 'loading';
    var pending = 4;
    var failed = false;
    var finish = function () {
      search.state = failed ? 'error' : 'ready';
      var w = search.waiting;
      search.waiting = [];
      w.forEach(function (f) { f(); });
      if (!failed) loadExtras();
    };
    var one = function () {
      if (--pending > 0) return;
      if (failed) { finish(); return; }
      // bench/browser.js times the first results from here: all the data they need has arrived.
      if (window.performance && performance.mark) performance.mark('kb-search-data');
      // Let the browser paint the "loading" state before the index is deserialised.
      window.setTimeout(function () {
        try {
          search.idx = loadIndex(window.KB_SEARCH_INDEX);
          search.meta = window.KB_SEARCH_META || { docs: {} };
          prepareSpelling(search.meta.spelling || {});
        } catch (e) {
          failed = true;
        }
        finish();
      }, 0);
    };
    var bad = function () { failed = true; one(); };
    var afterLunr = function () {
      loadScript(dataHref('index'), one, bad);
      loadScript(dataHref('meta'), one, bad);
      one();
    };
    if (window.lunrFromState) one();
    else loadScript(dataHref('lunr-state'), one, bad);
    if (window.lunr) afterLunr();
    // Without lunr.js, index.js and meta.js are never asked for: three calls of one() fewer.
    else loadScript(dataHref('lunr'), afterLunr, function () { failed = true; pending -= 2; one(); });
  }

  /* Spelling: the generator's rules (kb::search::shape_for_search), sent as data, applied to the
     reader's words exactly as to the indexed text. */
  var spelling = { suffixes: [], prefixes: [], compounds: [], min: 4 };
  function prepareSpelling(rules) {
    spelling = { suffixes: rules.suffixes || [], prefixes: rules.prefixes || [], compounds: rules.compounds || [], min: rules.min || 4 };
  }
  function shapeWord(w) {
    var i;
    for (i = 0; i < spelling.prefixes.length; i++) {
      var p = spelling.prefixes[i];
      if (w.lastIndexOf(p[0], 0) === 0) return p[1] + w.slice(p[0].length);
    }
    if (w.length < spelling.min || /[^a-z]/.test(w)) return w;
    for (i = 0; i < spelling.suffixes.length; i++) {
      var s = spelling.suffixes[i];
      if (w.length > s[0].length && w.slice(-s[0].length) === s[0]) return w.slice(0, -s[0].length) + s[1];
    }
    return w;
  }
  // Lower-case, accent-folded words with the compounds joined ("united nations" → one word).
  function shapeWords(words) {
    var out = [];
    for (var i = 0; i < words.length; i++) {
      var joined = false;
      for (var c = 0; c < spelling.compounds.length; c++) {
        var cp = spelling.compounds[c];
        if (words[i] === cp[0] && words[i + 1] === cp[1]) { out.push(cp[2]); i++; joined = true; break; }
      }
      if (!joined) out.push(shapeWord(words[i]));
    }
    return out;
  }
  function splitWords(s) {
    // As lunr splits: on spaces and hyphens, so that "S/2013/480" stays one word.
    return fold(s).toLowerCase().split(/[\s\-–—]+/).map(function (w) {
      return w.replace(/^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$/g, '');
    }).filter(Boolean);
  }

  function stem(w) { return window.lunr.stemmer(new window.lunr.Token(w, {})).toString(); }
  var stemCache = Object.create(null);
  // The term the index holds for one shaped word ('' for a stop word).
  function termOf(word) {
    var c = stemCache[word];
    if (c !== undefined) return c;
    var t = word.replace(/^\W+|\W+$/g, '');
    var s = t && window.lunr.stopWordFilter(t) ? stem(t) : '';
    stemCache[word] = s;
    return s;
  }
  // The term of a word as it appears in a text (for highlighting).
  function textTermOf(word) {
    var t = fold(word).toLowerCase().replace(/^\W+|\W+$/g, '');
    return t ? stem(shapeWord(t)) : '';
  }

  function docFreq(idx, term) {
    var p = idx.invertedIndex[term];
    if (!p) return 0;
    var n = 0;
    idx.fields.forEach(function (f) { if (p[f]) n += Object.keys(p[f]).length; });
    return n;
  }
  function expand(idx, pattern) {
    try { return idx.tokenSet.intersect(window.lunr.TokenSet.fromString(pattern)).toArray(); } catch (e) { return []; }
  }
  function fuzzy(idx, word, distance) {
    try { return idx.tokenSet.intersect(window.lunr.TokenSet.fromFuzzyString(word, distance)).toArray(); } catch (e) { return []; }
  }
  function mostFrequent(idx, terms, limit) {
    return terms.map(function (t) { return { t: t, n: docFreq(idx, t) }; })
      .sort(function (a, b) { return b.n - a.n || (a.t < b.t ? -1 : 1); }).slice(0, limit);
  }
  function surface(term) { return (search.meta.words && search.meta.words[term]) || term; }

  // What each query word may match in the passages' index: its term, words it begins (while the
  // reader is still typing it), or, for a word the index does not know, the most frequent term
  // within one or two edits (a typo: "parliment" → parliament).
  function planWords(words, typing) {
    var idx = search.idx, plan = [], corrections = [];
    words.forEach(function (w, i) {
      var term = termOf(w);
      if (!term) return;
      var terms = [], known = !!idx.invertedIndex[term];
      if (known) terms.push({ t: term, boost: 1 });
      if (typing && i === words.length - 1 && w.length >= 2) {
        mostFrequent(idx, expand(idx, w + '*'), 12).forEach(function (x) { if (x.t !== term) terms.push({ t: x.t, boost: 0.4 }); });
      }
      if (!terms.length && w.length >= 4 && /^[a-z]+$/.test(w)) {
        var forms = term === w ? [w] : [term, w];
        var near = function (d) { return [].concat.apply([], forms.map(function (f) { return fuzzy(idx, f, d); })); };
        var cands = near(1);
        if (!cands.length && w.length >= 6) cands = near(2);
        var best = mostFrequent(idx, cands, 1)[0];
        if (best) { terms.push({ t: best.t, boost: 1 }); corrections.push({ from: w, to: surface(best.t) }); }
      }
      plan.push({ word: w, terms: terms });
    });
    return { plan: plan, corrections: corrections };
  }

  // Results carry what is shown of them (meta.js) from here on.
  function withMeta(results) {
    results.forEach(function (r) { r.meta = search.meta.docs[r.ref]; });
    return results;
  }
  function runIndex(idx, plan) {
    if (!idx) return [];
    return withMeta(idx.query(function (q) {
      plan.forEach(function (p) {
        p.terms.forEach(function (x) {
          if (idx.invertedIndex[x.t]) q.term(x.t, { usePipeline: false, boost: x.boost });
        });
      });
    }));
  }

  // Words as phrases compare them: shaped and stemmed, stop words kept ("open debates" is the
  // phrase "open debate").
  function phraseTerms(s) {
    return shapeWords(splitWords(s)).map(stem).join(' ');
  }
  var shapedCache = Object.create(null);
  function shapedText(ref) {
    var c = shapedCache[ref];
    if (c) return c;
    var t = search.text && search.text[ref];
    c = ' ' + (t ? phraseTerms(t) : '') + ' ';
    shapedCache[ref] = c;
    return c;
  }

  var SYNTAX = /(^|\s)[+-]\S|[:*~^]/;

  // Runs a query: { results: [...], corrections: [...], phrases: [...], pendingPhrases: bool }.
  // Ranking: documents that have every word first, then fewer; within, an exact phrase first; an
  // entity named exactly as typed first of all; footnotes below body text unless the query looks
  // like a citation (a number, a UN symbol).
  function runQuery(raw, typing) {
    var q = fold(raw).trim();
    if (!q) return { results: [] };
    var idx = search.idx;
    var quoted = [];
    var unquoted = q.replace(/"([^"]+)"/g, function (m, p) { quoted.push(p); return ' ' + p + ' '; });
    if (SYNTAX.test(unquoted.replace(/"/g, ''))) {
      try {
        return { results: withMeta(idx.search(unquoted.replace(/"/g, ''))), corrections: [] };
      } catch (e) {
        return { error: (e && e.message) ? e.message : String(e) };
      }
    }
    var words = shapeWords(splitWords(unquoted));
    if (!words.length) return { results: [] };
    var planned = planWords(words, typing && !/\s$/.test(raw));
    var plan = planned.plan.filter(function (p) { return p.terms.length; });
    var wanted = planned.plan.length;
    var results = runIndex(idx, plan);
    var citation = /\d|\//.test(q);
    runIndex(search.notes, plan).forEach(function (r) {
      if (!citation) r.score *= 0.3;
      results.push(r);
    });
    var phrases = quoted.map(phraseTerms).filter(function (p) { return p.indexOf(' ') > 0; });
    var whole = words.length > 1 ? phraseTerms(words.join(' ')) : '';
    var name = q.toLowerCase();
    results.forEach(function (r) {
      var keys = Object.keys(r.matchData.metadata || {});
      r.covered = planned.plan.filter(function (p) { return p.terms.some(function (x) { return keys.indexOf(x.t) >= 0; }); }).length;
      r.phrase = false;
      if (search.text && (phrases.length || whole)) {
        var st = shapedText(r.ref);
        r.phrase = phrases.length ? phrases.every(function (p) { return st.indexOf(' ' + p + ' ') >= 0; }) : st.indexOf(' ' + whole + ' ') >= 0;
        if (r.phrase) r.score *= 3;
      }
      var d = r.meta;
      if (d && !isText(d)) {
        var t = fold(d.t || '').toLowerCase();
        if (t === name || t.indexOf(name + ' ') === 0 || t.indexOf(name + ' —') === 0) r.score = r.score * 3 + 1000;
      }
    });
    if (phrases.length && search.text) results = results.filter(function (r) { return r.phrase; });
    results.sort(function (x, y) { return (y.covered - x.covered) || (y.phrase - x.phrase) || (y.score - x.score); });
    results = withPassages(results);
    return {
      results: results, corrections: planned.corrections, partial: results.length && results[0].covered < wanted,
      pendingPhrases: phrases.length > 0 && !search.text
    };
  }

  // Readers come for passages: when more than three of the first five results are entity pages,
  // the two best passages that match as many words as the first result take places 4 and 5.
  function withPassages(results) {
    var top = results.slice(0, 5);
    var entities = top.filter(function (r) { return r.meta && !isText(r.meta); }).length;
    if (!results.length || entities <= 3) return results;
    var best = results[0].covered;
    var passages = results.filter(function (r, i) {
      return i >= 3 && r.meta && isText(r.meta) && !r.meta.n && r.meta.b && r.covered === best;
    }).slice(0, 2);
    if (!passages.length) return results;
    var rest = results.filter(function (r) { return passages.indexOf(r) < 0; });
    return rest.slice(0, 3).concat(passages, rest.slice(3));
  }

  // Finds the words of `text` whose terms are in `terms`; picks the window with the most distinct terms.
  function matchesIn(text, terms) {
    var out = [];
    if (!text || !terms.length) return out;
    var set = Object.create(null);
    terms.forEach(function (t) { set[t] = true; });
    var re = /[^\s\-–—()"“”,;:!?]+/g, m, limit = Math.min(text.length, 40000);
    while ((m = re.exec(text)) && m.index < limit) {
      var s = textTermOf(m[0]);
      if (!set[s]) continue;
      // Marks the word without the punctuation around it ("reform." → "reform").
      var lead = m[0].length - m[0].replace(/^[^\w\u00C0-\uFFFF]+/, '').length;
      var trail = m[0].length - m[0].replace(/[^\w\u00C0-\uFFFF]+$/, '').length;
      out.push({ start: m.index + lead, end: m.index + m[0].length - trail, term: s });
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

  // A result as shown: its link (the passage's own anchor, with the matched terms to highlight
  // there), title, breadcrumb and snippet (once the text has arrived).
  function describe(result, snippetLen) {
    var d = result.meta;
    if (!d) return null;
    var terms = Object.keys(result.matchData.metadata || {});
    var url = d.u;
    var snippet = el('span', 'sr-snippet');
    var text = search.text ? (search.text[result.ref] || '') : null;
    var ms = text ? matchesIn(text, terms) : [];
    if (terms.length && isText(d)) {
      // The words to mark on arrival: those of the passage that matched, or (before the texts
      // have arrived) the terms, which the page matches as word beginnings.
      var marks = ms.length ? ms.map(function (m) { return fold(text.slice(m.start, m.end)).toLowerCase(); }) : terms;
      marks = marks.filter(function (w, i) { return marks.indexOf(w) === i; });
      var hash = url.indexOf('#');
      var base = hash >= 0 ? url.slice(0, hash) : url, frag = hash >= 0 ? url.slice(hash) : '';
      url = base + '?highlight=' + encodeURIComponent(marks.join(' ')) + frag;
    }
    if (text) {
      var b = bestWindow(ms, snippetLen * 0.6);
      var from = 0, to = Math.min(text.length, snippetLen);
      if (b >= 0) {
        var at = ms[b].start;
        from = Math.max(0, at - Math.round(snippetLen * 0.3));
        if (from > 0) { var sp = text.indexOf(' ', from); if (sp > 0 && sp < at) from = sp + 1; }
        to = Math.min(text.length, from + snippetLen);
      }
      if (to < text.length) { var sp2 = text.lastIndexOf(' ', to); if (sp2 > from + snippetLen / 2) to = sp2; }
      snippet = highlighted(text, ms, from, to, 'sr-snippet');
      if (from > 0) snippet.insertBefore(doc.createTextNode('… '), snippet.firstChild);
      if (to < text.length) snippet.appendChild(doc.createTextNode(' …'));
    } else if (text === null) {
      snippet.className = 'sr-snippet sr-snippet-loading';
    }
    var title = d.t || result.ref;
    return {
      ref: result.ref, kind: d.k, url: url, href: root + url, title: title, note: !!d.n,
      titleNode: el('span', 'sr-title', title),
      // Texts: "Document › Section"; an entity's breadcrumb is its kind, which the badge says.
      crumb: isText(d) && d.b ? (d.b === title ? d.b : d.b + ' › ' + title) : '', snippet: snippet
    };
  }

  var optionCount = 0;
  function resultItem(info, asOption) {
    var li = el('li', 'sr-item');
    var a = el('a');
    a.href = info.href;
    a.setAttribute('data-kind', info.kind);
    if (asOption) {
      li.setAttribute('role', 'none');
      a.setAttribute('role', 'option');
      a.setAttribute('aria-selected', 'false');
      a.id = 'sr-option-' + (++optionCount);
      a.tabIndex = -1;
    }
    var head = el('span', 'sr-head');
    head.appendChild(el('span', 'badge badge-' + info.kind, info.note ? 'Note' : kindLabel(info.kind)));
    head.appendChild(info.titleNode);
    a.appendChild(head);
    if (info.crumb && info.crumb !== info.title) a.appendChild(el('span', 'sr-crumb', info.crumb));
    a.appendChild(info.snippet);
    li.appendChild(a);
    return li;
  }

  // "Showing results for parliament" when a word was corrected; "no passage has all the words".
  function notices(r, box) {
    if (r.corrections && r.corrections.length) {
      var p = el('p', 'sr-correction');
      p.appendChild(doc.createTextNode('Showing results for '));
      r.corrections.forEach(function (c, i) {
        if (i) p.appendChild(doc.createTextNode(', '));
        p.appendChild(el('em', null, c.to));
        p.appendChild(doc.createTextNode(' (you typed “' + c.from + '”)'));
      });
      box.appendChild(p);
    }
    if (r.partial) box.appendChild(el('p', 'sr-partial', 'No page has all of these words; these have some of them.'));
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

    // An ARIA combobox: the input keeps the focus; arrows move the active option, which the
    // input names with aria-activedescendant.
    searchInput.setAttribute('role', 'combobox');
    searchInput.setAttribute('aria-autocomplete', 'list');
    searchInput.setAttribute('aria-controls', 'search-dropdown');
    searchInput.setAttribute('aria-expanded', 'false');
    var items = function () { return $all('.sr-item a', dropdown); };
    var setActive = function (i) {
      var list = items();
      list.forEach(function (a) { a.classList.remove('active'); a.setAttribute('aria-selected', 'false'); });
      active = list.length ? Math.max(-1, Math.min(i, list.length - 1)) : -1;
      if (active >= 0) {
        list[active].classList.add('active');
        list[active].setAttribute('aria-selected', 'true');
        searchInput.setAttribute('aria-activedescendant', list[active].id);
        list[active].scrollIntoView({ block: 'nearest' });
      } else {
        searchInput.removeAttribute('aria-activedescendant');
      }
    };
    var close = function () {
      dropdown.hidden = true;
      active = -1;
      searchInput.setAttribute('aria-expanded', 'false');
      searchInput.removeAttribute('aria-activedescendant');
    };
    var open = function () {
      dropdown.hidden = false;
      searchInput.setAttribute('aria-expanded', 'true');
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
      if (r.pendingPhrases) { dropdown.appendChild(el('p', 'sr-msg', 'Loading the texts to match the phrase…')); whenExtras(rerender); return; }
      if (!r.results.length) { dropdown.appendChild(emptyBox(q.trim())); announce('No results'); return; }
      notices(r, dropdown);
      var ul = el('ul', 'sr-list');
      ul.setAttribute('role', 'listbox');
      ul.setAttribute('aria-label', 'Search results');
      r.results.slice(0, 8).forEach(function (res) {
        var info = describe(res, 150);
        if (info) ul.appendChild(resultItem(info, true));
      });
      dropdown.appendChild(ul);
      // Snippets, phrases and notes arrive after the first results: show them when they do.
      if (search.extras !== 'ready') whenExtras(rerender);
      var foot = el('p', 'sr-foot');
      var all = el('a', null, 'All ' + r.results.length + ' results on the search page →');
      all.href = (searchInput.dataset.searchPage || root + 'search.html') + '?q=' + encodeURIComponent(q.trim());
      foot.appendChild(all);
      dropdown.appendChild(foot);
      announce(r.results.length + (r.results.length === 1 ? ' result' : ' results'));
    };

    var rerender = function () { if (!dropdown.hidden) { var a = active; lastQuery = null; render(); if (a >= 0) setActive(a); } };
    searchInput.addEventListener('focus', function () {
      loadSearch(function () { lastQuery = null; if (searchInput.value.trim()) render(); });
    });
    searchInput.addEventListener('input', function () {
      window.clearTimeout(timer);
      // The loading state shows from the first keystroke.
      if (search.state !== 'ready') render();
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
      if (r.pendingPhrases) { resultsBox.appendChild(el('p', 'sr-summary', 'Loading the texts to match the phrase…')); whenExtras(renderPage); return; }
      if (search.extras !== 'ready') whenExtras(renderPage);
      var kinds = selectedKinds();
      // Each filter shows how many results of its kind the query has.
      var counts = {};
      r.results.forEach(function (res) { var d = res.meta; if (d) counts[d.k] = (counts[d.k] || 0) + 1; });
      boxes.forEach(function (b) {
        var label = b.closest('label');
        var c = label && label.querySelector('.kind-count');
        if (label && !c) { c = el('span', 'kind-count'); label.appendChild(c); }
        if (c) c.textContent = String(counts[b.value] || 0);
      });
      var list = r.results.filter(function (res) {
        var d = res.meta;
        return d && (!kinds || kinds.indexOf(d.k) >= 0);
      });
      if (!list.length) { resultsBox.appendChild(emptyBox(q.trim())); return; }
      var summary = list.length + (list.length === 1 ? ' result' : ' results') + ' for “' + q.trim() + '”';
      resultsBox.appendChild(el('p', 'sr-summary', summary));
      notices(r, resultsBox);
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
