"""Entity linking for questions: dictionary mentions, then exact and fuzzy label keys over
every label in the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rdflib import URIRef

from kb.ask.vocabulary import QUESTION_WORDS
from kb.extract.lexicon import PLACE_KINDS, PLACE_RANK
from kb.extract.names import name_key, skeleton
from kb.vocab import IKB

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kb.extract.mentions import MentionFinder
    from kb.store import GraphStore


# Labels first (each entity once, however many article graphs describe it), kinds after: the
# plain join listed every label once per graph that names the entity (119 s at 10,000 articles,
# 1.1 s this way, the same rows).
_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?label ?pref ?kind WHERE {
  { SELECT DISTINCT ?e ?label ?pref WHERE {
      { ?e skos:prefLabel ?label BIND(true AS ?pref) } UNION { ?e skos:altLabel ?label } } }
  OPTIONAL { { SELECT DISTINCT ?e ?kind WHERE {
    { SELECT DISTINCT ?e WHERE { ?e skos:prefLabel ?x } } ?e a ?kind } } }
}"""
# Words of a question that never name an entity, beyond the question words themselves.
_QUESTION_WORDS = QUESTION_WORDS | {
    "about",
    "are",
    "back",
    "backs",
    "been",
    "city",
    "control",
    "controls",
    "did",
    "does",
    "happened",
    "has",
    "is",
    "killed",
    "last",
    "month",
    "now",
    "over",
    "people",
    "province",
    "reported",
    "seized",
    "since",
    "town",
    "towns",
    "village",
    "villages",
    "was",
    "week",
    "were",
    "year",
}


# Words a name neither begins nor ends with, though name keys may ignore them.
_EDGE_WORDS = {"in", "at", "on", "of", "by", "to", "for", "from", "with", "near", "and", "or"}


@dataclass
class Links:
    places: list[URIRef] = field(default_factory=list)
    actors: list[URIRef] = field(default_factory=list)
    labels: dict[URIRef, str] = field(default_factory=dict)
    texts: dict[URIRef, str] = field(
        default_factory=dict
    )  # the words in the question that named it

    def add(self, iri: URIRef, label: str, is_place: bool, text: str) -> None:
        target = self.places if is_place else self.actors
        if iri not in target:
            target.append(iri)
        self.labels.setdefault(iri, label)
        self.texts.setdefault(iri, text)

    @property
    def all(self) -> list[URIRef]:
        return self.places + self.actors


class Linker:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.by_key: dict[str, list[tuple[URIRef, str, bool]]] = {}
        self.pref: dict[URIRef, str] = {}
        self.refresh()

    def refresh(self) -> None:
        rows = self.store.select(_LABELS)
        kinds: dict[URIRef, set] = {}
        labels: dict[URIRef, list[str]] = {}
        self.pref = {}
        for r in rows:
            kinds.setdefault(r["e"], set()).add(r["kind"])
            labels.setdefault(r["e"], []).append(str(r["label"]))
            if r.get("pref") is not None:
                self.pref[r["e"]] = str(r["label"])
        self.by_key = {}
        self.by_skeleton: dict[str, list] = {}
        for iri, names in labels.items():
            is_place = bool(kinds[iri] & PLACE_KINDS) or any(
                str(k).endswith("/sem/Place") for k in kinds[iri] if k
            )
            rank = min((PLACE_RANK.get(k, 9) for k in kinds[iri]), default=9)
            for name in names:
                key = name_key(name)
                if len(key) >= 2:
                    entry = (iri, self.pref.get(iri, name), is_place, rank)
                    self.by_key.setdefault(key, []).append(entry)
                    loose = skeleton(name)
                    if len(loose.replace(" ", "")) >= 4:
                        self.by_skeleton.setdefault(loose, []).append(entry)
        self.keys = list(self.by_key)
        self.people = {iri for iri, found in kinds.items() if IKB.Person in found}

    def link(self, question: str, doc: Doc, finder: MentionFinder) -> Links:
        links = Links()
        covered: set[int] = set()
        for m in finder.find(doc):
            if m.coref or (m.new and m.iri not in self.pref):
                continue  # a name minted from the question itself is no entity of the store
            place = None if m.is_place else self._place_named(m.text)
            if place is not None:  # spaCy read a town as a person: the graph knows better
                links.add(place[0], place[1], True, m.text)
            else:
                links.add(m.iri, self.pref.get(m.iri, m.label), m.is_place, m.text)
            covered.update(range(m.start, m.end))
        tokens = [t for t in doc if not t.is_punct]
        for size in range(5, 0, -1):
            for i in range(len(tokens) - size + 1):
                span = tokens[i : i + size]
                start, end = span[0].idx, span[-1].idx + len(span[-1].text)
                if any(c in covered for c in range(start, end)):
                    continue
                words = [t.lower_ for t in span]
                if all(w in _QUESTION_WORDS for w in words):
                    continue
                if size > 1 and (words[0] in _EDGE_WORDS or words[-1] in _EDGE_WORDS):
                    continue  # 'in Kostiantynivka': the name is the shorter span
                text = question[start:end]
                key = name_key(text)
                hits = self.by_key.get(key)
                if not hits and size <= 4 and len(skeleton(text).replace(" ", "")) >= 4:
                    hits = self.by_skeleton.get(skeleton(text))
                if not hits and len(key) >= 6 and size <= 4:
                    best = process.extractOne(key, self.keys, scorer=fuzz.ratio, score_cutoff=88)
                    hits = self.by_key.get(best[0]) if best else None
                if not hits or (len(key) <= 3 and not text.isupper()):
                    continue
                for iri, label, is_place, _ in _best(hits):
                    links.add(iri, label, is_place, text)
                covered.update(range(start, end))
        return links

    def is_place(self, name: str) -> bool:
        """Whether the store knows a place by this name."""
        return any(hit[2] for hit in self.by_key.get(name_key(name), []))

    def is_actor(self, name: str) -> bool:
        """Whether the store knows an actor by this name."""
        return any(not hit[2] for hit in self.by_key.get(name_key(name), []))

    def is_country(self, name: str) -> bool:
        """Whether the store knows a country by this name."""
        return any(hit[2] and hit[3] == 0 for hit in self.by_key.get(name_key(name), []))

    def _place_named(self, text: str) -> tuple[URIRef, str] | None:
        """A place the store knows by exactly this name, if the name is also a person's."""
        hits = self.by_key.get(name_key(text), [])
        places = [h for h in hits if h[2]]
        people = [h for h in hits if h[0] in self.people]
        if places and people:
            best = _best(places)[0]
            return best[0], best[1]
        return None

    def siblings(self, place: URIRef) -> list[URIRef]:
        """Places sharing a name with ``place``: Idlib the province, the region and the city."""
        key = name_key(self.pref.get(place, ""))
        out = [place]
        for variant in (key, f"{key} region", f"{key} city", f"{key} province"):
            for iri, _, is_place, _ in self.by_key.get(variant, []):
                if is_place and iri not in out:
                    out.append(iri)
        return out


def _best(hits: list[tuple]) -> list[tuple]:
    """One entity per name when a name is shared (Idlib the province beats Idlib the city)."""
    return sorted(hits, key=lambda hit: hit[3])[:1]
