"""Incidents over time at a place: the records behind the incidents chart, as JSON and CSV."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING

from kb.pictures.data import IncidentRecord, incident_records, link_place
from kb.pictures.dates import overlaps, window
from kb.pictures.tables import csv_text

if TYPE_CHECKING:
    from kb.ask.answerer import Answerer
    from kb.store import GraphStore


@dataclass
class IncidentChart:
    place: str
    start: date | None
    end: date | None
    incidents: list[IncidentRecord]  # dated ones in the window, sorted by their first day
    undated: int

    @property
    def empty(self) -> bool:
        return not self.incidents

    def to_json(self) -> dict:
        out = {
            "place": self.place,
            "start": self.start and self.start.isoformat(),
            "end": self.end and self.end.isoformat(),
            "undated": self.undated,
            "incidents": [asdict(i) for i in self.incidents],
        }
        for i in out["incidents"]:
            i["first"], i["last"] = i["first"].isoformat(), i["last"].isoformat()
        return out

    def to_csv(self) -> str:
        head = ["claim", "date", "first", "last", "types", "place", "deaths", "attackers"]
        head += ["source", "published", "url", "sentence"]
        rows = [
            [i.claim, i.date, i.first, i.last, "; ".join(i.types), i.place, i.deaths]
            + ["; ".join(i.attackers), i.evidence.source, i.evidence.published]
            + [i.evidence.url, i.evidence.sentence]
            for i in self.incidents
        ]
        return csv_text(head, rows)


def incident_chart(
    answerer: Answerer,
    store: GraphStore,
    place: str,
    start: str | None = None,
    end: str | None = None,
) -> IncidentChart:
    """Incidents in ``place`` (and inside it) whose dates meet the window."""
    first, last = window(start, end)
    _, label, iris = link_place(answerer, place)
    return chart_from_incidents(label, incident_records(store, iris), first, last)


def chart_from_incidents(
    label: str, records: list[IncidentRecord], first: date | None, last: date | None
) -> IncidentChart:
    dated = [r for r in records if r.first is not None]
    shown = [r for r in dated if overlaps(r.first, r.last, first, last)]
    undated = len(records) - len(dated)
    return IncidentChart(label, first, last, shown, undated)
