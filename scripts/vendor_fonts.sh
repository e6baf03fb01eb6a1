#!/bin/sh
# Vendor the site's font, Inter (variable weight, upright), from the npm registry package
# @fontsource-variable/inter: the latin and latin-ext woff2 files and the licence (SIL OFL 1.1)
# into static/vendor/inter/. The @font-face rules live in static/css/club.css (served by the site,
# font-display: swap). Fetched once with `npm pack` (no node_modules, nothing at run time); the
# result is committed. Usage: scripts/vendor_fonts.sh [version]   (default: the pinned one)
set -eu
VERSION="${1:-5.3.0}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$HERE/static/vendor/inter"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm pack --silent "@fontsource-variable/inter@$VERSION" >/dev/null
tar xzf "fontsource-variable-inter-$VERSION.tgz"
mkdir -p "$DEST"
for subset in latin latin-ext; do
  cp "package/files/inter-$subset-wght-normal.woff2" "$DEST/"
done
cp package/LICENSE "$DEST/LICENSE"
echo "@fontsource-variable/inter $VERSION (latin, latin-ext; wght 100-900, normal)" > "$DEST/VERSION"
sha256sum "$DEST"/*.woff2
