"""Incidents at a place in date order, as text, JSON or a picture.

The same template as "what happened in X?" answers (kb/queries/incidents.rq), grouped one entry
an incident; the PNG is for people who would rather look than read, and for the Slack bot.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rdflib import Literal

from kb.ask.compose import victims
from kb.ask.templates import render
from kb.pictures.data import link_place
from kb.pictures.dates import span, window
from kb.syndication import stories_of

if TYPE_CHECKING:
    from kb.ask.answerer import Answerer
    from kb.store import GraphStore


@dataclass
class Entry:
    date: str
    begin: str | None
    types: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    attackers: list[str] = field(default_factory=list)
    casualties: list[str] = field(default_factory=list)
    source: str | None = None
    sentence: str = ""
    url: str | None = None
    article: str = ""
    articles: int = 1  # articles reporting it: wire copies of one story are one entry


@dataclass
class Timeline:
    place: str
    entries: list[Entry]
    sparql: str

    def to_json(self) -> dict:
        return {
            "place": self.place,
            "sparql": self.sparql,
            "entries": [asdict(e) for e in self.entries],
        }

    def to_text(self) -> str:
        if not self.entries:
            return f"No incidents recorded in {self.place}."
        articles = sum(e.articles for e in self.entries)
        copies = (
            f" ({articles} articles; wire copies counted once)"
            if articles > len(self.entries)
            else ""
        )
        lines = [f"{len(self.entries)} incidents in {self.place}{copies}:"]
        for e in self.entries:
            by = f" by {', '.join(e.attackers)}" if e.attackers else ""
            where = f" in {', '.join(e.places)}" if e.places else ""
            toll = f"; {', '.join(e.casualties)} killed" if e.casualties else ""
            lines.append(
                f"{e.date:<10}  {'/'.join(e.types)}{by}{where}{toll} ({e.source or 'unattributed'})"
            )
        return "\n".join(lines)


def build_timeline(
    answerer: Answerer,
    store: GraphStore,
    place: str,
    start: str | None = None,
    end: str | None = None,
) -> Timeline:
    """Link ``place`` like a question would, then list its incidents (and those inside it)."""
    first, last = window(start, end)  # a bad date is one line, before any work
    _, label, scope = link_place(answerer, place)
    bindings: dict = {"scope": scope}
    if first:
        bindings["from"] = [Literal(first)]
    if last:
        bindings["to"] = [Literal(last)]
    query = render("incidents", bindings)
    entries: OrderedDict[str, Entry] = OrderedDict()
    for r in store.select(query):
        e = entries.setdefault(
            str(r["claim"]),
            Entry(
                date=str(r.get("date") or r.get("end") or r.get("published") or "undated"),
                begin=str(r["begin"]) if r.get("begin") is not None else None,
                source=str(r.get("reporterLabel") or r.get("publisherLabel") or "") or None,
                sentence=str(r["text"]),
                url=str(r["url"]) if r.get("url") is not None else None,
                article=str(r["article"]),
            ),
        )
        for values, key in (
            (e.types, "typeLabel"),
            (e.places, "placeLabel"),
            (e.attackers, "attackerLabel"),
        ):
            if r.get(key) is not None and str(r[key]) not in values:
                values.append(str(r[key]))
        if r.get("count") is not None:
            toll = victims(int(r["count"]), str(r["categoryLabel"]))
            if toll not in e.casualties:
                e.casualties.append(toll)
    return Timeline(label, sorted(_one_per_story(store, entries), key=_order), query)


def _one_per_story(store: GraphStore, entries: dict[str, Entry]) -> list[Entry]:
    """Entries of wire copies merged: the same incident (same place in the text) of one story.
    A copy stored since copies are collapsed holds no such incident: it ``ikb:repeats`` the
    story's, and counts as one more article of its entry."""
    story = stories_of(store, [e.article for e in entries.values()])
    if entries:
        values = " ".join(f"<{c}>" for c in entries)
        for r in store.select(
            "SELECT ?claim (COUNT(DISTINCT ?copy) AS ?n) WHERE { VALUES ?claim { "
            + values
            + " } ?copy <https://incident-kb.org/ontology#repeats> ?claim } GROUP BY ?claim"
        ):
            entries[str(r["claim"])].articles += int(r["n"])
    merged: dict[tuple[str, str], Entry] = {}
    for claim, e in entries.items():
        key = (story.get(e.article, e.article), claim[len(e.article) :])
        if key in merged:
            merged[key].articles += e.articles
        else:
            merged[key] = e
    return list(merged.values())


def _order(e: Entry) -> tuple:
    """By the first day of the date printed (so text, JSON and chart agree), then its last."""
    days = span(e.date) or span(e.begin or "") or (date.max, date.max)
    return (days[0], days[1], e.article)


def render_png(timeline: Timeline) -> bytes:
    """The incidents chart (kb.pictures.draw) of these entries: rows by type, deaths as size."""
    from kb.pictures.data import IncidentRecord, Source
    from kb.pictures.draw import incidents_png
    from kb.pictures.incidents import chart_from_incidents

    records = []
    for e in timeline.entries:
        days = span(e.date) or (None, None)
        counts = [c.split()[0].replace(",", "") for c in e.casualties]
        killed = sum(int(n) for n in counts if n.isdigit())
        source = Source(e.source, e.sentence, e.article, None, None, e.url)
        records.append(
            IncidentRecord(
                e.article,
                e.types,
                ", ".join(e.places) or None,
                None,
                e.date,
                *days,
                killed,
                e.attackers,
                e.casualties,
                source,
            )
        )
    return incidents_png(chart_from_incidents(timeline.place, records, None, None))
