/* Sortable, filterable index tables. */
(function (KB) {
  'use strict';
  var $ = KB.$, $all = KB.$all, el = KB.el, announce = KB.announce, fold = KB.fold;

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

  /* ---------- tables wider than the column ---------- */
  /* Such a table scrolls sideways in its box; the box then takes keyboard focus (arrow keys
     scroll it) and is named as a region. Checked again when the window changes size. */
  var scrollable = function () {
    $all('.table-wrap').forEach(function (w) {
      if (w.scrollWidth <= w.clientWidth + 1 || w.hasAttribute('tabindex')) return;
      var caption = w.querySelector('caption');
      w.tabIndex = 0;
      w.setAttribute('role', 'region');
      w.setAttribute('aria-label', (caption ? caption.textContent.trim() + ': ' : '') + 'table, scrolls sideways');
    });
  };
  scrollable();
  window.addEventListener('resize', scrollable);
})(window.KB);
