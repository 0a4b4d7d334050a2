"""Relation headlines (who backs, leads or is allied with whom) and reporter headlines (who said
it, how often)."""

from __future__ import annotations

from collections import OrderedDict, defaultdict

from rdflib import URIRef

from kb.ask.compose.words import (
    RELATION_WORDS,
    join_names,
    row_date,
    row_reporter,
    unique_by,
)


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
        basis = f" ({row_reporter(r)})" if r.get("claim") is not None else " (background)"
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
                parts.append(f"{RELATION_WORDS[relation][0]} {join_names(names)}")
            else:
                parts.append(f"{RELATION_WORDS[relation][1]}: {join_names(names)}")
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
    claims = unique_by(rows, "claim")
    if not claims:
        return None
    counts: OrderedDict[str, int] = OrderedDict()
    for c in claims:
        counts[str(c["reporterLabel"])] = counts.get(str(c["reporterLabel"]), 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    line = "; ".join(f"{name} ({n} claim{'s' if n != 1 else ''})" for name, n in ranked[:4])
    facts = [
        f"{row_date(c)}: {c['reporterLabel']}: {str(c['text'])[:160]}"
        for c in unique_by(claims, "sentence")[:8]
    ]
    return line, facts
