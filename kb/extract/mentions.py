"""Actor and place mentions of a parsed article, linked to dictionary entries or minted anew.

Actors come from the dictionary's aliases (a phrase matcher) and from the people and armed
organisations spaCy finds; places from ``kb.extract.places``. Where the two overlap on a capital's
name, the words around it decide. Definite descriptions are resolved by ``kb.extract.coref``.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kb.extract.coref import coref_places, resolve_generic_actors
from kb.extract.generic import RoleResolver
from kb.extract.lexicon import Entry, Lexicon
from kb.extract.model import Mention
from kb.extract.names import name_key
from kb.extract.places import NOT_NAMES, NUMBER_WORDS, PlaceFinder, canonical_label, linked_mention
from kb.rdf.iris import Minter
from kb.vocab import IKB

# Words that make an organisation's name an armed group's ("Sultan Murad Brigade", "Army of Conquest").
_ARMED_GROUP_WORDS = re.compile(
    r"\b(?:army|brigades?|battalions?|front|forces|militias?|movement|legion|division|regiment|"
    r"group|state|jaysh|jaish|liwa|harakat|katibat|ansar|taliban|shabaab|mujahideen|guards?|"
    r"units?|committees?|council|coalition|alliance|party|network|organi[sz]ation|force|"
    r"liberation|resistance|rebels?|militants?|mercenar(?:y|ies)|corps|junta|insurgents?)\b",
    re.I,
)
# After a capital's name, these make it the government acting rather than the city.
_ACTS_AFTER = re.compile(
    r"\s*(?:has|have|had|is|was|were|said|says|and its|and (?:its )?all(?:y|ies)|launched|accused|denied|"
    r"announced|wants|seeks|sought|backed|blamed|forces|troops|regime|government|'s|\u2019s|-backed|"
    r"launched|claimed|insisted|refused|agreed|vowed|warned|retook|seized|captured|ally|allies|"
    r"backers|officials|authorities|media)\b",
    re.I,
)
# Before a capital's name: "pro-Damascus media", "anti-Damascus groups" speak of the government.
_ACTS_BEFORE = re.compile(r"\b(?:pro|anti)-$", re.I)
_LOCATIVE = {
    "in",
    "near",
    "to",
    "from",
    "around",
    "outside",
    "at",
    "into",
    "of",
    "towards",
    "toward",
}


def _inside_any(mention: Mention, names: list[Mention]) -> bool:
    """A place mention that is part of a named group's name."""
    return mention.is_place and any(n.start < mention.end and mention.start < n.end for n in names)


def _inside_a_name(span: Span) -> bool:
    """A generic word written as part of a longer proper name ('the Arakan Army', 'Myanmar
    National Democratic Alliance Army'): capitalised, after a capitalised word of the same
    sentence."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > span.sent.start else None
    return span[0].is_title and before is not None and before.is_title and before.pos_ == "PROPN"


class MentionFinder:
    """Built once per lexicon; ``find`` runs on each parsed article."""

    def __init__(self, lexicon: Lexicon, nlp: object, minter: Minter) -> None:
        self.lexicon = lexicon
        self.minter = minter
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.actor_by_id: dict[str, Entry] = {}
        for entry in lexicon.actors():
            key = str(entry.iri)
            self.actor_by_id[key] = entry
            names = entry.names + [n.replace("'", "\u2019") for n in entry.names if "'" in n]
            names += [v for n in entry.names for v in possessive_spellings(n)]
            for name in dict.fromkeys(names):
                matcher = self.exact if name.isupper() and len(name) <= 5 else self.lower
                matcher.add(key, [nlp.make_doc(name)])
        self.places = PlaceFinder(lexicon, nlp, minter)
        self.roles = RoleResolver(lexicon, minter)
        self.actor_names = {name_key(n): e for e in lexicon.actors() for n in e.names}

    # ---- actors -------------------------------------------------------------------------
    def actor_mentions(self, doc: Doc, countries: list[str] = ()) -> list[Mention]:
        """Dictionary actors by alias; where two packs share an alias ("SNA"), the actor of the
        article's country wins."""
        spans = []
        owners: dict[tuple[int, int], list[Entry]] = {}
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                spans.append(Span(doc, start, end, label=match_id))
                owners.setdefault((start, end), []).append(
                    self.actor_by_id[doc.vocab.strings[match_id]]
                )
        out = []
        for span in _longest(spans):
            entries = owners[(span.start, span.end)]
            entry = min(
                entries,
                key=lambda e: (
                    countries.index(e.country) if e.country in countries else len(countries),
                    entries.index(e),
                ),
            )
            if entry.generic_role and _inside_a_name(span):
                continue  # 'Arakan Army': the last word of a group's name, not the army
            out.append(linked_mention(entry, span.start_char, span.end_char, span.text))
        return out

    # ---- places -------------------------------------------------------------------------

    # ---- putting it together --------------------------------------------------------------
    def find(self, doc: Doc) -> list[Mention]:
        """Every actor and place mention of a parsed text, linked. The article's countries
        (``doc.user_data["countries"]``, most named first) settle same-named places and what
        generic words mean."""
        text = doc.text
        article = self.places.article(doc)
        first_pass = article.find(set())
        article.countries = article_countries(first_pass, doc, self.lexicon)
        governorates = {m.iri for m in first_pass if m.kind == IKB.Governorate}
        places = article.find(governorates)
        countries = article_countries(places, doc, self.lexicon) or article.countries
        if not countries:
            # no place says where: the groups the dictionary knows do ("People's Defence Force")
            countries = self._actor_countries(doc)
            # none at all: any namesake may serve ("Who seized Harib district?"), none wins
            # by its country
            article.countries = countries or None
            places = article.find(governorates)
            countries = (
                (article_countries(places, doc, self.lexicon) or countries) if countries else []
            )
        doc.user_data["countries"] = countries
        actors = self.actor_mentions(doc, countries)
        mentions = _merge(places, actors, text)
        named = self._named_actors(doc, mentions)
        mentions = [m for m in mentions if not _inside_any(m, named)] + named
        mentions += self._fighters_from(text, mentions)
        mentions = self._ministries(text, mentions)
        mentions = _acronyms(sorted(mentions, key=lambda m: m.start), text)
        mentions = self.roles.resolve(mentions, doc, countries)
        mentions = resolve_generic_actors(
            sorted(mentions, key=lambda m: m.start), text, self.lexicon
        )
        mentions += coref_places(mentions, text)
        return sorted(mentions, key=lambda m: m.start)

    def _fighters_from(self, text: str, taken: list[Mention]) -> list[Mention]:
        """'Fighters from Ethiopia's Tigray region', 'forces from the Amhara region': the group
        is named by where it comes from. The dictionary's "Tigray fighters" if it has one,
        else a group of that name for the article."""
        out = []
        places = [m for m in taken if m.is_place and m.kind != IKB.Country]
        for hit in _FROM_REGION.finditer(text):
            word_end = hit.start() + len(hit.group("word"))
            if any(m.start < word_end and hit.start() < m.end for m in taken if not m.is_place):
                continue
            place = next((p for p in places if p.start == hit.start("place")), None)
            if place is None:
                continue
            name = f"{place.text} {hit.group('word').lower()}"
            known = self.actor_names.get(name_key(name))
            if known is not None:
                out.append(linked_mention(known, hit.start(), hit.end(), hit.group(0)))
            else:
                iri = self.minter.actor(name)
                out.append(
                    Mention(
                        hit.start(),
                        hit.end(),
                        hit.group(0),
                        iri,
                        IKB.ArmedGroup,
                        name,
                        False,
                        new=True,
                    )
                )
        return out

    def _ministries(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """ "Russia's defence ministry", "the Ukrainian foreign ministry": a body of that state,
        an actor of its own, so that what it says stays its claim (its troops are the state's)."""
        out = list(mentions)
        world = self.lexicon.world
        for hit in _MINISTRY.finditer(text):
            owner = hit.group("owner")
            code = world.demonym(owner) or world.country_named(owner)
            country = self.lexicon.country_entry(code) if code else None
            if country is None:
                continue
            body = " ".join(hit.group("body").lower().split())
            iri = self.minter.state_body(country.label, body)
            label = f"{body} ({country.label})"
            out = [m for m in out if not (m.start < hit.end() and hit.start() < m.end)]
            out.append(
                Mention(
                    hit.start(),
                    hit.end(),
                    hit.group(0),
                    iri,
                    IKB.StateForce,
                    label,
                    False,
                    new=True,
                    country=country.iri,
                    country_code=code,
                )
            )
        return sorted(out, key=lambda m: m.start)

    def _actor_countries(self, doc: Doc) -> list[str]:
        """Countries of the article's own armed actors (foreign states and their forces aside),
        most named first."""
        counts: dict[str, int] = {}
        for m in self.actor_mentions(doc):
            entry = self.lexicon.entries.get(m.iri)
            if entry is None or not entry.country or entry.kind == IKB.ForeignState:
                continue
            if entry.kind in (
                IKB.ArmedGroup,
                IKB.Alliance,
                IKB.StateForce,
                IKB.Monitor,
                IKB.NewsAgency,
                IKB.CivilianGroup,
            ):
                counts[entry.country] = counts.get(entry.country, 0) + 1
        return sorted(counts, key=lambda c: -counts[c])

    def _named_actors(self, doc: Doc, taken: list[Mention]) -> list[Mention]:
        """People and organisations spaCy finds that the dictionary lacks ("Tamerlan Tsarnaev",
        "the Taliban"): actors of the article, described in its own graph."""
        out = []
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            name = re.sub(r"^(?:the|The)\s+", "", ent.text).strip()
            start = ent.end_char - len(name)
            # 'Myanmar National Democratic Alliance Army': a group named after a country or a
            # region holds that place's mention inside its own name
            group = ent.label_ == "ORG" and bool(_ARMED_GROUP_WORDS.search(name))
            spans = [
                (m.start, m.end)
                for m in taken
                if not (
                    group and m.is_place and ent.start_char <= m.start and m.end <= ent.end_char
                )
            ]
            if (
                len(name) < 3
                or any(s < ent.end_char and start < e for s, e in spans)
                or (ent.start == ent.sent.start and name.isupper())
                or name_key(name) in NOT_NAMES
                or name_key(name).split()[0] in NUMBER_WORDS
            ):
                continue
            if len(ent) == 1 and ent[0].pos_ != "PROPN":
                continue  # "Photographs released ...": a common noun opening a sentence
            if ent.label_ == "ORG" and not _ARMED_GROUP_WORDS.search(name):
                continue  # apps, channels, ministries, misread towns: not fighting organisations
            if self.lexicon.find_place(name, loose=False):
                continue  # spaCy sometimes calls a town an organisation
            kind = IKB.Person if ent.label_ == "PERSON" else IKB.ArmedGroup
            iri = self.minter.person(name) if kind == IKB.Person else self.minter.actor(name)
            known = self.lexicon.entries.get(iri)
            if known is not None:
                out.append(linked_mention(known, start, ent.end_char, name))
            else:
                label = canonical_label(name)
                out.append(Mention(start, ent.end_char, name, iri, kind, label, False, new=True))
        return out


def article_countries(places: list[Mention], doc: Doc, lexicon: Lexicon) -> list[str]:
    """The countries an article is about, most named first (ties: first named): the countries
    its places lie in, else those its nationality words name ("Ethiopian troops")."""
    counts: dict[str, int] = {}
    longest = sorted(places, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in longest:  # of overlapping readings ("Sahl" and "Sahl al-Ghab") the longest counts
        if not any(k.start <= m.start < k.end for k in kept):
            kept.append(m)
    for m in kept:
        if not m.is_place or not m.country_code or m.text.islower():
            continue  # "the northwest" describes, it does not name: no evidence of a country
        entry = lexicon.entries.get(m.iri)
        if (
            entry is not None
            and not entry.world
            and name_key(_KIND_SUFFIX.sub("", m.text)) not in {name_key(n) for n in entry.names}
        ):
            continue  # a loose spelling ("Mansour" for Mansoura) is no evidence of the country
        # a town says more about where the story is than a country named in passing
        weight = 1 if m.kind == IKB.Country else 2 if m.world else 3
        counts[m.country_code] = counts.get(m.country_code, 0) + weight
    if not counts:
        for ent in doc.ents:
            code = lexicon.world.demonym(ent.text) if ent.label_ == "NORP" else None
            if code:
                counts[code] = counts.get(code, 0) + 1
    order = list(counts)
    return sorted(counts, key=lambda c: (-counts[c], order.index(c)))


_FROM_REGION = re.compile(
    r"\b(?P<word>[Ff]ighters|[Ff]orces|[Tt]roops|[Mm]ilitiamen|[Mm]ilitias)\s+from\s+(?:the\s+)?"
    r"(?:[A-Z][\w-]+(?:'s|\u2019s)\s+)?(?P<place>[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)"
    r"(?:\s+(?:region|state|province|area))?"
)
_MINISTRY = re.compile(
    r"\b(?P<owner>[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:'s|\u2019s)?\s+"
    r"(?P<body>(?:defen[cs]e|interior|foreign|home)\s+ministry|ministry\s+of\s+(?:defen[cs]e|the\s+interior|foreign\s+affairs)|general\s+staff)\b",
    re.I,
)
_KIND_SUFFIX = re.compile(
    r"(?:'s|\u2019s)?\s+(?:province|provinces|governorate|district|countryside|region|city|town|village)$",
    re.I,
)
_ACRONYM = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z0-9-]{1,7})\)")


def _acronyms(mentions: list[Mention], text: str) -> list[Mention]:
    """'the Tigray People's Liberation Front (TPLF)': later bare 'TPLF' is the same group."""
    out = list(mentions)
    for m in mentions:
        if m.is_place or m.generic:
            continue
        found = _ACRONYM.match(text, m.end)
        if not found:
            continue
        acronym = found.group("acronym")
        if any(x.text == acronym and not x.new for x in out):
            continue  # a dictionary acronym already links it
        out = [x for x in out if not (x.text == acronym and x.new)]
        for hit in re.finditer(rf"\b{re.escape(acronym)}\b", text):
            if not any(x.start < hit.end() and hit.start() < x.end for x in out):
                out.append(dataclasses.replace(m, start=hit.start(), end=hit.end(), text=acronym))
    return sorted(out, key=lambda m: m.start)


_NATIONALITY = re.compile(r"(?:an|i|ese|ish|ch)$")


def possessive_spellings(name: str) -> list[str]:
    """How a name reads as an owner, apostrophe lost in copying or not: "Assads forces",
    "Russias", "Assad's forces", "Bashar al-Assads". Only for proper names; "regime" stays."""
    words = name.split()
    last = words[-1]
    if not any(c.isupper() for c in last) or last.isupper() or not last[-1].isalpha():
        out = []
    else:
        out = [name + "s"] if not last.endswith("s") else []
    first = words[0]
    owner = first[:1].isupper() and not first.isupper() and first[-1].isalpha()
    if len(words) == 2 and words[1].islower() and owner and not _NATIONALITY.search(first):
        out += [f"{first}'s {words[1]}", f"{first}\u2019s {words[1]}"]
        out += [f"{first}s {words[1]}"] if not first.endswith("s") else []
    return out


def _longest(spans: list[Span]) -> list[Span]:
    from spacy.util import filter_spans

    return filter_spans(spans)


def _merge(places: list[Mention], actors: list[Mention], text: str) -> list[Mention]:
    """Places and actors overlap on capital names: "Damascus said" and "Damascus and its ally"
    are the government, "in Damascus" and "capital Damascus" are the city."""
    out: list[Mention] = []
    for p in places:
        clash = [a for a in actors if a.start < p.end and p.start < a.end]
        if clash and not p.new:
            whole = all(a.start == p.start and a.end == p.end for a in clash)
            acts = _ACTS_AFTER.match(text[p.end : p.end + 30]) or _ACTS_BEFORE.search(
                text[max(0, p.start - 5) : p.start]
            )
            if p.kind == IKB.Country and whole:
                # "backed by Russia", "Turkey, which backs": the state; "in Russia": the country
                before = text[max(0, p.start - 12) : p.start].split()
                acts = not (before and before[-1].lower() in _LOCATIVE)
            if whole and not acts:
                out.append(p)
            continue
        if clash:
            continue
        out.append(p)
    taken = [(m.start, m.end) for m in out]
    out += [a for a in actors if not any(s < a.end and a.start < e for s, e in taken)]
    seen: set[tuple[int, int]] = set()
    unique = []
    for m in sorted(out, key=lambda m: (m.start, -(m.end - m.start))):
        if any(s <= m.start < e for s, e in seen):
            continue
        seen.add((m.start, m.end))
        unique.append(m)
    return unique
