"""The words questions use, as data: which nouns name places or actors, which words are only
the question's own, the victims and outcomes a count may ask about, and the verbs of taking
and holding ground. ``kb/ask/question.py`` reads a question with them; the reader and the
linker use them too.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from kb.vocab import IKB

VICTIM_WORDS: list[tuple[re.Pattern, URIRef]] = [
    (re.compile(r"\bchild(?:ren)?\b|\bkids\b|\bminors\b|\bbab(?:y|ies)\b", re.I), IKB.Children),
    (re.compile(r"\bwomen\b", re.I), IKB.Women),
    (re.compile(r"\bcivilians?\b|\bfarmers\b|\bresidents\b|\bvillagers\b", re.I), IKB.Civilians),
    (
        re.compile(
            r"\b(?:government|regime|pro-government|pro-regime|loyalists?|soldiers|troops|army)\b",
            re.I,
        ),
        IKB.GovernmentForces,
    ),
    (re.compile(r"\b(?:jihadists?|rebels?|insurgents?|militants?)\b", re.I), IKB.Insurgents),
    (re.compile(r"\b(?:fighters|combatants|mercenaries)\b", re.I), IKB.Combatants),
]
PLACE_KIND_WORDS = {
    "village": IKB.Village,
    "town": IKB.Town,
    "city": IKB.Town,
    "district": IKB.District,
    "province": IKB.Governorate,
    "governorate": IKB.Governorate,
    "region": IKB.Region,
    "country": IKB.Country,
}
PLACE_NOUNS = {
    "village",
    "town",
    "city",
    "settlement",
    "district",
    "province",
    "governorate",
    "region",
    "area",
    "neighbourhood",
    "neighborhood",
    "locality",
    "state",
    "county",
    "camp",
    "base",
    "airport",
    "port",
    "border",
    "capital",
    "place",
    "part",
    "side",
}
ACTOR_NOUNS = {
    "group",
    "faction",
    "side",
    "militia",
    "force",
    "army",
    "party",
    "organisation",
    "organization",
    "movement",
    "country",
    "nation",
    "government",
    "coalition",
    "alliance",
    "rebel",
    "gang",
    "unit",
    "diplomat",
    "official",
    "leader",
    "commander",
    "minister",
    "president",
    "spokesman",
    "spokesperson",
    "agency",
    "monitor",
    "channel",
    "newspaper",
    "outlet",
    "broadcaster",
    "person",
    "man",
    "woman",
}
QUESTION_WORDS = {
    "who",
    "whom",
    "whose",
    "what",
    "which",
    "where",
    "when",
    "how",
    "many",
    "much",
    "far",
    "long",
    "do",
    "be",
    "have",
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "at",
    "by",
    "to",
    "for",
    "from",
    "with",
    "and",
    "or",
    "that",
    "this",
    "it",
    "its",
    "their",
    "there",
    "as",
    "according",
    "first",
}
OUTCOME_WORDS = {
    IKB.Killed: {"kill", "die", "dead", "death", "toll", "bury", "massacre", "life", "body"},
    IKB.Injured: {"wound", "injure", "hurt", "injury"},
    IKB.Displaced: {"flee", "fled", "displace", "home", "uproot", "leave", "homeless"},
}


FOCUS_WORDS = {  # the words an article uses for the role a question asks about
    "leader": {"leader", "chief", "head", "commander", "command", "director", "founder", "lead"},
    "spokesman": {"spokesman", "spokesperson", "spokeswoman", "spokesmen"},
    "channel": {"channel", "tv", "television", "broadcaster", "station"},
    "newspaper": {"newspaper", "daily", "paper", "outlet"},
    "group": {"group", "faction", "militia", "movement", "organisation", "organization"},
}


CONTROL_VERBS = {
    "seize",
    "capture",
    "take",
    "retake",
    "recapture",
    "overrun",
    "overran",
    "enter",
    "control",
    "hold",
    "fall",
    "regain",
    "lose",
    "rule",
    "run",
    "administer",
    "be",
    "drive",
    "expel",
    "oust",
    "push",
    "clear",
    "free",
    "liberate",
    "storm",
    "reclaim",
    "retook",
}


IDIOM_OBJECTS = {"part", "place", "note", "action", "step", "responsibility", "aim"}
