"""Place mentions: the gazetteer over capitalised spans, contextual patterns, spaCy's entities.

Three layers, because spaCy's small model mislabels many Syrian names: the gazetteer over
capitalised spans (any spelling, via name keys), contextual patterns ("the villages of X and Y",
"X province") that also admit places the gazetteer lacks, and spaCy's GPE/LOC entities last.
Among places sharing a name, the one in a governorate the article mentions wins.
"""

from __future__ import annotations

import re

from rdflib import URIRef
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kb.extract.lexicon import Entry, Lexicon
from kb.extract.model import Mention
from kb.extract.names import name_key, skeleton, slug
from kb.extract.world import BIG_CITY, FAR_TOWN
from kb.vocab import IKB, SEM

# Words a capitalised-name pattern can catch that never name a place ("The town", "Regime forces").
NOT_NAMES = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "its",
    "his",
    "their",
    "our",
    "one",
    "each",
    "every",
    "regime",
    "government",
    "rebel",
    "opposition",
    "jihadist",
    "army",
    "state",
    "russian",
    "turkish",
    "syrian",
    "local",
    "nearby",
    "key",
    "strategic",
    "main",
    "border",
    "last",
    "second",
    "third",
    "first",
    "largest",
    "whole",
    "entire",
    "southern",
    "northern",
    "eastern",
    "western",
    "central",
    "rural",
}
# First words of Arabic place names ("Kafr Zita", "Tal Maleh"): such a span is a place even when
# spaCy calls it a person.
_TOPONYM_HEADS = {
    "kafr",
    "kfar",
    "kfr",
    "tal",
    "tall",
    "tell",
    "khan",
    "jisr",
    "maarat",
    "maarrat",
    "ma'arat",
    "deir",
    "dayr",
    "ain",
    "ayn",
    "ras",
    "jabal",
    "jebel",
    "beit",
    "bayt",
    "umm",
    "qalaat",
    "qalat",
    "bab",
    "hayy",
    "tel",
    "wadi",
    "sahl",
}
_POSSESSIVE = re.compile(r"(?<=[a-z])(?:'|\u2019)?s$")
# Kinds of place that own others in "Aleppos Bustan al-Qasr" or "Syrias Homs".
_OWNERS = {IKB.Country, IKB.Governorate, IKB.District, IKB.Town}
_COUNTRY_WRAP = re.compile(r"^(?:Syria'?s|Syria\u2019s)\s+|,?\s+Syria$")
NUMBER_WORDS = set(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "hundreds thousand thousands dozens dozen scores".split()
)
_CONNECTORS = {
    "al",
    "el",
    "as",
    "ash",
    "ad",
    "an",
    "ar",
    "at",
    "az",
    "-",
    "al-",
    "bin",
    "abu",
    "de",
    "ez",
    "ed",
    "da",
    "do",
    "dos",
    "das",
    "du",
    "di",
    "del",
    "la",
    "le",
}
_KIND_WORDS = {
    "province": IKB.Governorate,
    "provinces": IKB.Governorate,
    "governorate": IKB.Governorate,
    "countryside": IKB.Governorate,
    "district": IKB.District,
    "zone": IKB.District,
    "state": IKB.Governorate,
    "city": IKB.Town,
    "town": IKB.Town,
    "towns": IKB.Town,
    "village": IKB.Village,
    "villages": IKB.Village,
    "hamlet": IKB.Village,
    "region": IKB.Region,
    "area": IKB.Region,
    "plain": IKB.Region,
    "hill": IKB.Site,
    "hills": IKB.Site,
    "neighbourhood": IKB.Town,
    "settlement": IKB.Village,
    "neighborhood": IKB.Town,
}
_NAME = r"(?:(?:al|el|Al|El)-)?[A-Z][\w'\u2019-]+(?:\s(?:(?:al|el|as|ash|an|ad|Al)-?)?[A-Z][\w'\u2019-]+){0,3}"
_CONTEXT_BEFORE = re.compile(
    rf"\b(?P<kind>village|villages|town|towns|city|hamlet|hill|hills|neighbourhood|neighborhood|area|province|region|district)\s+of\s+"
    rf"(?P<names>{_NAME}(?:(?:,\s*|\s+and\s+|,\s+and\s+){_NAME})*)"
)
# "Adan Yabaal, a town 10 km south-west of Y": the apposition says what the name is.
_APPOSITION = re.compile(
    rf"(?P<name>{_NAME}),\s+(?:a|an)\s+(?:[\w-]+\s+){{0,3}}?(?P<kind>town|village|city|hamlet|district|settlement)\b"
)
# What a force captures or holds is a place: "has held Kawlin since", "seized Goma".
_TAKEN_OBJECT = re.compile(
    rf"\b(?:captured|seized|overran|retook|retaken|recaptured|taken|(?:has|have|had)\s+held|took\s+control\s+of|controls|holds)\s+(?P<name>{_NAME})"
)
# "MAIDUGURI -", "CUCUTA, Colombia -": where a wire story was filed.
_DATELINE = re.compile(
    r"\s*(?P<name>[A-Z][A-Z\u00c0-\u00dd'\u2019.-]+(?: [A-Z\u00c0-\u00dd'\u2019.-]+){0,2})(?:,\s*[A-Z][\w ]+)?\s+[-\u2013\u2014]+\s"
)
_BASED_AFTER = re.compile(r"\s*-\s*(?:based|born|made)\b")
_MEDIA_AFTER = re.compile(
    r"\s*(?:TV|television|channel|radio|newspaper|news agency|news network)\b", re.I
)
_CONTEXT_AFTER = re.compile(
    rf"(?P<name>{_NAME})\s+(?P<kind>village|town|province|governorate|district|countryside|region|state|zone)\b"
)


class PlaceFinder:
    """Built once per lexicon; ``find`` runs on each parsed article."""

    def __init__(self, lexicon: Lexicon, nlp: object, base_iri: str) -> None:
        self.lexicon = lexicon
        self.base = base_iri
        self._ents: list = []
        # the article's countries, most named first, as ISO codes (set between the two passes)
        self.countries: list[str] | None = []
        # an actor's name ("Monitor", "Observatory") is never a loose spelling of a village
        self.actor_names = {name_key(n) for e in lexicon.actors() for n in e.names}
        self.place_phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in lexicon.entries.values():
            if entry.is_place:
                phrases = [n for n in entry.names if n[:1].islower() or _any_case(entry, n)]
                if phrases:
                    self.place_phrases.add(str(entry.iri), [nlp.make_doc(n) for n in phrases])

    def find(self, doc: Doc, governorates: set[URIRef]) -> list[Mention]:
        """Every place mention; ``governorates`` (from a first pass) settle shared names."""
        text = doc.text
        self._ents = list(doc.ents)
        self._doc = doc
        self._text = text
        self._starts = [t.idx for t in doc]
        self._owners: list[Mention] = []
        self._lower_words = {t.text for t in doc if t.text.isalpha() and t.text.islower()}
        found: list[Mention] = []
        for m in _CONTEXT_BEFORE.finditer(text):
            kind = _KIND_WORDS.get(m.group("kind"))
            for name_match in re.finditer(_NAME, m.group("names")):
                start = m.start("names") + name_match.start()
                found.append(
                    self._place(
                        text, start, start + len(name_match.group(0)), kind, governorates, True
                    )
                )
        for m in _CONTEXT_AFTER.finditer(text):
            kind = _KIND_WORDS.get(m.group("kind"))
            whole = self.lexicon.find_place(m.group(0), loose=False, world=False)
            if whole and m.group("kind") in ("region", "zone", "state"):
                # "the Idlib region" is a region of its own in the dictionary, not Idlib
                found.append(linked_mention(whole[0], m.start(), m.end(), m.group(0)))
                continue
            end = (
                m.end()
                if kind in (IKB.Governorate,) or m.group("kind") == "countryside"
                else m.end("name")
            )
            mention = self._place(text, m.start("name"), m.end("name"), kind, governorates, True)
            if mention is not None and kind == IKB.Governorate:
                mention.end = end
                mention.text = text[mention.start : end]
            found.append(mention)
        dateline = _DATELINE.match(text)
        if dateline:
            found.append(self._dateline(text, dateline.start("name"), dateline.end("name")))
        for m in _TAKEN_OBJECT.finditer(text):
            if not self._in_entity(m.start("name"), m.end("name"), ("ORG", "NORP")) and not (
                self._inside_longer_person(m.start("name"), m.end("name"))
            ):
                found.append(
                    self._place(text, m.start("name"), m.end("name"), None, governorates, True)
                )
        for m in _APPOSITION.finditer(text):
            kind = _KIND_WORDS.get(m.group("kind"), IKB.Village)
            found.append(
                self._place(text, m.start("name"), m.end("name"), kind, governorates, True)
            )
        for match_id, start, end in self.place_phrases(doc):
            entry = self.lexicon.entries[URIRef(doc.vocab.strings[match_id])]
            span = doc[start:end]
            # "al-Zahraa" names a district of Homs and a town near Aleppo: the article decides.
            near = self.near_countries()
            namesakes = [
                e
                for e in self.lexicon.find_place(span.text, loose=False)
                if (not e.world and (not near or e.country in near)) or e.country in near
            ]
            if not namesakes and near and entry.country not in near:
                continue  # "the northwest" of an article about another country is not Idlib's
            entry = self._choose(namesakes or [entry], None, governorates)
            found.append(linked_mention(entry, span.start_char, span.end_char, span.text))
        found = [m for m in found if m is not None]
        taken = {i for m in found for i in range(m.start, m.end)}
        tokens = list(doc)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if (
                not tok.text[:1].isupper()
                or tok.idx in taken
                or (tok.is_sent_start and tok.text.isupper() and len(tok) > 3)
            ):
                i += 1
                continue
            hit = None
            for j in range(min(len(tokens), i + 6), i, -1):
                last = tokens[j - 1]
                if last.lower_ in _CONNECTORS or any(t.is_sent_start for t in tokens[i + 1 : j]):
                    continue
                if not all(
                    t.text[:1].isupper() or t.lower_ in _CONNECTORS or t.text == "-"
                    for t in tokens[i:j]
                ):
                    continue
                start, end = tok.idx, last.idx + len(last.text)
                after = tokens[j].lower_ if j < len(tokens) else ""
                hint = _KIND_WORDS.get(after)
                if hint == IKB.Region and self.lexicon.find_place(
                    text[start:end] + " region", loose=False
                ):
                    end = tokens[j].idx + len(tokens[j].text)
                mention = self._place(text, start, end, hint, governorates, False)
                if mention is not None:
                    if hint == IKB.Governorate and mention.kind == IKB.Governorate:
                        mention.end = tokens[j].idx + len(tokens[j].text)
                        mention.text = text[start : mention.end]
                    hit = (j, mention)
                    break
            if hit:
                found.append(hit[1])
                i = hit[0]
            else:
                i += 1
        found += _unique(self._owners)
        taken = {i for m in found for i in range(m.start, m.end)}
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC", "FAC") and not any(
                i in taken for i in range(ent.start_char, ent.end_char)
            ):
                based = re.match(
                    r"\s*-\s*(?:based|born|made|led|backed)\b",
                    text[ent.end_char : ent.end_char + 12],
                )
                if based:
                    continue  # "a UK-based monitor": where the monitor sits, not a place of the story
                if ent.text[:1].isupper() and not (
                    ent.start == ent.sent.start and ent.text.isupper()
                ):
                    name = re.sub(r"^(?:the|The)\s+", "", ent.text)
                    if name_key(name) in ("", *NOT_NAMES):
                        continue  # "Ash" of "Ash Shairat" alone: an article, not a name
                    if self.lexicon.world.demonym(name.rstrip("s")):
                        continue  # "Ukrainian": a nationality spaCy took for a place
                    found.append(
                        self._new_place(
                            ent.start_char + len(ent.text) - len(name), ent.end_char, name, None
                        )
                    )
        self._remember_governorates(doc, found)
        return found

    def _remember_governorates(self, doc: Doc, found: list[Mention]) -> None:
        """Where each governorate is first named, directly or through a place in it, for the
        second pass over the same article (``_first_named``)."""
        first: dict[URIRef, int] = {}
        for m in sorted(found, key=lambda m: m.start):
            for iri in [m.iri, *self.lexicon.ancestors(m.iri)]:
                if (
                    self.lexicon.entries.get(iri)
                    and self.lexicon.entries[iri].kind == IKB.Governorate
                ):
                    first.setdefault(iri, m.start)
        self._named_at = (doc, first)

    def _place(
        self,
        text: str,
        start: int,
        end: int,
        hint: URIRef | None,
        governorates: set[URIRef],
        context: bool,
    ) -> Mention | None:
        name = text[start:end]
        key = name_key(name)
        if (
            not key
            or key in NOT_NAMES
            or key.split()[0] in NUMBER_WORDS
            or key.split("-")[0] in NUMBER_WORDS
        ):
            return None
        if _BASED_AFTER.match(text[end : end + 12]):
            return None  # "a UK-based monitor": where the monitor sits, not a place of the story
        if _MEDIA_AFTER.match(text[end : end + 20]):
            return None  # "Al Mayadeen TV", "Aleppo Today television": a channel, not the town
        if not context and self.lexicon.world.demonym(name.rstrip("s")):
            return None  # "Ukrainian", "Somali": a nationality, never a place
        owner = self._owner(name)
        if owner is not None:
            return self._owned_place(text, start, end, owner, hint, governorates)
        if not context and self._inside_longer_person(start, end):
            return None  # "Rami" of "Rami Abdel Rahman" is a man, not the village of Rami
        candidates = self._trusted(self.lexicon.find_place(name, loose=False), start, end, context)
        if candidates and not context and self._lowercase_elsewhere(start, end):
            return None  # "War" is not Waar, nor "Sharia" a village, where the article writes "war"
        toponym = name.split()[0].lower() in _TOPONYM_HEADS and " " in name
        if not candidates and (
            context
            or toponym
            or not (
                self._in_entity(start, end, ("PERSON", "ORG", "NORP"))
                or self._common_word(start, end)
                or key in self.actor_names
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
            return self._new_place(start, end, name, hint) if context else None
        entry = self._choose(candidates, hint, governorates)
        return linked_mention(entry, start, end, name)

    def _owner(self, name: str) -> tuple[Entry, int, int] | None:
        """The known place a name opens with as an owner, with its apostrophe or without
        ("Aleppos Bustan al-Qasr", "Deir Ezzor's countryside", "Syrias Homs"): the entry, where
        the owner word ends and where the rest begins. A word that is itself a place name
        ("Homs") is no owner."""
        words = list(re.finditer(r"\S+", name))
        for k, word in enumerate(words[:3]):
            stem = _POSSESSIVE.sub("", word.group(0))
            if stem == word.group(0):
                continue
            owner_name = name[: word.start()] + stem
            if len(stem) < 3 or self.lexicon.find_place(name[: word.end()], loose=False):
                return None
            near = self.near_countries()
            found = [
                e
                for e in self.lexicon.find_place(owner_name, loose=False)
                if e.kind in _OWNERS
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
        text: str,
        start: int,
        end: int,
        owner: tuple[Entry, int, int],
        hint: URIRef | None,
        governorates: set[URIRef],
    ) -> Mention | None:
        """'Aleppos X': the owner is a place mention of its own, and X (when named) lies in it.
        X unknown to the gazetteer is minted inside the owner only where spaCy does not read X
        as a name of its own ("Syrias President Bashar al-Assad"), and never inside a country."""
        entry, owner_end, rest_at = owner
        owner_mention = linked_mention(
            entry, start, start + owner_end, text[start : start + owner_end]
        )
        if start + rest_at >= end:
            return owner_mention
        self._owners.append(owner_mention)
        rest_start = start + rest_at
        mint = entry.kind != IKB.Country and not any(
            e.start_char == rest_start and e.label_ in ("PERSON", "ORG", "NORP") for e in self._ents
        )
        mention = self._place(text, rest_start, end, hint, governorates, True)
        if mention is None or (mention.new and not mint):
            return None
        if mention.new:
            mention.parent = entry.iri
        return mention

    def _dateline(self, text: str, start: int, end: int) -> Mention | None:
        """A wire story's dateline names a city: the most populous place of that name."""
        found = [
            e
            for e in self.lexicon.find_place(text[start:end], loose=False)
            if not e.world or e.population >= FAR_TOWN
        ]
        if not found:
            return None
        best = min(found, key=lambda e: (self._country_rank(e), -e.population))
        return linked_mention(best, start, end, text[start:end])

    def _trusted(self, candidates: list[Entry], start: int, end: int, context: bool) -> list[Entry]:
        """World gazetteer places are many and their names often English words ("Police",
        "Wagner"): one counts where the article is about its country or a neighbour, where spaCy
        reads the span as a place, or where it is a big city named as a proper noun. With a
        context word ("the village of X") only the article's own region is trusted; a namesake
        far away is less likely than a place the gazetteer lacks."""
        near = self.near_countries()
        name = self._text[start:end]
        lenient = context or self._plain_name(start, end, strict=False)
        strict = context or (lenient and self._plain_name(start, end, strict=True))
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
            elif name_key(name) in self.lexicon.world.not_places or self._person_word(name):
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
            elif self._is_entity(start, end, ("GPE", "LOC", "FAC")) and (
                entry.population >= FAR_TOWN or entry.kind == IKB.Governorate
            ):
                out.append(entry)
            elif entry.population >= BIG_CITY and self._proper(start, end):
                out.append(entry)
        return out

    def _plain_name(self, start: int, end: int, strict: bool = True) -> bool:
        """A span that reads as a whole place name by itself: proper nouns, not an acronym
        ("IRA"), not part of a longer name ("Boylston" of Boylston Street, "Marathon" of the
        Boston Marathon), not a person, date or event spaCy sees there."""
        tokens = [t for t in self._tokens_in(start, end) if not t.is_punct]
        if not tokens or not all(t.pos_ == "PROPN" for t in tokens):
            return False
        name = self._text[start:end]
        if name.isupper() and len(name) <= 5:
            return False
        doc = self._doc
        first, last = tokens[0].i, tokens[-1].i
        if (
            last + 1 < len(doc)
            and doc[last + 1].text[:1].isupper()
            and not doc[last + 1].is_sent_start
        ):
            return False
        before = doc[first - 1] if first > 0 else None
        if (
            before is not None
            and not doc[first].is_sent_start
            and (before.text[:1].isupper() or before.pos_ == "PROPN")
        ):
            return False
        if any(
            e.start_char <= start and end <= e.end_char and e.end_char - e.start_char > end - start
            for e in self._ents
        ):
            return False  # "Street" of West 27th Street, "Times" of Times Square
        if self._is_entity(start, end, ("GPE", "LOC", "FAC")):
            return True
        if not strict:  # in the article's region spaCy's other labels are often misreadings
            return not self._in_entity(start, end, ("PERSON", "DATE")) or len(tokens) > 1
        return not self._in_entity(
            start, end, ("PERSON", "ORG", "NORP", "DATE", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT")
        )

    def _person_word(self, name: str) -> bool:
        """A word of a person's name elsewhere in the article ("Abiy" of Abiy Ahmed)."""
        return any(
            e.label_ == "PERSON" and name in e.text.split() and e.text != name for e in self._ents
        )

    def near_countries(self) -> set[str]:
        """The article's countries and the neighbours of the first."""
        if not self.countries:  # [] before the first pass, None when the text names none
            return set()
        first = self.lexicon.world.countries.get(self.countries[0])
        return {*self.countries, *(first.neighbours if first else ())}

    def _is_entity(self, start: int, end: int, labels: tuple[str, ...]) -> bool:
        """spaCy reads exactly this span (after a leading "the") as one of ``labels``."""
        return any(
            e.label_ in labels and e.end_char == end and e.start_char <= start <= e.start_char + 4
            for e in self._ents
        )

    def _tokens_in(self, start: int, end: int) -> list:
        """The tokens that begin inside [start, end), found by bisection (the doc is long)."""
        from bisect import bisect_left

        first, last = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [self._doc[i] for i in range(first, last)]

    def _proper(self, start: int, end: int) -> bool:
        tokens = [t for t in self._tokens_in(start, end) if not t.is_punct]
        return bool(tokens) and all(t.pos_ == "PROPN" for t in tokens)

    def _common_word(self, start: int, end: int) -> bool:
        """One word that spaCy reads as other than a proper noun, or that the article also
        writes in lower case: "Monitor" and "Fourteen" are English, not loose spellings of
        Al-Mentar or Fafertin."""
        tokens = [t for t in self._tokens_in(start, end) if not t.is_punct]
        if len(tokens) != 1:
            return False
        return tokens[0].pos_ != "PROPN" or self._lowercase_elsewhere(start, end)

    def _lowercase_elsewhere(self, start: int, end: int) -> bool:
        """A one-word name the article also writes in lower case is a word of English."""
        name = self._text[start:end]
        return name.isalpha() and name.lower() in self._lower_words

    def _inside_longer_person(self, start: int, end: int) -> bool:
        return any(
            e.label_ == "PERSON"
            and e.start_char <= start
            and end <= e.end_char
            and (e.end_char - e.start_char) > (end - start)
            for e in self._ents
        )

    def _in_entity(self, start: int, end: int, labels: tuple[str, ...]) -> bool:
        return any(
            e.label_ in labels and e.start_char <= start and end <= e.end_char for e in self._ents
        )

    def _choose(
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
            first = min((self._first_named(g) for g in mine), default=len(self._text))
            here = self._country_rank(entry)
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

    def _country_rank(self, entry: Entry) -> int:
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
        doc, first = getattr(self, "_named_at", (None, {}))
        if doc is self._doc and governorate in first:
            return first[governorate]
        text = self._text.lower()
        found = [text.find(n.lower()) for n in self.lexicon.entries[governorate].names]
        return min((i for i in found if i >= 0), default=len(text))

    def _new_place(self, start: int, end: int, name: str, kind: URIRef | None) -> Mention:
        bare = _COUNTRY_WRAP.sub("", name).strip()
        if bare != name and bare:
            known = self.lexicon.find_place(bare, loose=False)
            if known:  # "Syrias Idlib" (no apostrophe in some datasets), "Raqqa, Syria"
                e = known[0]
                return linked_mention(e, start, end, name)
        iri = URIRef(f"{self.base}place/{slug(name)}")
        known = self.lexicon.entries.get(iri)
        if known:
            return linked_mention(known, start, end, name)
        return Mention(
            start, end, name, iri, kind or SEM.Place, canonical_label(name), True, new=True
        )


def _any_case(entry: Entry, name: str) -> bool:
    """Governorate names of several words are matched whatever their case ("Deir ezzor"):
    the capitalised-span scan needs every word capitalised."""
    return entry.kind == IKB.Governorate and len(name.split()) > 1


def _unique(mentions: list[Mention]) -> list[Mention]:
    """One mention per span (the scan may look at the same owner word more than once)."""
    return list({(m.start, m.end): m for m in mentions}.values())


def linked_mention(entry: Entry, start: int, end: int, text: str) -> Mention:
    """A mention of a dictionary or world gazetteer entry."""
    return Mention(
        start,
        end,
        text,
        entry.iri,
        entry.kind,
        entry.label,
        entry.is_place,
        parent=next(iter(entry.parents), None) if entry.world else None,
        country_code=entry.country,
        world=entry.world,
        coordinates=entry.coordinates,
    )


def canonical_label(name: str) -> str:
    """One spelling per IRI whatever the case in the text: "al-Sarout" and "Al-Sarout" are one
    entity with one preferred label (the dictionary's own labels are used as they are)."""
    words = []
    for word in name.split():
        head, dash, rest = word.partition("-")
        if dash and head.lower() in ("al", "el", "as", "ash", "ad", "an", "ar", "at", "az"):
            words.append(f"{head.lower()}-{rest[:1].upper()}{rest[1:]}")
        else:
            words.append(word[:1].upper() + word[1:])
    return " ".join(words)
