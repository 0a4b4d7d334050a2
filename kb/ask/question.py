"""What a question asks for, and the time window it names.

Intents are few and fixed, each with its own SPARQL template; a question that fits none is
answered by semantic search alone, with low confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rdflib import URIRef

from kb.extract.dates import TimeSpan, find_times
from kb.vocab import IKB

_INTENTS: list[tuple[str, re.Pattern]] = [
    (
        "reporter",
        re.compile(
            r"\bwho (?:reported|reports|said|says|claimed|claims|announced)\b|\baccording to whom\b|\b(?:what|which) (?:is|are|were) the sources?\b|\bwho is the source\b|\bsources? (?:for|of|on)\b",
            re.I,
        ),
    ),
    (
        "relations",
        re.compile(
            r"\b(?:back(?:s|ed|ing|er|ers)?|support(?:s|ed|ing|ers)?|sponsor\w*|all(?:y|ies|ied)|led by|leads?|leader|affiliat\w*|linked|behind|rivals?|patron)\b",
            re.I,
        ),
    ),
    (
        "casualties",
        re.compile(
            r"\bhow many\b|\bdeath toll\b|\bcasualt\w*\b|\bfatalit\w*\b|\bnumber of (?:dead|people killed|deaths)\b|\btoll\b",
            re.I,
        ),
    ),
    (
        "seized",
        re.compile(
            r"\b(?:seiz\w*|captur\w*|took|taken|take|retook|recaptur\w*|fell|lost|los[et]|regain\w*|withdr[ae]w\w*|overr[au]n|entered)\b",
            re.I,
        ),
    ),
    (
        "control",
        re.compile(
            r"\b(?:controls?|controlled|controlling|holds?|held|in charge|rules?|ruled|administers?|dominat\w*|in (?:whose|the) hands)\b",
            re.I,
        ),
    ),
    (
        "incidents",
        re.compile(
            r"\bwhat happened\b|\bwhat (?:is|was) (?:going on|happening)\b|\bevents?\b|\bincidents?\b|\btimeline\b|\bnews (?:from|about|on)\b|\battacks?\b|\bstrikes?\b|\bwhat did\b|\bfighting\b|\bclashes\b|\bkilled\b|\bdied\b",
            re.I,
        ),
    ),
]
_CATEGORY_WORDS: list[tuple[re.Pattern, URIRef]] = [
    (re.compile(r"\bchild(?:ren)?\b|\bkids\b|\bminors\b", re.I), IKB.Children),
    (re.compile(r"\bwomen\b", re.I), IKB.Women),
    (re.compile(r"\bcivilians?\b", re.I), IKB.Civilians),
    (
        re.compile(
            r"\b(?:government|regime|pro-government|pro-regime|loyalists?|soldiers|troops|army)\b",
            re.I,
        ),
        IKB.GovernmentForces,
    ),
    (re.compile(r"\b(?:jihadists?|rebels?|insurgents?|militants?)\b", re.I), IKB.Insurgents),
    (re.compile(r"\b(?:fighters|combatants)\b", re.I), IKB.Combatants),
]
_KIND_WORDS = {
    "villages": IKB.Village,
    "village": IKB.Village,
    "towns": IKB.Town,
    "town": IKB.Town,
    "cities": IKB.Town,
    "city": IKB.Town,
}


@dataclass
class Question:
    text: str
    intent: str
    window: TimeSpan | None
    category: URIRef | None
    outcome: URIRef
    place_kind: URIRef | None

    @property
    def asks_actor(self) -> bool:
        return bool(
            re.match(
                r"\s*(?:who|which (?:group|groups|side|actor|forces|faction))\b", self.text, re.I
            )
        )


def analyse(text: str, latest: date | None) -> Question:
    """Intent, time window (relative phrases resolved against the newest article), victims asked about."""
    intent = next((name for name, pattern in _INTENTS if pattern.search(text)), "search")
    times = find_times(text, latest)
    window = times[0][2] if times else None
    category = None
    if intent in ("casualties", "incidents"):
        category = next((cat for pattern, cat in _CATEGORY_WORDS if pattern.search(text)), None)
    outcome = IKB.Killed
    if re.search(r"\b(?:injur\w*|wound\w*)\b", text, re.I):
        outcome = IKB.Injured
    elif re.search(r"\b(?:fled|displac\w*)\b", text, re.I):
        outcome = IKB.Displaced
    kind = next((k for w, k in _KIND_WORDS.items() if re.search(rf"\b{w}\b", text, re.I)), None)
    return Question(text, intent, window, category, outcome, kind)
