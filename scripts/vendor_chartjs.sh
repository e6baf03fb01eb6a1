#!/bin/sh
# Vendor Chart.js for the staff dashboard (insights): static/vendor/chartjs/chart.umd.js (already
# minified by its authors) and its licence. Fetched once from the npm registry with `npm pack` (no
# node_modules, nothing fetched at run or test time); the result is committed.
# Usage: scripts/vendor_chartjs.sh [version]   (default: the pinned one)
set -eu
VERSION="${1:-4.4.9}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$HERE/static/vendor/chartjs"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm pack --silent "chart.js@$VERSION" >/dev/null
tar xzf "chart.js-$VERSION.tgz"
mkdir -p "$DEST"
# The source map comment points at a file we do not ship: drop it (no 404 in the console).
sed '/^\/\/# sourceMappingURL=/d' package/dist/chart.umd.js > "$DEST/chart.umd.js"
cp package/LICENSE.md "$DEST/LICENSE.md"
echo "chart.js $VERSION" > "$DEST/VERSION"
sha256sum "$DEST/chart.umd.js"
