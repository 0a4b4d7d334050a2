"""Incidents read off one sentence: type (event words, refined by weapons), places, attacker,
target, time, casualty figures, and the kill/injure words themselves."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import URIRef

from kb.extract.agents import parse_attackers
from kb.extract.arguments import event_arguments
from kb.extract.casualties import OUTCOMES, find_casualties
from kb.extract.model import Incident, Mention, Sentence
from kb.vocab import IKB

if TYPE_CHECKING:
    from spacy.tokens import Span


# Event words make an incident; weapon words (below) only say what kind, and are its instruments.
TRIGGERS: list[tuple[URIRef, re.Pattern]] = [
    (
        IKB.ChemicalAttack,
        re.compile(
            r"\b(?:chemical (?:weapons? )?(?:attacks?|strikes?)|gas attacks?|chemical bombing)\b",
            re.I,
        ),
    ),
    (
        IKB.Bombing,
        re.compile(
            r"\b(?:bombings?|blasts?|explosions?|explod(?:ed|es|ing)|detonat(?:ed|ing|ion)|set(?:ting)? off|(?:went|go|goes|going|gone) off|"
            r"blew (?:himself|herself|themselves) up|blew up|suicide (?:attacks?|bombings?))\b",
            re.I,
        ),
    ),
    (
        IKB.AirStrike,
        re.compile(
            r"\b(?:air ?strikes?|air ?raids?|air attacks?|bombard(?:ment|ments|ed|ing)|drone strikes?|"
            r"strikes?|raids?|airstrikes?|bombed|dropped (?:[\w,-]+ ){0,4}bombs?)\b",
            re.I,
        ),
    ),
    (
        IKB.Shelling,
        re.compile(
            r"\b(?:shell(?:ing|ed)|rocket (?:fire|attacks?)|mortar (?:fire|attacks?)|"
            r"fired (?:\w+ )?(?:rockets?|shells?|mortars?|missiles?))\b",
            re.I,
        ),
    ),
    (
        IKB.TerritorySeized,
        re.compile(
            r"\b(?:seiz\w+|captur\w+|took (?:full )?control|take control|retook|regain\w*|recaptur\w+|advanc\w+ into|marched into|entered|overran|took back|fell to)\b",
            re.I,
        ),
    ),
    (
        IKB.ArmedClash,
        re.compile(
            r"\b(?:clash\w*|fighting|battles?|counter-?attack\w*|attack(?:s|ed|ing)?|offensive|assault\w*|ambush\w*|"
            r"combat|fought|shootings?|shoot-?outs?|gunfights?|shot (?:dead|at|and)|opened fire|gunned down|gunfire|"
            r"stabb(?:ed|ings?)|assassinat(?:ed|ion|ions))\b",
            re.I,
        ),
    ),
]


# Weapons: they refine an incident's type and are recorded as its instruments.
INSTRUMENTS: list[tuple[URIRef, re.Pattern]] = [
    (
        IKB.ChemicalAttack,
        re.compile(
            r"\b(?:chemical weapons?|sarin|chlorine(?: gas)?|toxic gas(?:es)?|nerve (?:gas|agents?)|mustard gas)\b",
            re.I,
        ),
    ),
    (
        IKB.Bombing,
        re.compile(
            r"\b(?:car bombs?|truck bombs?|bombs?|IEDs?|improvised explosive devices?|explosives?|suicide (?:vests?|belts?)|"
            r"explosive (?:belts?|vests?)|landmines?|mines?)\b",
            re.I,
        ),
    ),
    (
        IKB.AirStrike,
        re.compile(
            r"\b(?:warplanes?|jets?|helicopters?|drones?|barrel bombs?|aircraft|planes?)\b", re.I
        ),
    ),
    (
        IKB.Shelling,
        re.compile(r"\b(?:rockets?|missiles?|artillery|mortars?|shells?|grenades?)\b", re.I),
    ),
    (IKB.ArmedClash, re.compile(r"\b(?:guns?|rifles?|knives|knife|machine guns?)\b", re.I)),
]


_HYPOTHETICAL = re.compile(
    r"\b(?:supposed to|would|could|might|predict\w*|expected to|deal|agreement|truce|ceasefire|threaten\w*)\b",
    re.I,
)


# War-wide tolls ("the conflict has killed more than 300,000 people since 2011") are background,
# not an incident of the day.
_BACKGROUND = re.compile(
    r"\b(?:the war|civil war|the conflict)\b.*\b(?:since|started in|began in|years into)\b|\byears into\b|"
    r"\bsince (?:the (?:start|beginning|outbreak) of the |the )?(?:war|conflict|uprising|revolt|revolution)\b|"
    r"\b(?:killed|dead|deaths|died|lives)\b[^.;]{0,60}\bsince (?:early |late |mid-?)?(?:19|20)\d\d\b",
    re.I,
)


_KILL_ONLY = IKB.CivilianKilling


# "an official in Kabul said": where the speaker is, not where the incident was.
_REPORTER_PLACE = re.compile(
    r"\b(?:officials?|spokes(?:man|woman|person)|ministry|governor|sources?|authorities|reporters?|"
    r"correspondents?|agency|statement|embassy|police chief|told reporters)\b[^,.;]{0,15}\b(?:in|from)\s+(?:the\s+)?$",
    re.I,
)


_COMPOUND_AFTER = re.compile(
    r"-(?:held|controlled|run|dominated|backed|led|affiliated|linked|allied|aligned|besieged)\b",
    re.I,
)


# The text says nobody knows who attacked: no name in it is the attacker.
_UNKNOWN_ATTACKER = re.compile(
    r"\b(?:unclear|not (?:clear|known|immediately (?:clear|known))|unknown) (?:who|which|whether)\b|"
    r"\bno (?:one|group|party|side|faction)\b[^.;]{0,30}\bclaimed\b|"
    r"\beither\b[^.;]{0,40}\bor\b|"  # "by either Syrian or Russian aircraft": one of two, unknown which
    r"\b(?:did not|didn't|does not|without) (?:say(?:ing)?|know(?:ing)?|specify(?:ing)?|"
    r"apportion(?:ing)?|assign(?:ing)?|identify(?:ing)?) (?:who|which|whether|blame)\b",
    re.I,
)


_FAILED_ANYWHERE = re.compile(
    r"\b(?:fail\w*|unable|attempt\w*|thwart\w*|repel\w*|repuls\w*)\b", re.I
)


def find_incident(
    sentence: Sentence,
    previous_attackers: list[Mention],
    reporter: Mention | None,
    span: Span,
) -> Incident | None:
    text = sentence.text
    if _BACKGROUND.search(text):
        return None
    casualties = [c for c in find_casualties(text) if c.outcome in (IKB.Killed, IKB.Injured)]
    types = [kind for kind, pattern in TRIGGERS if pattern.search(text)]
    instruments = [
        (sentence.start + m.start(), sentence.start + m.end(), kind)
        for kind, pattern in INSTRUMENTS
        for m in pattern.finditer(text)
    ]
    if types or casualties:
        # "a car bomb killed 12", "struck by chlorine": the weapon says what kind of attack
        refined = [k for _, _, k in instruments if k not in types and k != IKB.ArmedClash]
        types = list(dict.fromkeys(refined + types))
    if not types and not casualties:
        return None
    if not casualties and _HYPOTHETICAL.search(text):
        return None
    if not types:
        civilian = any(c.category in (IKB.Civilians, IKB.Children, IKB.Women) for c in casualties)
        types = [_KILL_ONLY if civilian else IKB.ArmedClash]
    if IKB.TerritorySeized in types and _FAILED_ANYWHERE.search(text):
        types.remove(IKB.TerritorySeized)
        types = types or [IKB.ArmedClash]
    # The reporter's own words ("the ministry in Moscow said") are not a party to the attack, but
    # the same actor named elsewhere in the sentence may be ("Russian strikes killed 120").
    # The parse may still name the speaker as the attacker: "the army said it had shelled".
    said_by = (reporter.start, reporter.end) if reporter else None
    parties = [
        m
        for m in sentence.actors()
        if m.kind
        not in (IKB.Monitor, IKB.NewsAgency, IKB.InternationalOrganisation, IKB.CivilianGroup)
    ]
    actors = [
        m for m in parties if said_by is None or not (m.start < said_by[1] and said_by[0] < m.end)
    ]
    attackers, targets, participants = _roles(sentence, actors, previous_attackers, span, parties)
    places = [
        m
        for m in sentence.places()
        if not _REPORTER_PLACE.search(
            text[max(0, m.start - sentence.start - 40) : m.start - sentence.start]
        )
    ]
    triggers = [
        (sentence.start + m.start(), sentence.start + m.end(), kind)
        for kind, pattern in TRIGGERS
        if kind in types
        for m in pattern.finditer(text)
    ]
    outcomes = _outcome_words(sentence, casualties)
    words = [(a, b) for a, b, _ in sorted(triggers)] + [(a, b) for a, b, _ in outcomes]
    arguments = event_arguments(
        span,
        words,
        [(a.start, a.end) for a in parties],
        [(p.start, p.end) for p in sentence.places() if p.kind == IKB.Country],
    )
    if not attackers and not _UNKNOWN_ATTACKER.search(text):
        # who the event words' own grammar names ("X claimed responsibility for the blast",
        # "a mine planted by X went off"), where they name an actor; the speaker too, since
        # "X claimed responsibility" makes X both
        attackers = _named_in(arguments, parties)
    return Incident(
        sentence.index,
        types,
        places,
        attackers,
        targets,
        participants,
        sentence.time,
        casualties,
        sorted(triggers),
        sorted(instruments),
        outcomes,
        arguments,
    )


def _named_in(arguments: list, actors: list[Mention]) -> list[Mention]:
    """The actors inside the attacker phrases of an incident's event words, once each."""
    spans = [(a, b) for event in arguments for a, b in event.attackers]
    found = [m for m in actors if any(a < m.end and m.start < b for a, b in spans)]
    return list({m.iri: m for m in found}.values())


def _outcome_words(sentence: Sentence, casualties: list) -> list[tuple[int, int, URIRef]]:
    """Every kill/injure word of an incident sentence ("killed", "wounded"), counted or not."""
    out = []
    for pattern, outcome in OUTCOMES[:2]:
        for m in pattern.finditer(sentence.text):
            out.append((sentence.start + m.start(), sentence.start + m.end(), outcome))
    return sorted(out)


def _roles(
    sentence: Sentence,
    actors: list[Mention],
    previous: list[Mention],
    span: Span,
    parties: list[Mention],
) -> tuple[list, list, list]:
    """Attacker, target and participants. The attacker comes from the parse
    (``kb.extract.agents``; word-order patterns scored 1-2 points lower on FA-KES), plus "X
    blamed/accused Y"; targets follow "on/against", participants "clashes between X and Y"."""
    text, base = sentence.text, sentence.start

    # "rebel-held Aleppo", "pro-Damascus media": the name describes something else.
    def naming(a: Mention) -> bool:
        return not _COMPOUND_AFTER.match(text[a.end - base : a.end - base + 14]) and not re.search(
            r"\b(?:pro|anti)-$", text[max(0, a.start - base - 5) : a.start - base], re.I
        )

    actors = [a for a in actors if naming(a)]
    attackers = parse_attackers(span, [a for a in parties if naming(a)], previous)
    participants: list[Mention] = []
    between = re.search(r"\bbetween\b(?P<rest>.{0,160})", text, re.I)
    if between:
        lo = base + between.start("rest")
        participants = [a for a in actors if lo <= a.start < lo + len(between.group("rest"))][:2]
    targets: list[Mention] = []
    for m in re.finditer(r"\b(?:on|against|targeting|targeted|at)\b", text):
        after = [a for a in actors if 0 <= a.start - (base + m.end()) <= 12]
        targets += after[:1]
    for m in re.finditer(r"\b(?:blamed|accused)\b", text, re.I):
        # "the monitor blamed Russian warplanes for the raids"
        after = [a for a in actors if 0 <= a.start - (base + m.end()) <= 12]
        attackers += after[:1]
    if _UNKNOWN_ATTACKER.search(text):
        attackers = []
    seen: set = set()
    attackers = [a for a in attackers if not (a.iri in seen or seen.add(a.iri))]
    targets = [t for t in targets if t.iri not in seen]
    return attackers, targets, participants
