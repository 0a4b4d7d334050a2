"""Relations between actors read off one sentence: backed by, allied with, led by, linked to."""

from __future__ import annotations

import re

from rdflib import URIRef

from kb.extract.model import Mention, Relation, Sentence
from kb.vocab import IKB

# ---- relations -------------------------------------------------------------------------------
_BACKED_ADJ = re.compile(r"-(?:backed|supported|sponsored)\b", re.I)


_BACKED_BY = re.compile(r"\b(?:backed|supported|armed)\s+by\b", re.I)


_BACKER = re.compile(r"\b(?:backer|sponsor|patron)s?\b", re.I)


_ALLY = re.compile(r"\b(?:ally|allies)\b", re.I)


_ALLIED = re.compile(r"\ballied\b", re.I)


_LED_BY = re.compile(r"\bled\s+by\b", re.I)


_LINKED = re.compile(
    r"-(?:linked|affiliated|aligned)\b|\b(?:linked|affiliated|aligned)\s+(?:to|with)\b", re.I
)


def find_relations(sentence: Sentence) -> list[Relation]:
    text, base = sentence.text, sentence.start
    actors = sentence.actors()
    out: list[Relation] = []

    def nearest_before(pos: int, limit: int = 60) -> Mention | None:
        cands = [a for a in actors if a.end <= pos and pos - a.end <= limit]
        return cands[-1] if cands else None

    def nearest_after(pos: int, limit: int = 30) -> Mention | None:
        cands = [a for a in actors if a.start >= pos and a.start - pos <= limit]
        return cands[0] if cands else None

    def add(subject: Mention | None, relation: URIRef, obj: Mention | None) -> None:
        if relation == IKB.ledBy and obj is not None and obj.generic:
            return  # "led by jihadists" names no leader
        if subject and obj and subject.iri != obj.iri:
            out.append(Relation(sentence.index, subject, relation, obj))

    for m in _BACKED_ADJ.finditer(text):
        add(nearest_after(base + m.end()), IKB.backedBy, nearest_before(base + m.start(), 2))
    for m in _BACKED_BY.finditer(text):
        add(nearest_before(base + m.start()), IKB.backedBy, nearest_after(base + m.end(), 12))
    for m in re.finditer(r",\s*which\s+(?:backs|supports|arms|funds|sponsors)\b", text, re.I):
        add(nearest_after(base + m.end(), 30), IKB.backedBy, nearest_before(base + m.start(), 3))
    for m in _BACKER.finditer(text):
        add(nearest_before(base + m.start(), 3), IKB.backedBy, nearest_after(base + m.end(), 3))
    for m in _ALLY.finditer(text):
        subject = nearest_before(base + m.start(), 3)
        if subject is None and re.search(r"\b(?:its|their)\s+$", text[: m.start()]):
            subject = nearest_before(base + m.start(), 40)
        add(subject, IKB.alliedWith, nearest_after(base + m.end(), 3))
    for m in _ALLIED.finditer(text):
        add(nearest_after(base + m.end(), 3), IKB.alliedWith, nearest_before(base + m.start(), 12))
    for m in _LED_BY.finditer(text):
        led = nearest_before(base + m.start(), 12)
        if led is None:  # "Hayat Tahrir al-Sham, an alliance led by ..."
            appos = re.search(
                r",\s+(?:an?|the)\s+(?:\w+\s+)?(?:alliance|group|coalition|faction|organi[sz]ation)\s+$",
                text[: m.start()],
                re.I,
            )
            led = nearest_before(base + appos.start(), 3) if appos else None
        if led is not None and led.generic:
            # "HTS, a jihadist group led by ...": the group is the name the apposition describes.
            head = nearest_before(led.start, 40)
            led = head if head is not None and not head.generic else None
        add(led, IKB.ledBy, nearest_after(base + m.end(), 12))
    for m in _LINKED.finditer(text):
        if text[m.start()] == "-":
            add(
                nearest_after(base + m.end(), 3),
                IKB.affiliatedWith,
                nearest_before(base + m.start(), 2),
            )
        else:
            add(
                nearest_before(base + m.start(), 30),
                IKB.affiliatedWith,
                nearest_after(base + m.end(), 12),
            )
    return out
