"""From SPARQL rows to one short answer line and its supporting facts, per intent.

Each function receives rows of one template and returns (answer line, facts) or None when the
rows hold nothing to say. Disagreement and dates are said, not smoothed over.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict

from rdflib import URIRef

from kb.extract.model import GENERIC_ACTORS
from kb.extract.names import fold
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


def _is_generic(iri: URIRef | str | None) -> bool:
    return any(str(iri).endswith(g) for g in GENERIC_ACTORS)


_PRONOUNS = {"they", "it", "its", "their", "them", "he", "she", "his", "her"}
_GENERIC_LABEL_WORDS = {"forces", "force", "the", "of", "and", "al", "group", "fighters", "units"}


def attested(rows: list[dict], label_key: str) -> list[dict]:
    """Rows whose actor is named in their own evidence sentence, by a word of its label (or an
    acronym): a claim whose actor the sentence never names was guessed by extraction, and an
    answer built on it would say something the source did not."""
    kept = []
    for row in rows:
        label, text = row.get(label_key), row.get("text")
        if label is None or text is None:
            kept.append(row)
            continue
        words = {w for w in fold(str(label)).split() if w not in _GENERIC_LABEL_WORDS}
        broader = row.get("controllerBroader") if label_key == "controllerLabel" else None
        if broader is not None:  # 'the jihadists' read as the group they belong to
            words |= set(str(broader).rsplit("/", 1)[-1].split("-")) - _GENERIC_LABEL_WORDS
        words = {w[:5] for w in words}
        sentence = {w[:5] for w in fold(str(text)).split()}
        if sentence & _PRONOUNS:
            kept.append(row)  # 'they seized ...': extraction resolved who, the text cannot say
            continue
        acronym = "".join(w[0] for w in fold(str(label)).split() if w not in ("of", "and"))
        if not words or words & sentence or (len(acronym) > 1 and acronym[:5] in sentence):
            kept.append(row)
    return kept


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
    described_as = None
    if _is_generic(current["controller"]):
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
    who, when = _who(current), _date(current)
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
            f"on {_date(described_as)} ({_who(described_as)})"
        )
    rivals = OrderedDict()
    for c in claims:
        if (
            c["controller"] != current["controller"]
            and not _is_generic(c["controller"])
            and c["change"] != IKB.Lost
            and _date(c) >= when
            and c.get("controllerBroader") != current["controller"]
            and current.get("controllerBroader") != c["controller"]
        ):
            rivals.setdefault(str(c["controllerLabel"]), c)
    facts = []
    if rivals:
        other = "; ".join(
            f"{name} per {_who(c)}, {_date(c)}" for name, c in list(rivals.items())[:2]
        )
        facts.append(f"reports differ: {other}")
    history = _history(claims)
    if history:
        facts.append(f"history: {history}")
    for c in claims[:10]:
        since = f", since {c['from']}" if c.get("from") and c["change"] == IKB.Holds else ""
        facts.append(
            f"{_date(c)}: {c['controllerLabel']} {CHANGE_WORDS[c['change']]} "
            f"{EXTENT_WORDS.get(c['extent'], '')}{c['territoryLabel']}{since} ({_who(c)})"
        )
    return line, facts


def _history(claims: list[dict]) -> str:
    """Oldest first, one entry a change of hands or standing claim, at most four."""
    steps: OrderedDict[tuple, str] = OrderedDict()
    for c in sorted(claims, key=_date):
        if c["extent"] == IKB.Part:
            continue
        if _is_generic(c["controller"]) and any(
            d.get("controllerBroader") == c["controller"] for d in claims
        ):
            continue  # "jihadist-held" beside a report naming the jihadist group adds nothing
        since = str(c["from"]) if c.get("from") is not None else _date(c)
        verb = {IKB.Holds: "held by", IKB.Gained: "taken by", IKB.Lost: "lost by"}[c["change"]]
        steps.setdefault(
            (str(c["controller"]), c["change"]), f"{since} {verb} {c['controllerLabel']}"
        )
    return ", ".join(list(steps.values())[-4:]) if len(steps) > 1 else ""


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
    return "; ".join(parts[:2]) + (f"; and {len(parts) - 2} more" if len(parts) > 2 else ""), facts


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
        where = f" in {_join(places[:2])}" if places else ""
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
                "date": _date(r),
                "who": _who(r),
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
        by = f" by {_join(item['attackers'][:2])}" if item["attackers"] else ""
        places = sorted(item["places"], key=lambda p: p != place_label)  # the asked place first
        where = f" in {_join(places[:2])}" if places else ""
        toll = f", {'; '.join(item['counts'][:2])} killed" if item["counts"] else ""
        return f"{when}: {what}{by}{where}{toll} ({_who(r)})"

    facts = [describe(i) for i in items]
    head = f"{len(items)} incident{'s' if len(items) != 1 else ''}" + (
        f" in {place_label}" if place_label else ""
    )
    last = items[-1]["row"]
    told = str(last.get("text") or describe(items[-1]))
    tail = f" ({_who(last)}, {_when(last)})"
    room = 200 - len(head) - len(tail) - 2
    if len(told) > room:
        told = told[: room - 3].rsplit(" ", 1)[0] + "..."
    return f"{head}; {told}{tail}", facts


def _when(row: dict) -> str:
    return str(row.get("date") or row.get("end") or row.get("published") or "undated")


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
