"""What place names look like: words that never name a place, the words around names that say
what kind of place they are ("the village of X", "X province"), and the patterns that find them."""

from __future__ import annotations

import re

from kb.vocab import IKB

# Words a capitalised-name pattern can catch that never name a place ("The town", "Regime forces").
NOT_NAMES = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "its",
    "his",
    "their",
    "our",
    "one",
    "each",
    "every",
    "regime",
    "government",
    "rebel",
    "opposition",
    "jihadist",
    "army",
    "state",
    "russian",
    "turkish",
    "syrian",
    "local",
    "nearby",
    "key",
    "strategic",
    "main",
    "border",
    "last",
    "second",
    "third",
    "first",
    "largest",
    "whole",
    "entire",
    "southern",
    "northern",
    "eastern",
    "western",
    "central",
    "rural",
}
# First words of Arabic place names ("Kafr Zita", "Tal Maleh"): such a span is a place even when
# spaCy calls it a person.
TOPONYM_HEADS = {
    "kafr",
    "kfar",
    "kfr",
    "tal",
    "tall",
    "tell",
    "khan",
    "jisr",
    "maarat",
    "maarrat",
    "ma'arat",
    "deir",
    "dayr",
    "ain",
    "ayn",
    "ras",
    "jabal",
    "jebel",
    "beit",
    "bayt",
    "umm",
    "qalaat",
    "qalat",
    "bab",
    "hayy",
    "tel",
    "wadi",
    "sahl",
}
POSSESSIVE = re.compile(r"(?<=[a-z])(?:'|\u2019)?s$")
# Kinds of place that own others in "Aleppos Bustan al-Qasr" or "Syrias Homs".
OWNERS = {IKB.Country, IKB.Governorate, IKB.District, IKB.Town}
NUMBER_WORDS = set(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "hundreds thousand thousands dozens dozen scores".split()
)
CONNECTORS = {
    "al",
    "el",
    "as",
    "ash",
    "ad",
    "an",
    "ar",
    "at",
    "az",
    "-",
    "al-",
    "bin",
    "abu",
    "de",
    "ez",
    "ed",
    "da",
    "do",
    "dos",
    "das",
    "du",
    "di",
    "del",
    "la",
    "le",
}
KIND_WORDS = {
    "province": IKB.Governorate,
    "provinces": IKB.Governorate,
    "governorate": IKB.Governorate,
    "countryside": IKB.Governorate,
    "district": IKB.District,
    "zone": IKB.District,
    "state": IKB.Governorate,
    "city": IKB.Town,
    "town": IKB.Town,
    "towns": IKB.Town,
    "village": IKB.Village,
    "villages": IKB.Village,
    "hamlet": IKB.Village,
    "region": IKB.Region,
    "area": IKB.Region,
    "plain": IKB.Region,
    "hill": IKB.Site,
    "hills": IKB.Site,
    "neighbourhood": IKB.Town,
    "settlement": IKB.Village,
    "neighborhood": IKB.Town,
}
NAME = r"(?:(?:al|el|Al|El)-)?[A-Z][\w'\u2019-]+(?:\s(?:(?:al|el|as|ash|an|ad|Al)-?)?[A-Z][\w'\u2019-]+){0,3}"
CONTEXT_BEFORE = re.compile(
    rf"\b(?P<kind>village|villages|town|towns|city|hamlet|hill|hills|neighbourhood|neighborhood|area|province|region|district)\s+of\s+"
    rf"(?P<names>{NAME}(?:(?:,\s*|\s+and\s+|,\s+and\s+){NAME})*)"
)
# "Adan Yabaal, a town 10 km south-west of Y": the apposition says what the name is.
APPOSITION = re.compile(
    rf"(?P<name>{NAME}),\s+(?:a|an)\s+(?:[\w-]+\s+){{0,3}}?(?P<kind>town|village|city|hamlet|district|settlement)\b"
)
# What a force captures or holds is a place: "has held Kawlin since", "seized Goma".
TAKEN_OBJECT = re.compile(
    rf"\b(?:captured|seized|overran|retook|retaken|recaptured|taken|(?:has|have|had)\s+held|took\s+control\s+of|controls|holds)\s+(?P<name>{NAME})"
)
# "MAIDUGURI -", "CUCUTA, Colombia -", "BEIRUT (Reuters) -": where a wire story was filed.
DATELINE = re.compile(
    r"\s*(?P<name>[A-Z][A-Z\u00c0-\u00dd'\u2019.-]+(?: [A-Z\u00c0-\u00dd'\u2019.-]+){0,2})(?:,\s*[A-Z][\w ]+)?(?:\s*\([\w .]{1,30}\))?\s+[-\u2013\u2014]+\s"
)
BASED_AFTER = re.compile(r"\s*-\s*(?:based|born|made)\b")
MEDIA_AFTER = re.compile(
    r"\s*(?:TV|television|channel|radio|newspaper|news agency|news network)\b", re.I
)
CONTEXT_AFTER = re.compile(
    rf"(?P<name>{NAME})\s+(?P<kind>village|town|province|governorate|district|countryside|region|state|zone)\b"
)
