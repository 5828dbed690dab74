#!/usr/bin/env python3
"""Turns the measurements bench/run collected into one table, printed and written as Markdown.

    bench/report.py RESULTS_TXT REPORT_MD [--kbgen PATH]

RESULTS_TXT holds "key value" lines (values may be JSON). The report has the date, the machine
(nproc, CPU, memory, OS) and tool versions, the table (what, kbgen, reference, ratio = reference
÷ kbgen so that above 1 means kbgen is faster or smaller, target), which targets of issue 8 are
missed and by how much, what each row measures, and bench/analysis.md (profiles and causes,
written by hand) when it exists. Python 3 standard library only.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess

BENCH = os.path.dirname(os.path.abspath(__file__))


def load(path):
    out = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition(" ")
            value = value.strip()
            if value.startswith("{"):
                value = json.loads(value)
            out[key] = value
    return out


def num(r, key):
    v = r.get(key)
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt_ms(ms):
    if ms is None:
        return "—"
    if ms >= 10000:
        return f"{ms / 1000:.1f} s"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    if ms >= 10:
        return f"{ms:.0f} ms"
    return f"{ms:.1f} ms"


def fmt_kb(kb):
    if kb is None:
        return "—"
    if kb >= 1024 * 1024:
        return f"{kb / 1024 / 1024:.2f} GB"
    return f"{kb / 1024:.0f} MB"


def fmt_us(ms):
    return "—" if ms is None else f"{ms * 1000:.0f} µs"


def ratio(ref, kb):
    if ref is None or kb is None or kb == 0:
        return None
    return ref / kb


def tool(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip().split("\n")[0]
    except (OSError, subprocess.SubprocessError):
        return "not installed"


def machine(r):
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    osname = platform.system()
    try:
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                osname = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    load = r.get("load")
    try:
        load = load or " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        load = "unknown"
    # Shared machines: the load says how much else ran beside the benchmark.
    machine = {"nproc": str(os.cpu_count()), "CPU": cpu, "memory": mem,
               "OS": f"{osname}, kernel {platform.release()}",
               "load average (1, 5, 15 min) when the run ended": load}
    if r.get("workfs"):  # the folder every build wrote to, and its file system
        machine["work folder"] = r["workfs"]
    return machine


class Table:
    def __init__(self):
        self.rows = []
        self.missed = []

    def add(self, what, kb, ref, r, target="", ok=None, gap=""):
        mark = "" if ok is None else (" ✓" if ok else " ✗")
        self.rows.append((what, kb, ref, "—" if r is None else f"{r:.2f}×", target + mark))
        if ok is False:
            self.missed.append(f"{what}: target {target}, measured {gap}")

    def text(self):
        head = ("what", "kbgen", "reference", "ratio", "target")
        widths = [max(len(str(x[i])) for x in self.rows + [head]) for i in range(5)]
        lines = ["  ".join(str(c).ljust(w) for c, w in zip(head, widths))]
        lines.append("  ".join("-" * w for w in widths))
        for row in self.rows:
            lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
        return "\n".join(lines)

    def markdown(self):
        lines = ["| what | kbgen | reference | ratio (reference ÷ kbgen) | target |", "|---|---|---|---|---|"]
        for row in self.rows:
            lines.append("| " + " | ".join(str(c) for c in row) + " |")
        return "\n".join(lines)


def build_table(r):
    t = Table()
    real_pages = r.get("real.pages", "?")
    files = r.get("real.files", "?")
    for key, label in (("real-cold", "cold"), ("real-warm", "warm output")):
        kb, ref = num(r, key + "-1.ms"), num(r, key + "-2.ms")
        rr = ratio(ref, kb)
        t.add(f"Real KB ({real_pages} pages from {files} files), build, {label} — vs Hugo on the same files",
              fmt_ms(kb), "Hugo " + fmt_ms(ref), rr, "≥ 1.5×", None if rr is None else rr >= 1.5, f"{rr:.2f}×" if rr else "")
    kb, ref = num(r, "real-cold-1.kb"), num(r, "real-cold-2.kb")
    t.add("Real KB, peak memory (cold build)", fmt_kb(kb), "Hugo " + fmt_kb(ref), ratio(ref, kb))
    if "real.instructions" in r:
        ins = num(r, "real.instructions")
        t.add("Real KB, cold build, instructions executed (callgrind, KB_THREADS=1: steady on a busy machine)",
              f"{ins / 1e9:.3f} G", "", None)
    if "yaml.kbgen_tree_ms" in r:
        tree, cpp, ev = num(r, "yaml.kbgen_tree_ms"), num(r, "yaml.yaml_cpp_ms"), num(r, "yaml.libyaml_events_ms")
        t.add(f"Front matter of the real KB ({r.get('yaml.blocks')} files, {num(r, 'yaml.bytes') / 1000:.0f} kB), "
              "parse only, best of runs — kbgen's reader (libyaml's events into a tree) vs yaml-cpp, which kbgen "
              f"used until 2026-12 (libyaml's events alone: {fmt_ms(ev)})", fmt_ms(tree), "yaml-cpp " + fmt_ms(cpp),
              ratio(cpp, tree))
    kb, ref = num(r, "texts-cold-1.ms"), num(r, "texts-cold-2.ms")
    rr = ratio(ref, kb)
    t.add(f"The {r.get('texts.files', '?')} texts alone, build, cold — vs Hugo", fmt_ms(kb), "Hugo " + fmt_ms(ref), rr,
          "≥ 1×", None if rr is None else rr >= 1, f"{rr:.2f}×" if rr else "")

    docs = r.get("lunr.docs", "?")
    kb, ref = num(r, "lunr-real-1.ms"), num(r, "lunr-real-2.ms")
    rr = ratio(ref, kb)
    same = " (output identical)" if r.get("lunr.identical") == "yes" else " (OUTPUT DIFFERS)"
    t.add(f"Search index, real corpus ({docs} docs), whole process{same}", fmt_ms(kb), "lunr.js " + fmt_ms(ref), rr,
          "≥ 25×", None if rr is None else rr >= 25, f"{rr:.1f}×" if rr else "")
    kbm, nm = num(r, "lunr-build.kbgen"), num(r, "lunr-build.node")
    rr = ratio(nm, kbm)
    t.add(f"Search index, real corpus, build + serialise only (in process, best of {r.get('lunr-build.runs', '?')})",
          fmt_ms(kbm), "lunr.js " + fmt_ms(nm), rr,
          "≥ 20×", None if rr is None else rr >= 20, f"{rr:.1f}×" if rr else "")
    if "search.first_gz" in r:
        first, later = num(r, "search.first_gz"), num(r, "search.later_gz")
        t.add("Search data before the first results (lunr.js, index, titles), gzip -6",
              f"{first / 1000:.0f} KB", f"then {later / 1000:.0f} KB (snippets, notes)", None,
              "≤ 500 KB", first <= 500_000, f"{first / 1000:.0f} KB")
    if "lunr-synth-1.ms" in r:
        kb, ref = num(r, "lunr-synth-1.ms"), num(r, "lunr-synth-2.ms")
        rr = ratio(ref, kb)
        t.add(f"Search index, synthetic {int(r.get('lunr-synth.size')):,}-page corpus ({r.get('lunr-synth.docs')} docs), "
              "whole process", fmt_ms(kb), "lunr.js " + fmt_ms(ref), rr,
              "≥ 25×", None if rr is None else rr >= 25, f"{rr:.1f}×" if rr else "")

    sizes = sorted({int(k.split("-")[1].split(".")[0]) for k in r if k.startswith("synth-") and k.endswith(".pages")})
    per_page = {}
    for size in sizes:
        pages = num(r, f"synth-{size}.pages")
        mb = (num(r, f"synth-{size}.bytes") or 0) / 1e6
        kb, ref = num(r, f"synth-{size}-1.ms"), num(r, f"synth-{size}-2.ms")
        rr = ratio(ref, kb)
        failed = r.get(f"synth-{size}.failed")
        if failed:
            t.add(f"Synthetic {size:,} ({pages:.0f} pages, {mb:.0f} MB Markdown), build, cold — vs Hugo",
                  "did not finish", "Hugo " + fmt_ms(ref), None, "≥ 2×", False, "kbgen " + failed)
            t.add(f"Synthetic {size:,}, peak memory", "> cap", "Hugo " + fmt_kb(num(r, f"synth-{size}-2.kb")), None)
            per_page[size] = None
            continue
        t.add(f"Synthetic {size:,} ({pages:.0f} pages, {mb:.0f} MB Markdown), build, cold — vs Hugo",
              fmt_ms(kb), "Hugo " + fmt_ms(ref), rr, "≥ 2×", None if rr is None else rr >= 2,
              f"{rr:.2f}×" if rr else "")
        kbm, refm = num(r, f"synth-{size}-1.kb"), num(r, f"synth-{size}-2.kb")
        t.add(f"Synthetic {size:,}, peak memory", fmt_kb(kbm), "Hugo " + fmt_kb(refm), ratio(refm, kbm))
        if kb and pages:
            per_page[size] = (kb / pages, (ref or 0) / pages)
            t.add(f"Synthetic {size:,}, time per page", fmt_us(kb / pages), "Hugo " + fmt_us((ref or 0) / pages),
                  ratio(ref, kb))
        if size == 10000:
            t.add("Synthetic 10,000, peak memory", fmt_kb(kbm), "", None, "≤ 1 GB", kbm <= 1024 * 1024, fmt_kb(kbm))
        if size == 50000:
            t.add("Synthetic 50,000, peak memory", fmt_kb(kbm), "", None, "≤ 4 GB", kbm <= 4 * 1024 * 1024, fmt_kb(kbm))
    if per_page.get(1000) and 50000 in per_page and per_page[50000] is None:
        t.add("Time per page at 50,000 ÷ at 1,000", "did not finish", "", None, "≤ 1.5", False,
              "no 50,000-page build")
    if per_page.get(1000) and per_page.get(50000):
        k = per_page[50000][0] / per_page[1000][0]
        h = per_page[50000][1] / per_page[1000][1] if per_page[1000][1] else None
        t.add("Time per page at 50,000 ÷ at 1,000", f"{k:.2f}", "Hugo " + (f"{h:.2f}" if h else "—"), None,
              "≤ 1.5", k <= 1.5, f"{k:.2f}")

    for key, label, limit in (("serve-real", "real KB", 50), ("serve-synth", "synthetic", 500)):
        s = r.get(key)
        if not isinstance(s, dict):
            continue
        if not s:
            t.add(f"TODO: incremental rebuild in kbgen serve, {label}", "TODO (no serve)", "", None,
                  f"< {limit} ms")
            continue
        size = r.get("serve-synth.size", "")
        name = "real KB" if key == "serve-real" else f"synthetic {int(size):,}"
        ms = float(s["median_ms"])
        full = float(s["first_build_ms"])
        note = r.get(key + ".note")
        t.add(f"Incremental rebuild in kbgen serve after editing one mission, {name} "
              f"(edit to reload: {fmt_ms(s['wall_median_ms'])}){' — ' + note if note else ''}",
              fmt_ms(ms), "full build in serve " + fmt_ms(full), ratio(full, ms), f"< {fmt_ms(limit)}",
              ms < limit, fmt_ms(ms))

    b = r.get("browser")
    if isinstance(b, dict):
        t.add(f"Browser: search index load + first query (\"{b['query']}\")", fmt_ms(b["search_kb"]),
              "lunr.js index built in the page " + fmt_ms(b["search_ref"]), ratio(b["search_ref"], b["search_kb"]))
        if "typing_kb" in b:
            t.add(f"Browser: first keystroke to first results in the header's search box (\"{b['query']}\")",
                  fmt_ms(b["typing_kb"]), "plain lunr.js page " + fmt_ms(b["typing_ref"]),
                  ratio(b["typing_ref"], b["typing_kb"]))
        if b.get("typing_kb_after_data") is not None:
            after = b["typing_kb_after_data"]
            t.add("Browser: first results after the last search data script arrived", fmt_ms(after), "", None,
                  "≤ 300 ms", after <= 300, fmt_ms(after))
        t.add(f"Browser: first contentful paint of a chapter ({b['chapter']})", fmt_ms(b["render_kb"]),
              "Hugo page " + fmt_ms(b["render_hugo"]), ratio(b["render_hugo"], b["render_kb"]))
    return t


MEASURES = """\
- **Real KB build** (`kbgen build --root . --out DIR`): the whole site from `content/` (pages,
  entities, backlinks, mention linking, quote lookup, search index), median wall time of the
  runs with `hyperfine`. *Cold*: the output folder is removed before each run; *warm*: it holds
  the previous build. The reference is Hugo (Debian's `hugo`, all cores) building the same
  Markdown files of `content/` as plain pages: `bench/hugo_site.py` renames the front matter
  keys Hugo reserves (`aliases`, `url`, `type`, `date`, ...) and adds a minimal layout (title,
  table of contents, content, list pages); Hugo links nothing, finds no quotes, builds no index.
- **Peak memory**: the largest maximum resident set size `/usr/bin/time -f %M` reported over
  the same runs (every measured command runs under `/usr/bin/time`, for kbgen and Hugo alike).
- **The texts alone**: `content/texts` with the collections, glossary and site config (no
  entities, so no mission or mandate mentions to link) built by kbgen, and the same texts by Hugo.
- **Search index, whole process**: `kbgen lunr corpus.json` against `node
  tests/search/lunr_js.js corpus.json` (Debian's lunr.js 2.3.9 fed as the compatibility test
  feeds it), both reading
  the corpus `kbgen build` writes to `search/corpus.json` and printing the serialised index;
  process start-up, JSON parse and output included for both. The outputs are compared byte for
  byte. **Build + serialise only**: the best of in-process repeats of building the index and
  serialising it to a string (`bench/lunr/lunr_bench.cpp` calling
  `kb::search::build_lunr_index`, and `bench/lunr/time_lunr_js.js` timing
  `JSON.stringify(lunr(...))` in node), without start-up, file read or parse.
- **Synthetic**: `bench/synth.py --pages N` writes a knowledge base with the real one's shape
  (the kinds in the same proportions; 45 kB texts with headings, footnotes, emphasis, lists,
  quotes and mentions of missions, resolutions, UN documents, glossary acronyms and theme
  keywords; entities with predecessors, missions, themes, answers, anchored text links and
  quotes taken word for word from the texts). Cold builds by kbgen and by Hugo on the same
  Markdown (converted as above); time per page is the median time ÷ pages kbgen built.
- **Incremental rebuild**: `bench/serve_edit.py` runs `kbgen serve` on a copy of the site,
  appends a sentence to one mission's body, and reads serve's own `rebuilt ... in X ms` line
  (generate + sync of the output folder); the reference is the first, full build in the same
  serve process. *Edit to reload* adds serve's polling interval and settle delay.
- **Browser** (`bench/browser.js`, headless Chromium over the DevTools protocol, HTTP cache off,
  pages served from 127.0.0.1): *search* is the time from starting to load `lunr.js`,
  `search/index.js` and `search/meta.js` (all that the first results need) to the end of
  finishing the index (`assets/lunr-state.js`) and a first query,
  against loading `lunr.js` and `search/corpus.json` and building the index in the page;
  *first keystroke to first results*: on a chapter page, focus the header's search box and type
  the query (one input event), until the first result option shows in the dropdown, against a
  plain page that loads lunr.js and the corpus on focus and builds the index in the page (*after
  the data*: from kb.js's `kb-search-data` performance mark, when the last script arrived);
  *first render* is the first contentful paint of a chapter page, against Hugo's page for the
  same text.
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("report")
    ap.add_argument("--kbgen", default="kbgen")
    args = ap.parse_args()
    r = load(args.results)
    t = build_table(r)
    print(t.text())
    when = r.get("date") or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    m = machine(r)
    repo = os.path.dirname(BENCH)
    # The commit when the run started (bench/run records it), else now.
    commit = r.get("commit") or tool(["git", "-C", repo, "rev-parse", "--short", "HEAD"])
    dirty = r.get("dirty", tool(["git", "-C", repo, "status", "--porcelain", "--", "generator"]))
    try:
        built = datetime.datetime.fromtimestamp(os.path.getmtime(args.kbgen), datetime.timezone.utc)
        built = built.strftime("%Y-%m-%d %H:%M UTC")
    except OSError:
        built = "unknown"
    lines = [
        "# Benchmarks", "",
        f"Measured by `bench/run{' --quick' if r.get('mode') == 'quick' else ''}` on {when}, "
        f"commit {commit}{' with local changes to generator/' if dirty else ''} "
        f"(the kbgen measured was built {built}). "
        f"Ratios are reference ÷ kbgen: above 1, kbgen is faster or smaller. "
        f"Medians of {r.get('runs', '?')} runs (synthetic knowledge bases below 20,000 pages: 3; "
        f"from 20,000 pages: 1).", "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in m.items()) + ".", "",
        "Tools: " + "; ".join([
            tool([args.kbgen, "--version"]),
            tool(["hugo", "version"]).split(" BuildDate")[0],
            tool(["hyperfine", "--version"]),
            "node " + tool(["node", "--version"]),
            "lunr.js " + tool(["node", "-e", "console.log(require('/usr/share/nodejs/lunr').version)"]),
            tool(["chromium", "--version"]),
        ]) + ".", "",
        t.markdown(), "",
    ]
    if t.missed:
        lines += ["## Targets missed", ""] + [f"- {x}" for x in t.missed] + [""]
    lines += ["## What each row measures", "", MEASURES]
    analysis = os.path.join(BENCH, "analysis.md")
    if os.path.exists(analysis):
        with open(analysis) as f:
            lines += [f.read()]
    with open(args.report, "w") as f:
        f.write("\n".join(lines).rstrip() + "\n")


if __name__ == "__main__":
    main()
