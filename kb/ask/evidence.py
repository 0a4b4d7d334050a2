"""Rows from SPARQL and hits from FAISS meet here, keyed by sentence IRI, and become Sources."""

from __future__ import annotations

from collections.abc import Iterable

from kb.ask.answer import Source


def _s(row: dict, key: str) -> str | None:
    value = row.get(key)
    return str(value) if value is not None else None


def source_from_row(row: dict) -> Source:
    publisher = _s(row, "publisherLabel")
    reporter = _s(row, "reporterLabel")
    who = reporter if reporter and reporter != publisher else publisher
    if reporter and publisher and reporter != publisher:
        who = f"{reporter} via {publisher}"
    return Source(
        article=str(row["article"]),
        title=_s(row, "title"),
        source=who,
        date=_s(row, "published"),
        url=_s(row, "url"),
        sentence=str(row["text"]),
    )


def rrf(rankings: Iterable[list[str]], k: int = 60) -> list[str]:
    """Reciprocal rank fusion: items high in any list come first; ties keep first-seen order."""
    scores: dict[str, float] = {}
    order: dict[str, int] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
            order.setdefault(item, len(order))
    return sorted(scores, key=lambda item: (-scores[item], order[item]))


def sources_in_order(rows: list[dict], semantic: list[str], limit: int = 5) -> list[Source]:
    """Sources for the template's evidence sentences, ordered by fusing the template's order with
    the semantic ranking of the same sentences."""
    by_sentence: dict[str, dict] = {}
    template_order: list[str] = []
    for row in rows:
        if row.get("sentence") is None or row.get("text") is None:
            continue
        key = str(row["sentence"])
        if key not in by_sentence:
            by_sentence[key] = row
            template_order.append(key)
        elif row.get("reporterLabel") and not by_sentence[key].get("reporterLabel"):
            by_sentence[key] = row
    relevant = [s for s in semantic if s in by_sentence]
    ordered = rrf([template_order, relevant])
    return [source_from_row(by_sentence[s]) for s in ordered[:limit]]
