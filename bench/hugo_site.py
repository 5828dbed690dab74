#!/usr/bin/env python3
"""Turns a kbgen content/ folder into a Hugo site with a minimal layout, for the Hugo comparison.

    bench/hugo_site.py CONTENT_DIR HUGO_SITE_DIR [--only texts]

Every Markdown page keeps its folder (a Hugo section) and its body unchanged; front matter keys
that Hugo reserves (aliases would make redirect pages, url and slug would move the page, type and
layout would change the template lookup, date would be parsed as a date) are renamed with a
`kb_` prefix and stay available as params. The layout prints the title and the content with a
link home, like the simplest theme a user would start with. Python 3 standard library only.
"""
import argparse
import os
import re
import shutil

RESERVED = {"aliases", "date", "type", "url", "slug", "layout", "weight", "draft", "keywords",
            "images", "lastmod", "publishDate", "expiryDate", "outputs", "markup", "cascade",
            "summary", "headless", "resources", "series", "audio", "videos", "linkTitle"}

CONFIG = """baseURL = "/"
title = "Hugo comparison"
uglyURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
"""

BASEOF = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><nav><a href="{{ "/" | relURL }}">Home</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .TableOfContents }}
{{ .Content }}{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""

KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(\s*:)")


def convert(text):
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---\n", 4)
    if end < 0:
        return text
    lines = []
    for line in text[4:end].split("\n"):
        m = KEY.match(line)
        if m and m.group(1) in RESERVED:
            line = "kb_" + line
        lines.append(line)
    return "---\n" + "\n".join(lines) + text[end:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("content")
    ap.add_argument("site")
    ap.add_argument("--only", help="copy only this folder of content/ (e.g. texts)")
    args = ap.parse_args()
    if os.path.exists(args.site):
        shutil.rmtree(args.site)
    for d in ("content", "layouts/_default"):
        os.makedirs(os.path.join(args.site, d))
    for name, text in (("config.toml", CONFIG), ("layouts/_default/baseof.html", BASEOF),
                       ("layouts/_default/single.html", SINGLE), ("layouts/_default/list.html", LIST)):
        with open(os.path.join(args.site, name), "w") as f:
            f.write(text)
    count = 0
    for root, dirs, files in os.walk(args.content):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        rel = os.path.relpath(root, args.content)
        if args.only and rel != "." and rel.split(os.sep)[0] != args.only:
            continue
        for name in sorted(files):
            if not name.endswith(".md") or name.startswith((".", "_")):
                continue
            if args.only and rel == ".":
                continue
            src = os.path.join(root, name)
            dst_name = "_index.md" if (rel == "." and name == "index.md") else name
            dst_dir = os.path.join(args.site, "content", rel)
            os.makedirs(dst_dir, exist_ok=True)
            with open(src, encoding="utf-8") as f:
                text = f.read()
            with open(os.path.join(dst_dir, dst_name), "w", encoding="utf-8") as f:
                f.write(convert(text))
            count += 1
    print(f"hugo_site: {count} pages in {args.site}")


if __name__ == "__main__":
    main()
