"""From SPARQL rows to one short answer line and its supporting facts, per intent.

Each function receives rows of one template and returns (answer line, facts) or None when the
rows hold nothing to say. Disagreement and dates are said, not smoothed over.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict

from rdflib import URIRef

from kb.vocab import IKB

EXTENT_WORDS = {IKB.Most: "most of ", IKB.Part: "part of ", IKB.Full: ""}
CHANGE_WORDS = {IKB.Holds: "holds", IKB.Gained: "took", IKB.Lost: "lost"}
QUALIFIER_WORDS = {
    IKB.AtLeast: "at least ",
    IKB.MoreThan: "more than ",
    IKB.About: "about ",
    IKB.UpTo: "up to ",
    IKB.Exactly: "",
}
CATEGORY_WORDS = {
    IKB.People: "people",
    IKB.Combatants: "combatants",
    IKB.GovernmentForces: "government loyalists",
    IKB.Insurgents: "insurgents/jihadists",
    IKB.Civilians: "civilians",
    IKB.Children: "children",
    IKB.Women: "women",
}
RELATION_WORDS = {
    IKB.backedBy: ("backed by", "backs"),
    IKB.alliedWith: ("allied with", "allied with"),
    IKB.ledBy: ("led by", "leads"),
    IKB.affiliatedWith: ("linked to", "linked to"),
    IKB.rivalOf: ("rival of", "rival of"),
}
GENERIC_ACTORS = ("actor/jihadists", "actor/rebels")


def _date(row: dict) -> str:
    return str(row.get("date") or row.get("published") or "")


def _who(row: dict) -> str:
    reporter = row.get("reporterLabel") or row.get("publisherLabel")
    return str(reporter) if reporter else "unattributed"


def _unique(rows: list[dict], key: str) -> list[dict]:
    seen: OrderedDict[str, dict] = OrderedDict()
    for row in rows:
        seen.setdefault(str(row[key]), row)
    return list(seen.values())


def _is_generic(iri: object) -> bool:
    return any(str(iri).endswith(g) for g in GENERIC_ACTORS)


def control(rows: list[dict], asked: list[URIRef]) -> tuple[str, list[str]] | None:
    claims = _unique(rows, "claim")
    if not claims:
        return None
    # Newest first; among the same date, named groups before generic words, the asked place before its namesakes.
    claims.sort(
        key=lambda r: (
            _date(r),
            not _is_generic(r["controller"]),
            r["territory"] in asked[:1],
            r["change"] != IKB.Lost,
        ),
        reverse=True,
    )
    current = next((c for c in claims if c["change"] != IKB.Lost), claims[0])
    verb = "controls" if current["change"] == IKB.Holds else "took"
    if current["change"] == IKB.Lost:
        verb = "lost"
    when = _date(current)
    line = (
        f"{current['controllerLabel']} {verb} {EXTENT_WORDS.get(current['extent'], '')}{current['territoryLabel']}"
        f" (according to {_who(current)}, as of {when})"
    )

    facts = []
    for c in claims[:10]:
        since = f", since {c['from']}" if c.get("from") and c["change"] == IKB.Holds else ""
        facts.append(
            f"{_date(c)}: {c['controllerLabel']} {CHANGE_WORDS[c['change']]} "
            f"{EXTENT_WORDS.get(c['extent'], '')}{c['territoryLabel']}{since} ({_who(c)})"
        )
    return line, facts


def seized(rows: list[dict], want_actor: bool) -> tuple[str, list[str]] | None:
    claims = _unique(rows, "claim")
    if not claims:
        return None
    groups: OrderedDict[tuple, list[dict]] = OrderedDict()
    for c in claims:
        groups.setdefault((str(c["controllerLabel"]), c["change"]), []).append(c)
    parts = []
    facts = []
    for (controller, change), items in groups.items():
        places = list(OrderedDict.fromkeys(str(i["territoryLabel"]) for i in items))
        dates = sorted({_date(i) for i in items})
        who = sorted({_who(i) for i in items})
        parts.append(
            f"{controller} {CHANGE_WORDS[change]} {_join(places)} ({dates[-1]}, {', '.join(who)})"
        )
        for i in items:
            facts.append(
                f"{_date(i)}: {controller} {CHANGE_WORDS[change]} {i['territoryLabel']} ({_who(i)})"
            )
    return "; ".join(parts[:3]) + (f"; and {len(parts) - 3} more" if len(parts) > 3 else ""), facts


def casualties(
    rows: list[dict], outcome: URIRef, category: URIRef | None
) -> tuple[str, list[str]] | None:
    figures = [r for r in _unique(rows, "claim") if r["outcome"] == outcome]
    if not figures:
        return None
    verb = {IKB.Killed: "killed", IKB.Injured: "injured", IKB.Displaced: "displaced"}[outcome]
    figures.sort(key=lambda r: (int(r["count"]), _date(r)), reverse=True)

    def phrase(r: dict) -> str:
        where = f" in {r['placeLabel']}" if r.get("placeLabel") else ""
        return (
            f"{QUALIFIER_WORDS.get(r['qualifier'], '')}{int(r['count']):,} {CATEGORY_WORDS.get(r['category'], 'people')} "
            f"{verb}{where} ({_date(r)}, {_who(r)})"
        )

    line = "; ".join(phrase(r) for r in figures[:3])
    if len(figures) > 3:
        line += f"; {len(figures) - 3} more figures"
    by_incident = defaultdict(list)
    for r in figures:
        by_incident[str(r["incident"])].append(r)
    facts = [phrase(r) for r in figures[:12]]
    if len(by_incident) > 1:
        facts.append(
            f"{len(figures)} figures from {len(by_incident)} reported incidents; reports of one battle overlap, so they are not added up"
        )
    return line, facts


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
            text = f"{_qualifier_text(r)}{int(r['count'])} {r['categoryLabel']}"
            if text not in item["counts"]:
                item["counts"].append(text)
    if not by_claim:
        return None
    items = list(by_claim.values())

    def describe(item: dict) -> str:
        r = item["row"]
        when = str(r.get("date") or r.get("end") or r.get("published") or "undated")
        what = "/".join(item["types"][:2])
        by = f" by {_join(item['attackers'][:2])}" if item["attackers"] else ""
        where = f" in {_join(item['places'][:2])}" if item["places"] else ""
        toll = f", {'; '.join(item['counts'][:2])} killed" if item["counts"] else ""
        return f"{when}: {what}{by}{where}{toll} ({_who(r)})"

    facts = [describe(i) for i in items]
    head = f"{len(items)} incident{'s' if len(items) != 1 else ''}" + (
        f" in {place_label}" if place_label else ""
    )
    return f"{head}: " + "; ".join(facts[:3]) + (
        f"; and {len(items) - 3} more" if len(items) > 3 else ""
    ), facts


def _qualifier_text(row: dict) -> str:
    label = str(row.get("qualifierLabel") or "")
    return "" if label in ("", "exactly") else f"{label} "


def relations(
    rows: list[dict], actor: URIRef, actor_label: str, question: str
) -> tuple[str, list[str]] | None:
    if not rows:
        return None
    outgoing: dict[URIRef, list[str]] = defaultdict(list)
    incoming: dict[URIRef, list[str]] = defaultdict(list)
    facts = []
    seen = set()
    for r in rows:
        key = (r["subject"], r["relation"], r["object"])
        if key in seen:
            continue
        seen.add(key)
        basis = f" ({_who(r)})" if r.get("claim") is not None else " (background)"
        if r["subject"] == actor:
            outgoing[r["relation"]].append(str(r["objectLabel"]))
            facts.append(
                f"{actor_label} {RELATION_WORDS[r['relation']][0]} {r['objectLabel']}{basis}"
            )
        else:
            incoming[r["relation"]].append(str(r["subjectLabel"]))
            facts.append(
                f"{r['subjectLabel']} {RELATION_WORDS[r['relation']][0]} {actor_label}{basis}"
            )
    passive_asked = _asks_whom(question)
    parts = []
    order = [incoming, outgoing] if passive_asked else [outgoing, incoming]
    for table in order:
        for relation, names in table.items():
            names = sorted(set(names))
            if table is outgoing:
                parts.append(f"{RELATION_WORDS[relation][0]} {_join(names)}")
            else:
                parts.append(f"{RELATION_WORDS[relation][1]}: {_join(names)}")
    return f"{actor_label}: " + "; ".join(parts[:4]), facts


def _asks_whom(question: str) -> bool:
    q = question.lower()
    return any(
        p in q
        for p in (
            "whom does",
            "who does",
            "backed by",
            "supported by",
            "which groups does",
            "what groups does",
        )
    )


def reporters(rows: list[dict]) -> tuple[str, list[str]] | None:
    claims = _unique(rows, "claim")
    if not claims:
        return None
    counts: OrderedDict[str, int] = OrderedDict()
    for c in claims:
        counts[str(c["reporterLabel"])] = counts.get(str(c["reporterLabel"]), 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    line = "; ".join(f"{name} ({n} claim{'s' if n != 1 else ''})" for name, n in ranked[:4])
    facts = [
        f"{_date(c)}: {c['reporterLabel']}: {str(c['text'])[:160]}"
        for c in _unique(claims, "sentence")[:8]
    ]
    return line, facts


def _join(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
