#!/usr/bin/env python3
"""Incremental rebuild in `kbgen serve` after editing one entity.

    bench/serve_edit.py KBGEN SITE_ROOT RUNS

Copies SITE_ROOT/content to a temporary site (templates/ and assets/ linked), starts
`kbgen serve --port 0` on it, then RUNS times appends a sentence to the body of one mission and
waits for serve's "rebuilt N pages ... in X ms" line. Prints JSON: the median X (the rebuild
itself, as serve times it: generate + sync of the output folder) and the median wall time from
the edit to that line (which adds serve's settle delay). A kbgen that publishes the pages before
the search files also prints "search files updated Y ms later": search_median_ms is the median
X + Y, from the start of the rebuild to the search files published (null otherwise). Exits 3 when this
kbgen has no `serve` sub-command. Python 3 standard library only.
"""
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time


def main():
    kbgen, root, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    probe = subprocess.run([kbgen, "serve", "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        print(json.dumps({"error": "kbgen has no serve sub-command"}))
        return 3
    tmp = tempfile.mkdtemp(prefix="kb-bench-serve-")
    proc = None
    try:
        shutil.copytree(os.path.join(root, "content"), os.path.join(tmp, "content"))
        for d in ("templates", "assets"):  # copies: kbgen follows no symbolic link out of a root
            shutil.copytree(os.path.join(root, d), os.path.join(tmp, d))
        mission_dir = os.path.join(tmp, "content", "missions")
        target = os.path.join(mission_dir, sorted(os.listdir(mission_dir))[0])
        proc = subprocess.Popen([kbgen, "serve", "--root", tmp, "--out", os.path.join(tmp, "site"),
                                 "--port", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(l) for l in proc.stderr], daemon=True).start()

        recent = []

        def wait_for(word, timeout):
            end = time.monotonic() + timeout
            while True:
                left = end - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"serve printed no '{word}' line in {timeout} s")
                try:
                    line = lines.get(timeout=min(left, 1.0))
                except queue.Empty:
                    if proc.poll() is not None and lines.empty():
                        raise RuntimeError(f"kbgen serve exited with code {proc.returncode}: "
                                           + " | ".join(recent[-5:]))
                    continue
                recent.append(line.strip())
                m = re.match(rf"{word} (\d+) pages.* in (\d+) ms", line)
                if m:
                    return int(m.group(1)), int(m.group(2)), line.strip()
                if re.search(r"\d+ errors; ", line):
                    raise RuntimeError("rebuild failed: " + line.strip())

        pages, first_ms, _ = wait_for("built", 600)
        rebuilds, walls, searches, last = [], [], [], ""
        # A kbgen that publishes pages first prints when the search files follow.
        with open(kbgen, "rb") as f:
            search_follows = b"search files updated" in f.read()

        def wait_for_search(timeout):
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                try:
                    line = lines.get(timeout=1.0)
                except queue.Empty:
                    continue
                m = re.search(r"search files updated (\d+) ms later", line)
                if m:
                    return int(m.group(1))
            raise RuntimeError("serve printed no 'search files updated' line")
        for i in range(runs):
            time.sleep(0.3)  # a fresh modification time, as an editor's next save would have
            with open(target, "a") as f:
                f.write(f"\nEdited for the benchmark, round {i + 1}.\n")
            start = time.monotonic()
            _, ms, last = wait_for("rebuilt", 120)
            walls.append((time.monotonic() - start) * 1000)
            rebuilds.append(ms)
            if search_follows:
                searches.append(ms + wait_for_search(120))
        rebuilds.sort()
        walls.sort()
        searches.sort()
        print(json.dumps({"pages": pages, "first_build_ms": first_ms, "runs": runs,
                          "median_ms": rebuilds[len(rebuilds) // 2],
                          "search_median_ms": searches[len(searches) // 2] if searches else None,
                          "wall_median_ms": round(walls[len(walls) // 2]), "last_line": last}))
        return 0
    finally:
        if proc:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
