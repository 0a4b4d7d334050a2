"""Reading a parsed sentence: distances in the dependency tree, words near a span, a span's
clean text, datelines, and the cache of parsed evidence the reader shares between questions."""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import TYPE_CHECKING

from kb.ask.question import (
    stem,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token


DATELINE = re.compile(r"^\s*[A-Z][A-Z .'/-]{2,}(?:,[\w .]{1,30})?\s+[-\u2013\u2014]+\s+")


_PARSES: OrderedDict[tuple[int, str], Doc] = OrderedDict()


_PARSE_CACHE = 4096  # sentences; the same evidence comes back for related questions


def parse(nlp: Language, texts: list[str]) -> list:
    """Parsed sentences (datelines stripped), from a small cache or the pipeline."""
    keys = [(id(nlp), DATELINE.sub("", t)) for t in texts]
    missing = list(dict.fromkeys(k for k in keys if k not in _PARSES))
    for key, doc in zip(missing, nlp.pipe([k[1] for k in missing]), strict=True):
        _PARSES[key] = doc
    for key in keys:
        _PARSES.move_to_end(key)
    while len(_PARSES) > _PARSE_CACHE:
        _PARSES.popitem(last=False)
    return [_PARSES[k] for k in keys]


def stems(token: Token) -> set[str]:
    return {stem(token.lemma_), stem(token.text)}


def nearness(span: Span, cues: list) -> float:
    """1 for a span next to the question's words in the parse, falling with the distance."""
    if not cues:
        return 0.0
    span = as_span(span)
    root = span.root
    inside = {t.i for t in span}
    outside = [c for c in cues if c.i not in inside]
    if not outside:
        return 0.3
    distances = sorted(tree_distance(root, c) for c in outside)
    near = sum(1.0 / (1.0 + d) for d in distances[:3]) / 3
    return min(1.0, near * 1.5)


def tree_distance(a: Token, b: Token) -> int:
    up_a = {a.i: 0}
    node, depth = a, 0
    while node.head.i != node.i:
        node, depth = node.head, depth + 1
        up_a[node.i] = depth
    node, depth = b, 0
    while node.i not in up_a:
        if node.head.i == node.i:
            return 12
        node, depth = node.head, depth + 1
    return up_a[node.i] + depth


def as_span(item: Span | Token) -> Span:
    """A token as a one-word span, so spans and tokens read alike."""
    return item if hasattr(item, "root") else item.doc[item.i : item.i + 1]


def near_lemma(span: Span, lemmas: set[str], limit: int) -> bool:
    span = as_span(span)
    doc = span.doc
    if span.root.dep_ == "conj" and span.root.head.i < span.start:  # 'the villages of A and B'
        first = span.root.head
        if near_lemma(doc[first.i : first.i + 1], lemmas, limit):
            return True
    window = doc[max(0, span.start - limit) : min(len(doc), span.end + limit)]
    if any(t.lemma_.lower() in lemmas for t in window if t.i not in range(span.start, span.end)):
        return True
    return any(
        t.lemma_.lower() in lemmas and tree_distance(span.root, t) <= limit
        for t in doc
        if t.i not in range(span.start, span.end)
    )


def near_words(span: Span, words: list[str], limit: int) -> bool:
    span = as_span(span)
    doc = span.doc
    wanted = {w.lower() for w in words}
    window = doc[max(0, span.start - limit) : min(len(doc), span.end + limit)]
    return any(t.lower_ in wanted for t in window)


def clean(span: Span) -> str:
    tokens = list(span)
    while tokens and (tokens[0].lower_ in ("the", "a", "an") or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("'s", "’s")):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    doc, start, end = span.doc, tokens[0].i, tokens[-1].i + 1
    # A name the tokenizer cut at a hyphen ('Nord-Lac', 'Pont-Sondé'): take it whole.
    while (
        start >= 2
        and doc[start - 1].text == "-"
        and not doc[start - 2].whitespace_
        and (doc[start - 2].is_title)
    ):
        start -= 2
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and (doc[end + 1].is_title)
    ):
        end += 2
    return doc[start:end].text


def is_dateline(span: Span, text: str) -> bool:
    """'ADDIS ABABA, Aug 5 -': the place a wire story was filed from, not part of the story."""
    before = span.doc[: span.start]
    return text.isupper() and len(text) > 3 and all(t.is_space or t.is_punct for t in before)


def governing_verb(token: Token) -> Token | None:
    """The verb a counted noun is the subject or object of ('43 farmers were buried')."""
    node = token
    for _ in range(2):
        if node.pos_ in ("VERB", "AUX") or node.tag_ in ("VBN", "VBD"):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def pluperfect(span: Span) -> bool:
    verb = span.root.head
    while verb.dep_ in ("agent", "prep") and verb.head.i != verb.i:
        verb = verb.head
    return any(c.lower_ == "had" and c.dep_ == "aux" for c in verb.children)


def proper_runs(doc: Doc, taken: list) -> list:
    """Runs of proper nouns no entity covers (villages spaCy does not know)."""
    covered = {i for s in taken for i in range(s.start, s.end)}
    out, start = [], None
    for token in list(doc) + [None]:
        is_name = token is not None and token.pos_ == "PROPN" and token.i not in covered
        if is_name and start is None:
            start = token.i
        elif not is_name and start is not None:
            span = doc[start : token.i if token is not None else len(doc)]
            span.label_ = "GPE"
            out.append(span)
            start = None
    return out


PLACE_PREPS_AWAY = {"near", "outside", "toward", "towards", "beyond", "past", "around"}


UNITS = {"km", "kilometre", "kilometer", "kilometres", "kilometers", "mile", "miles", "metre"}
