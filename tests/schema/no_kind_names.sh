#!/usr/bin/env bash
# Kinds are data (content/schema.yaml): the generator's code must not name one. Fails when a
# C++ file under generator/ spells a key of a kind ("mission:"), a kind's folder ("missions/"),
# or compares a kind with a kind name (kind == "mission", kind != "text").
# Usage: tests/schema/no_kind_names.sh [REPO]
set -euo pipefail
repo="${1:-$(cd "$(dirname "$0")/../.." && pwd)}"
schema="$repo/content/schema.yaml"
# The kinds: the keys indented by two spaces under "kinds:"; their folders: "folder: X".
kinds=$(awk '/^kinds:/{k=1; next} /^[^ #]/{k=0} k && /^  [a-z0-9-]+:/{sub(/:.*/, ""); sub(/^ +/, ""); print}' "$schema")
folders=$(sed -n 's/^ *folder: *\([a-z0-9-]*\).*/\1/p' "$schema")
[ -n "$kinds" ] || { echo "no_kind_names: no kinds found in $schema" >&2; exit 1; }
pattern=""
for k in $kinds; do pattern+="${pattern:+|}\"$k:|(kind|kind_name|name) *[!=]= *\"$k\""; done
for f in $folders; do pattern+="|\"$f/"; done
found=0
while IFS= read -r -d '' file; do
  # Comments may give examples; code may not.
  if sed -e 's|//.*$||' "$file" | grep -nE "$pattern" | sed "s|^|${file#$repo/}:|"; then found=1; fi
done < <(find "$repo/generator" \( -name '*.cpp' -o -name '*.hpp' \) -print0)
if [ $found = 1 ]; then
  echo "no_kind_names: the lines above name a kind of content/schema.yaml in the generator's code" >&2
  exit 1
fi
echo "no_kind_names: $(echo $kinds | wc -w) kinds, none named in generator/"
