"""Figure headlines: casualty counts with their range and qualifiers (one incident counted
once), and incident lists for a place."""

from __future__ import annotations

from collections import OrderedDict

from rdflib import URIRef

from kb.ask.compose.words import (
    CATEGORY_WORDS,
    QUALIFIER_WORDS,
    join_names,
    row_date,
    row_reporter,
)
from kb.vocab import IKB


def casualties(
    rows: list[dict], outcome: URIRef, category: URIRef | None, focus: str | None = None
) -> tuple[str, list[str]] | None:
    """Figures for one incident from several reports become a range with every source beside it
    ("53-60 government loyalists killed ... SOHR via AFP; SANA"); separate incidents stay apart."""
    figures = _figures(rows, outcome)
    if not figures:
        return None
    verb = {IKB.Killed: "killed", IKB.Injured: "injured", IKB.Displaced: "displaced"}[outcome]
    clusters = _same_incident(figures)
    # Figures dated on the day or month asked about first ("on June 6" is not "since April"),
    # then the largest.
    clusters.sort(
        key=lambda c: (
            bool(focus) and any(f["date"].startswith(focus) for f in c),
            max(f["count"] for f in c),
            max(f["date"] for f in c),
        ),
        reverse=True,
    )

    def phrase(cluster: list[dict]) -> str:
        low = min(cluster, key=lambda f: f["count"])
        high = max(cluster, key=lambda f: f["count"])
        amount = (
            f"{QUALIFIER_WORDS.get(high['qualifier'], '')}{high['count']:,}"
            if low["count"] == high["count"]
            else f"{low['count']:,}-{high['count']:,}"
        )
        places = sorted({p for f in cluster for p in f["places"]})
        where = f" in {join_names(places[:2])}" if places else ""
        dates = sorted({f["date"] for f in cluster})
        who = "; ".join(sorted({f["who"] for f in cluster}))
        noun = CATEGORY_WORDS.get(high["category"], "people")
        if low["count"] == high["count"] == 1:
            noun = _SINGULAR.get(noun, noun)
        return f"{amount} {noun} {verb}{where} ({dates[0]}, {who})"

    line = phrase(clusters[0])
    if len(clusters) > 1:
        line += f"; {len(clusters) - 1} more reported incident{'s' if len(clusters) > 2 else ''}"
    facts = [phrase(c) for c in clusters[:12]]
    if len(clusters) > 1:
        facts.append(
            f"{len(figures)} figures from {len(clusters)} reported incidents; reports of one battle "
            "overlap, so they are not added up"
        )
    return line, facts


def _figures(rows: list[dict], outcome: URIRef) -> list[dict]:
    """One entry a casualty claim, with all the places its incident names."""
    out: OrderedDict[str, dict] = OrderedDict()
    for r in rows:
        if r["outcome"] != outcome:
            continue
        f = out.setdefault(
            str(r["claim"]),
            {
                "count": int(r["count"]),
                "qualifier": r["qualifier"],
                "category": r["category"],
                "date": row_date(r),
                "who": row_reporter(r),
                "places": set(),
                "incident": str(r["incident"]),
                "article": str(r["article"]),
            },
        )
        if r.get("placeLabel") is not None:
            f["places"].add(str(r["placeLabel"]))
    return list(out.values())


def _same_incident(figures: list[dict]) -> list[list[dict]]:
    """Group figures of one victim category that share a place and a date (±1 day) and come
    from different articles: two reports of one incident. Figures within one article are
    different incidents (or a part and a total) and stay apart."""
    clusters: list[list[dict]] = []
    for f in sorted(figures, key=lambda f: f["date"]):
        for cluster in clusters:
            head = cluster[0]
            if (
                head["category"] == f["category"]
                and (head["places"] & f["places"] or not (head["places"] or f["places"]))
                and _days_apart(head["date"], f["date"]) <= 1
                and f["article"] not in {g["article"] for g in cluster}
            ):
                cluster.append(f)
                break
        else:
            clusters.append([f])
    return clusters


_SINGULAR = {
    "children": "child",
    "civilians": "civilian",
    "people": "person",
    "women": "woman",
    "combatants": "combatant",
    "government loyalists": "government loyalist",
    "insurgents and jihadists": "insurgent or jihadist",
    "insurgents/jihadists": "insurgent or jihadist",
}


def victims(count: int, noun: str) -> str:
    """'1 child', '2 children': the count with its noun in the right number."""
    return f"{count:,} {_SINGULAR.get(noun, noun) if count == 1 else noun}"


def _days_apart(a: str, b: str) -> int:
    from datetime import date

    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0 if a[:7] == b[:7] else 99


def incidents(rows: list[dict], place_label: str | None) -> tuple[str, list[str]] | None:
    by_claim: OrderedDict[str, dict] = OrderedDict()
    for r in rows:
        item = by_claim.setdefault(
            str(r["claim"]), {"types": [], "places": [], "attackers": [], "counts": [], "row": r}
        )
        for key, field in (
            ("types", "typeLabel"),
            ("places", "placeLabel"),
            ("attackers", "attackerLabel"),
        ):
            if r.get(field) is not None and str(r[field]) not in item[key]:
                item[key].append(str(r[field]))
        if r.get("count") is not None:
            text = f"{_qualifier_text(r)}{victims(int(r['count']), str(r['categoryLabel']))}"
            if text not in item["counts"]:
                item["counts"].append(text)
    if not by_claim:
        return None
    items = sorted(by_claim.values(), key=lambda i: _when(i["row"]))

    def describe(item: dict) -> str:
        r = item["row"]
        when = _when(r)
        what = "/".join(item["types"][:2])
        by = f" by {join_names(item['attackers'][:2])}" if item["attackers"] else ""
        places = sorted(item["places"], key=lambda p: p != place_label)  # the asked place first
        where = f" in {join_names(places[:2])}" if places else ""
        toll = f", {'; '.join(item['counts'][:2])} killed" if item["counts"] else ""
        return f"{when}: {what}{by}{where}{toll} ({row_reporter(r)})"

    facts = [describe(i) for i in items]
    head = f"{len(items)} incident{'s' if len(items) != 1 else ''}" + (
        f" in {place_label}" if place_label else ""
    )
    last = items[-1]["row"]
    told = str(last.get("text") or describe(items[-1]))
    tail = f" ({row_reporter(last)}, {_when(last)})"
    room = 200 - len(head) - len(tail) - 2
    if len(told) > room:
        told = told[: room - 3].rsplit(" ", 1)[0] + "..."
    return f"{head}; {told}{tail}", facts


def _when(row: dict) -> str:
    return str(row.get("date") or row.get("end") or row.get("published") or "undated")


def _qualifier_text(row: dict) -> str:
    label = str(row.get("qualifierLabel") or "")
    return "" if label in ("", "exactly") else f"{label} "
