"""Where things happened: incidents and control claims as points, and the basemap under them.

A point sits at its place's own WGS84 coordinates; a place minted from an article without
coordinates takes its nearest located ancestor's (``located`` says "parent"), or the label
point of its first-level area or country when the gazetteer code matches the basemap ("area").
Claims with neither are listed as unplaced rather than dropped silently. The basemap is Natural
Earth's admin-0 and admin-1 shapes shipped in kb/pictures/basemap (scripts/build_basemap.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kb.pictures.data import Source, control_records, incident_records, link_place, whereabouts
from kb.pictures.dates import overlaps, window
from kb.pictures.tables import csv_text

if TYPE_CHECKING:
    from kb.ask.answerer import Answerer
    from kb.store import GraphStore

BASEMAP = Path(__file__).resolve().parent / "basemap"


@dataclass
class MapPicture:
    place: str
    start: date | None
    end: date | None
    points: list[dict]
    unplaced: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.points

    @property
    def types(self) -> list[str]:
        return sorted({p["type"] for p in self.points if p["kind"] == "incident"})

    def bbox(self) -> tuple[float, float, float, float] | None:
        """West, south, east, north of the points, at least two degrees across (some context)."""
        if not self.points:
            return None
        lons = [p["lon"] for p in self.points]
        lats = [p["lat"] for p in self.points]
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        pad_x = max(1.0 - (east - west) / 2, (east - west) * 0.1)
        pad_y = max(0.8 - (north - south) / 2, (north - south) * 0.1)
        return west - pad_x, south - pad_y, east + pad_x, north + pad_y

    def to_json(self) -> dict:
        return {
            "place": self.place,
            "start": self.start and self.start.isoformat(),
            "end": self.end and self.end.isoformat(),
            "bbox": self.bbox(),
            "types": self.types,
            "points": self.points,
            "unplaced": self.unplaced,
        }

    def to_csv(self) -> str:
        head = ["kind", "claim", "type", "controller", "change", "place", "lon", "lat"]
        head += ["located", "date", "first", "last", "deaths", "source", "url", "sentence"]
        return csv_text(head, [[p.get(k) for k in head] for p in self.points])


@cache
def countries() -> list[dict]:
    return json.loads((BASEMAP / "countries.json").read_text(encoding="utf-8"))["features"]


@cache
def admin1(iso: str) -> list[dict]:
    path = BASEMAP / "admin1" / f"{iso}.json"
    if not iso.isalpha() or not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["features"]


@cache
def area_points() -> dict[str, list[float]]:
    """ISO 3166 code (country or first-level area) -> a point inside it, [lon, lat]."""
    out = {c["properties"]["iso"]: c["properties"]["point"] for c in countries()}
    for c in countries():
        for a in admin1(c["properties"]["iso"]):
            out.setdefault(a["properties"]["code"], a["properties"]["point"])
    return out


def basemap(bbox: tuple[float, float, float, float]) -> dict:
    """Countries meeting ``bbox`` and their first-level areas, as one GeoJSON collection;
    each feature's ``level`` property is 0 or 1."""
    west, south, east, north = bbox
    features = []
    for c in countries():
        w, s, e, n = c["properties"]["bbox"]
        if e < west or w > east or n < south or s > north:
            continue
        features.append({**c, "properties": {**c["properties"], "level": 0}})
        for a in admin1(c["properties"]["iso"]):
            features.append({**a, "properties": {**a["properties"], "level": 1}})
    return {"type": "FeatureCollection", "features": features}


def map_picture(
    answerer: Answerer,
    store: GraphStore,
    place: str,
    start: str | None = None,
    end: str | None = None,
    types: list[str] | None = None,
) -> MapPicture:
    """Incidents and control claims in ``place`` and inside it, within the window."""
    first, last = window(start, end)
    _, label, iris = link_place(answerer, place)
    incidents = [
        i
        for i in incident_records(store, iris)
        if i.first and overlaps(i.first, i.last, first, last)
        if not types or set(i.types) & set(types)
    ]
    claims = [
        c
        for c in control_records(store, iris, query="control_in")
        if c.first and overlaps(c.first, c.last, first, last)
    ]
    located = whereabouts(
        store,
        {i.place_iri for i in incidents if i.place_iri}
        | {c.territory_iri for c in claims if c.territory_iri},
        area_points(),
    )
    points, unplaced = [], []
    for i in incidents:
        item = {
            "kind": "incident",
            "claim": i.claim,
            "type": i.types[0] if i.types else "incident",
            "types": i.types,
            "place": i.place,
            "date": i.date,
            "first": i.first.isoformat(),
            "last": i.last.isoformat(),
            "deaths": i.deaths,
            "casualties": i.casualties,
            **_evidence(i.evidence),
        }
        _place(item, located.get(i.place_iri or ""), points, unplaced)
    for c in claims:
        item = {
            "kind": "control",
            "claim": c.claim,
            "type": f"control {c.change}",
            "controller": c.controller,
            "change": c.change,
            "extent": c.extent,
            "place": c.territory,
            "date": c.date,
            "first": c.first.isoformat(),
            "last": c.last.isoformat(),
            **_evidence(c.evidence),
        }
        _place(item, located.get(c.territory_iri or ""), points, unplaced)
    return MapPicture(label, first, last, points, unplaced)


def _evidence(source: Source) -> dict:
    return {
        "source": source.source,
        "sentence": source.sentence,
        "title": source.title,
        "published": source.published,
        "url": source.url,
    }


def _place(item: dict, where: tuple | None, points: list, unplaced: list) -> None:
    if where is None:
        unplaced.append(item)
        return
    item["lon"], item["lat"], item["located"] = round(where[0], 5), round(where[1], 5), where[2]
    points.append(item)
