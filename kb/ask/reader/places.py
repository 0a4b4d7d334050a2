"""Places, things and dates: a place that fits the asked kind (village, region) or holds the
named one, a thing named beside the asked noun ('the al-Watan newspaper'), a date whose verb
has the asked place as its object; and whether a sentence names a place itself, not only as a
landmark."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb.ask.question import Question, stated_times
from kb.ask.reader.parse import (
    DATELINE,
    PLACE_PREPS_AWAY,
    UNITS,
    clean,
    near_lemma,
    proper_runs,
)
from kb.ask.reader.roles import control_role, governs
from kb.ask.retrieve import Evidence
from kb.ask.vocabulary import FOCUS_WORDS, PLACE_NOUNS
from kb.extract.names import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


_BEARINGS = {
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "outskirts",
    "edge",
}


_KIND_WORDS = {"city", "town", "village", "province", "governorate", "district", "region"}


def date_spans(question: Question, doc: Doc, ev: Evidence, previous: Doc | None) -> Iterator[tuple]:
    asked = question.window.value if question.window else None
    # 'When did X capture Y': the date of an event on a place the question names as its object.
    targets = {fold(n) for n in question.named if fold(n) and fold(n) in fold(question.object_text)}
    if not targets:  # the parse missed the verb's object: the name right after a capture verb
        taken = _TAKEN_NAME.search(question.text)
        targets = {fold(taken.group("name"))} if taken else set()
    for start, end, span in stated_times(doc.text, ev.published):
        if span.value == asked:
            continue
        tokens = doc.char_span(start, end, alignment_mode="expand")
        if tokens is None:
            continue
        fit = 1.0 if span.precision == "day" else 0.7
        if question.text.lower().startswith("since when") and not span.since:
            fit -= 0.3
        if targets and not _dated_event_on(tokens, targets):
            continue  # the date belongs to another verb ('..., officials said on Thursday')
        yield span.value, tokens, fit, span.text


_TAKEN_NAME = re.compile(
    r"\b(?:captur|seiz|take|took|retake|retook|recaptur|enter|overr[au]n|storm)\w*\s+(?:the\s+)?"
    r"(?:(?:town|city|village|district|province|region|base|camp)\s+of\s+)?"
    r"(?P<name>(?:al-|el-|ad-|as-)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)"
)


def _dated_event_on(date: Span, places: set[str]) -> bool:
    """The verb a date attaches to has the asked place as its object."""
    verb = date.root
    for _ in range(4):
        if verb.pos_ == "VERB" or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb.pos_ == "VERB" and governs(verb, places)


def place_spans(
    question: Question, doc: Doc, ev: Evidence, previous: Doc | None
) -> Iterator[tuple]:
    focus = question.focus
    spans = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC", "ORG", "PERSON")]
    spans += proper_runs(doc, list(doc.ents))
    for span in spans:
        named_as_place = span.root.dep_ == "compound" and span.root.head.lemma_ in PLACE_NOUNS
        if (
            span.label_ in ("ORG", "PERSON")
            and not (focus and near_lemma(span, {focus}, 1 if span.label_ == "ORG" else 2))
            and not named_as_place  # 'Gezira state', 'the Afar region'
        ):
            continue  # a village spaCy took for a person or a group: only beside 'village'
        if span.label_ == "PERSON":
            span.label_ = "GPE"
        fit = 0.6 if span.label_ in ("GPE", "LOC", "FAC") else 0.3
        if focus and near_lemma(span, {focus}, 2):
            fit += 0.5
        if question.intent in ("control", "seized") and control_role(span, question):
            fit += 0.3
        if _asks_location_of(question) and _locates(span, question):
            fit += 0.5  # the relation asked about: the place that holds the named one
        yield clean(span), span, min(fit, 1.6), ""


def _asks_location_of(question: Question) -> bool:
    """'In which region is X?', 'Where is X?': the place that contains a named one."""
    return bool(
        re.match(
            r"\s*(?:in which \w+(?: of [\w ]+)? (?:is|are|lies)|where (?:is|are|lies))\b",
            question.text,
            re.I,
        )
    )


def _locates(span: Span, question: Question) -> bool:
    """'Where is X': the span holds X in the parse: joined to X by nouns and prepositions
    only ('X, a hilltop town in the Donetsk region', 'X in Y province', 'X, Y'), never
    through a verb ('Russia's ministry said it captured X') or a possessive."""
    located = re.search(r"\b(?:is|are|lies)\s+(.+?)\??$", question.text)
    places = {fold(located.group(1))} if located else set()
    doc = span.doc
    for token in doc:
        if token.i in range(span.start, span.end) or not token.pos_ == "PROPN":
            continue
        if any(fold(token.text) in p.split() for p in places):
            if _nominal_path(span.root, token):
                return True
    return False


def _nominal_path(a: Token, b: Token) -> bool:
    """a and b are joined in the parse through nouns, names and prepositions alone, within
    six steps."""
    up_a = [a] + list(a.ancestors)
    up_b = [b] + list(b.ancestors)
    common = next((t for t in up_a if t in up_b), None)
    if common is None:
        return False
    path = up_a[: up_a.index(common) + 1] + up_b[: up_b.index(common)]
    if len(path) > 7:
        return False
    return all(
        t.pos_ in ("PROPN", "NOUN", "ADP", "PUNCT", "DET", "ADJ", "NUM") and t.dep_ != "poss"
        for t in path
    )


def thing_spans(
    question: Question, doc: Doc, ev: Evidence, previous: Doc | None
) -> Iterator[tuple]:
    focus = question.focus or ""
    for span in list(doc.ents) + list(doc.noun_chunks):
        if span.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"):
            continue
        words = FOCUS_WORDS.get(focus, {focus})
        has_focus = any(t.lemma_.lower() in words for t in span)
        near = near_lemma(span, words, 2) if focus else False
        if not (has_focus or near):
            continue
        names = [t for t in span if t.pos_ == "PROPN" or t.ent_type_]
        if has_focus and not names:
            continue  # "the mosque" says nothing the question did not
        if has_focus:  # 'the Rossiya 24 state television channel': the name, and 1.0 for it
            yield clean(span.doc[names[0].i : names[-1].i + 1]), span, 1.0, ""
        else:
            yield clean(span), span, 0.6 if names else 0.3, ""


def place_is_named(
    ev_text: str, surfaces: list[str], kind_word: str | None = None, near_ok: bool = False
) -> bool:
    """The sentence names the asked place itself: not only as a landmark ('near X'), and not
    as another kind of place than the question says ('the city of X' asked, 'X province' read)."""
    folded = fold(DATELINE.sub("", ev_text))  # 'MARIB, Yemen -' says where it was filed
    for surface in surfaces:
        key = fold(surface)
        for m in re.finditer(rf"\b{re.escape(key)}\b", folded) if key else []:
            before = folded[: m.start()].split()[-2:] if m.start() else []
            after = folded[m.end() :].split()[:1]
            if before and before[-1] in PLACE_PREPS_AWAY and not near_ok:
                continue
            if len(before) == 2 and before[1] == "of" and before[0] in _BEARINGS:
                continue  # 'south of Marib city': a landmark, not where it happened
            if len(before) == 2 and before[1] == "from" and before[0] in UNITS:
                continue  # '40 km from X' measures from X; 'civilians from X' are X's
            if kind_word and after and after[0] in _KIND_WORDS and after[0] != kind_word:
                continue
            return True
    return False
