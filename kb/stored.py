"""What the store already holds about articles: whether one is stored unchanged, its text, the
story a wire copy points at, the copies that lean on an article, and copies read back as
Articles. Ingest asks these before it writes; the KnowledgeBase asks the first two."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.reading import Article
from kb.vocab import IKB, SDO

if TYPE_CHECKING:
    from kb.rdf.iris import Minter
    from kb.store import GraphStore
    from kb.vectors import VectorIndex


def is_stored(store: GraphStore, minter: Minter, vectors: VectorIndex, article: Article) -> bool:
    """Stored with the same text, graph and vectors alike."""
    iri = minter.article(article.identity)
    rows = store.select(f"SELECT ?h WHERE {{ <{iri}> <{IKB.contentHash}> ?h }} LIMIT 1")
    return (
        bool(rows)
        and str(rows[0]["h"]) == article.content_hash
        and vectors.has_article(str(iri), article.content_hash)
    )


def article_text(store: GraphStore, article: str) -> str:
    """An article's text: a wire copy's stored body, else its sentences in order."""
    rows = store.select(f"SELECT ?body WHERE {{ <{article}> <{SDO.articleBody}> ?body }} LIMIT 1")
    if rows:
        return str(rows[0]["body"])
    rows = store.select(
        f"SELECT ?text ?pos WHERE {{ ?s <{IKB.article}> <{article}> ; <{IKB.text}> ?text ; "
        f"<{IKB.position}> ?pos }} ORDER BY ?pos"
    )
    return " ".join(str(r["text"]) for r in rows)


def story_links(store: GraphStore, article: str) -> list[str]:
    """The articles a stored copy already points at: its story's first article."""
    rows = store.select(f"SELECT ?b WHERE {{ <{article}> <{IKB.sameStoryAs}> ?b }}")
    return sorted(str(r["b"]) for r in rows)


def leaning_on(store: GraphStore, article: str) -> list[str]:
    """Stored copies that point at ``article`` as their story or repeat one of its claims."""
    rows = store.select(
        f"SELECT DISTINCT ?c WHERE {{ {{ ?c <{IKB.sameStoryAs}> <{article}> }} UNION "
        f"{{ ?claim <{IKB.article}> <{article}> . ?c <{IKB.repeats}> ?claim }} }}"
    )
    return sorted(str(r["c"]) for r in rows if str(r["c"]) != article)


def stored_copies(store: GraphStore, copies: list[str]) -> list[Article]:
    """Copies as Articles again, from their stored body and metadata (in IRI order). A copy
    stored before copies were collapsed has no body and keeps its own claims: left as it is."""
    values = " ".join(f"<{c}>" for c in copies)
    rows = store.select(
        f"SELECT ?a ?body ?title ?date ?url ?publisher ?licence WHERE {{ VALUES ?a {{ {values} }} "
        f"?a <{SDO.articleBody}> ?body . "
        f"OPTIONAL {{ ?a <{SDO.headline}> ?title }} OPTIONAL {{ ?a <{SDO.datePublished}> ?date }} "
        f"OPTIONAL {{ ?a <{SDO.url}> ?url }} OPTIONAL {{ ?a <{SDO.license}> ?licence }} "
        f"OPTIONAL {{ ?a <{SDO.publisher}> ?p . ?p <http://www.w3.org/2004/02/skos/core#prefLabel> ?publisher }} }}"
    )
    found: dict[str, Article] = {}
    for r in sorted(rows, key=lambda r: str(r["a"])):
        if str(r["a"]) in found:
            continue
        licence = _value(r, "licence")
        found[str(r["a"])] = Article(
            text=str(r["body"]),
            title=_value(r, "title"),
            source=_value(r, "publisher"),
            date=_value(r, "date"),
            url=_value(r, "url"),
            origin=f"<stored copy {r['a']}>",
            metadata={"licence": licence} if licence else {},
        )
    return list(found.values())


def _value(row: dict, key: str) -> str | None:
    return str(row[key]) if row.get(key) is not None else None
