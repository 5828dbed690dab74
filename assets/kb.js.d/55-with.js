/* A matrix cell opens a page's passages filtered to those that also name another page
   (`?with=ID`, the id of the other page): only those stay shown, with a way back to all. */
(function (KB) {
  'use strict';
  var doc = KB.doc, $ = KB.$, $all = KB.$all, el = KB.el;

  var section = $('.passages-section');
  var m = /[?&]with=([^&#]+)/.exec(location.search);
  if (!section || !m) return;
  var id = decodeURIComponent(m[1]);
  var names = function (e) { return (e.getAttribute('data-with') || '').split(' '); };
  var matching = $all('[data-with]', section).filter(function (e) { return names(e).indexOf(id) >= 0; });
  var items = $all('ul.passages > li', section);
  items.forEach(function (li) {
    var keep = matching.some(function (e) { return e === li || li.contains(e); });
    if (!keep) li.setAttribute('data-hidden-by-filter', '');
  });
  $all('.passage-group', section).forEach(function (g) {
    if (!$('ul.passages > li:not([data-hidden-by-filter])', g)) g.setAttribute('data-hidden-by-filter', '');
  });
  var title = id;
  try { title = JSON.parse(section.getAttribute('data-with-names') || '{}')[id] || id; } catch (e) { /* the id, then */ }
  var note = el('p', 'with-filter');
  note.setAttribute('role', 'status');
  var n = matching.length;
  note.appendChild(doc.createTextNode('Showing the ' + n + (n === 1 ? ' passage' : ' passages') + ' that also mention ' + title + '. '));
  var all = el('a', '', 'Show all passages');
  all.href = location.pathname.split('/').pop() + '#passages';
  note.appendChild(all);
  var h = $('h2', section);
  h.parentNode.insertBefore(note, h.nextSibling);
})(window.KB);
