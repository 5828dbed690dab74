/* The light/dark theme. */
(function (KB) {
  'use strict';
  var doc = KB.doc, $ = KB.$, announce = KB.announce;

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
})(window.KB);
