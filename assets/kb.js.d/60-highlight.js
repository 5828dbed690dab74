/* Arriving from a search result: the matched words marked in the target passage. */
(function (KB) {
  'use strict';
  var doc = KB.doc, $ = KB.$, el = KB.el, fold = KB.fold;

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
})(window.KB);
