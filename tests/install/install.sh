#!/usr/bin/env bash
# `cmake --install` gives a kbgen that builds a site from any folder: installed under a prefix,
# then moved elsewhere, it builds a site root holding only content/ (no templates/, no assets/)
# with the installed defaults, byte for byte as the build folder's kbgen builds the repository.
# Usage: tests/install/install.sh BUILD_DIR REPO KBGEN
set -euo pipefail
build="$1" repo="$2" kbgen="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" > /dev/null
mv "$work/prefix" "$work/moved"
mkdir "$work/root"
cp -r "$repo/content" "$work/root/"
(cd "$work" && "$work/moved/bin/kbgen" build --root "$work/root" --out "$work/installed-site") > "$work/log" 2>&1 ||
  { cat "$work/log" >&2; echo "install: the installed kbgen failed" >&2; exit 1; }
"$kbgen" build --root "$repo" --out "$work/reference-site" > /dev/null 2>&1
if ! diff -rq "$work/installed-site" "$work/reference-site"; then
  echo "install: the installed kbgen's site differs from the build folder's" >&2
  exit 1
fi
# A site with templates of its own lacking some (here the glossary's and the print view's, as a
# site made before they existed would): those come from the installed defaults, file by file.
mkdir "$work/own"
cp -r "$repo/content" "$repo/templates" "$work/own/"
rm "$work/own/templates/glossary.mustache" "$work/own/templates/print.mustache"
(cd "$work" && "$work/moved/bin/kbgen" build --root "$work/own" --out "$work/own-site") > "$work/log" 2>&1 ||
  { cat "$work/log" >&2; echo "install: a site without some templates did not fall back to the installed ones" >&2; exit 1; }
if ! diff -rq "$work/own-site" "$work/reference-site"; then
  echo "install: the site with some templates of its own differs" >&2
  exit 1
fi
# `serve` runs the kbgen-serve installed beside kbgen: the preview starts from the moved tree.
"$work/moved/bin/kbgen" serve --root "$work/root" --out "$work/served" --port 0 > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 600); do  # up to a minute for the first build, on a busy machine
  grep -q '^Serving at http://127.0.0.1:' "$work/serve.log" && break
  kill -0 $server 2>/dev/null || break
  sleep 0.1
done
if ! grep -q '^Serving at http://127.0.0.1:' "$work/serve.log"; then
  cat "$work/serve.log" >&2; echo "install: the installed kbgen serve did not start serving" >&2; exit 1
fi
echo "install: moved prefix builds a content-only root; $(find "$work/installed-site" -type f | wc -l) files identical"
