/* Popovers: footnotes, cross-reference previews, abbreviations. */
(function (KB) {
  'use strict';
  var doc = KB.doc, $all = KB.$all, el = KB.el, kindLabel = KB.kindLabel;

  /* ---------- popovers: footnotes, cross-reference previews, abbreviations ---------- */
  var pop = el('div', 'kb-pop');
  pop.id = 'kb-pop';
  pop.setAttribute('role', 'tooltip');
  pop.hidden = true;
  doc.body.appendChild(pop);
  var popTrigger = null, popSavedDescribedBy = null, showTimer = 0, hideTimer = 0;
  var lastPointer = 'mouse';
  // Whether the popover was already open on the element a tap or click began on: a tap first
  // focuses a marker (which opens its note) and then clicks it, and that click must not close it.
  var openBeforePress = false;

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

  doc.addEventListener('pointerdown', function (e) {
    lastPointer = e.pointerType || 'mouse';
    openBeforePress = !pop.hidden && popTrigger !== null && triggerOf(e.target) === popTrigger;
  }, true);

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
    var wasOpen = openBeforePress;
    openBeforePress = false;
    var t = triggerOf(e.target);
    if (!t) {
      if (!pop.hidden && !pop.contains(e.target)) hidePop();
      return;
    }
    // On touch, a tap on a note marker or an abbreviation shows it in place instead of jumping away;
    // the note keeps a link to its place in the list of notes.
    if (t.matches('abbr[title]') || (lastPointer === 'touch' && t.matches('sup.fnref a'))) {
      e.preventDefault();
      if (popTrigger === t && !pop.hidden && wasOpen) { hidePop(); return; }
      showPop(t);
      if (t.matches('sup.fnref a') && pop.querySelector('.pop-go')) return;
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
})(window.KB);
