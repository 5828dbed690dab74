#!/usr/bin/env python3
"""Time and memory of kbgen on inputs that are large in one dimension (issue 17, item 9): one
file of 100,000 headings, three of them, and 25,000 / 50,000 footnotes in one file. Prints
one row per case (wall seconds and peak resident memory, from GNU time) and the growth from
25,000 to 50,000 notes.

  bench/sizes.py [--kbgen PATH] [--check]

--check fails (exit 1) when memory is out of proportion: more than 600 MB for the
100,000-heading file, or more than 2.5 times the memory when the notes double. Wall time is
printed, never checked (it depends on the machine's load).
"""
import argparse, os, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)


def site(tmp, texts):
    root = os.path.join(tmp, "root")
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(os.path.join(repo, "tests/fixtures/invalid/_base/content"), os.path.join(root, "content"))
    shutil.copytree(os.path.join(repo, "tests/fixtures/templates"), os.path.join(root, "templates"))
    shutil.copy(os.path.join(repo, "tests/fixtures/schema.yaml"), os.path.join(root, "content/schema.yaml"))
    os.makedirs(os.path.join(root, "content/collections"))
    os.makedirs(os.path.join(root, "content/texts"))
    with open(os.path.join(root, "content/collections/c.md"), "w") as f:
        f.write('---\ntitle: "C"\n---\n')
    for name, body in texts.items():
        with open(os.path.join(root, "content/texts", name + ".md"), "w") as f:
            f.write('---\ntitle: "%s"\ncollection: c\n---\n%s' % (name, body))
    return root


def headings(n):
    return "".join("# Heading %d\n" % i for i in range(n))


def notes(n):
    return " ".join("C.[^%d]" % i for i in range(n)) + "\n\n" + "".join("[^%d]: N.\n" % i for i in range(n))


def measure(kbgen, tmp, texts):
    root = site(tmp, texts)
    out = os.path.join(tmp, "out")
    shutil.rmtree(out, ignore_errors=True)
    r = subprocess.run(["/usr/bin/time", "-f", "KBTIME %e %M", kbgen, "build", "--root", root, "--out", out],
                       capture_output=True, text=True)
    line = [l for l in r.stderr.splitlines() if l.startswith("KBTIME ")][-1].split()
    if r.returncode != 0:
        sys.exit("sizes: kbgen failed:\n" + r.stderr[-2000:])
    size = sum(len(b) for b in texts.values())
    return float(line[1]), int(line[2]) // 1024, size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kbgen", default=os.path.join(repo, "build/kbgen"))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    kbgen = os.path.abspath(a.kbgen)
    tmp = tempfile.mkdtemp(prefix="kb-sizes-")
    try:
        cases = [("100,000 headings, one file", {"h": headings(100000)}),
                 ("100,000 headings, three files", {"h1": headings(100000), "h2": headings(100000), "h3": headings(100000)}),
                 ("25,000 footnotes", {"f": notes(25000)}),
                 ("50,000 footnotes", {"f": notes(50000)})]
        rows = {}
        print("| input | size | wall s | peak MB |\n|---|---|---|---|")
        for name, texts in cases:
            secs, mb, size = measure(kbgen, tmp, texts)
            rows[name] = (secs, mb)
            print("| %s | %.1f MB | %.2f | %d |" % (name, size / 1e6, secs, mb), flush=True)
        t25, m25 = rows["25,000 footnotes"]
        t50, m50 = rows["50,000 footnotes"]
        print("notes doubled: time x%.2f, memory x%.2f" % (t50 / max(t25, 0.01), m50 / max(m25, 1)))
        if a.check:
            bad = []
            if rows["100,000 headings, one file"][1] > 600:
                bad.append("100,000 headings take %d MB (limit 600)" % rows["100,000 headings, one file"][1])
            if m50 > 2.5 * m25:
                bad.append("doubling the notes multiplies memory by %.2f (limit 2.5)" % (m50 / m25))
            for b in bad:
                print("sizes: " + b, file=sys.stderr)
            return 1 if bad else 0
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
