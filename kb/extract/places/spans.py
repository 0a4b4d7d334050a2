"""What the parse of one article says about a stretch of its text: is it a proper noun, an
entity of some label, part of a longer name, a word the article also writes in lower case."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc


class SpanReader:
    """Questions about character spans of one parsed article (built per article)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.ents = list(doc.ents)
        self._starts = [t.idx for t in doc]
        self._lower_words = {t.text for t in doc if t.text.isalpha() and t.text.islower()}

    def plain_name(self, start: int, end: int, strict: bool = True) -> bool:
        """A span that reads as a whole place name by itself: proper nouns, not an acronym
        ("IRA"), not part of a longer name ("Boylston" of Boylston Street, "Marathon" of the
        Boston Marathon), not a person, date or event spaCy sees there."""
        tokens = [t for t in self.tokens_in(start, end) if not t.is_punct]
        if not tokens or not all(t.pos_ == "PROPN" for t in tokens):
            return False
        name = self.text[start:end]
        if name.isupper() and len(name) <= 5:
            return False
        doc = self.doc
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
            for e in self.ents
        ):
            return False  # "Street" of West 27th Street, "Times" of Times Square
        if self.is_entity(start, end, ("GPE", "LOC", "FAC")):
            return True
        if not strict:  # in the article's region spaCy's other labels are often misreadings
            return not self.in_entity(start, end, ("PERSON", "DATE")) or len(tokens) > 1
        return not self.in_entity(
            start, end, ("PERSON", "ORG", "NORP", "DATE", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT")
        )

    def person_word(self, name: str) -> bool:
        """A word of a person's name elsewhere in the article ("Abiy" of Abiy Ahmed)."""
        return any(
            e.label_ == "PERSON" and name in e.text.split() and e.text != name for e in self.ents
        )

    def is_entity(self, start: int, end: int, labels: tuple[str, ...]) -> bool:
        """spaCy reads exactly this span (after a leading "the") as one of ``labels``."""
        return any(
            e.label_ in labels and e.end_char == end and e.start_char <= start <= e.start_char + 4
            for e in self.ents
        )

    def tokens_in(self, start: int, end: int) -> list:
        """The tokens that begin inside [start, end), found by bisection (the doc is long)."""
        first, last = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [self.doc[i] for i in range(first, last)]

    def proper(self, start: int, end: int) -> bool:
        tokens = [t for t in self.tokens_in(start, end) if not t.is_punct]
        return bool(tokens) and all(t.pos_ == "PROPN" for t in tokens)

    def common_word(self, start: int, end: int) -> bool:
        """One word that spaCy reads as other than a proper noun, or that the article also
        writes in lower case: "Monitor" and "Fourteen" are English, not loose spellings of
        Al-Mentar or Fafertin."""
        tokens = [t for t in self.tokens_in(start, end) if not t.is_punct]
        if len(tokens) != 1:
            return False
        return tokens[0].pos_ != "PROPN" or self.lowercase_elsewhere(start, end)

    def lowercase_elsewhere(self, start: int, end: int) -> bool:
        """A one-word name the article also writes in lower case is a word of English."""
        name = self.text[start:end]
        return name.isalpha() and name.lower() in self._lower_words

    def inside_longer_person(self, start: int, end: int) -> bool:
        return any(
            e.label_ == "PERSON"
            and e.start_char <= start
            and end <= e.end_char
            and (e.end_char - e.start_char) > (end - start)
            for e in self.ents
        )

    def in_entity(self, start: int, end: int, labels: tuple[str, ...]) -> bool:
        return any(
            e.label_ in labels and e.start_char <= start and end <= e.end_char for e in self.ents
        )
