"""Who says so: the reporting source a sentence names ("the Observatory said", "according to SANA")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kb.extract.model import Mention, Sentence
from kb.vocab import IKB

if TYPE_CHECKING:
    from spacy.tokens import Span


_REPORTER_KINDS = {IKB.Monitor, IKB.NewsAgency, IKB.InternationalOrganisation, IKB.Person}


_SAY_LEMMAS = {
    "say",
    "report",
    "tell",
    "announce",
    "claim",
    "add",
    "state",
    "confirm",
    "document",
    "quote",
    "accuse",
    "cite",
    "note",
    "warn",
    "record",
    "publish",
}


def attribute(sentence: Sentence, span: Span) -> Mention | None:
    """The reporting source a sentence names: subject of "said"/"reported", or "according to X"."""
    reporters = sentence.actors()
    for m in re.finditer(r"\baccording to\b", sentence.text, re.I):
        after = [a for a in reporters if a.start >= sentence.start + m.end()]
        if after:
            return after[0]
    for token in span:
        if token.lemma_.lower() in _SAY_LEMMAS or token.lower_ in (
            "said",
            "says",
            "reported",
            "told",
        ):
            inside = []
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    lo, hi = child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
                    inside += [a for a in reporters if a.start >= lo and a.end <= hi]
            # "The regime's news agency SANA said": the agency speaks, not the regime
            named = [a for a in inside if a.kind in _REPORTER_KINDS]
            if named or inside:
                return (named or inside)[-1]
    return None
