"""Evidence retrieval: the sentences most likely to hold the answer, from both sides.

Semantic neighbours of the question come from FAISS; the sentences that mention the question's
linked places and actors come from SPARQL (``ikb:mentions``), scored with their stored vectors.
Both are rescored by the question's cue words and the linked entities they name, so that a
sentence about the asked place and the asked event beats one that is only on the same topic.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from rdflib import URIRef

from kb.ask.answer import Source
from kb.ask.evidence import source_from_row
from kb.ask.linking import Links
from kb.ask.question import Question, stem
from kb.ask.templates import render
from kb.extract.dates import publication_date
from kb.extract.lexicon import PLACE_KINDS
from kb.extract.names import fold

if TYPE_CHECKING:
    from kb.store import GraphStore
    from kb.vectors import VectorIndex

SEMANTIC_K = 40
MENTION_LIMIT = 400
POOL = 80  # sentences rescored after the vector score; their metadata is one query
_WORD = re.compile(r"[\w'-]+")


@dataclass
class Evidence:
    """One retrieved sentence with its article's metadata and why it was retrieved."""

    sentence: str
    text: str
    article: str
    source: Source
    published: date | None
    semantic: float
    lexical: float = 0.0
    named: float = 0.0  # share of the question's linked entities the sentence names
    score: float = 0.0
    mentions: set[str] = field(default_factory=set)
    article_names_place: bool = False  # some sentence of its article names an asked place
    places: set[str] = field(default_factory=set)  # the places extraction found in it
    previous: str | None = None  # the sentence before it in its article (for 'they', 'it')
    lead: str | None = None  # its article's first sentence, which says what the story is about


def retrieve(
    store: GraphStore,
    vectors: VectorIndex,
    question: Question,
    links: Links,
    vector: np.ndarray,
    k: int = 10,
) -> list[Evidence]:
    """The ``k`` best evidence sentences, best first."""
    if vectors.size == 0:
        return []
    semantic = {h.iri: h.score for h in vectors.search(vector, k=SEMANTIC_K)}
    if links.all:
        for iri in _mentioning(store, links.all):
            if iri not in semantic:
                stored = vectors.sentence_vector(iri)
                if stored is not None:
                    semantic[iri] = float(np.dot(stored, vector))
    if not semantic:
        return []
    pool = sorted(semantic, key=semantic.get, reverse=True)[:POOL]
    rows = _metadata(store, pool)
    mentions, places = _mentions(store, pool)
    cues = {stem(c) for c in question.cues if len(c) > 2}
    naming = _articles_naming(store, links.places, {str(r["article"]) for r in rows.values()})
    asked_sources = [fold(n) for n in question.named if len(fold(n)) > 1]
    wanted = links.all[:4]
    out = []
    for iri in pool:
        row = rows.get(iri)
        if row is None:
            continue
        text = str(row["text"])
        words = {stem(w)[:n] for w in _WORD.findall(text) for n in (3, 4, 5)}
        lexical = len(cues & words) / len(cues) if cues else 0.0  # 'aid' meets 'aided
        folded = fold(text)
        named = (
            sum(
                1
                for e in wanted
                if str(e) in mentions.get(iri, set()) or _names(folded, links.texts.get(e, ""))
            )
            / len(wanted)
            if wanted
            else 0.0
        )
        published = latest_day(str(row["published"])) if row.get("published") else None
        ev = Evidence(
            sentence=iri,
            text=text,
            article=str(row["article"]),
            source=source_from_row(row),
            published=published,
            semantic=semantic[iri],
            lexical=lexical,
            named=named,
            mentions=mentions.get(iri, set()),
            places=places.get(iri, set()),
            article_names_place=str(row["article"]) in naming,
        )
        said_by = fold(ev.source.source or "")
        by_asked = any(re.search(rf"\b{re.escape(a)}\b", said_by) for a in asked_sources)
        ev.score = (
            ev.semantic
            + 0.35 * lexical
            + 0.15 * named
            + (0.15 if by_asked else 0.0)
            - _too_early(question, published)
        )
        out.append(ev)
    out.sort(key=lambda e: e.score, reverse=True)
    best = out[:k]
    previous, leads = _neighbours(store, [e.sentence for e in best])
    for ev in best:
        ev.previous = previous.get(ev.sentence)
        ev.lead = leads.get(ev.sentence)
    return best


def latest_day(stated: str) -> date | None:
    """The last day a publication date can mean ('2019-06' may be 30 June): an article is too
    early for a window only when even its latest possible day is."""
    day = publication_date(stated)
    if day is None or len(stated) > 7:
        return day
    if len(stated) == 7:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day.replace(month=12, day=31)


def _names(folded_text: str, surface: str) -> bool:
    key = fold(surface)
    return bool(key) and re.search(rf"\b{re.escape(key)}\b", folded_text) is not None


def _too_early(question: Question, published: date | None) -> float:
    """An article published before the asked window opened cannot report on it."""
    window = question.window
    if window is None or published is None or window.since or question.intent == "control":
        return 0.0
    return 0.3 if (window.earliest - published).days > 1 else 0.0


def _neighbours(store: GraphStore, sentences: list[str]) -> tuple[dict, dict]:
    """The sentence before each of these in its article, and its article's first sentence."""
    if not sentences:
        return {}, {}
    rows = store.select(
        "PREFIX ikb: <https://incident-kb.org/ontology#> SELECT ?s ?p ?q ?text WHERE { VALUES ?s { "
        + " ".join(f"<{s}>" for s in sentences)
        + " } ?s ikb:article ?a ; ikb:position ?p . ?other ikb:article ?a ; ikb:position ?q ; "
        "ikb:text ?text . FILTER (?q = ?p - 1 || ?q <= 3) }"
    )
    previous: dict[str, str] = {}
    leads: dict[str, str] = {}
    opening: dict[str, list[tuple[int, str]]] = {}
    for r in rows:
        sentence, at, other = str(r["s"]), int(r["p"]), int(r["q"])
        if other <= 3:
            opening.setdefault(sentence, []).append((other, str(r["text"])))
        if other == at - 1:
            previous[sentence] = str(r["text"])
    for sentence, found in opening.items():
        # The story's first two real sentences ('BEIRUT:' alone is a dateline, not a sentence).
        real = [text for _, text in sorted(found) if len(text.split()) >= 5]
        leads[sentence] = " ".join(real[:2])
    return previous, leads


def _articles_naming(store: GraphStore, places: list[URIRef], articles: set[str]) -> set[str]:
    if not places or not articles:
        return set()
    rows = store.select(
        "SELECT DISTINCT ?a WHERE { VALUES ?p { "
        + " ".join(f"<{p}>" for p in places[:4])
        + " } VALUES ?a { "
        + " ".join(f"<{a}>" for a in sorted(articles))
        + " } ?s <https://incident-kb.org/ontology#mentions> ?p ; "
        "<https://incident-kb.org/ontology#article> ?a }"
    )
    return {str(r["a"]) for r in rows}


def _mentioning(store: GraphStore, entities: list[URIRef]) -> list[str]:
    values = " ".join(f"<{e}>" for e in entities[:4])
    rows = store.select(
        "SELECT DISTINCT ?s WHERE { VALUES ?e { "
        + values
        + " } ?s <https://incident-kb.org/ontology#mentions> ?e } LIMIT "
        + str(MENTION_LIMIT)
    )
    return [str(r["s"]) for r in rows]


def _metadata(store: GraphStore, sentences: list[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for chunk in range(0, len(sentences), 200):
        query = render(
            "sentences", {"sentence": [URIRef(s) for s in sentences[chunk : chunk + 200]]}
        )
        for row in store.select(query):
            key = str(row["sentence"])
            if key not in out or (row.get("reporterLabel") and not out[key].get("reporterLabel")):
                out[key] = row
    return out


def _mentions(store: GraphStore, sentences: list[str]) -> tuple[dict, dict]:
    """Entities each sentence mentions, and which of them are places. The place test runs once
    per entity, with EXISTS: a place new to the dictionary is typed in every article naming it,
    and an OPTIONAL type join per mention took 1.7 s for 1,277 rows at 10,000 articles."""
    out: dict[str, set[str]] = {}
    kinds = " ".join(f"<{k}>" for k in PLACE_KINDS)
    for chunk in range(0, len(sentences), 200):
        values = " ".join(f"<{s}>" for s in sentences[chunk : chunk + 200])
        rows = store.select(
            "SELECT DISTINCT ?s ?m WHERE { VALUES ?s { "
            + values
            + " } ?s <https://incident-kb.org/ontology#mentions> ?m }"
        )
        for r in rows:
            out.setdefault(str(r["s"]), set()).add(str(r["m"]))
    entities = sorted({m for ms in out.values() for m in ms})
    is_place: set[str] = set()
    for chunk in range(0, len(entities), 400):
        values = " ".join(f"<{m}>" for m in entities[chunk : chunk + 400])
        rows = store.select(
            "SELECT ?m WHERE { VALUES ?m { "
            + values
            + " } FILTER EXISTS { VALUES ?k { "
            + kinds
            + " } ?m a ?k } }"
        )
        is_place |= {str(r["m"]) for r in rows}
    places = {s: ms & is_place for s, ms in out.items() if ms & is_place}
    return out, places
