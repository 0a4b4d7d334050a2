"""What extraction found in one article, before any IRI exists for the claims."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kb.extract.casualties import Casualty
from kb.extract.dates import TimeSpan
from kb.reading.article import Article
from kb.vocab import IKB

GENERIC_ACTORS = ("actor/jihadists", "actor/rebels", "actor/armed-men")
# minted generic actors of a country: "actor/ethiopia-rebels" (see kb.extract.generic)
GENERIC_SUFFIXES = ("-rebels",)


@dataclass
class Mention:
    """A stretch of text that names an actor or a place, and the entity it was linked to."""

    start: int
    end: int
    text: str
    iri: URIRef
    kind: URIRef
    label: str
    is_place: bool
    new: bool = False  # not in the dictionary: the article graph must describe it
    coref: bool = False  # "the alliance", "the region": resolved to an earlier mention
    parent: URIRef | None = None  # for new places: the known place the text puts them in
    role: URIRef | None = None  # the generic role word it was read from ("the army", "rebels")
    country_code: str | None = None  # ISO code of the country it lies in or belongs to
    country: URIRef | None = None  # for new actors: the country the graph says they belong to
    world: bool = False  # a world gazetteer place: the article graph describes it
    coordinates: tuple[float, float] | None = None

    @property
    def generic(self) -> bool:
        """A word for a kind of group ("jihadists", "rebels", "militants"), not a named one."""
        return is_generic(self.iri) or (
            self.role is not None and self.new and self.kind == IKB.ArmedGroup
        )


def is_generic(iri: object) -> bool:
    """An IRI for a kind of group rather than a named one: the dictionary's generic actors and
    the minted "rebels (Country)" of a country without a pack actor for them."""
    return str(iri).endswith(GENERIC_ACTORS) or str(iri).endswith(GENERIC_SUFFIXES)


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention] = field(default_factory=list)
    times: list[tuple[int, int, TimeSpan]] = field(default_factory=list)
    reporter: Mention | None = None

    @property
    def time(self) -> TimeSpan | None:
        """The time the sentence is about: its first stated point, else its first interval."""
        plain = [t for _, _, t in self.times if not t.since]
        return plain[0] if plain else (self.times[0][2] if self.times else None)

    def actors(self) -> list[Mention]:
        return [m for m in self.mentions if not m.is_place]

    def places(self) -> list[Mention]:
        return [m for m in self.mentions if m.is_place]


@dataclass
class EventArguments:
    """One event word (article offsets) with the spans of its places and attackers."""

    start: int
    end: int
    places: list[tuple[int, int]]
    attackers: list[tuple[int, int]]


@dataclass
class Incident:
    sentence: int
    types: list[URIRef]
    places: list[Mention]
    attackers: list[Mention]
    targets: list[Mention]
    participants: list[Mention]
    time: TimeSpan | None
    casualties: list[Casualty]
    # (start, end, type) of each trigger word, as article offsets: what evaluations match on.
    triggers: list[tuple[int, int, URIRef]] = field(default_factory=list)
    # weapons named in the sentence (start, end, the type they imply), as article offsets
    instruments: list[tuple[int, int, URIRef]] = field(default_factory=list)
    # kill / injure words (start, end, ikb:Killed or ikb:Injured), with or without a figure
    outcomes: list[tuple[int, int, URIRef]] = field(default_factory=list)
    # each event word's own places and attackers, from the parse (``kb.extract.arguments``)
    arguments: list[EventArguments] = field(default_factory=list)


@dataclass
class Control:
    sentence: int
    controller: Mention
    territory: Mention
    extent: URIRef
    change: URIRef
    time: TimeSpan | None
    valid_from: TimeSpan | None = None
    valid_until: TimeSpan | None = None
    historical: bool = False  # "had been in rebel hands since 2014": no longer true when reported


@dataclass
class Relation:
    sentence: int
    subject: Mention
    relation: URIRef
    object: Mention


@dataclass
class Extraction:
    article: Article
    publisher: Mention | None
    sentences: list[Sentence]
    incidents: list[Incident] = field(default_factory=list)
    controls: list[Control] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    # the countries the article is about (ISO codes, most named first) and the country entities
    # its new places were put in, which the article graph describes when no pack does
    countries: list[str] = field(default_factory=list)
    context_places: list[Mention] = field(default_factory=list)
