"""Definite descriptions resolved to what they refer back to: "the alliance", "the jihadists",
"the region", "the town". Each resolved mention is a copy of its antecedent at the new
position, marked ``coref`` so answers can tell it was not named there."""

from __future__ import annotations

import dataclasses
import re

from rdflib import URIRef

from kb.extract.lexicon import Lexicon
from kb.extract.model import Mention
from kb.vocab import IKB

# A place named only as a reference point ("south of Idlib city") is not what "the town" refers back to.
_REFERENCE = re.compile(
    r"(?:\b(?:north|south|east|west)\w*\s+of|\bnear|\bfrom)\s+(?:the\s+)?$", re.I
)
_PLACE_COREF = re.compile(
    r"\b[Tt]he (?P<word>region|town|village|city|province|enclave|pocket)\b(?!\s+of\s+[A-Z])"
)
_ACTOR_COREF = re.compile(
    r"\b[Tt]he (?P<word>alliance|group|jihadists|rebels|militants|insurgents|extremists|coalition)\b"
)
_PLACE_COREF_KINDS = {
    "region": {IKB.Region, IKB.Governorate},
    "enclave": {IKB.Region},
    "pocket": {IKB.Region},
    "town": {IKB.Town},
    "city": {IKB.Town},
    "village": {IKB.Village},
    "province": {IKB.Governorate},
}
# Generic words that may stand for a named group mentioned earlier ("the jihadists" after HTS).
_GENERIC_WORDS = {"jihadists", "rebels", "insurgents", "extremists"}


def _refer(antecedent: Mention, start: int, end: int, text: str) -> Mention:
    return dataclasses.replace(antecedent, start=start, end=end, text=text, new=False, coref=True)


def resolve_generic_actors(mentions: list[Mention], text: str, lexicon: Lexicon) -> list[Mention]:
    """'the jihadists' -> the jihadist group the article has been talking about; 'the alliance'
    -> the latest alliance."""
    out: list[Mention] = []
    for m in mentions:
        preceded_by_the = text[max(0, m.start - 4) : m.start].lower() == "the "
        if m.generic and m.text.lower() in _GENERIC_WORDS and preceded_by_the:
            antecedent = _latest_specific(out, m.iri, lexicon)
            if antecedent is not None:
                m = _refer(antecedent, m.start, m.end, m.text)
        out.append(m)
    for cm in _ACTOR_COREF.finditer(text):
        if any(m.start <= cm.start("word") < m.end for m in out):
            continue
        prior = [m for m in out if not m.is_place and m.end <= cm.start()]
        if cm.group("word") in ("alliance", "coalition"):
            candidates = [m for m in prior if m.kind == IKB.Alliance]
        else:
            candidates = [
                m for m in prior if m.kind in (IKB.Alliance, IKB.ArmedGroup) and not m.generic
            ]
        if candidates:
            out.append(_refer(candidates[-1], cm.start(), cm.end(), cm.group(0)))
    return sorted(out, key=lambda m: m.start)


def _latest_specific(prior: list[Mention], generic: URIRef, lexicon: Lexicon) -> Mention | None:
    """An alliance of that kind first, else the most mentioned specific group; the latest breaks ties."""
    fitting = [m for m in prior if generic in getattr(lexicon.entries.get(m.iri), "broader", ())]
    if not fitting:
        return None
    counts = {m.iri: sum(1 for x in fitting if x.iri == m.iri) for m in fitting}
    return max(reversed(fitting), key=lambda m: (m.kind == IKB.Alliance, counts[m.iri]))


def coref_places(mentions: list[Mention], text: str) -> list[Mention]:
    """'the town' -> the latest town named before it (not one named only as a reference point)."""
    out: list[Mention] = []
    for cm in _PLACE_COREF.finditer(text):
        if any(m.start <= cm.start() < m.end or cm.start() <= m.start < cm.end() for m in mentions):
            continue
        kinds = _PLACE_COREF_KINDS[cm.group("word")]
        prior = [
            m
            for m in mentions + out
            if m.is_place
            and m.end <= cm.start()
            and m.kind in kinds
            and not _REFERENCE.search(text[max(0, m.start - 30) : m.start])
        ]
        if prior:
            out.append(_refer(prior[-1], cm.start(), cm.end(), cm.group(0)))
    return out
