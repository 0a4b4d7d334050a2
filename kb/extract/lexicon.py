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
from kb.rdf.iris import Minter
from kb.vocab import IKB

DATA_FOLDER = Path(__file__).resolve().parent.parent / "data"
# Generic words and world-wide actors, Syria's place detail, then one pack per conflict (Syria's
# first): adding a conflict means adding a file to kb/data/packs/.
DATA_FILES = (
    "generic.ttl",
    "international.ttl",
    "gazetteer.ttl",
    "places.ttl",
    "packs/syria.ttl",
    *sorted(
        f"packs/{p.name}" for p in (DATA_FOLDER / "packs").glob("*.ttl") if p.name != "syria.ttl"
    ),
)
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


# A pack with this many places of one country is that country's gazetteer.
DETAILED = 200


@dataclass
class Entry:
    """One dictionary entity with everything the extractor needs to know about it."""

    iri: URIRef
    label: str
    kind: URIRef
    names: list[str] = field(default_factory=list)
    broader: set[URIRef] = field(default_factory=set)
    parents: set[URIRef] = field(default_factory=set)
    country: str | None = None  # ISO 3166-1 alpha-2 code of the country it lies in or serves
    population: int = 0
    coordinates: tuple[float, float] | None = None
    world: bool = False  # from the world gazetteer: described in the graph of each article
    acts_as: URIRef | None = None  # the generic role a pack actor fills in its country
    generic_role: bool = False  # a generic word ("the army"): resolved per article, by country

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS


class Lexicon:
    """Actors by alias and places by exact and loose name key."""

    def __init__(self, graph: Graph, base_iri: str = "") -> None:
        self.graph = graph
        self.base_iri = base_iri
        self.minter = Minter(base_iri)
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
                    acts_as=graph.value(iri, IKB.actsAs),
                )
        for iri in graph.subjects(RDF.type, IKB.GenericRole):
            if iri in self.entries:
                self.entries[iri].generic_role = True
        # Entries that only add spellings to a gazetteer place (no rdf:type in places.ttl).
        for iri in set(graph.subjects(SKOS.altLabel, None)):
            if iri in self.entries:
                self.entries[iri].names = list(
                    dict.fromkeys(
                        self.entries[iri].names
                        + [str(a) for a in graph.objects(iri, SKOS.altLabel)]
                    )
                )
        self._country_codes(graph)
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

    def _country_codes(self, graph: Graph) -> None:
        """Each pack entry's country: its own ``ikb:country``, else that of the country it lies in."""
        code_of = {}
        for iri, entry in self.entries.items():
            if entry.kind == IKB.Country:
                notation = graph.value(iri, SKOS.notation)
                if notation:
                    code_of[iri] = str(notation)
        self.country_iri = {code: iri for iri, code in code_of.items()}
        if self.base_iri:
            for c in self.world.countries.values():
                code_of.setdefault(self.minter.resolve(c.ref), c.code)
        for iri, entry in self.entries.items():
            stated = graph.value(iri, IKB.country)
            chain = [stated] if stated is not None else [iri, *self.ancestors(iri)]
            entry.country = next((code_of[i] for i in chain if i in code_of), None)
        self.notations = {str(n) for n in graph.objects(None, SKOS.notation)}
        # countries a pack describes place by place (Syria, from UCDP): the world's copies of
        # their towns, in other spellings, would only compete with the pack's
        per_country: dict[str, int] = {}
        for entry in self.entries.values():
            if entry.is_place and entry.country:
                per_country[entry.country] = per_country.get(entry.country, 0) + 1
        self.detailed = {code for code, n in per_country.items() if n >= DETAILED}

    def actors(self) -> list[Entry]:
        return [e for e in self.entries.values() if not e.is_place]

    @property
    def world(self) -> object:
        from kb.extract.world import world

        return world()

    def find_place(self, name: str, loose: bool = True, world: bool = True) -> list[Entry]:
        """Places named ``name``: the packs' own, biggest unit first, then the world gazetteer's
        (most populous first); loose matching only for pack keys long enough to be safe."""
        found = self.places_by_key.get(name_key(name))
        if not found and loose:
            skel = skeleton(name)
            if len(skel.replace(" ", "")) >= 4:
                found = self.places_by_skeleton.get(skel, [])
        found = list(found or [])
        if world and name_key(name):
            # a pack's own place wins over the world's namesake in the same country
            covered = {e.country for e in found}
            found += [e for e in self.world_places(name) if e.country not in covered]
        return found

    def world_places(self, name: str) -> list[Entry]:
        """World gazetteer places of that exact name, as entries (a pack's own divisions and
        countries win over the world's copies of them)."""
        out = []
        for p in self.world.find(name):
            if p.kind == "Governorate" and p.ref.rsplit("/", 1)[1].upper() in self.notations:
                continue
            if p.kind != "Country" and p.country in self.detailed:
                continue
            out.append(self.world_entry(p))
        return out

    def world_entry(self, p: object) -> Entry:
        iri = self.minter.resolve(p.ref)
        known = self.entries.get(iri)
        if known is not None:
            return known
        country = self.world.countries.get(p.country)
        parent = self.minter.resolve(country.ref) if country and p.kind != "Country" else None
        entry = Entry(
            iri=iri,
            label=p.name,
            kind=IKB[p.kind],
            names=[p.name],
            parents={parent} if parent is not None else set(),
            country=p.country,
            population=p.population,
            coordinates=(p.lat, p.lon) if p.lat is not None else None,
            world=True,
        )
        self.entries[iri] = entry
        return entry

    def country_entry(self, code: str) -> Entry | None:
        """The country with that ISO code: the pack's entry if a pack has one."""
        if code in self.country_iri:
            return self.entries[self.country_iri[code]]
        country = self.world.countries.get(code)
        if country is None:
            return None
        return self.world_entry(self.world.place(country.ref))

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
    for name in DATA_FILES:
        graph.parse(
            data=(DATA_FOLDER / name).read_text(encoding="utf-8"),
            format="turtle",
            publicID=base_iri,
        )
    return graph


@cache
def load_lexicon(base_iri: str) -> Lexicon:
    return Lexicon(dictionary_graph(base_iri), base_iri)
