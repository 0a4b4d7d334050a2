"""What the pictures show, read from the graph: control claims, incidents and their whereabouts.

Each picture is drawn from these records and nothing else, and the same records are the JSON
and CSV a user can draw their own pictures from. Queries are our own templates
(kb/pictures/queries/*.rq) with only IRIs we linked bound into them; nothing is capped at a
page of rows, since a chart of 500 incidents must show all 500.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from kb.ask.templates import PREFIXES
from kb.errors import KBError
from kb.pictures.dates import span

if TYPE_CHECKING:
    from kb.ask.answerer import Answerer
    from kb.store import GraphStore

QUERIES = Path(__file__).resolve().parent / "queries"
_PREFIXES = PREFIXES + "PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>\n"
CHANGES = {"Holds": "holds", "Gained": "gained", "Lost": "lost"}


@dataclass
class Source:
    """Where a claim comes from: who said it, in which sentence of which article."""

    source: str | None
    sentence: str
    article: str
    title: str | None
    published: str | None
    url: str | None


@dataclass
class ControlRecord:
    """One control claim: ``controller`` holds, gained or lost ``territory``, dated as stated."""

    claim: str
    territory: str
    controller: str
    change: str  # holds | gained | lost
    extent: str | None
    date: str | None  # the date the claim refers to, as stated (YYYY, YYYY-MM or YYYY-MM-DD)
    since: str | None  # "held since ...": when the holding began, as stated
    until: str | None
    first: date | None  # the span ``date`` covers
    last: date | None
    evidence: Source
    territory_iri: str | None = None


@dataclass
class IncidentRecord:
    """One incident with the span of days its stated date covers and the deaths reported."""

    claim: str
    types: list[str]
    place: str | None
    place_iri: str | None
    date: str  # as stated, or "undated"
    first: date | None
    last: date | None
    deaths: int
    attackers: list[str] = field(default_factory=list)
    casualties: list[str] = field(default_factory=list)
    evidence: Source | None = None


@cache
def _template(name: str) -> str:
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    provenance = (
        (Path(__file__).resolve().parent.parent / "queries" / "_provenance.rq")
        .read_text(encoding="utf-8")
        .rstrip()
    )
    return text.replace("  #PROVENANCE", provenance)


def render(name: str, bindings: dict[str, list[URIRef]]) -> str:
    """A template with one VALUES block per bound variable; comments kept on top."""
    values = "\n".join(
        f"  VALUES ?{var} {{ {' '.join(t.n3() for t in terms)} }}"
        for var, terms in bindings.items()
    )
    body = _template(name).replace("#BINDINGS", values.strip())
    comments = [line for line in body.splitlines() if line.startswith("#")]
    query = "\n".join(line for line in body.splitlines() if not line.startswith("#"))
    return "\n".join(comments) + "\n" + _PREFIXES + query.strip() + "\n"


def link_place(answerer: Answerer, name: str) -> tuple[URIRef, str, list[URIRef]]:
    """The place a user named, its label, and the places sharing its name (province and city),
    linked the way a question's place is, so a picture shows the place an answer would."""
    doc = answerer.extractor.nlp(name)
    links = answerer.linker.link(name, doc, answerer.extractor.finder)
    if not links.places:
        raise KBError(f"no place called {name!r} in the knowledge base")
    iri = links.places[0]
    return iri, str(links.labels[iri]), answerer.linker.siblings(iri)


def _text(row: dict, key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def _source(row: dict) -> Source:
    published = _text(row, "published")
    return Source(
        source=_text(row, "reporterLabel") or _text(row, "publisherLabel"),
        sentence=str(row["text"]),
        article=str(row["article"]),
        title=_text(row, "title"),
        published=published[:10] if published else None,
        url=_text(row, "url"),
    )


def control_records(
    store: GraphStore, territories: list[URIRef], query: str = "control"
) -> list[ControlRecord]:
    """Control claims about ``territories`` (``control_in``: and about places inside them)."""
    var = "territory" if query == "control" else "scope"
    rows = store.select(render(query, {var: territories}))
    out: dict[str, ControlRecord] = {}
    for r in rows:
        claim = str(r["claim"])
        if claim in out:
            continue
        stated = _text(r, "date")
        first, last = span(stated) if stated and span(stated) else (None, None)
        change = str(r["change"]).rsplit("#", 1)[-1]
        out[claim] = ControlRecord(
            claim=claim,
            territory=_text(r, "territoryLabel") or "",
            controller=str(r["controllerLabel"]),
            change=CHANGES.get(change, change.lower()),
            extent=_text(r, "extentLabel"),
            date=stated,
            since=_text(r, "from"),
            until=_text(r, "until"),
            first=first,
            last=last,
            evidence=_source(r),
            territory_iri=_text(r, "territory"),
        )
    return sorted(out.values(), key=lambda c: (c.first or date.max, c.last or date.max, c.claim))


def incident_records(store: GraphStore, scope: list[URIRef]) -> list[IncidentRecord]:
    """Incidents in ``scope`` or inside it, sorted by the first day their date covers."""
    rows = store.select(render("incidents", {"scope": scope}))
    out: dict[str, IncidentRecord] = {}
    counts: dict[str, dict[str, tuple[int, str, str | None, str]]] = {}
    for r in rows:
        claim = str(r["claim"])
        rec = out.get(claim)
        if rec is None:
            rec = out[claim] = _incident(r)
        for values, key in ((rec.types, "typeLabel"), (rec.attackers, "attackerLabel")):
            if r.get(key) is not None and str(r[key]) not in values:
                values.append(str(r[key]))
        if r.get("c") is not None:
            counts.setdefault(claim, {})[str(r["c"])] = (
                int(r["count"]),
                str(r["cat"]),
                _text(r, "catBroader"),
                str(r["categoryLabel"]),
            )
    for claim, found in counts.items():
        cats = {cat for _, cat, _, _ in found.values()}
        # "12 civilians, among them 5 children": the children are already in the twelve
        kept = [(n, label) for n, _, broader, label in found.values() if broader not in cats]
        out[claim].deaths = sum(n for n, _ in kept)
        out[claim].casualties = [f"{n} {label}" for n, label in sorted(kept, reverse=True)]
    for rec in out.values():
        rec.types.sort()
    return sorted(out.values(), key=_incident_order)


def _incident_order(rec: IncidentRecord) -> tuple:
    return (rec.first or date.max, rec.last or date.max, rec.claim)


def _incident(r: dict) -> IncidentRecord:
    stated = _text(r, "date")
    begin, end = _text(r, "begin"), _text(r, "end")
    if stated and span(stated):
        first, last = span(stated)
    elif begin and end and span(begin) and span(end):
        first, last = span(begin)[0], span(end)[1]
        stated = begin if first == last else f"{begin[:10]}/{end[:10]}"
    else:
        published = _text(r, "published")
        first, last = span(published) if published and span(published) else (None, None)
        stated = published[:10] if published and first else "undated"
    return IncidentRecord(
        claim=str(r["claim"]),
        types=[],
        place=_text(r, "placeLabel"),
        place_iri=_text(r, "place"),
        date=stated,
        first=first,
        last=last,
        deaths=0,
        evidence=_source(r),
    )


def whereabouts(store: GraphStore, places: set[str], codes: dict[str, list[float]]) -> dict:
    """Each place's point as (lon, lat, how): its own coordinates ("place"), else the nearest
    ancestor's ("parent"), else the label point of its first-level area (``codes``: ISO 3166-2
    code -> [lon, lat]; "area"); places known only by their country are left out (unplaced)."""
    info: dict[str, tuple] = {}
    todo = set(places)
    for _ in range(6):  # village, district, province, country, and some slack
        todo -= set(info)
        if not todo:
            break
        rows = store.select(render("whereabouts", {"place": [URIRef(p) for p in todo]}))
        for r in rows:
            p = str(r["place"])
            lat, long_, parent = r.get("lat"), r.get("long"), _text(r, "parent")
            notation = _text(r, "notation")
            old = info.get(p, (None, None, None))
            point = (float(long_), float(lat)) if lat is not None and long_ is not None else None
            # a country's middle is no place for an incident "in" it: only first-level areas
            area = codes.get(notation) if notation and "-" in notation else None
            info[p] = (old[0] or point, old[1] or (tuple(area) if area else None), old[2] or parent)
        todo = {parent for _, _, parent in info.values() if parent} - set(info)
    out: dict[str, tuple[float, float, str]] = {}
    for p in places:
        how, node, seen = "place", p, set()
        while node and node in info and node not in seen:
            seen.add(node)
            point, area, parent = info[node]
            if point:
                out[p] = (point[0], point[1], how)
                break
            if area:
                out[p] = (area[0], area[1], "area")
                break
            node, how = parent, "parent"
    return out
