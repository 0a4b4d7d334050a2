"""Who held a place over time: bands built from control claims, one row per reporting source.

A claim that X *took* the town on a day is a change on that day; a claim that X *holds* it, as
of a report, says nothing about when X got it. So a band is "held" only between reports that
pin it down (a change, or a "held since"), and "uncertain" where the change of hands happened
some time in between, before the first report, after the last one, or within a stated month.
Each source gets its own row, so two sources that disagree sit one above the other, and the
stretches where their held bands name different controllers are listed as disagreements.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kb.pictures.data import ControlRecord, control_records, link_place
from kb.pictures.dates import overlaps, span, window

UNATTRIBUTED = "unattributed"

if TYPE_CHECKING:
    from kb.ask.answerer import Answerer
    from kb.store import GraphStore


@dataclass
class Band:
    """One stretch of a row: ``controller`` held the place from ``start`` to ``end``."""

    row: str
    controller: str
    start: date
    end: date
    certain: bool  # False: the boundary lies somewhere in here (drawn hatched)
    claims: list[str] = field(default_factory=list)
    # held: pinned down by reports; change: a change within a stated month or year; gap: it
    # changed hands between two reports; lead: held before the first report, since unknown;
    # tail: after the last report, as far as the reports go
    kind: str = "held"
    partial: bool = False  # every claim behind it is about part of the place


@dataclass
class ControlChart:
    place: str
    start: date | None
    end: date | None
    rows: list[str]
    controllers: list[str]
    bands: list[Band]
    claims: list[ControlRecord]
    disagreements: list[dict]
    reports: list[str]  # publication days of the reports behind the claims

    @property
    def empty(self) -> bool:
        return not self.claims

    def to_json(self) -> dict:
        out = asdict(self)
        for b in out["bands"]:
            b["start"], b["end"] = b["start"].isoformat(), b["end"].isoformat()
        for c in out["claims"]:
            c["first"] = c["first"] and c["first"].isoformat()
            c["last"] = c["last"] and c["last"].isoformat()
        out["start"] = self.start and self.start.isoformat()
        out["end"] = self.end and self.end.isoformat()
        return out

    def to_text(self) -> str:
        if self.empty:
            return f"Who held {self.place}: nothing in this window."
        lines = [f"Who held {self.place}, by source ({len(self.claims)} control claims):"]
        for b in self.bands:
            how = "held" if b.certain else "uncertain"
            lines.append(f"{b.start} .. {b.end}  {how:<9}  {b.controller:<28} ({b.row})")
        for d in self.disagreements:
            lines.append(
                f"sources disagree {d['start']} .. {d['end']}: "
                + "; ".join(
                    f"{s} says {c}" for s, c in zip(d["sources"], d["controllers"], strict=True)
                )
            )
        return "\n".join(lines)

    def to_csv(self) -> str:
        from kb.pictures.tables import csv_text

        head = ["row", "controller", "start", "end", "kind", "certain", "partial", "claims"]
        rows = [
            [b.row, b.controller, b.start, b.end, b.kind, b.certain, b.partial]
            + [" ".join(b.claims)]
            for b in self.bands
        ]
        return csv_text(head, rows)


@dataclass
class _Point:
    first: date
    last: date
    controller: str
    kind: str  # gained | lost | holds
    claim: str


def control_chart(
    answerer: Answerer,
    store: GraphStore,
    place: str,
    start: str | None = None,
    end: str | None = None,
) -> ControlChart:
    """The control chart of ``place`` within the window (bands clipped to it)."""
    first, last = window(start, end)
    _, label, iris = link_place(answerer, place)
    return chart_from_claims(label, control_records(store, iris), first, last)


def chart_from_claims(
    label: str, claims: list[ControlRecord], first: date | None, last: date | None
) -> ControlChart:
    """Bands, disagreements and report days from claims; pure, so it is tested as data."""
    dated = [c for c in claims if c.first is not None]
    if not dated:
        return ControlChart(label, first, last, [], [], [], [], [], [])
    days = [d for c in dated for d in (c.first, c.last)]
    days += [d for c in dated if c.since and span(c.since) for d in span(c.since)]
    published = sorted({c.evidence.published for c in dated if c.evidence.published})
    days += [span(p)[0] for p in published if span(p)]
    lo, hi = min(days), max(days)
    margin = max(timedelta(days=7), (hi - lo) / 20)
    axis = (first or lo - margin, last or hi + margin)
    rows: dict[str, list[ControlRecord]] = {}
    for c in dated:
        rows.setdefault(c.evidence.source or UNATTRIBUTED, []).append(c)
    bands = [b for row, cs in sorted(rows.items()) for b in _row_bands(row, cs, axis)]
    partial = {c.claim for c in dated if c.extent == "part of"}
    for b in bands:
        b.partial = bool(b.claims) and set(b.claims) <= partial
    bands = [_clip(b, first, last) for b in bands if overlaps(b.start, b.end, first, last)]
    shown = [c for c in dated if overlaps(c.first, c.last, first, last)]
    if not shown:
        return ControlChart(label, first, last, [], [], [], [], [], [])
    drawn = {b.controller for b in bands} | {c.controller for c in shown}
    controllers = [c for c in dict.fromkeys(c.controller for c in dated) if c in drawn]
    reports = [p for p in published if overlaps(span(p)[0], span(p)[1], first, last)]
    return ControlChart(
        label,
        axis[0],
        axis[1],
        sorted(rows),
        controllers,
        bands,
        shown,
        _disagreements(bands, partial),
        reports,
    )


def _points(claims: list[ControlRecord]) -> list[_Point]:
    points = []
    for c in claims:
        if c.change == "holds" and c.since and span(c.since):
            s = span(c.since)
            points.append(_Point(s[0], s[1], c.controller, "gained", c.claim))
        points.append(_Point(c.first, c.last, c.controller, c.change, c.claim))
    order = {"lost": 0, "gained": 1, "holds": 2}  # on one day: the loss, then the gain
    return sorted(points, key=lambda p: (p.first, order.get(p.kind, 3), p.last))


def _row_bands(row: str, claims: list[ControlRecord], axis: tuple[date, date]) -> list[Band]:
    """Walk a source's claims in date order and say who held the place between them."""
    out: list[Band] = []
    cur: str | None = None
    since = axis[0]  # where the current controller's held stretch begins
    seen = axis[0]  # the last day a report pinned down
    cites: list[str] = []

    def emit(controller: str, a: date, b: date, kind: str, claims_: list[str]) -> None:
        if b > a or (kind == "held" and b == a):
            out.append(Band(row, controller, a, b, kind == "held", list(claims_), kind))

    for p in _points(claims):
        if p.kind == "holds":
            if cur == p.controller:
                cites.append(p.claim)
                seen = max(seen, p.last)
                continue
            if cur is not None:
                emit(cur, since, seen, "held", cites)
                # it changed hands some time between the last report and this one
                emit(p.controller, seen, p.first, "gap", [p.claim])
            else:
                emit(p.controller, seen, p.first, "lead", [p.claim])
            cur, since, seen, cites = p.controller, p.first, p.last, [p.claim]
        elif p.kind == "gained":
            if cur is not None and cur != p.controller:
                emit(cur, since, p.first, "held", cites)
            elif cur == p.controller:
                cites.append(p.claim)
                seen = max(seen, p.last)
                continue
            emit(p.controller, p.first, p.last, "change", [p.claim])  # a month, not a day
            cur, since, seen, cites = p.controller, p.last, p.last, [p.claim]
        else:  # lost
            if cur is not None and cur != p.controller:
                continue  # the loser's loss, reported after the winner's gain: no news
            if cur == p.controller:
                emit(cur, since, p.first, "held", cites + [p.claim])
            else:  # held by the loser since some time the reports do not give
                emit(p.controller, seen, p.first, "lead", [p.claim])
            emit(p.controller, p.first, p.last, "change", [p.claim])
            cur, since, seen, cites = None, p.last, p.last, []
    if cur is not None:
        emit(cur, since, seen, "held", cites)
        emit(cur, seen, axis[1], "tail", cites[-1:])  # as far as the reports go
    return out


def _clip(b: Band, first: date | None, last: date | None) -> Band:
    start = max(b.start, first) if first else b.start
    end = min(b.end, last) if last else b.end
    return Band(b.row, b.controller, start, end, b.certain, b.claims, b.kind, b.partial)


def _disagreements(bands: list[Band], partial: set[str]) -> list[dict]:
    """Stretches where two sources' latest words name different controllers: held bands and
    what follows a row's last report, not the stretches before a row's first. A band that rests
    on "part of" the place disagrees with nobody: two sides may each hold part of it."""
    held = [
        b
        for b in bands
        if b.kind in ("held", "tail", "change") and not (set(b.claims) and set(b.claims) <= partial)
    ]
    out = []
    for i, a in enumerate(held):
        for b in held[i + 1 :]:
            if a.row == b.row or a.controller == b.controller:
                continue
            start, end = max(a.start, b.start), min(a.end, b.end)
            if start < end:
                out.append(
                    {
                        "start": start.isoformat(),
                        "end": end.isoformat(),
                        "sources": [a.row, b.row],
                        "controllers": [a.controller, b.controller],
                    }
                )
    return out
