"""The actor dictionary and gazetteer, read from RDF (kb/data/*.ttl), as lookup tables.

The same files are loaded into the store as the ``dictionary`` named graph, so what the
extractor knows and what SPARQL users see are one thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import RDF, SKOS, Graph, URIRef

from kb.extract.names import name_key, skeleton
from kb.vocab import IKB

DATA_FILES = ("actors.ttl", "gazetteer.ttl", "places.ttl")
PLACE_KINDS = {
    IKB.Country,
    IKB.Governorate,
    IKB.District,
    IKB.Town,
    IKB.Village,
    IKB.Region,
    IKB.Site,
}
ACTOR_KINDS = {
    IKB.StateForce,
    IKB.ArmedGroup,
    IKB.Alliance,
    IKB.ForeignState,
    IKB.Monitor,
    IKB.NewsAgency,
    IKB.InternationalOrganisation,
    IKB.CivilianGroup,
    IKB.Person,
}
# Rank used to break ties between places sharing a name: the bigger unit is the likelier meaning.
PLACE_RANK = {
    IKB.Country: 0,
    IKB.Governorate: 1,
    IKB.Region: 2,
    IKB.Town: 3,
    IKB.District: 4,
    IKB.Village: 5,
    IKB.Site: 6,
}


@dataclass
class Entry:
    """One dictionary entity with everything the extractor needs to know about it."""

    iri: URIRef
    label: str
    kind: URIRef
    names: list[str] = field(default_factory=list)
    broader: set[URIRef] = field(default_factory=set)
    parents: set[URIRef] = field(default_factory=set)

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS


class Lexicon:
    """Actors by alias and places by exact and loose name key."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.entries: dict[URIRef, Entry] = {}
        for iri, _, kind in graph.triples((None, RDF.type, None)):
            if kind in PLACE_KINDS or kind in ACTOR_KINDS:
                label = graph.value(iri, SKOS.prefLabel)
                names = [str(label)] + [str(a) for a in graph.objects(iri, SKOS.altLabel)]
                self.entries[iri] = Entry(
                    iri=iri,
                    label=str(label),
                    kind=kind,
                    names=names,
                    broader=set(graph.objects(iri, SKOS.broader)),
                    parents=set(graph.objects(iri, IKB.locatedIn)),
                )
        # Entries that only add spellings to a gazetteer place (no rdf:type in places.ttl).
        for iri in set(graph.subjects(SKOS.altLabel, None)):
            if iri in self.entries:
                self.entries[iri].names = list(
                    dict.fromkeys(
                        self.entries[iri].names
                        + [str(a) for a in graph.objects(iri, SKOS.altLabel)]
                    )
                )
        self.places_by_key: dict[str, list[Entry]] = {}
        self.places_by_skeleton: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            if not entry.is_place:
                continue
            for name in entry.names:
                self.places_by_key.setdefault(name_key(name), []).append(entry)
                self.places_by_skeleton.setdefault(skeleton(name), []).append(entry)
        for table in (self.places_by_key, self.places_by_skeleton):
            for key, entries in table.items():
                table[key] = sorted(
                    {e.iri: e for e in entries}.values(), key=lambda e: PLACE_RANK.get(e.kind, 9)
                )

    def actors(self) -> list[Entry]:
        return [e for e in self.entries.values() if not e.is_place]

    def find_place(self, name: str, loose: bool = True) -> list[Entry]:
        """Places named ``name``, biggest unit first; loose matching only for keys long enough to be safe."""
        found = self.places_by_key.get(name_key(name))
        if found:
            return found
        if loose:
            skel = skeleton(name)
            if len(skel.replace(" ", "")) >= 4:
                return self.places_by_skeleton.get(skel, [])
        return []

    def ancestors(self, iri: URIRef) -> list[URIRef]:
        """The chain of ``locatedIn`` parents, nearest first."""
        out: list[URIRef] = []
        todo = list(self.entries[iri].parents) if iri in self.entries else []
        while todo:
            parent = todo.pop(0)
            if parent not in out:
                out.append(parent)
                if parent in self.entries:
                    todo.extend(self.entries[parent].parents)
        return out


def dictionary_graph(base_iri: str) -> Graph:
    """The packaged dictionary files parsed with relative IRIs resolved against ``base_iri``."""
    graph = Graph()
    folder = Path(__file__).resolve().parent.parent / "data"
    for name in DATA_FILES:
        graph.parse(
            data=(folder / name).read_text(encoding="utf-8"), format="turtle", publicID=base_iri
        )
    return graph


@cache
def load_lexicon(base_iri: str) -> Lexicon:
    return Lexicon(dictionary_graph(base_iri))
