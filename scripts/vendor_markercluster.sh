#!/bin/sh
# Vendor Leaflet.markercluster (dense markers on the annonces map gather into counted clusters):
# static/vendor/leaflet.markercluster/ gets the built script, its base CSS and the licence.
# Fetched once from the npm registry with `npm pack` (no node_modules, nothing at run or test
# time); the result is committed. Usage: scripts/vendor_markercluster.sh [version]
set -eu
VERSION="${1:-1.5.3}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$HERE/static/vendor/leaflet.markercluster"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm pack --silent "leaflet.markercluster@$VERSION" >/dev/null
tar xzf "leaflet.markercluster-$VERSION.tgz"
mkdir -p "$DEST"
cp package/dist/leaflet.markercluster.js "$DEST/leaflet.markercluster.js"
# The script names its source map: copy it too (collectstatic resolves the reference).
cp package/dist/leaflet.markercluster.js.map "$DEST/leaflet.markercluster.js.map"
cp package/dist/MarkerCluster.css "$DEST/MarkerCluster.css"
cp package/MIT-LICENCE.txt "$DEST/LICENCE.txt"
echo "leaflet.markercluster $VERSION" > "$DEST/VERSION"
sha256sum "$DEST/leaflet.markercluster.js"
