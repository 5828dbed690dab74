/* The table of contents follows the section being read. */
(function (KB) {
  'use strict';
  var doc = KB.doc, $ = KB.$, $all = KB.$all;

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
})(window.KB);
