"""One article's places: what the article says about where it is, and how a name in it is linked.

``ArticlePlaces`` is made per article by ``PlaceFinder.article`` and holds that article's state
across the passes ``MentionFinder`` runs: the countries it is about (set between passes) and
where it first names each governorate (remembered by one pass for the next). Nothing of one
article is left on the long-lived finder for the next.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import URIRef
from spacy.tokens import Doc

from kb.extract.lexicon import Entry, Lexicon
from kb.extract.model import Mention
from kb.extract.names import name_key, skeleton
from kb.extract.places.linking import canonical_label, linked_mention
from kb.extract.places.spans import SpanReader
from kb.extract.places.words import (
    BASED_AFTER,
    MEDIA_AFTER,
    NOT_NAMES,
    NUMBER_WORDS,
    OWNERS,
    POSSESSIVE,
    TOPONYM_HEADS,
)
from kb.extract.world import BIG_CITY, FAR_TOWN
from kb.vocab import IKB, SEM

if TYPE_CHECKING:
    from kb.extract.places.finder import PlaceFinder

# "Xs Homs", "Homs, X": a place name wrapped in the name of a country (checked in the gazetteer)
_OWNED_BY_COUNTRY = re.compile(r"^(?P<country>[A-Z][\w-]+?)(?:'|\u2019)?s\s+(?P<rest>.+)$")
_COUNTRY_AFTER = re.compile(r"^(?P<rest>.+?),?\s+(?P<country>[A-Z][\w-]+)$")


class ArticlePlaces:
    """The place state of one parsed article; ``find`` runs one pass over it."""

    def __init__(self, finder: PlaceFinder, doc: Doc) -> None:
        self.finder = finder
        self.lexicon: Lexicon = finder.lexicon
        self.doc = doc
        self.text = doc.text
        self.spans = SpanReader(doc)
        # the article's countries, most named first, as ISO codes: [] before the first pass,
        # None when the text names none
        self.countries: list[str] | None = []
        self.owners: list[Mention] = []
        # governorate -> where the article first names it, directly or through a place in it
        self.named_at: dict[URIRef, int] | None = None

    def find(self, governorates: set[URIRef]) -> list[Mention]:
        """Every place mention; ``governorates`` (from a first pass) settle shared names."""
        from kb.extract.places.scan import scan

        self.owners = []
        found = scan(self, governorates)
        self._remember_governorates(found)
        return found

    def _remember_governorates(self, found: list[Mention]) -> None:
        """Where each governorate is first named, directly or through a place in it, for the
        next pass over the same article (``first_named``)."""
        first: dict[URIRef, int] = {}
        for m in sorted(found, key=lambda m: m.start):
            for iri in [m.iri, *self.lexicon.ancestors(m.iri)]:
                if (
                    self.lexicon.entries.get(iri)
                    and self.lexicon.entries[iri].kind == IKB.Governorate
                ):
                    first.setdefault(iri, m.start)
        self.named_at = first

    def place(
        self,
        start: int,
        end: int,
        hint: URIRef | None,
        governorates: set[URIRef],
        context: bool,
    ) -> Mention | None:
        text = self.text
        name = text[start:end]
        key = name_key(name)
        if (
            not key
            or key in NOT_NAMES
            or key.split()[0] in NUMBER_WORDS
            or key.split("-")[0] in NUMBER_WORDS
        ):
            return None
        if BASED_AFTER.match(text[end : end + 12]):
            return None  # "a UK-based monitor": where the monitor sits, not a place of the story
        if MEDIA_AFTER.match(text[end : end + 20]):
            return None  # "Al Mayadeen TV", "Aleppo Today television": a channel, not the town
        if not context and self.lexicon.world.demonym(name.rstrip("s")):
            return None  # "Ukrainian", "Somali": a nationality, never a place
        owner = self._owner(name)
        if owner is not None:
            return self._owned_place(start, end, owner, hint, governorates)
        spans = self.spans
        if not context and spans.inside_longer_person(start, end):
            return None  # "Rami" of "Rami Abdel Rahman" is a man, not the village of Rami
        candidates = self._trusted(self.lexicon.find_place(name, loose=False), start, end, context)
        if candidates and not context and spans.lowercase_elsewhere(start, end):
            return None  # "War" is not Waar, nor "Sharia" a village, where the article writes "war"
        toponym = name.split()[0].lower() in TOPONYM_HEADS and " " in name
        if not candidates and (
            context
            or toponym
            or not (
                spans.in_entity(start, end, ("PERSON", "ORG", "NORP"))
                or spans.common_word(start, end)
                or key in self.finder.actor_names
            )
        ):
            # Loose spellings only where spaCy does not see a person or organisation:
            # "Bashar" must not become the village of Al Bashiriyah.
            candidates = self._trusted(
                self.lexicon.find_place(name, loose=True), start, end, context
            )
        if not candidates and context:
            # Short skeletons collide ("Midan" and "Maadan"): only trust them inside the
            # governorates the article is about.
            candidates = [
                c
                for c in self.lexicon.places_by_skeleton.get(skeleton(name), [])
                if len(skeleton(name).replace(" ", "")) >= 4
                or governorates & set(self.lexicon.ancestors(c.iri))
            ]
        if not candidates:
            return self.new_place(start, end, name, hint) if context else None
        entry = self.choose(candidates, hint, governorates)
        return linked_mention(entry, start, end, name)

    def _owner(self, name: str) -> tuple[Entry, int, int] | None:
        """The known place a name opens with as an owner, with its apostrophe or without
        ("Aleppos Bustan al-Qasr", "Deir Ezzor's countryside", "Syrias Homs"): the entry, where
        the owner word ends and where the rest begins. A word that is itself a place name
        ("Homs") is no owner."""
        words = list(re.finditer(r"\S+", name))
        for k, word in enumerate(words[:3]):
            stem = POSSESSIVE.sub("", word.group(0))
            if stem == word.group(0):
                continue
            owner_name = name[: word.start()] + stem
            if len(stem) < 3 or self.lexicon.find_place(name[: word.end()], loose=False):
                return None
            near = self.near_countries()
            found = [
                e
                for e in self.lexicon.find_place(owner_name, loose=False)
                if e.kind in OWNERS
                and (
                    not e.world
                    or e.kind == IKB.Country
                    or (e.country in near and e.population >= FAR_TOWN)
                )
            ]
            rest = words[k + 1].start() if k + 1 < len(words) else len(name)
            return (found[0], word.end(), rest) if found else None
        return None

    def _owned_place(
        self,
        start: int,
        end: int,
        owner: tuple[Entry, int, int],
        hint: URIRef | None,
        governorates: set[URIRef],
    ) -> Mention | None:
        """'Aleppos X': the owner is a place mention of its own, and X (when named) lies in it.
        X unknown to the gazetteer is minted inside the owner only where spaCy does not read X
        as a name of its own ("Syrias President Bashar al-Assad"), and never inside a country."""
        text = self.text
        entry, owner_end, rest_at = owner
        owner_mention = linked_mention(
            entry, start, start + owner_end, text[start : start + owner_end]
        )
        if start + rest_at >= end:
            return owner_mention
        self.owners.append(owner_mention)
        rest_start = start + rest_at
        mint = entry.kind != IKB.Country and not any(
            e.start_char == rest_start and e.label_ in ("PERSON", "ORG", "NORP")
            for e in self.spans.ents
        )
        mention = self.place(rest_start, end, hint, governorates, True)
        if mention is None or (mention.new and not mint):
            return None
        if mention.new:
            mention.parent = entry.iri
        return mention

    def dateline(self, start: int, end: int) -> Mention | None:
        """A wire story's dateline names a city: the most populous place of that name."""
        text = self.text
        found = [
            e
            for e in self.lexicon.find_place(text[start:end], loose=False)
            if not e.world or e.population >= FAR_TOWN
        ]
        if not found:
            return None
        best = min(found, key=lambda e: (self.country_rank(e), -e.population))
        return linked_mention(best, start, end, text[start:end])

    def _trusted(self, candidates: list[Entry], start: int, end: int, context: bool) -> list[Entry]:
        """World gazetteer places are many and their names often English words ("Police",
        "Wagner"): one counts where the article is about its country or a neighbour, where spaCy
        reads the span as a place, or where it is a big city named as a proper noun. With a
        context word ("the village of X") only the article's own region is trusted; a namesake
        far away is less likely than a place the gazetteer lacks."""
        near = self.near_countries()
        spans = self.spans
        name = self.text[start:end]
        lenient = context or spans.plain_name(start, end, strict=False)
        strict = context or (lenient and spans.plain_name(start, end, strict=True))
        out = []
        for entry in candidates:
            plain = lenient if entry.country in near else strict
            if entry.world and not plain and entry.kind != IKB.Country:
                continue
            if entry.kind == IKB.Country or entry.country in near:
                out.append(entry)
            elif not entry.world:
                if not self.countries or entry.country is None:
                    out.append(entry)  # a pack's place, unless the article is about elsewhere
            elif name_key(name) in self.lexicon.world.not_places or spans.person_word(name):
                continue
            elif context:
                # "the village of X" far away: likelier a place the gazetteer lacks, unless the
                # text names no country (a question, a short note) and X is a sizeable town, a
                # division, or, once the text is known to name no country at all, any namesake
                if not near and (
                    entry.population >= FAR_TOWN
                    or entry.kind == IKB.Governorate
                    or self.countries is None
                ):
                    out.append(entry)
            elif spans.is_entity(start, end, ("GPE", "LOC", "FAC")) and (
                entry.population >= FAR_TOWN or entry.kind == IKB.Governorate
            ):
                out.append(entry)
            elif entry.population >= BIG_CITY and spans.proper(start, end):
                out.append(entry)
        return out

    def near_countries(self) -> set[str]:
        """The article's countries and the neighbours of the first."""
        if not self.countries:  # [] before the first pass, None when the text names none
            return set()
        first = self.lexicon.world.countries.get(self.countries[0])
        return {*self.countries, *(first.neighbours if first else ())}

    def choose(
        self, candidates: list[Entry], hint: URIRef | None, governorates: set[URIRef]
    ) -> Entry:
        def score(entry: Entry) -> tuple:
            mine = governorates & set(self.lexicon.ancestors(entry.iri))
            fits = (
                hint is None
                or entry.kind == hint
                or (hint == IKB.Town and entry.kind == IKB.Village)
            )
            big = entry.kind in (IKB.Country, IKB.Governorate)
            first = min((self._first_named(g) for g in mine), default=len(self.text))
            here = self.country_rank(entry)
            return (
                not fits,
                here,
                not big,
                not mine,
                first,
                entry.world,
                -entry.population,
                candidates.index(entry),
            )

        return min(candidates, key=score)

    def country_rank(self, entry: Entry) -> int:
        """0 in the article's main country (or when it has none), 1 in another country it
        names, 2 in a neighbour of the main one, 3 elsewhere: Goma in DR Congo, not the
        Philippines."""
        if not self.countries or entry.country == self.countries[0]:
            return 0
        if entry.country in self.countries:
            return 1
        return 2 if entry.country in self.near_countries() else 3

    def _first_named(self, governorate: URIRef) -> int:
        """Where the article first names a governorate: when namesakes lie in two governorates
        the article names, the one it leads with is the one it is about."""
        if self.named_at is not None and governorate in self.named_at:
            return self.named_at[governorate]
        text = self.text.lower()
        found = [text.find(n.lower()) for n in self.lexicon.entries[governorate].names]
        return min((i for i in found if i >= 0), default=len(text))

    def new_place(self, start: int, end: int, name: str, kind: URIRef | None) -> Mention:
        """A place the gazetteer lacks, minted under its name; a name wrapped in a country's
        ("Xs Idlib" without the apostrophe some datasets drop, "Raqqa, X") is the known place."""
        bare = self._without_country(name)
        if bare != name and bare:
            known = self.lexicon.find_place(bare, loose=False)
            if known:
                return linked_mention(known[0], start, end, name)
        iri = self.finder.minter.place(name)
        known = self.lexicon.entries.get(iri)
        if known:
            return linked_mention(known, start, end, name)
        return Mention(
            start, end, name, iri, kind or SEM.Place, canonical_label(name), True, new=True
        )

    def _without_country(self, name: str) -> str:
        """The name without a country's name wrapped around it, or the name as it is."""
        for pattern in (_OWNED_BY_COUNTRY, _COUNTRY_AFTER):
            m = pattern.match(name)
            if m and any(
                e.kind == IKB.Country
                for e in self.lexicon.find_place(m.group("country"), loose=False)
            ):
                return m.group("rest").strip()
        return name
