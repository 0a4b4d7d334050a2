"""UCDP GED: does each incident we extract correspond to an event UCDP coded, with a like toll?

For every incident extracted from the Syria 2018-2020 articles (001-019) and the seed article:

- date window: the incident's own time when it is day-precise (a span of at most a week), else
  the article's date; a month-only article date gives the whole month (counted separately, it
  is lenient). The window is widened by one day each side.
- place: the governorates and districts of the incident's places via ``ikb:locatedIn``; UCDP's
  ``adm_1`` ("Hamah Governorate") and ``adm_2`` ("As Suqaylibiyah district") are resolved to the
  same gazetteer IRIs by name.
- matched (province) = some UCDP event overlaps the window in one of those governorates;
  matched (district) = the same within one of the districts (stricter: in 2019 Idlib had UCDP
  events almost daily, so province matching alone is lenient).
- incidents dated outside UCDP's coverage are reported, not scored.
- deaths: sum of the incident's Killed figures, leaving out figures introduced by "including" /
  "among them" and children and women figures when a broader figure is present (they are
  parts of another figure). Compared with the
  summed low/best/high of the events it matched at the finest level that matched, only when
  the window is a few days from the incident or article date: a figure under a month-wide or
  "since late April" time is a cumulative toll, not one event's.
"""

from __future__ import annotations

import csv
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rdflib import URIRef

from bench.eval.common import DatasetResult, Failure, Metric, clip, ratio
from bench.eval.geo import Geography
from kb.extract.casualties import Casualty
from kb.vocab import IKB

CSV = Path("events") / "ucdp_ged_syria_2018-01_2019-11.csv"
ARTICLES = [f"{i:03d}-" for i in range(1, 20)]


@dataclass(frozen=True)
class Event:
    """One UCDP GED event, reduced to what matching needs."""

    id: str
    start: date
    end: date
    province: URIRef | None
    district: URIRef | None
    where: str
    low: int
    best: int
    high: int


@dataclass
class Match:
    """How one incident fared: which events it met, or why it could not be scored."""

    reason: str  # "matched", "no event", "no province", "no date", "outside coverage"
    province_events: list[Event]
    district_events: list[Event]
    window: tuple[date, date] | None


def read_events(corpus: Path, geo: Geography) -> tuple[list[Event], set[str]]:
    """The events, plus the admin names the gazetteer could not resolve (reported as notes)."""
    events: list[Event] = []
    unresolved: set[str] = set()
    with open(corpus / CSV, encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            adm1 = r["adm_1"].replace("Governorate", "").strip()
            province = geo.resolve(adm1, IKB.Governorate) if adm1 else None
            district = geo.resolve(r["adm_2"], IKB.District) if r["adm_2"] else None
            if adm1 and province is None:
                unresolved.add(r["adm_1"])
            if r["adm_2"] and district is None:
                unresolved.add(r["adm_2"])
            events.append(
                Event(
                    r["id"].split(".")[0],
                    date.fromisoformat(r["date_start"]),
                    date.fromisoformat(r["date_end"]),
                    province,
                    district,
                    r["where_coordinates"],
                    int(float(r["low"] or 0)),
                    int(float(r["best"] or 0)),
                    int(float(r["high"] or 0)),
                )
            )
    return events, unresolved


def window(time_span: object, article_date: str | None) -> tuple[tuple[date, date] | None, str]:
    """The dates an incident may have happened on, and where they came from.

    The second value is "incident" (its own day-precise time), "article" (the article's day),
    "cumulative" (its own time is a long span, so the article's day stands in) or "month" (only
    a month-precision article date).
    """
    own = time_span is not None and (time_span.latest - time_span.earliest).days <= 7
    if own:
        return (time_span.earliest, time_span.latest), "incident"
    kind = "article" if time_span is None else "cumulative"
    if not article_date:
        return None, kind
    parts = [int(p) for p in article_date.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return (day, day), kind
    first = date(parts[0], parts[1], 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return (first, last), "month"


_PART = re.compile(r"\b(?:including|among them|among whom|of them|of whom)\s+$", re.I)


def incident_deaths(casualties: list[Casualty], sentence: str = "") -> int | None:
    """Killed figures summed, leaving out parts of another figure.

    A figure right after "including" / "among them" is part of the one before it, and so are
    children and women figures when a broader figure exists.
    """
    killed = [c for c in casualties if c.outcome == IKB.Killed]
    if not killed:
        return None
    wholes = [c for c in killed if not _PART.search(sentence[max(0, c.start - 20) : c.start])]
    broad = [c for c in wholes if c.category not in (IKB.Children, IKB.Women)]
    return sum(c.count for c in (broad or wholes or killed))


def match(
    events: list[Event],
    provinces: set[URIRef],
    districts: set[URIRef],
    span: tuple[date, date] | None,
    coverage: tuple[date, date],
) -> Match:
    """Match one incident's places and dates against the events, with the reason if none."""
    if span is None:
        return Match("no date", [], [], None)
    lo, hi = span[0] - timedelta(days=1), span[1] + timedelta(days=1)
    if hi < coverage[0] or lo > coverage[1]:
        return Match("outside coverage", [], [], span)
    if not provinces:
        return Match("no province", [], [], span)
    near = [e for e in events if e.start <= hi and e.end >= lo]
    by_province = [e for e in near if e.province in provinces]
    by_district = [e for e in near if e.district is not None and e.district in districts]
    return Match("matched" if by_province else "no event", by_province, by_district, span)


def evaluate(corpus: Path, seeds: Path | None) -> DatasetResult:
    """Extract incidents from the Syria articles and the seed, and match them against UCDP."""
    from bench.eval.common import base_iri, extractor
    from kb.reading import iter_sources

    started = time.perf_counter()
    geo = Geography.load(base_iri())
    events, unresolved = read_events(corpus, geo)
    coverage = (min(e.start for e in events), max(e.end for e in events))
    paths = sorted(str(p) for p in (corpus / "articles").glob("*.txt") if p.name[:4] in ARTICLES)
    if seeds is not None and seeds.exists():
        paths.append(str(seeds))
    articles = [a for source in iter_sources(paths) for a in source.articles]
    extractions = extractor().extract_many(articles)
    result = score(extractions, events, coverage, geo)
    result.notes.insert(
        0, f"{len(articles)} articles, {len(events)} UCDP events {coverage[0]}..{coverage[1]}"
    )
    if unresolved:
        result.notes.append(
            "UCDP admin names not in the gazetteer: " + ", ".join(sorted(unresolved))
        )
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class Scored:
    """One incident's outcome: the match, the toll comparison if any, and the failure if any."""

    match: Match
    source: str
    deaths: int | None = None
    ucdp: tuple[int, int, int] | None = None  # low, best, high of the events it met
    failure: Failure | None = None


def score_incident(
    incident: object,
    extraction: object,
    events: list[Event],
    coverage: tuple[date, date],
    geo: Geography,
) -> Scored:
    """Match one incident and compare its toll; see the module docstring for the rules."""
    doc = f"ucdp:{Path(extraction.article.origin).name}"
    places = incident.places
    provinces = {g for g in (geo.governorate(p.iri) for p in places) if g}
    districts = {d for d in (geo.district(p.iri) for p in places) if d}
    span, source = window(incident.time, extraction.article.date)
    m = match(events, provinces, districts, span, coverage)
    out = Scored(m, source)
    sentence = clip(extraction.sentences[incident.sentence].text)
    ours = f"{', '.join(p.label for p in places) or '-'} {_span(span)}"
    if m.reason not in ("matched", "outside coverage"):
        hint = _gold_hint(events, span)
        out.failure = Failure(doc, f"unmatched: {m.reason}", hint, ours, sentence)
    deaths = incident_deaths(incident.casualties, extraction.sentences[incident.sentence].text)
    if m.reason != "matched" or deaths is None or source in ("month", "cumulative"):
        return out
    met = m.district_events or m.province_events
    low, best, high = (sum(getattr(e, k) for e in met) for k in ("low", "best", "high"))
    out.deaths, out.ucdp = deaths, (low, best, high)
    off = abs(deaths - best) / max(best, deaths, 1)
    if off > 0.5:
        gold = f"UCDP best {best} (low {low}, high {high}; {len(met)} events)"
        out.failure = Failure(doc, "deaths", gold, f"{deaths} in {ours}", sentence, off)
    return out


def score(
    extractions: list[object], events: list[Event], coverage: tuple[date, date], geo: Geography
) -> DatasetResult:
    """Match rates and toll agreement over all incidents of all articles."""
    result = DatasetResult("ucdp")
    outcomes = [
        score_incident(incident, x, events, coverage, geo)
        for x in extractions
        for incident in x.incidents
    ]
    result.failures = [o.failure for o in outcomes if o.failure is not None]
    scored = [o for o in outcomes if o.match.reason != "outside coverage"]
    matched = [o for o in scored if o.match.reason == "matched"]
    district = [o for o in matched if o.match.district_events]
    tolls = [(o.deaths, *o.ucdp) for o in matched if o.ucdp is not None and o.ucdp[1] > 0]
    ratios = [deaths / best for deaths, _, best, _ in tolls]
    result.metrics += [
        Metric(
            "match rate (province, +-1 day)", ratio(len(matched), len(scored)), len(scored), 0.70
        ),
        Metric("match rate (district, +-1 day)", ratio(len(district), len(scored)), len(scored)),
        Metric(
            "deaths inside UCDP low..high",
            ratio(sum(low <= d <= high for d, low, _, high in tolls), len(tolls)),
            len(tolls),
        ),
        Metric(
            "deaths within x2 of UCDP best",
            ratio(sum(0.5 <= r <= 2 for r in ratios), len(ratios)),
            len(ratios),
        ),
        Metric(
            "median deaths / UCDP best",
            statistics.median(ratios) if ratios else None,
            len(ratios),
            percent=False,
        ),
    ]
    reasons = Counter(o.match.reason for o in outcomes)
    result.confusions["incidents by outcome (count)"] = [
        (k, "", v) for k, v in reasons.most_common()
    ]
    months = sum(o.source == "month" for o in scored)
    result.notes.append(
        f"{len(outcomes)} incidents, {len(scored)} inside UCDP's dates; {months} of those dated "
        "only by a month-precision article date"
    )
    return result


def _span(span: tuple[date, date] | None) -> str:
    if span is None:
        return "(no date)"
    return str(span[0]) if span[0] == span[1] else f"{span[0]}..{span[1]}"


def _gold_hint(events: list[Event], span: tuple[date, date] | None) -> str:
    """What UCDP does record around those dates, so a reviewer sees what we should have said."""
    if span is None:
        return "-"
    lo, hi = span[0] - timedelta(days=1), span[1] + timedelta(days=1)
    near = [e for e in events if e.start <= hi and e.end >= lo]
    counts = Counter(e.where for e in near)
    where = sorted(counts, key=lambda w: (-counts[w], w))
    return f"{len(near)} UCDP events, e.g. " + "; ".join(where[:3]) if near else "no UCDP event"
