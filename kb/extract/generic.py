"""Generic actor words ("the army", "troops", "rebels", "state media") resolved by country.

A generic word has no home conflict. Its country comes from the phrase ("Sudan's army",
"Russian troops", "its soldiers" after a named state), else from the article (the country its
places lie in). The actor is then the pack's actor that fills that role in that country
(``ikb:actsAs``), else a minted one ("government forces (Ethiopia)"), never another country's.
A capitalised word that names no country before the generic word makes a named group of the
phrase ("Amhara regional forces", "Kachin rebels"). "The rebels" with no pack actor of that
country refers back to the group the article last named.
"""

from __future__ import annotations

import dataclasses
import re

from rdflib import URIRef
from spacy.tokens import Doc

from kb.extract.lexicon import Entry, Lexicon
from kb.extract.model import Mention
from kb.extract.names import name_key
from kb.rdf.iris import Minter
from kb.vocab import IKB

# Words that may stand between the owner and the generic word: "Sudan's paramilitary forces".
_BETWEEN = (
    r"(?:(?:federal|national|regular|paramilitary|government|state|military|armed|own|regional|"
    r"local|allied|special|elite|pro-government|\w+-led)\s+)*"
)
_OWNER = re.compile(
    r"(?P<owner>(?:[A-Z][\w.\u2019'-]*)(?:\s+[A-Z][\w.\u2019'-]*){0,3})(?P<poss>'s|\u2019s|s')?\s+"
    + _BETWEEN
    + r"$"
)
_PRONOUN = re.compile(r"\b(?:its|their)\s+" + _BETWEEN + r"$", re.I)
_THE = re.compile(r"\b[Tt]he\s+$")
_NOT_OWNER = re.compile(
    r"-(?:backed|led|allied|affiliated|aligned|based|trained|supported|sponsored|funded)\b", re.I
)
_CALENDAR = set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december on in at by".split()
)


class RoleResolver:
    """Built once per lexicon; ``resolve`` runs on each article's actor mentions."""

    def __init__(self, lexicon: Lexicon, minter: Minter) -> None:
        self.lexicon = lexicon
        self.minter = minter
        self.roles = {e.iri: e for e in lexicon.entries.values() if e.generic_role}
        self.filler: dict[tuple[URIRef, str], Entry] = {}
        for entry in lexicon.actors():
            if entry.acts_as is not None and entry.country:
                self.filler.setdefault((entry.acts_as, entry.country), entry)
        # words that are part of the generic vocabulary are no owner ("Government forces")
        self.plain = {w for e in self.roles.values() for n in e.names for w in name_key(n).split()}
        self.plain |= {"the", "a", "an", "its", "their", "his", "her", "our", "and", "of", "pro"}

    def resolve(self, mentions: list[Mention], doc: Doc, countries: list[str]) -> list[Mention]:
        """Every generic mention replaced by the actor it means in this article."""
        labels = {e.start_char: e.label_ for e in doc.ents}
        labels.update({e.start_char + 4: e.label_ for e in doc.ents if e.text.startswith("the ")})
        out: list[Mention] = []
        for m in sorted(mentions, key=lambda m: m.start):
            if m.iri in self.roles:
                m = self._resolve(m, doc.text, countries, out, labels)
            out.append(m)
        return out

    def _resolve(
        self,
        m: Mention,
        text: str,
        countries: list[str],
        prior: list[Mention],
        labels: dict[int, str],
    ) -> Mention:
        role = self.roles[m.iri]
        line_start = max(text.rfind(".", 0, m.start), text.rfind("\n", 0, m.start)) + 1
        before = text[max(line_start, m.start - 60) : m.start]
        owner = _OWNER.search(before)
        if owner and self._owner_word(owner.group("owner")):
            name = owner.group("owner")
            start = m.start - len(before) + owner.start()
            code = self._country(name)
            if code is None:
                place = next((p for p in prior if p.is_place and p.start == start), None)
                code = place.country_code if place is not None else None
            if code is not None:
                return self._fill(m, role, code, start, text)
            if labels.get(start) in ("NORP", "ORG") and not any(
                p.start <= start < p.end for p in prior
            ):
                return self._named(m, start, text)
        if _PRONOUN.search(before):
            code = next((p.country_code for p in reversed(prior) if p.country_code), None)
            if code is not None:
                return self._fill(m, role, code, m.start, text)
        if countries:
            filled = self._fill(m, role, countries[0], m.start, text)
            if filled.new and role.kind == IKB.ArmedGroup and _THE.search(before):
                named = [p for p in prior if self._insurgent(p, countries[0])]
                if named:
                    return dataclasses.replace(
                        named[-1], start=m.start, end=m.end, text=m.text, new=False, coref=True
                    )
            return filled
        return dataclasses.replace(m, role=role.iri)

    def _owner_word(self, name: str) -> bool:
        """A name that can own a generic word: not English ("Government forces" opening a
        sentence), not a date, not a patron ("Russian-backed rebels" are not Russia's)."""
        words = name_key(name).split()
        if not words or words[0] in self.plain or _NOT_OWNER.search(name):
            return False
        return not any(w in _CALENDAR for w in words)

    def _country(self, name: str) -> str | None:
        bare = re.sub(r"(?:'s|\u2019s|s')$", "", name)
        world = self.lexicon.world
        code = world.demonym(bare) or world.country_named(bare)
        if code is None and bare.endswith("s"):
            code = world.demonym(bare[:-1])
        return code

    def _fill(self, m: Mention, role: Entry, code: str, start: int, text: str) -> Mention:
        """The actor filling ``role`` in country ``code``: the pack's, else a minted one."""
        said = text[start : m.end]
        entry = self.filler.get((role.iri, code))
        country = self.lexicon.country_entry(code)
        if entry is not None:
            return Mention(
                start,
                m.end,
                said,
                entry.iri,
                entry.kind,
                entry.label,
                False,
                role=role.iri,
                country_code=code,
            )
        name = country.label if country is not None else code
        iri = self.minter.role_filler(name, role.iri)
        return Mention(
            start,
            m.end,
            said,
            iri,
            role.kind,
            f"{role.label} ({name})",
            False,
            new=True,
            role=role.iri,
            country_code=code,
            country=country.iri if country is not None else None,
        )

    def _named(self, m: Mention, start: int, text: str) -> Mention:
        """'Amhara regional forces', 'Kachin rebels': a named group of its own."""
        name = text[start : m.end]
        iri = self.minter.actor(name)
        known = self.lexicon.entries.get(iri)
        if known is not None:
            return Mention(start, m.end, name, iri, known.kind, known.label, False)
        kind = IKB.ArmedGroup
        return Mention(start, m.end, name, iri, kind, name, False, new=True)

    def _insurgent(self, m: Mention, country: str) -> bool:
        """A group "the rebels" may refer back to: a pack's armed group of the article's country
        that is no state's force, or a group the article names with a word for rebels."""
        if m.is_place or m.kind not in (IKB.ArmedGroup, IKB.Alliance) or m.role or m.generic:
            return False
        entry = self.lexicon.entries.get(m.iri)
        if entry is not None:
            return entry.country == country and entry.acts_as is None
        return bool(_REBEL_NAME.search(m.label))


_REBEL_NAME = re.compile(
    r"\b(?:rebels?|liberation|front|movement|resistance|insurgents?|militias?|people's|army)\b",
    re.I,
)
