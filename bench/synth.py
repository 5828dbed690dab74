#!/usr/bin/env python3
"""Writes a synthetic knowledge base with the shape of content/ (see docs/content-format.md).

    bench/synth.py --pages 10000 --out DIR [--seed 1] [--text-kb 45]

DIR/content/ gets about PAGES content files, split between kinds in the proportions of the real
knowledge base (3.6 % texts, 6 % missions, 10 % mandates, 19 % UN documents, 16 % principles,
22 % lessons, 18 % recommendations, ...). Texts are chapters of about TEXT_KB kilobytes (the real
ones average 45 kB) with headings, footnotes, emphasis and automatic mentions (mission acronyms,
resolution citations, document symbols, glossary acronyms, theme keywords); entities carry
cross-references (predecessors, missions, themes, answers, text links with anchors) and quotes
taken word for word from the texts, so the build does all the work it does on the real content:
quote lookup, backlinks, mention matching, search index. The output is deterministic for a seed.
Python 3 standard library only.
"""
import argparse
import os
import random
import re
import shutil

# Shares of each kind among the content files of the real knowledge base (701 files).
SHARES = [
    ("collections", 0.006), ("texts", 0.036), ("missions", 0.061), ("themes", 0.036),
    ("mandates", 0.104), ("documents", 0.191), ("principles", 0.161), ("lessons", 0.225),
    ("recommendations", 0.178),
]

COMMON = ("the of and to in a is that for on as by with support security sector reform united "
          "nations mission national ownership governance police defence justice council "
          "resolution mandate report state actors process peace approach political oversight "
          "capacity institutions international regional partners government strategy role "
          "development human rights civilian forces military assistance coordination").split()


def slug(text):
    """Anchor of a heading, as docs/content-format.md defines it."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def letters(n, width):
    out = ""
    for _ in range(width):
        out = chr(ord("A") + n % 26) + out
        n //= 26
    return out


class Synth:
    def __init__(self, pages, seed, text_kb):
        self.rng = random.Random(seed)
        self.text_kb = text_kb
        total = sum(s for _, s in SHARES)
        self.count = {k: max(1, round(pages * s / total)) for k, s in SHARES}
        # Pseudo-words with a Zipf-like frequency, so the search index vocabulary grows with size.
        syll = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "bar", "del", "fin", "gor",
                "hal", "mon", "per", "quin", "sol", "tur", "ven"]
        vocab = set()
        while len(vocab) < 4000 + pages // 2:
            vocab.add("".join(self.rng.choice(syll) for _ in range(self.rng.randint(2, 4))))
        self.words = COMMON + sorted(vocab)
        self.cum = []
        acc = 0.0
        for i in range(len(self.words)):
            acc += 1.0 / (i + 8)
            self.cum.append(acc)

    def phrase(self, n):
        return " ".join(self.rng.choices(self.words, cum_weights=self.cum, k=n))

    def sentence(self):
        s = self.phrase(self.rng.randint(10, 24))
        return s[0].upper() + s[1:] + "."

    def plan(self):
        c = self.count
        rng = self.rng
        self.collections = [f"coll-{i:04d}" for i in range(c["collections"])]
        self.texts = [f"text-{i:05d}" for i in range(c["texts"])]
        self.missions = []
        for i in range(c["missions"]):
            acr = "UN" + letters(i, 4)
            self.missions.append((acr.lower(), acr, "United Nations Mission for " + self.phrase(3).title()))
        self.themes = [(f"theme-{i:04d}", self.phrase(2).title(), [self.phrase(2), self.phrase(2)])
                       for i in range(c["themes"])]
        numbers = rng.sample(range(1000, 10000), min(c["mandates"], 9000))
        self.mandates = [(f"res-{n}", n, rng.randint(1990, 2024)) for n in numbers]
        self.documents = []
        seen = set()
        while len(self.documents) < c["documents"]:
            year, num = rng.randint(1990, 2024), rng.randint(1, 999)
            if (year, num) in seen:
                continue
            seen.add((year, num))
            sym = f"S/{year}/{num}"
            self.documents.append((f"s-{year}-{num}", sym, year))
        self.glossary = [("GX" + letters(i, 3), self.phrase(3).title())
                         for i in range(max(20, len(self.texts) * 8))]

    def mention(self):
        """A phrase the mention matcher links: acronym, resolution, symbol, glossary acronym."""
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            return rng.choice(self.missions)[1]
        if r < 0.55:
            _, n, y = rng.choice(self.mandates)
            return f"resolution {n} ({y})"
        if r < 0.7:
            return rng.choice(self.documents)[1]
        if r < 0.85:
            return rng.choice(self.glossary)[0]
        return rng.choice(self.themes)[2][0]

    def write_text(self, tid, idx, content):
        rng = self.rng
        coll = self.collections[idx % len(self.collections)]
        lines = ["---", f'title: "{self.phrase(6).capitalize()}"',
                 f'authors: ["{self.phrase(2).title()}", "{self.phrase(2).title()}"]',
                 f"year: {rng.randint(2000, 2024)}", f'publisher: "Synthetic Press"',
                 f'collection: "{coll}"', f"chapter: {idx // len(self.collections) + 1}",
                 f"order: {idx // len(self.collections) + 1}", "---", ""]
        body = []
        size = 0
        target = self.text_kb * 1024 * rng.uniform(0.5, 1.5)
        section = 0
        footnote = 0
        sections = []  # (heading text, [plain sentences])
        while size < target:
            section += 1
            head = f"Section {section}: {self.phrase(4)}"
            level = "##" if section % 3 else "###"
            body += [f"{level} {head}", ""]
            plain = []
            for _ in range(rng.randint(3, 8)):
                sents = []
                for _ in range(rng.randint(3, 7)):
                    s = self.sentence()
                    roll = rng.random()
                    if roll < 0.35:
                        words = s[:-1].split(" ")
                        words.insert(rng.randint(1, len(words)), self.mention())
                        s = " ".join(words) + "."
                    elif roll < 0.42:
                        words = s[:-1].split(" ")
                        k = rng.randint(1, len(words) - 1)
                        words[k] = f"*{words[k]}*"
                        s = " ".join(words) + "."
                    elif roll < 0.55:
                        footnote += 1
                        s += f"[^{footnote}]"
                    else:
                        plain.append(s)
                    sents.append(s)
                para = " ".join(sents)
                if rng.random() < 0.08:
                    body += ["> " + para, ""]
                elif rng.random() < 0.08:
                    body += [f"- {x}" for x in sents] + [""]
                else:
                    body += [para, ""]
                size += len(para) + 2
            sections.append((head, plain))
        for n in range(1, footnote + 1):
            # Footnotes cite the UN documents in turn, so that every document is mentioned.
            self.cited = (getattr(self, "cited", -1) + 1) % len(self.documents)
            body.append(f"[^{n}]: {self.phrase(5).capitalize()}, {self.documents[self.cited][1]}, "
                        f"p. {rng.randint(1, 300)}.")
        write(content, "texts", tid, "\n".join(lines + body) + "\n")
        return sections

    def run(self, out):
        rng = self.rng
        self.plan()
        content = os.path.join(out, "content")
        if os.path.exists(content):
            shutil.rmtree(content)
        os.makedirs(content)
        # The knowledge base's own schema: the synthetic pages have its kinds and fields.
        shutil.copy(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "content", "schema.yaml"),
                    os.path.join(content, "schema.yaml"))
        with open(os.path.join(content, "site.yaml"), "w") as f:
            f.write('title: "Synthetic knowledge base"\ndescription: "Benchmark corpus"\n'
                    'language: en\nbase_url: ""\n')
        with open(os.path.join(content, "index.md"), "w") as f:
            f.write('---\ntitle: "Synthetic knowledge base"\n---\n' + self.sentence() + "\n")
        with open(os.path.join(content, "glossary.yaml"), "w") as f:
            for acr, exp in self.glossary:
                f.write(f'- acronym: "{acr}"\n  expansion: "{exp}"\n')
        for i, cid in enumerate(self.collections):
            write(content, "collections", cid,
                  f'---\ntitle: "{self.phrase(5).title()}"\nyear: 2020\norder: {i + 1}\n---\n\n'
                  + self.sentence() + "\n")
        # Each text's sections and their plain sentences: what entities quote and link to.
        self.sections = {tid: self.write_text(tid, i, content) for i, tid in enumerate(self.texts)}
        theme_ids = [t[0] for t in self.themes]
        mission_ids = [m[0] for m in self.missions]

        def some(ids, k):
            return "[" + ", ".join(rng.sample(ids, min(k, len(ids)))) + "]"

        # Relations that need evidence (mission tags, predecessors): random ones are editorial,
        # with a reason, as the build requires of a relation no passage supports.
        def editorial(ids):
            return "[" + ", ".join('{id: %s, editorial: "Synthetic relation, made at random."}' % i for i in ids) + "]"

        def some_editorial(ids, k):
            return editorial(rng.sample(ids, min(k, len(ids))))

        def text_link():
            tid = rng.choice(self.texts)
            head, _ = rng.choice(self.sections[tid])
            return f"[{self.phrase(2)}](text:{tid}#{slug(head)})"

        def quote():
            """A sentence that occurs in a text, with the text id and section heading."""
            while True:
                tid = rng.choice(self.texts)
                head, plain = rng.choice(self.sections[tid])
                if plain:
                    return rng.choice(plain), tid, head

        for i, (mid, acr, title) in enumerate(self.missions):
            extra = f"predecessor: {{id: {self.missions[i - 1][0]}, editorial: \"Synthetic relation, made at random.\"}}\n" if i % 4 else ""
            write(content, "missions", mid,
                  f'---\nacronym: "{acr}"\ntitle: "{title}"\ncountry: "{self.phrase(2).title()}"\n'
                  f"type: peacekeeping\nstart: {{value: {rng.randint(1990, 2020)}, editorial: \"Synthetic year, made at random.\"}}\n{extra}"
                  f'aliases: ["{acr}", "{title}"]\nthemes: {some(theme_ids, 3)}\n---\n\n'
                  f"{self.sentence()} {text_link()} and {text_link()}.\n")
        for tid, title, aliases in self.themes:
            write(content, "themes", tid,
                  f'---\ntitle: "{title}"\naliases: ["{aliases[0]}", "{aliases[1]}"]\n---\n\n'
                  f"{self.sentence()} Main discussion: {text_link()}.\n")
        for mid, n, y in self.mandates:
            asks = ""
            for _ in range(rng.randint(1, 3)):
                q, tid, _ = quote()
                asks += f'  - quote: "{q}"\n    source: {{ doc: {tid} }}\n'
            write(content, "mandates", mid,
                  f'---\nnumber: {n}\nyear: {y}\ntitle: "Security Council resolution {n} ({y})"\n'
                  f"missions: {some_editorial(mission_ids, 2)}\nthemes: {some(theme_ids, 2)}\nasks:\n{asks}---\n\n"
                  f"{self.sentence()} See {text_link()}.\n")
        for did, sym, y in self.documents:
            write(content, "documents", did,
                  f'---\nsymbol: "{sym}"\ntitle: "{self.phrase(6).title()}"\nyear: {y}\n'
                  f'type: "report of the Secretary-General"\nurl: "https://undocs.org/{sym}"\n'
                  f"missions: []\n---\n\nCited in: {text_link()}.\n")
        lessons_by_text = {}
        for kind, prefix in (("principles", "principle"), ("lessons", "lesson"),
                             ("recommendations", "recommendation")):
            per_text = {}
            for _ in range(self.count[kind]):
                q, tid, head = quote()
                per_text[tid] = per_text.get(tid, 0) + 1
                eid = f"{tid}-{prefix}-{per_text[tid]}"
                answers = ""
                if kind == "lessons":
                    lessons_by_text.setdefault(tid, []).append(eid)
                elif kind == "recommendations" and lessons_by_text.get(tid):
                    answers = f"answers: [{rng.choice(lessons_by_text[tid])}]\n"
                write(content, kind, eid,
                      f'---\ntitle: "{self.phrase(5).capitalize()}"\nquote: "{q}"\n'
                      f'source: {{ doc: {tid}, section: "{head}" }}\n'
                      f"missions: {some_editorial(mission_ids, 1)}\nthemes: {some(theme_ids, 2)}\n{answers}"
                      f"number: {per_text[tid]}\n---\n\nStated in [the text](text:{tid}#{slug(head)}).\n")


def write(content, folder, ident, text):
    d = os.path.join(content, folder)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, ident + ".md"), "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="about how many content files")
    ap.add_argument("--out", required=True, help="site root to write content/ into")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--text-kb", type=float, default=45.0, help="average text size in kB")
    args = ap.parse_args()
    Synth(args.pages, args.seed, args.text_kb).run(args.out)


if __name__ == "__main__":
    main()
