/* Shared by the modules that follow (concatenated in name order into assets/kb.js): the
   document, the site root, DOM helpers, the status line for screen readers, kind labels and
   accent folding. Everything here is an enhancement: pages read, link and show their notes
   without it. No request leaves the site; search data is loaded with <script> tags (never
   fetch/XHR) so that it works from file:// as well as from a web server. */
window.KB = (function () {
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
     accented letters at word edges, and straightens curly apostrophes. Queries, table filters and
     highlights are folded the same way here, with the generator's own table (window.KB_FOLD, in
     search/previews.js, which every page loads first), so "Hänggi", "Hanggi", "Côte d'Ivoire" and
     "Cote d’Ivoire" all find the passages. */
  function fold(s) {
    var table = window.KB_FOLD || {};
    return String(s).replace(/[\u0080-\u017f\u2018\u2019]/g, function (c) {
      return Object.prototype.hasOwnProperty.call(table, c) ? table[c] : c;
    });
  }

  return { doc: doc, root: root, $: $, $all: $all, el: el, announce: announce, fold: fold,
           isText: isText, kindLabel: kindLabel };
})();
