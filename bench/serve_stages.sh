#!/usr/bin/env bash
# Where `kbgen serve`'s rebuild after an edit goes, by stage: copies a site (default: this
# repository's) to tmpfs, starts serve with KB_TIMINGS=1, appends a sentence to the first mission
# EDITS times (each once the search files of the last edit are published) and prints the median
# of each stage and of the "rebuilt ... in X ms" line. Run it for two binaries alternately to
# compare them.
#   bench/serve_stages.sh KBGEN [EDITS] [SITE_ROOT]
#   e.g. bench/serve_stages.sh build/kbgen 8; bench/serve_stages.sh build/kbgen 3 /dev/shm/synth-10000
set -euo pipefail
kb=$(realpath "$1"); n=${2:-8}; src=${3:-$(cd "$(dirname "$0")/.." && pwd)}
d=$(mktemp -d "${TMPDIR:-/dev/shm}/kb-stages.XXXXXX")
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$d"' EXIT
cp -r "$src/content" "$src/templates" "$src/assets" "$d/"
KB_TIMINGS=1 "$kb" serve --root "$d" --out "$d/site" --port 0 >/dev/null 2>"$d/log" &
pid=$!
until grep -qs "^built" "$d/log"; do sleep 0.1; done
# The first mission (a glob, not `ls | head`, whose early exit fails the pipeline on a large site).
missions=("$d"/content/missions/*.md); m=$(basename "${missions[0]}")
for i in $(seq "$n"); do
  c=$(grep -c "search files updated" "$d/log" || true)
  echo "Edit $i added." >>"$d/content/missions/$m"
  until [ "$(grep -c "search files updated" "$d/log" || true)" -gt "$c" ]; do sleep 0.1; done
done
python3 - "$d/log" <<'PY'
import collections, re, statistics, sys
stages, after_first = collections.defaultdict(list), False
for line in open(sys.argv[1]):
    if line.startswith("built"): after_first = True; continue
    m = re.match(r"\s+(\w+)\s+([\d.]+) ms", line)
    if m and after_first: stages[m.group(1)].append(float(m.group(2)))
    m = re.match(r"rebuilt .* in (\d+) ms", line)
    if m: stages["rebuilt"].append(float(m.group(1)))
print(" ".join(f"{k}={statistics.median(v):.1f}" for k, v in stages.items()), "(ms, median of", len(stages["rebuilt"]), "edits)")
PY
