"""Incidents at a place in date order, as text, JSON or a picture.

The same template as "what happened in X?" answers (kb/queries/incidents.rq), grouped one entry
an incident; the PNG is for people who would rather look than read, and for the Slack bot.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import date

from rdflib import Literal

from kb.ask.compose import victims
from kb.ask.templates import render
from kb.errors import KBError
from kb.syndication import stories_of


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
    kb: object, place: str, start: str | None = None, end: str | None = None
) -> Timeline:
    """Link ``place`` like a question would, then list its incidents (and those inside it)."""
    answerer = kb.answerer
    doc = answerer.extractor.nlp(place)
    links = answerer.linker.link(place, doc, answerer.extractor.finder)
    if not links.places:
        raise KBError(f"no place called {place!r} in the knowledge base")
    iri = links.places[0]
    bindings: dict = {"scope": answerer.linker.siblings(iri)}
    if start:
        bindings["from"] = [Literal(date.fromisoformat(_full(start, first=True)))]
    if end:
        bindings["to"] = [Literal(date.fromisoformat(_full(end, first=False)))]
    query = render("incidents", bindings)
    entries: OrderedDict[str, Entry] = OrderedDict()
    for r in kb.store.select(query):
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
    ordered = sorted(_one_per_story(kb, entries), key=lambda e: (e.begin or e.date, e.date))
    return Timeline(links.labels[iri], ordered, query)


def _one_per_story(kb: object, entries: dict[str, Entry]) -> list[Entry]:
    """Entries of wire copies merged: the same incident (same place in the text) of one story."""
    story = stories_of(kb.store, [e.article for e in entries.values()])
    merged: dict[tuple[str, str], Entry] = {}
    for claim, e in entries.items():
        key = (story.get(e.article, e.article), claim[len(e.article) :])
        if key in merged:
            merged[key].articles += 1
        else:
            merged[key] = e
    return list(merged.values())


def _full(value: str, first: bool) -> str:
    """YYYY or YYYY-MM stretched to the first or last day it covers."""
    import calendar

    parts = value.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-01-01" if first else f"{parts[0]}-12-31"
    if len(parts) == 2:
        last = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
        return f"{value}-01" if first else f"{value}-{last:02d}"
    return value


def render_png(timeline: Timeline) -> bytes:
    """A dot a day an incident, one row an incident type, sized by the death toll."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dated = [e for e in timeline.entries if e.begin or e.date[:4].isdigit()]
    types = sorted({e.types[0] for e in dated if e.types}) or ["incident"]
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.5 * len(types)), dpi=100)
    for e in dated:
        when = date.fromisoformat(_full((e.begin or e.date)[:10], first=True))
        killed = sum(
            int(c.split()[0].replace(",", ""))
            for c in e.casualties
            if c.split()[0].replace(",", "").isdigit()
        )
        row = types.index(e.types[0]) if e.types else 0
        ax.scatter([when], [row], s=30 + min(killed, 300) * 2, alpha=0.6)
    ax.set_yticks(range(len(types)), types)
    ax.set_title(f"Incidents in {timeline.place} ({len(dated)})")
    ax.grid(axis="x", alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()
