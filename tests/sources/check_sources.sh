#!/usr/bin/env bash
# sources/ holds the raw texts exactly as received: every listed file has its recorded checksum,
# no file is missing or unlisted, and the README quotes the same checksums as SHA256SUMS.
# A correction to a source goes into an editor's note, never into the file.
set -uo pipefail
cd "$(dirname "$0")/../../sources" || exit 1
fail=0
if ! sha256sum --quiet -c SHA256SUMS; then
  echo "error: a file in sources/ differs from its recorded checksum (sources/SHA256SUMS)" >&2
  fail=1
fi
listed=$(awk '{print $2}' SHA256SUMS | sort)
present=$(find . -maxdepth 1 -type f ! -name README.md ! -name SHA256SUMS -printf '%f\n' | sort)
if [ "$listed" != "$present" ]; then
  echo "error: files in sources/ are not those listed in SHA256SUMS:" >&2
  diff <(echo "$listed") <(echo "$present") >&2
  fail=1
fi
while read -r sum name; do
  grep -q "$sum" README.md || { echo "error: sources/README.md does not give the checksum of $name" >&2; fail=1; }
done < SHA256SUMS
[ "$fail" = 0 ] && echo "sources: $(echo "$listed" | wc -l) files as received"
exit "$fail"
