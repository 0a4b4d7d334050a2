"""Claims read off one sentence: incidents, control of territory, relations, and who said so.

Rules work on the sentence text and on the linked mentions' character offsets, with spaCy's
dependency parse for the one thing patterns do badly: who is the subject of a reporting verb.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import URIRef

from kb.extract.casualties import OUTCOMES, find_casualties
from kb.extract.dates import TimeSpan
from kb.extract.model import Control, Incident, Mention, Relation, Sentence
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
            r"\b(?:bombings?|blasts?|explosions?|explod(?:ed|es|ing)|detonat(?:ed|ing|ion)|set off|went off|"
            r"blew (?:himself|herself|themselves) up|blew up|suicide (?:attacks?|bombings?))\b",
            re.I,
        ),
    ),
    (
        IKB.AirStrike,
        re.compile(
            r"\b(?:air ?strikes?|air ?raids?|air attacks?|bombard(?:ment|ments|ed|ing)|drone strikes?|"
            r"strikes?|raids?|airstrikes?|dropped (?:\w+ )?(?:barrel )?bombs?)\b",
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
            r"combat|fought|shootings?|shot (?:dead|at|and)|opened fire|gunned down|gunfire|stabb(?:ed|ing))\b",
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
_BACKGROUND = re.compile(
    r"\b(?:the war|civil war|the conflict)\b.*\b(?:since|started in|began in|years into)\b|\byears into\b",
    re.I,
)
_KILL_ONLY = IKB.CivilianKilling

# ---- control of territory --------------------------------------------------------------------
_ADJ_CONTROL = re.compile(
    r"\b(?P<who>[\w'\u2019 ]+?)-(?:controlled|held|dominated|run|ruled)\b", re.I
)
_PASSIVE_CONTROL = re.compile(
    r"\b(?:controlled|held|dominated|run|administered|ruled)\s+by\b", re.I
)
_HANDS = re.compile(
    r"\b(?:in|into)\s+(?:the\s+hands\s+of|(?P<adj>[\w-]+)\s+hands)\b|\bunder\s+(?:the\s+)?(?:(?P<adj2>[\w-]+)\s+)?control\b(?:\s+of\b)?",
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
            r"\b(?:seiz(?:ed|es|ing)|captur(?:ed|es|ing)|(?:took|take|taken|taking|regained|seized|gained|assumed)\s+(?:full\s+|complete\s+|total\s+)?control\s+(?:of|over)|took\s+back|retook|re-?captured|regained|entered|marched\s+into|advanced\s+into|stormed|overran|liberated|fully\s+controlled|took)\b",
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
    r"(?:\b(?:north|south|east|west)\w*\s+of|\bnear|\bclose to|\btowards?|\bborders? of|\bfrom|\bkm\b[^.]{0,20}\bof|\bmiles?\b[^.]{0,20}\bof|\boutskirts of|\bedge of)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)
_FELL_TO = re.compile(r"\bfell\s+(?:to|into\s+the\s+hands\s+of)\b", re.I)
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
_RELATIVE = re.compile(r",\s*(?:which|who|whose)\b|\bthat\s+(?:control|hold)", re.I)
# "an official in Kabul said": where the speaker is, not where the incident was.
_REPORTER_PLACE = re.compile(
    r"\b(?:officials?|spokes(?:man|woman|person)|ministry|governor|sources?|authorities|reporters?|"
    r"correspondents?|agency|statement|embassy|police chief|told reporters)\b[^,.;]{0,15}\b(?:in|from)\s+(?:the\s+)?$",
    re.I,
)
_IN_PHRASE = re.compile(
    r"\b(?:on|against|in|of|from|near|at|with|for|to|into|over|toward|towards|among)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)
_COMPOUND_AFTER = re.compile(
    r"-(?:held|controlled|run|dominated|backed|led|affiliated|linked|allied|aligned|besieged)\b",
    re.I,
)
# A verb whose subject did the attacking; passive forms ("were killed") name victims instead.
_ACTIVE_ATTACK = re.compile(
    r"(?<!was )(?<!were )(?<!been )(?<!are )(?<!is )(?<!being )"
    r"\b(?:launched|attacked|killed|shelled|bombed|pounded|targeted|struck|hit|seized|captured|took|"
    r"stormed|advanced|entered|fired|carried out|conducted|kill|kills|dropped|detonated|shot|ambushed|"
    r"executed|blew up|set off|opened fire)\b",
    re.I,
)
_FAILED_ANYWHERE = re.compile(
    r"\b(?:fail\w*|unable|attempt\w*|thwart\w*|repel\w*|repuls\w*)\b", re.I
)
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


def _mentions_between(sentence: Sentence, lo: int, hi: int, places: bool) -> list[Mention]:
    return [m for m in sentence.mentions if m.is_place == places and m.start >= lo and m.end <= hi]


def _clause_end(text: str, pos: int) -> int:
    m = re.compile(
        r"[;:\u2014]|(?<!well)\s(?:as(?!\s+well\b)|amid|while|after|but|which|where|when|following)\s|,\s(?:a|the)\s\w+\s(?:said|says)"
    ).search(text, pos)
    return m.start() if m else len(text)


def sentence_time(sentence: Sentence) -> TimeSpan | None:
    plain = [t for _, _, t in sentence.times if not t.since]
    return plain[0] if plain else (sentence.times[0][2] if sentence.times else None)


def find_incident(
    sentence: Sentence, previous_attackers: list[Mention], reporter: Mention | None
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
    reporters = {reporter.iri} if reporter else set()
    actors = [
        m
        for m in sentence.actors()
        if m.iri not in reporters
        and m.kind
        not in (IKB.Monitor, IKB.NewsAgency, IKB.InternationalOrganisation, IKB.CivilianGroup)
    ]
    attackers, targets, participants = _roles(sentence, actors, previous_attackers)
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
    return Incident(
        sentence.index,
        types,
        places,
        attackers,
        targets,
        participants,
        sentence_time(sentence),
        casualties,
        sorted(triggers),
        sorted(instruments),
        _outcome_words(sentence, casualties),
    )


def _outcome_words(sentence: Sentence, casualties: list) -> list[tuple[int, int, URIRef]]:
    """Every kill/injure word of an incident sentence ("killed", "wounded"), counted or not."""
    out = []
    for pattern, outcome in OUTCOMES[:2]:
        for m in pattern.finditer(sentence.text):
            out.append((sentence.start + m.start(), sentence.start + m.end(), outcome))
    return sorted(out)


def _roles(
    sentence: Sentence, actors: list[Mention], previous: list[Mention]
) -> tuple[list, list, list]:
    """Attacker, target and participants, from the shapes news sentences use: "strikes by X",
    "X strikes", "X launched/shelled ...", "an attack on Y", "clashes between X and Y"."""
    text, base = sentence.text, sentence.start
    # "rebel-held Aleppo", "pro-Damascus media": the name describes something else.
    actors = [
        a
        for a in actors
        if not _COMPOUND_AFTER.match(text[a.end - base : a.end - base + 14])
        and not re.search(
            r"\b(?:pro|anti)-$", text[max(0, a.start - base - 5) : a.start - base], re.I
        )
    ]
    attackers: list[Mention] = []
    targets: list[Mention] = []
    participants: list[Mention] = []
    between = re.search(r"\bbetween\b(?P<rest>.{0,160})", text, re.I)
    if between:
        lo = base + between.start("rest")
        participants = [a for a in actors if lo <= a.start < lo + len(between.group("rest"))][:2]
    for m in re.finditer(
        r"(?<!backed )(?<!supported )(?<!led )(?<!armed )(?<!sponsored )\bby\b", text
    ):
        after = [a for a in actors if 0 <= a.start - (base + m.end()) <= 12]
        if after:
            chain = [
                a for a in actors if a.start >= after[0].start and a.start - after[0].end < 30
            ][:3]
            attackers += chain
    for m in re.finditer(r"\b(?:on|against|targeting|targeted|at)\b", text):
        after = [a for a in actors if 0 <= a.start - (base + m.end()) <= 12]
        targets += after[:1]
    for _, pattern in TRIGGERS:
        for m in pattern.finditer(text):
            before = [a for a in actors if 0 <= (base + m.start()) - a.end <= 3]
            if before:  # "Russian and Syrian strikes": every name of the chain
                chain = [
                    a
                    for a in actors
                    if a.end <= before[0].start
                    and re.fullmatch(
                        r"\s*(?:and|,)\s*", text[a.end - base : before[0].start - base]
                    )
                ]
                attackers += chain + before
    # The sentence's subject, not a name inside a prepositional phrase ("strikes on IS killed 25").
    first = next(
        (
            a
            for a in actors
            if a not in participants
            and not _IN_PHRASE.search(text[max(0, a.start - base - 25) : a.start - base])
        ),
        None,
    )
    subject_verb = _ACTIVE_ATTACK.search(text)
    if (
        first is not None
        and subject_verb
        and first.start < base + subject_verb.start()
        and not attackers
    ):
        attackers.append(first)
        # "the jihadists and allied rebels launched": every name of a coordinated subject
        last = first
        for a in actors:
            if a.start > last.end and a.end <= base + subject_verb.start():
                gap = text[last.end - base : a.start - base]
                if re.fullmatch(r"\s*(?:,|and|,\s*and)\s+(?:allied\s+|other\s+)?", gap):
                    attackers.append(a)
                    last = a
    for m in re.finditer(r"\b(?:blamed|accused)\b", text, re.I):
        # "the monitor blamed Russian warplanes for the raids"
        after = [a for a in actors if 0 <= a.start - (base + m.end()) <= 12]
        attackers += after[:1]
    if not attackers and re.match(r"\s*(?:They|It|He)\b", text) and previous:
        attackers = list(previous)
    seen: set = set()
    attackers = [a for a in attackers if not (a.iri in seen or seen.add(a.iri))]
    targets = [t for t in targets if t.iri not in seen]
    return attackers, targets, participants


def find_controls(sentence: Sentence, previous_attackers: list[Mention]) -> list[Control]:
    text, base = sentence.text, sentence.start
    time = sentence_time(sentence)
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
        if controller.is_place or not territory.is_place:
            return
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
        out.append(
            Control(
                sentence.index,
                controller,
                territory,
                extent,
                change,
                time,
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
    for change, pattern in _ACTIVE:
        for m in pattern.finditer(text):
            if _FAILED.search(text[max(0, m.start() - 40) : m.start()]):
                continue  # "failed to take", "seeks to recapture": not a change of control
            if text[max(0, m.start() - 1) : m.start()] == "-":
                continue
            subject = [
                a
                for a in actors
                if a.end <= base + m.start()
                and (base + m.start()) - a.end <= 90
                and not _MODIFIER_BEFORE.search(text[: a.start - base])
                and not _RELATIVE.search(text[a.end - base : m.start()])
            ]
            named = [a for a in subject if not _generic(a)]
            subject = named[:1] or subject[-1:]  # the clause's subject is usually its first name
            if not subject and re.match(r"\s*(?:They|It)\b", text) and previous_attackers:
                subject = previous_attackers[:1]
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


def _generic(m: Mention) -> bool:
    return str(m.iri).endswith(("actor/jihadists", "actor/rebels", "actor/armed-men"))


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
        if relation == IKB.ledBy and obj is not None and _generic(obj):
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
        if led is not None and _generic(led):
            # "HTS, a jihadist group led by ...": the group is the name the apposition describes.
            head = nearest_before(led.start, 40)
            led = head if head is not None and not _generic(head) else None
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
