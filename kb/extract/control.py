"""Territorial-control claims read off one sentence: who holds, took or lost which place, how
much of it ("most of"), since when, and whether the holding is already over."""

from __future__ import annotations

import re

from rdflib import URIRef

from kb.extract.model import Control, Mention, Sentence
from kb.vocab import IKB

# ---- control of territory --------------------------------------------------------------------
_ADJ_CONTROL = re.compile(
    r"\b(?P<who>[\w'\u2019 ]+?)-(?:controlled|held|dominated|run|ruled)\b", re.I
)


_PASSIVE_CONTROL = re.compile(
    r"\b(?:controlled|held|dominated|run|administered|ruled)\s+by\b", re.I
)


_HANDS = re.compile(
    r"\b(?:in|into)\s+(?:the\s+hands\s+of|(?P<adj>[\w'\u2019-]+)\s+hands)\b|\bunder\s+(?:the\s+)?(?:(?P<adj2>[\w'\u2019-]+)\s+)?control\b(?:\s+of\b)?",
    re.I,
)


_ACTIVE = [
    (
        IKB.Holds,
        re.compile(r"\b(?:controls?|controlled|holds?|administers?|dominates?|runs)\b", re.I),
    ),
    (
        IKB.Gained,
        re.compile(
            r"\b(?:seiz(?:ed|es|ing)|captur(?:ed|es|ing)|(?:took|take|taken|taking|regained|gained|assumed)\s+(?:full\s+|complete\s+|total\s+)?control\s+(?:of|over)|took\s+back|retook|re-?captured|regained|entered|marched\s+into|advanced\s+into|stormed|overr[au]n|overruns|liberated|fully\s+controlled|took|taken|retaken|(?:drove|driven|pushed|chased|forced|expelled|ousted)\s+(?:[\w-]+\s+){0,4}?out\s+of)\b",
            re.I,
        ),
    ),
    (
        IKB.Lost,
        re.compile(
            r"\b(?:withdr[ae]w\w*\s+from|pulled\s+out\s+of|retreated\s+from|lost\s+control\s+of|lost|evacuated|abandoned|fled)\b",
            re.I,
        ),
    ),
]


# An actor right after these words modifies another actor ("forces, backed by Russia,"), it is not the subject.
_MODIFIER_BEFORE = re.compile(
    r"\b(?:by|with|of|from|against|ally|allies|backer|backers|and its|to)\s+(?:\S+\s+){0,2}$", re.I
)


# Between two places, these words make the second one the first one's location.
_CONTAINER_BEFORE = re.compile(
    r"^(?:(?!\band\b)[^;])*\b(?:in|near|outside|inside|north of|south of|east of|west of)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)


# Before any place, these words make it a reference point, not the territory taken.
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:north|south|east|west)\w*\s+of|\bnear|\bclose to|\btowards?|\bborders? (?:of|with)|\bfrontier with|\bfrom|\bkm\b[^.]{0,20}\bof|\bmiles?\b[^.]{0,20}\bof|\boutskirts of|\bedge of)\s+(?:the\s+)?(?:\w+\s+)?$|\b(?:towards?|moving on|around|surrounding|encircling|closing in on)\s+the\s+\w+\s+of\s+$|\b(?:around|surrounding|encircling|closing in on)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)


_FELL_TO = re.compile(
    r"\b(?:fell|falling|fallen)\s+(?:to|into\s+the\s+hands\s+of)\b|\b(?:was|were|been)\s+(?:captured|seized|taken|overrun|retaken|recaptured)\s+by\b",
    re.I,
)
# "Adan Yabaal, a town that al-Shabaab had controlled since 2016": the relative clause's verb.
_RELATIVE_HOLD = re.compile(
    r"\b(?:that|which)\s+(?P<who>[^,;.]{2,60}?)\s+(?:has\s+|have\s+|had\s+)?(?:controlled|held|ruled|occupied)\b",
    re.I,
)
# "the ministry said its troops had taken X": who speaks is not who took it
_SPEAKER_AFTER = re.compile(
    r"\s*(?:,[^,]{0,40},\s*)?(?:said|says|reported|announced|claimed|stated|told)\b", re.I
)
# "... said that it had": the clause's subject is a pronoun standing for the speaker
_PRONOUN_BEFORE = re.compile(r"\b(?:that\s+)?(?:it|they)\s+(?:had\s+|has\s+|have\s+)?$", re.I)
# "the Iran-aligned group": Iran is the group's patron, not the subject
_PATRON_AFTER = re.compile(
    r"-(?:aligned|backed|led|allied|affiliated|based|supported|sponsored|linked)\b", re.I
)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are)\s+$", re.I)
# "have held the capital Sanaa since 2014": holding, when a place follows at once.
_HELD = re.compile(r"\b(?:has|have|had|still)\s+held\b", re.I)
# "were driven out of X", "was pushed out of X": the subject lost it.
_DRIVEN_OUT = re.compile(
    r"\b(?:was|were|been|being)\s+(?:driven|pushed|chased|forced|expelled|ousted)\s+out\s+of\b",
    re.I,
)
# "the last stronghold of X in Y", "X's last stronghold in Y"
_STRONGHOLD = re.compile(
    r"\b(?:last|main|remaining)\s+(?:major\s+)?(?:stronghold|bastion)s?\b", re.I
)


_FAILED = re.compile(
    r"\b(?:fail\w*|unable|attempt\w*|tried|trying|thwart\w*|repel\w*|repuls\w*|bid to|push to|seeking to|seeks? to|aims? to|would|could|to)\s+(?:\w+\s+)?$",
    re.I,
)


# "captured two villages ... in northwest Syria": the place after such an object contains what was taken.
_COUNTED_OBJECT = re.compile(
    r"\b(?:villages|towns|positions|areas|hills|hilltops|districts|neighbourhoods|neighborhoods|territory|a town|a village)\b.*\bin\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)


# A holding told in the past perfect or as a former state ended before the report.
_PAST_HOLDING = re.compile(
    r"\b(?:had been|had held|had controlled|had ruled|formerly|previously|used to|until)\b", re.I
)


# A relative clause between a name and a verb gives the verb another subject ("militias, which control").
_SUBORDINATE = re.compile(r"\b(?:after|when|once|because|while|since|as soon as)\s", re.I)
_RELATIVE = re.compile(r",\s*(?:which|who|whose)\b|\bthat\s+(?:control|hold)", re.I)


_EXTENT_MARKERS = [
    (
        IKB.Most,
        re.compile(r"\b(?:most|much|the bulk|large parts?|majority)\s+of\s+(?:the\s+)?$", re.I),
    ),
    (
        IKB.Part,
        re.compile(
            r"\b(?:(?:several|some|two|three|a number of|dozens of)\s+(?:towns|villages|positions|areas|hills|hilltops)\s+(?:on|in|of|across)|parts?|slivers?|areas?|pockets?|edges?|edge|portions?|some|sections?|outskirts|countryside|fringes?)\s+of\s+(?:the\s+)?(?:\w+\s+)?$",
            re.I,
        ),
    ),
    (
        IKB.Full,
        re.compile(r"\b(?:all|the whole|the entire|entire|full control)\s+of\s+(?:the\s+)?$", re.I),
    ),
]


def _clause_end(text: str, pos: int) -> int:
    m = re.compile(
        r"[;:\u2014]|(?<!well)\s(?:as(?!\s+well\b)|amid|while|after|but|which|where|when|following)\s|,\s(?:a|the)\s\w+\s(?:said|says)"
    ).search(text, pos)
    return m.start() if m else len(text)


def find_controls(sentence: Sentence, previous_attackers: list[Mention]) -> list[Control]:
    text, base = sentence.text, sentence.start
    time = sentence.time
    out: list[Control] = []
    actors = [
        a
        for a in sentence.actors()
        if a.kind
        not in (
            IKB.Monitor,
            IKB.NewsAgency,
            IKB.InternationalOrganisation,
            IKB.CivilianGroup,
            IKB.Person,
        )
    ]

    def add(
        controller: Mention,
        territory: Mention,
        change: URIRef,
        extent: URIRef | None = None,
        at: int | None = None,
    ) -> None:
        if text[territory.end - base : territory.end - base + 2] in ("'s", "\u2019s"):
            extent = IKB.Part  # "the region's southwestern flank": somewhere in it, not all of it
        extent = extent or _extent(text, territory.start - base)
        # "since X" bounds the claim only when it follows the control words ("in rebel hands since 2014").
        valid_from = (
            None
            if at is None
            else next((t for s, _, t in sentence.times if t.since and s >= at), None)
        )
        historical = change == IKB.Holds and bool(_PAST_HOLDING.search(text))
        # 'the army said on Saturday ... after the RSF seized the city in December 2023': a
        # time stated after the control words, in their clause, dates this claim.
        own = (
            None
            if at is None
            else next(
                (
                    t
                    for s, _, t in sentence.times
                    if not t.since and at <= s < _clause_end(text, at)
                ),
                None,
            )
        )
        out.append(
            Control(
                sentence.index,
                controller,
                territory,
                extent,
                change,
                own or time,
                valid_from=valid_from,
                historical=historical,
            )
        )

    for m in _ADJ_CONTROL.finditer(text):
        who = [
            a for a in actors if a.start >= base + m.start("who") and a.end <= base + m.end("who")
        ]
        after = [p for p in sentence.places() if 0 <= p.start - (base + m.end()) <= 25]
        if who and after:
            add(who[-1], after[0], IKB.Holds, IKB.Full)
    for m in _PASSIVE_CONTROL.finditer(text):
        controller = _agent_after(actors, text, base, m.end())
        before = _territories_before(sentence, base + m.start())
        if controller:
            for place in before:
                add(controller[0], place, IKB.Holds, IKB.Full)
    for m in _HANDS.finditer(text):
        if re.search(r"\bbeyond\b|\bout of\b", text[max(0, m.start() - 12) : m.start()], re.I):
            continue
        adj = m.group("adj") or m.group("adj2")
        if adj:
            controller = [
                a for a in actors if a.start >= base + m.start() and a.end <= base + m.end()
            ]
        else:
            controller = [a for a in actors if 0 <= a.start - (base + m.end()) <= 12]
        before = _territories_before(sentence, base + m.start())
        if controller:
            for place in before:
                add(controller[0], place, IKB.Holds, IKB.Full, at=m.start())
    for m in _FELL_TO.finditer(text):
        controller = [a for a in actors if 0 <= a.start - (base + m.end()) <= 12]
        before = _territories_before(sentence, base + m.start())
        if controller:
            for place in before:
                add(controller[0], place, IKB.Gained)
    for m in _HELD.finditer(text):
        subject = [
            a for a in actors if a.end <= base + m.start() and base + m.start() - a.end <= 60
        ]
        held = [p for p in sentence.places() if 0 <= p.start - (base + m.end()) <= 25]
        if subject and held:
            add(subject[0], held[0], IKB.Holds, at=m.start())
    for m in _RELATIVE_HOLD.finditer(text):
        who = [
            a for a in actors if base + m.start("who") <= a.start and a.end <= base + m.end("who")
        ]
        before = [
            p
            for p in sentence.places()
            if p.end <= base + m.start()
            and base + m.start() - p.end <= 80
            and p.kind != IKB.Country
        ]
        if who and before:
            add(who[0], before[0], IKB.Holds, at=m.start())
    for m in _DRIVEN_OUT.finditer(text):
        subject = [
            a for a in actors if a.end <= base + m.start() and base + m.start() - a.end <= 40
        ]
        lost = [p for p in sentence.places() if 0 <= p.start - (base + m.end()) <= 25]
        if subject and lost:
            add(subject[-1], lost[0], IKB.Lost)
    for m in _STRONGHOLD.finditer(text):
        after = text[m.end() : m.end() + 80]
        owner = [
            a
            for a in actors
            if base + m.end() <= a.start <= base + m.end() + 8 and after.lstrip().startswith("of")
        ] or [a for a in actors if 0 <= base + m.start() - a.end <= 4]
        where = [p for p in sentence.places() if base + m.end() < p.start <= base + m.end() + 60]
        if owner and where:
            add(owner[0], where[-1], IKB.Holds, IKB.Part, at=m.start())
    for change, pattern in _ACTIVE:
        for m in pattern.finditer(text):
            if _FAILED.search(text[max(0, m.start() - 40) : m.start()]):
                continue  # "failed to take", "seeks to recapture": not a change of control
            if text[max(0, m.start() - 1) : m.start()] == "-":
                continue
            if change == IKB.Gained and _PASSIVE_BEFORE.search(
                text[max(0, m.start() - 12) : m.start()]
            ):
                continue  # "were driven out of", "was captured by": read by the passive patterns
            subject = [
                a
                for a in actors
                if a.end <= base + m.start()
                and (base + m.start()) - a.end <= 90
                and not _MODIFIER_BEFORE.search(text[: a.start - base])
                and not _RELATIVE.search(text[a.end - base : m.start()])
                and not _SPEAKER_AFTER.match(text[a.end - base : m.start()])
                and not _PATRON_AFTER.match(text[a.end - base :])
            ]
            opens = [
                base + c.end() for c in _SUBORDINATE.finditer(text[: m.start()])
            ]  # 'X is under strain after Y overran Z': Y's clause has its own subject
            if opens and any(a.start >= opens[-1] for a in subject):
                subject = [a for a in subject if a.start >= opens[-1]]
            named = [a for a in subject if not a.generic]
            subject = named[:1] or subject[-1:]  # the clause's subject is usually its first name
            if not subject and re.match(r"\s*(?:They|It)\b", text) and previous_attackers:
                subject = previous_attackers[:1]
            if not subject and _PRONOUN_BEFORE.search(text[: m.start()]):
                # "the Arakan Army said that it had overrun X": the speaker took it
                subject = [
                    a
                    for a in actors
                    if a.end <= base + m.start()
                    and _SPEAKER_AFTER.match(text[a.end - base : m.start()])
                ][-1:]
            if not subject:
                continue
            end = base + _clause_end(text, m.end())
            territories: list[Mention] = []
            for place in [p for p in sentence.places() if base + m.end() <= p.start < end]:
                if territories and _CONTAINER_BEFORE.search(
                    text[territories[-1].end - base : place.start - base]
                ):
                    continue  # "the town of X in Idlib province": Idlib locates X, it was not taken
                if _REFERENCE_BEFORE.search(
                    text[max(0, place.start - base - 40) : place.start - base]
                ):
                    continue  # "a town south of Idlib city": a reference point
                territories.append(place)
                between = text[m.end() : place.start - base]
                partial = IKB.Part if _COUNTED_OBJECT.search(between) else None
                add(subject[-1], place, change, partial, at=m.start())
    return _dedupe(out)


def _agent_after(actors: list[Mention], text: str, base: int, pos: int) -> list[Mention]:
    """The actor a "by" phrase names; with an apposition ("by Syria's former Al-Qaeda affiliate
    Hayat Tahrir al-Sham") the last name of the run is the one meant."""
    run: list[Mention] = []
    for a in actors:
        if a.start < base + pos:
            continue
        gap = text[(run[-1].end if run else base + pos) - base : a.start - base]
        if len(gap) > (12 if not run else 4) or re.search(r"[.;]|\band\b", gap):
            break
        run.append(a)
    return run[-1:]


def _territories_before(sentence: Sentence, pos: int) -> list[Mention]:
    """The places a passive control phrase is about: those before it in its clause, without the
    ones that only locate another ("the villages of A and B in Hama province")."""
    text, base = sentence.text, sentence.start
    clause_start = (
        base + max(text.rfind(";", 0, pos - base), text.rfind(":", 0, pos - base), -1) + 1
    )
    out: list[Mention] = []
    for place in [p for p in sentence.places() if clause_start <= p.start and p.end <= pos]:
        if out and _CONTAINER_BEFORE.search(text[out[-1].end - base : place.start - base]):
            continue
        if _REFERENCE_BEFORE.search(text[max(0, place.start - base - 40) : place.start - base]):
            continue
        out.append(place)
    return out[-3:]


def _extent(text: str, offset: int) -> URIRef:
    window = text[max(0, offset - 60) : offset]
    cut = max(window.rfind(". "), 0)
    window = window[cut:]
    found = None
    for extent, pattern in _EXTENT_MARKERS:
        for m in re.finditer(pattern.pattern.rstrip("$"), window, re.I):
            if found is None or m.start() > found[0]:
                found = (m.start(), extent)
    return found[1] if found else IKB.Full


def _dedupe(controls: list[Control]) -> list[Control]:
    changed = {(c.controller.iri, c.territory.iri) for c in controls if c.change != IKB.Holds}
    # "took full control of X" also matches the Holds words: the change is what was said.
    controls = [
        c
        for c in controls
        if c.change != IKB.Holds or (c.controller.iri, c.territory.iri) not in changed
    ]
    seen = set()
    out = []
    for c in controls:
        key = (c.controller.iri, c.territory.iri, c.change)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
