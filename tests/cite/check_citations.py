#!/usr/bin/python3
"""Every text page of a built site can be cited into a reference manager.

Reads, for each text page under texts/ (not a collection's print view), the citation_* and Dublin Core <meta> tags that Zotero's
"Embedded Metadata" translator and Google Scholar read, follows the page's BibTeX and RIS links,
parses the BibTeX with bibtexparser (Debian's python3-bibtexparser) and the RIS against Zotero's
RIS tags, and checks that all of them name the title, authors, year and pages the page shows.

    check_citations.py SITE_DIR [TEXTS_DIR]   (TEXTS_DIR: content/texts; each text must be checked)
"""
import html
import os
import re
import sys
from html.parser import HTMLParser

import bibtexparser

# The RIS tags Zotero's RIS translator reads (its field map), among them the ones kbgen writes.
ZOTERO_RIS_TAGS = {"TY", "TI", "T1", "T2", "T3", "AU", "A1", "A2", "A3", "ED", "PY", "Y1", "DA", "PB",
                   "CY", "SP", "EP", "LA", "UR", "SN", "AB", "KW", "N1", "ER", "ET", "VL", "IS", "DO"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = []
        self.links = {}
        self.h1 = None
        self.kind = None  # the page's kind (<body data-kind>): a collection's print view also lives in texts/
        self._in_h1 = False
        self.text = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "name" in a:
            self.meta.append((a["name"], a.get("content", "")))
        if tag == "a" and "download" in a:
            self.links[a.get("type", "")] = a["href"]
        if tag == "body":
            self.kind = a.get("data-kind")
        if tag == "h1" and self.h1 is None:
            self._in_h1, self.h1 = True, ""

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data


def values(meta, name):
    return [v for n, v in meta if n == name]


def main():
    site = sys.argv[1]
    problems = []
    checked = 0
    texts = os.path.join(site, "texts")
    for name in sorted(os.listdir(texts)):
        if not name.endswith(".html") or name == "index.html":
            continue
        path = os.path.join(texts, name)
        page = Page()
        page.feed(open(path, encoding="utf-8").read())
        where = "texts/" + name
        if page.kind != "text":
            continue
        meta = page.meta
        title = " ".join(page.h1.split())

        def want(cond, message):
            if not cond:
                problems.append(f"{where}: {message}")

        want(values(meta, "citation_title") == [title], f"citation_title {values(meta, 'citation_title')} is not the page's title {title!r}")
        want(values(meta, "DC.title") == [title], "DC.title is not the page's title")
        authors = values(meta, "citation_author")
        want(values(meta, "DC.creator") == authors, "DC.creator and citation_author differ")
        for a in authors:
            want(re.fullmatch(r"[^,]+(, [^,]+)?", a) is not None, f"author {a!r} is not 'Family, Given' or one name")
        year = values(meta, "citation_publication_date")
        want(len(year) == 1 and re.fullmatch(r"\d{4}", year[0]) is not None, f"citation_publication_date {year}")
        chapter = bool(values(meta, "citation_inbook_title"))
        want(chapter or values(meta, "citation_technical_report_institution"), "neither a book chapter nor a report")
        for n, v in meta:
            want(v.strip() == v and v != "", f"empty or padded <meta name={n}>")
            want("file:" not in v, f"<meta name={n}> names a local file")

        bib_href = page.links.get("application/x-bibtex")
        ris_href = page.links.get("application/x-research-info-systems")
        want(bib_href and ris_href, "no BibTeX or RIS download link")
        if not (bib_href and ris_href):
            continue
        bib_path = os.path.normpath(os.path.join(texts, html.unescape(bib_href)))
        ris_path = os.path.normpath(os.path.join(texts, html.unescape(ris_href)))
        want(os.path.isfile(bib_path), f"the BibTeX link {bib_href} leads nowhere")
        want(os.path.isfile(ris_path), f"the RIS link {ris_href} leads nowhere")
        if not (os.path.isfile(bib_path) and os.path.isfile(ris_path)):
            continue

        parser = bibtexparser.bparser.BibTexParser(common_strings=True)
        db = bibtexparser.load(open(bib_path, encoding="utf-8"), parser=parser)
        want(len(db.entries) == 1, f"{bib_href} holds {len(db.entries)} entries, not 1")
        if db.entries:
            e = db.entries[0]
            want(e["ENTRYTYPE"] == ("incollection" if chapter else "techreport"), f"BibTeX type {e['ENTRYTYPE']}")
            want(e.get("title", "").strip("{}") == title, f"BibTeX title {e.get('title')!r}")
            want(e.get("year") == year[0], f"BibTeX year {e.get('year')!r}")
            bib_authors = [a.strip() for a in e.get("author", "").split(" and ")] if authors else []
            want(len(bib_authors) == len(authors), f"BibTeX names {len(bib_authors)} authors, the page {len(authors)}")
            if chapter:
                want(e.get("booktitle", "").strip("{}") == values(meta, "citation_inbook_title")[0], "BibTeX booktitle")
            first = values(meta, "citation_firstpage")
            if first:
                want(e.get("pages", "").split("--")[0] == first[0], f"BibTeX pages {e.get('pages')!r}")

        raw = open(ris_path, "rb").read().decode("utf-8")
        lines = raw.split("\r\n")
        want(lines[-1] == "", "RIS does not end with CRLF")
        tags = []
        for line in lines[:-1]:
            m = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
            want(m is not None, f"RIS line {line!r} is not 'TAG  - value'")
            if m:
                tags.append((m.group(1), m.group(2)))
        if tags:
            want(tags[0] == ("TY", "CHAP" if chapter else "RPRT"), f"RIS starts with {tags[0]}")
            want(tags[-1][0] == "ER", "RIS does not end with ER")
            for t, _ in tags:
                want(t in ZOTERO_RIS_TAGS, f"RIS tag {t} is not one Zotero reads")
            ris = {}
            for t, v in tags:
                ris.setdefault(t, []).append(v)
            want(ris.get("TI") == [title], f"RIS title {ris.get('TI')}")
            want(ris.get("AU", []) == authors, f"RIS authors {ris.get('AU')} differ from the page's {authors}")
            want(ris.get("PY") == year, f"RIS year {ris.get('PY')}")
        checked += 1

    if len(sys.argv) > 2:  # the content's texts: every one of them must have been checked
        expected = len([f for f in os.listdir(sys.argv[2]) if f.endswith(".md")])
        if checked != expected:
            problems.append(f"{checked} text pages checked, {expected} texts in {sys.argv[2]}")
    if checked == 0:
        problems.append("no text page was checked")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{checked} text pages: citation tags, BibTeX and RIS checked; {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
