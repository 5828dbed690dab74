/* Search: the header box (an ARIA combobox) and the search page. */
(function (KB) {
  'use strict';
  var doc = KB.doc, root = KB.root, $ = KB.$, $all = KB.$all, el = KB.el, announce = KB.announce, fold = KB.fold, isText = KB.isText, kindLabel = KB.kindLabel;

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
    // dismissed: the reader closed the results (Escape, a click or focus elsewhere); work still
    // pending then (the index arriving, the typing pause) must not open them again.
    var active = -1, timer = 0, lastQuery = null, dismissed = false;

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
      window.clearTimeout(timer);
      dismissed = true;
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
    var renderUnlessDismissed = function () { if (!dismissed) { lastQuery = null; render(); } };
    searchInput.addEventListener('focus', function () {
      dismissed = false;
      loadSearch(function () { if (searchInput.value.trim()) renderUnlessDismissed(); });
    });
    searchInput.addEventListener('input', function () {
      window.clearTimeout(timer);
      dismissed = false;
      // The loading state shows from the first keystroke.
      if (search.state !== 'ready') render();
      if (search.state === 'idle') loadSearch(renderUnlessDismissed);
      timer = window.setTimeout(render, 60);
    });
    searchInput.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); if (dropdown.hidden) { dismissed = false; render(); } setActive(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(active - 1); }
      else if (e.key === 'Enter') {
        var list = items();
        if (active >= 0 && list[active]) { e.preventDefault(); window.location.href = list[active].href; }
      } else if (e.key === 'Escape') {
        if (!dropdown.hidden) { e.preventDefault(); close(); }
        else if (searchInput.value) { window.clearTimeout(timer); searchInput.value = ''; lastQuery = null; }
      }
    });
    dropdown.addEventListener('keydown', function (e) {
      var list = items(), i = list.indexOf(doc.activeElement);
      if (e.key === 'ArrowDown' && i >= 0) { e.preventDefault(); (list[i + 1] || list[i]).focus(); }
      else if (e.key === 'ArrowUp' && i >= 0) { e.preventDefault(); (i > 0 ? list[i - 1] : searchInput).focus(); }
      // Focus first: focusing the box shows its results, and the Escape must have the last word.
      else if (e.key === 'Escape') { e.preventDefault(); searchInput.focus(); close(); }
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
})(window.KB);
