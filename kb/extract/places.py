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
}
_KIND_WORDS = {
    "province": IKB.Governorate,
    "provinces": IKB.Governorate,
    "governorate": IKB.Governorate,
    "countryside": IKB.Governorate,
    "district": IKB.District,
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
    "neighborhood": IKB.Town,
}
_NAME = r"(?:(?:al|el|Al|El)-)?[A-Z][\w'\u2019-]+(?:\s(?:(?:al|el|as|ash|an|ad|Al)-?)?[A-Z][\w'\u2019-]+){0,3}"
_CONTEXT_BEFORE = re.compile(
    rf"\b(?P<kind>village|villages|town|towns|city|hamlet|hill|hills|neighbourhood|neighborhood|area|province|region|district)\s+of\s+"
    rf"(?P<names>{_NAME}(?:(?:,\s*|\s+and\s+|,\s+and\s+){_NAME})*)"
)
_CONTEXT_AFTER = re.compile(
    rf"(?P<name>{_NAME})\s+(?P<kind>village|town|province|governorate|district|countryside)\b"
)


class PlaceFinder:
    """Built once per lexicon; ``find`` runs on each parsed article."""

    def __init__(self, lexicon: Lexicon, nlp: object, base_iri: str) -> None:
        self.lexicon = lexicon
        self.base = base_iri
        self._ents: list = []
        self.place_phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in lexicon.entries.values():
            if entry.is_place:
                lowercase = [n for n in entry.names if n[:1].islower()]
                if lowercase:
                    self.place_phrases.add(str(entry.iri), [nlp.make_doc(n) for n in lowercase])

    def find(self, doc: Doc, governorates: set[URIRef]) -> list[Mention]:
        """Every place mention; ``governorates`` (from a first pass) settle shared names."""
        text = doc.text
        self._ents = list(doc.ents)
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
        for match_id, start, end in self.place_phrases(doc):
            entry = self.lexicon.entries[URIRef(doc.vocab.strings[match_id])]
            span = doc[start:end]
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
                    found.append(
                        self._new_place(
                            ent.start_char + len(ent.text) - len(name), ent.end_char, name, None
                        )
                    )
        return found

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
        if not context and self._inside_longer_person(start, end):
            return None  # "Rami" of "Rami Abdel Rahman" is a man, not the village of Rami
        candidates = self.lexicon.find_place(name, loose=False)
        toponym = name.split()[0].lower() in _TOPONYM_HEADS and " " in name
        if not candidates and (
            context or toponym or not self._in_entity(start, end, ("PERSON", "ORG", "NORP"))
        ):
            # Loose spellings only where spaCy does not see a person or organisation:
            # "Bashar" must not become the village of Al Bashiriyah.
            candidates = self.lexicon.find_place(name, loose=True)
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
            in_context = bool(governorates & set(self.lexicon.ancestors(entry.iri)))
            fits = (
                hint is None
                or entry.kind == hint
                or (hint == IKB.Town and entry.kind == IKB.Village)
            )
            big = entry.kind in (IKB.Country, IKB.Governorate)
            return (not fits, not big, not in_context, candidates.index(entry))

        return min(candidates, key=score)

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


def linked_mention(entry: Entry, start: int, end: int, text: str) -> Mention:
    """A mention of a dictionary entry."""
    return Mention(start, end, text, entry.iri, entry.kind, entry.label, entry.is_place)


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
