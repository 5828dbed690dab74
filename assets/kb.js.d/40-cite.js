/* Paragraph permalinks and citations. */
(function (KB) {
  'use strict';
  var doc = KB.doc, $ = KB.$, $all = KB.$all, el = KB.el, announce = KB.announce;

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

  // The page's public address: the site's own (base_url, in the citation tags) or the one it is
  // served from; never a file on the reader's disk.
  function publicUrl() {
    var tag = $('meta[name="citation_public_url"]');
    if (tag) return tag.getAttribute('content');
    return /^https?:$/.test(location.protocol) ? location.href.split('#')[0] : '';
  }

  function citationFor(id, node) {
    var url = publicUrl();
    var section = sectionTitleFor(node);
    var title = ($('.text-header h1') || {}).textContent || doc.title;
    var base = citationBase || title.trim();
    return base + (section ? ', section “' + section + '”' : '') + ', ' + paragraphLabel(id) + '.' + (url ? ' ' + url + '#' + id : '');
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
    if (node.closest('.footnotes, .editor-note, .print-view')) return;  // the print view: each text's own page cites
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
})(window.KB);
