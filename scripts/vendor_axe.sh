#!/bin/sh
# Vendor axe-core for the browser tests: tests/browser/vendor/axe.min.js and its licence.
# Fetched once from the npm registry with `npm pack` (no node_modules, nothing at test time);
# the result is committed. Usage: scripts/vendor_axe.sh [version]   (default: the pinned one)
set -eu
VERSION="${1:-4.14.1}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$HERE/tests/browser/vendor"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm pack --silent "axe-core@$VERSION" >/dev/null
tar xzf "axe-core-$VERSION.tgz"
mkdir -p "$DEST"
cp package/axe.min.js "$DEST/axe.min.js"
cp package/LICENSE "$DEST/axe-core.LICENSE"
cp package/LICENSE-3RD-PARTY.txt "$DEST/axe-core.LICENSE-3RD-PARTY.txt"
echo "axe-core $VERSION" > "$DEST/VERSION"
sha256sum "$DEST/axe.min.js"
