"""Control headlines: who holds a place now (with the history and disagreement behind it), and
which places changed hands."""

from __future__ import annotations

from collections import OrderedDict

from rdflib import URIRef

from kb.ask.compose.words import (
    CHANGE_WORDS,
    EXTENT_WORDS,
    is_generic,
    join_names,
    row_date,
    row_reporter,
    unique_by,
)
from kb.vocab import IKB


def control(rows: list[dict], asked: list[URIRef]) -> tuple[str, list[str]] | None:
    claims = unique_by(rows, "claim")
    if not claims:
        return None
    # Newest first; among the same date, named groups before generic words, the asked place
    # before its namesakes, a change of hands before a standing claim.
    claims.sort(
        key=lambda r: (
            row_date(r),
            not is_generic(r["controller"]),
            r["territory"] in asked[:1],
            r["change"] == IKB.Gained,  # 'X fell to Y on Tuesday' outdates a hold dated Tuesday
            r["change"] != IKB.Lost,
        ),
        reverse=True,
    )
    current = next((c for c in claims if c["change"] != IKB.Lost), claims[0])
    described_as = None
    if is_generic(current["controller"]):
        # "jihadist-held Idlib" in the newest report; name the group earlier reports identify.
        named = next(
            (
                c
                for c in claims
                if c.get("controllerBroader") == current["controller"] and c["change"] != IKB.Lost
            ),
            None,
        )
        if named is not None:
            described_as = current
            current = named
    place = (
        f"{EXTENT_WORDS.get(current['extent'], '').capitalize() or ''}{current['territoryLabel']}"
    )
    place = place[0].upper() + place[1:]
    who, when = row_reporter(current), row_date(current)
    if current["change"] == IKB.Holds and current.get("from") is not None:
        line = (
            f"{place}: controlled by {current['controllerLabel']} since {current['from']} "
            f"(according to {who}, reported {current.get('published') or when})"
        )
    elif current["change"] == IKB.Holds:
        line = f"{place}: controlled by {current['controllerLabel']} (according to {who}, as of {when})"
    elif current["change"] == IKB.Gained:
        line = f"{place}: taken by {current['controllerLabel']} on {when} (according to {who})"
    else:
        line = f"{place}: lost by {current['controllerLabel']} on {when} (according to {who}); no later report names who holds it"
    if described_as is not None:
        line += (
            f"; still described as held by {described_as['controllerLabel']} "
            f"on {row_date(described_as)} ({row_reporter(described_as)})"
        )
    rivals = OrderedDict()
    for c in claims:
        if (
            c["controller"] != current["controller"]
            and not is_generic(c["controller"])
            and c["change"] != IKB.Lost
            and row_date(c) >= when
            and c.get("controllerBroader") != current["controller"]
            and current.get("controllerBroader") != c["controller"]
        ):
            rivals.setdefault(str(c["controllerLabel"]), c)
    facts = []
    if rivals:
        other = "; ".join(
            f"{name} per {row_reporter(c)}, {row_date(c)}" for name, c in list(rivals.items())[:2]
        )
        facts.append(f"reports differ: {other}")
    history = _history(claims)
    if history:
        facts.append(f"history: {history}")
    for c in claims[:10]:
        since = f", since {c['from']}" if c.get("from") and c["change"] == IKB.Holds else ""
        facts.append(
            f"{row_date(c)}: {c['controllerLabel']} {CHANGE_WORDS[c['change']]} "
            f"{EXTENT_WORDS.get(c['extent'], '')}{c['territoryLabel']}{since} ({row_reporter(c)})"
        )
    return line, facts


def _history(claims: list[dict]) -> str:
    """Oldest first, one entry a change of hands or standing claim, at most four."""
    steps: OrderedDict[tuple, str] = OrderedDict()
    for c in sorted(claims, key=row_date):
        if c["extent"] == IKB.Part:
            continue
        if is_generic(c["controller"]) and any(
            d.get("controllerBroader") == c["controller"] for d in claims
        ):
            continue  # "jihadist-held" beside a report naming the jihadist group adds nothing
        since = str(c["from"]) if c.get("from") is not None else row_date(c)
        verb = {IKB.Holds: "held by", IKB.Gained: "taken by", IKB.Lost: "lost by"}[c["change"]]
        steps.setdefault(
            (str(c["controller"]), c["change"]), f"{since} {verb} {c['controllerLabel']}"
        )
    return ", ".join(list(steps.values())[-4:]) if len(steps) > 1 else ""


def seized(rows: list[dict]) -> tuple[str, list[str]] | None:
    claims = unique_by(rows, "claim")
    if not claims:
        return None
    groups: OrderedDict[tuple, list[dict]] = OrderedDict()
    for c in claims:
        groups.setdefault((str(c["controllerLabel"]), c["change"]), []).append(c)
    parts = []
    facts = []
    for (controller, change), items in groups.items():
        places = list(OrderedDict.fromkeys(str(i["territoryLabel"]) for i in items))
        dates = sorted({row_date(i) for i in items})
        who = sorted({row_reporter(i) for i in items})
        parts.append(
            f"{controller} {CHANGE_WORDS[change]} {join_names(places)} ({dates[-1]}, {', '.join(who)})"
        )
        for i in items:
            facts.append(
                f"{row_date(i)}: {controller} {CHANGE_WORDS[change]} {i['territoryLabel']} ({row_reporter(i)})"
            )
    return "; ".join(parts[:2]) + (f"; and {len(parts) - 2} more" if len(parts) > 2 else ""), facts
