#!/usr/bin/env python3
"""The CommonMark spec examples (npm's commonmark-spec) through kbgen's Markdown renderer and
through Debian's cmark-gfm, side by side (issue 18).

  tests/markdown/spec_test.py --driver build/kb_md_spec [--cmark cmark-gfm] [--verbose]

An example passes when its HTML equals the spec's after both are normalised (tags and
attributes in one canonical form, character references decoded, whitespace between blocks
ignored; heading ids, which kbgen adds for anchors, taken out of kbgen's output). The test fails
on any example that cmark-gfm passes and kbgen does not, unless differences.txt lists it with
its reason; and on an example listed there that kbgen now passes (the list must stay true).
Prints both pass counts. Then renders inputs that are pathological for Markdown parsers, each
within a generous limit (a guard against hangs, not a timing).
"""
import argparse, html, html.parser, json, os, re, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))

# Elements around which whitespace does not matter (block level).
BLOCKS = {"address", "article", "aside", "blockquote", "body", "caption", "center", "col", "colgroup", "dd",
          "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
          "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe",
          "legend", "li", "link", "main", "menu", "menuitem", "meta", "nav", "noframes", "ol", "optgroup", "option",
          "p", "param", "pre", "section", "source", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
          "title", "tr", "track", "ul"}


class Canonical(html.parser.HTMLParser):
    """Writes HTML in one form: lowercase names, sorted attributes with values escaped alike,
    text with references decoded and re-escaped alike, runs of whitespace as one space outside
    <pre>, and none next to a block element's tags."""

    def __init__(self, drop_heading_ids):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.pre = 0
        self.drop_heading_ids = drop_heading_ids

    def tag(self, name, attrs, closing=False):
        if closing:
            return "</%s>" % name
        if self.drop_heading_ids and re.fullmatch(r"h[1-6]", name):
            attrs = [(k, v) for k, v in attrs if k != "id"]
        shown = "".join(' %s="%s"' % (k, html.escape(v or "", quote=True)) if v is not None else " " + k
                        for k, v in sorted(attrs))
        return "<%s%s>" % (name, shown)

    def handle_starttag(self, name, attrs):
        self.parts.append(("block" if name in BLOCKS else "inline", self.tag(name, attrs)))
        self.pre += name == "pre"

    def handle_startendtag(self, name, attrs):
        self.parts.append(("block" if name in BLOCKS else "inline", self.tag(name, attrs)))

    def handle_endtag(self, name):
        self.parts.append(("block" if name in BLOCKS else "inline", self.tag(name, [], closing=True)))
        self.pre -= name == "pre"

    def handle_data(self, data):
        text = html.escape(data, quote=False)
        if not self.pre:
            text = re.sub(r"\s+", " ", text)
        self.parts.append(("text", text))

    def handle_comment(self, data):
        self.parts.append(("inline", "<!--%s-->" % data))

    def handle_decl(self, decl):
        self.parts.append(("inline", "<!%s>" % decl))

    def handle_pi(self, data):
        self.parts.append(("inline", "<?%s>" % data))

    def unknown_decl(self, data):
        self.parts.append(("inline", "<![%s]>" % data))

    def result(self):
        out = []
        for i, (kind, text) in enumerate(self.parts):
            if kind == "text" and not self.pre_text(i):
                if i > 0 and self.parts[i - 1][0] == "block":
                    text = text.lstrip()
                if i + 1 < len(self.parts) and self.parts[i + 1][0] == "block":
                    text = text.rstrip()
            out.append(text)
        return "".join(out).strip()

    def pre_text(self, i):
        depth = 0
        for kind, text in self.parts[:i]:
            if text.startswith("<pre"):
                depth += 1
            elif text == "</pre>":
                depth -= 1
        return depth > 0


def normalise(markup, drop_heading_ids=False):
    p = Canonical(drop_heading_ids)
    p.feed(markup)
    p.close()
    return p.result()


def load_differences(path):
    """Example number → reason, from lines 'NUMBER  reason' (# starts a comment)."""
    found = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            number, _, reason = line.partition(" ")
            found[int(number)] = reason.strip()
    return found


# Inputs that make naive Markdown parsers quadratic or worse, at 30,000-65,000 repetitions: each
# must render within PATHOLOGICAL_LIMIT seconds (a hang guard, far above what they take).
# The deeply nested cases are the build's business: tests/fixtures/invalid/nested-* report them
# at their path:line:col.
PATHOLOGICAL = {
    "nested brackets": "[" * 50000 + "a" + "]" * 50000,
    "unclosed brackets": "[a" * 50000,
    "emphasis openers": "*a **a " * 30000,
    "unclosed emphasis": "a_" * 65000,
    "backticks": "`a``" * 30000,
    "unclosed links": "[a](b" * 30000,
    "unclosed angle links": "[a](<b" * 30000,
    "link reference collisions": "".join("[%d]: /u\n" % i for i in range(30000)) + "[0] " * 30000,
    "many table columns": "|" + "a|" * 30000 + "\n|" + "-|" * 30000 + "\n|" + "b|" * 30000 + "\n",
    "many footnotes": "".join("x[^%d] " % i for i in range(30000)) + "\n\n" + "".join("[^%d]: n\n" % i for i in range(30000)),
    "raw HTML openers": "<a " * 30000,
    "entity-like text": "&#" * 65000,
}
PATHOLOGICAL_LIMIT = 120


def pathological(driver):
    failed = 0
    for name, markdown in PATHOLOGICAL.items():
        try:
            out = subprocess.run([driver], input=json.dumps([markdown]), capture_output=True, text=True,
                                 timeout=PATHOLOGICAL_LIMIT)
            ok = out.returncode == 0 and len(json.loads(out.stdout)[0]) > 0
        except subprocess.TimeoutExpired:
            ok = False
        failed += not ok
        print("%s pathological: %s (%d KB)" % ("ok  " if ok else "FAIL", name, len(markdown) // 1024))
    return failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--cmark", default="cmark-gfm")
    ap.add_argument("--spec", default=os.path.join(here, "node_modules/commonmark-spec/index.js"))
    ap.add_argument("--differences", default=os.path.join(here, "differences.txt"))
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()

    spec_json = subprocess.run(["node", "-e", "process.stdout.write(JSON.stringify(require(process.argv[1]).tests))",
                                os.path.abspath(a.spec)], check=True, capture_output=True, text=True).stdout
    tests = json.loads(spec_json)
    ours = json.loads(subprocess.run([a.driver], input=json.dumps([t["markdown"] for t in tests]),
                                     check=True, capture_output=True, text=True).stdout)
    differences = load_differences(a.differences)

    kb_pass = cm_pass = 0
    unexpected, stale = [], []
    for t, kb_html in zip(tests, ours):
        expected = normalise(t["html"])
        cm_html = subprocess.run([a.cmark, "--unsafe"], input=t["markdown"].encode("utf-8"), check=True,
                                 capture_output=True).stdout.decode("utf-8")
        cm_ok = normalise(cm_html) == expected
        kb_ok = normalise(kb_html, drop_heading_ids=True) == expected
        cm_pass += cm_ok
        kb_pass += kb_ok
        n = t["number"]
        if cm_ok and not kb_ok and n not in differences:
            unexpected.append((t, kb_html))
        if kb_ok and n in differences:
            stale.append(n)

    print("CommonMark %s examples: kbgen passes %d, cmark-gfm passes %d (of %d); %d intended differences listed"
          % ("0.31.2", kb_pass, cm_pass, len(tests), len(differences)))
    for t, kb_html in unexpected:
        print("FAIL example %d (%s): cmark-gfm passes, kbgen does not" % (t["number"], t["section"]))
        if a.verbose or len(unexpected) <= 20:
            print("  markdown: %r\n  expected: %r\n  kbgen:    %r" % (t["markdown"], t["html"], kb_html))
    for n in stale:
        print("FAIL example %d passes now: remove it from %s" % (n, os.path.relpath(a.differences)))
    failed_pathological = pathological(a.driver)
    return 1 if unexpected or stale or failed_pathological else 0


if __name__ == "__main__":
    sys.exit(main())
