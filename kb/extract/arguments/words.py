"""The words the argument reader knows: prepositions of place, nouns for places and kinds of
place, verbs and nouns of harm, doing, claiming and blaming, and things that cannot act."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.extract.agents import CARRY_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

# Prepositions that say where something happened.
LOCATIVE = {
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "across",
    "along",
    "alongside",
    "throughout",
    "around",
    "within",
    "behind",
    "beside",
    "opposite",
    "into",
    "on",
    "off",
    "over",
}
# Common nouns that name a place or a building (English, any war).
PLACE_NOUNS = {
    "area",
    "airfield",
    "airport",
    "avenue",
    "apartment",
    "bank",
    "bar",
    "barracks",
    "base",
    "battlefield",
    "border",
    "bridge",
    "building",
    "camp",
    "campus",
    "capital",
    "cafe",
    "café",
    "center",
    "centre",
    "checkpoint",
    "church",
    "city",
    "college",
    "complex",
    "compound",
    "convoy",
    "country",
    "countryside",
    "court",
    "courthouse",
    "crossing",
    "district",
    "embassy",
    "entrance",
    "facility",
    "factory",
    "farm",
    "field",
    "front",
    "garrison",
    "ground",
    "grounds",
    "hall",
    "headquarters",
    "highway",
    "home",
    "hospital",
    "hotel",
    "house",
    "line",
    "mall",
    "market",
    "marketplace",
    "mosque",
    "neighbourhood",
    "neighborhood",
    "office",
    "outpost",
    "outskirts",
    "park",
    "place",
    "parliament",
    "port",
    "post",
    "prison",
    "province",
    "pub",
    "region",
    "republic",
    "residence",
    "restaurant",
    "road",
    "room",
    "bedroom",
    "scene",
    "school",
    "shop",
    "shrine",
    "site",
    "square",
    "stadium",
    "state",
    "station",
    "street",
    "suburb",
    "synagogue",
    "temple",
    "territory",
    "town",
    "university",
    "valley",
    "venue",
    "village",
    "zone",
}
# Words for a kind of place that give way to the name they introduce ("the town of X").
KINDS = {
    "city",
    "town",
    "village",
    "province",
    "district",
    "region",
    "area",
    "state",
    "port",
    "neighborhood",
    "neighbourhood",
    "suburb",
    "quarter",
}
PLACE_LABELS = ("GPE", "LOC", "FAC")
NOT_PLACE_LABELS = ("DATE", "TIME", "PERSON", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT")
MODIFIERS = {"compound", "amod", "nmod", "poss", "nummod", "quantmod"}
# What a noun of an event can hang from and still be placed by that word's locative phrase.
SUBJECT_OF = {"nsubj", "nsubjpass"}
OCCUR = {
    "occur",
    "happen",
    "take",
    "come",
    "hit",
    "strike",
    "begin",
    "start",
    "unfold",
    "be",
    "break",
    "erupt",
}
CLAIM = {"claim", "admit", "accept"}
# Event words whose "on"/"against" phrase is the target, not the place.
TARGETING = {
    "attack",
    "assault",
    "raid",
    "strike",
    "airstrike",
    "offensive",
    "ambush",
    "bombardment",
}
# Nouns that count events ("a wave of attacks").
COUNTING = {"wave", "series", "spate", "string", "spree", "campaign", "number"}
# Verbs whose doer is the doer of the event noun they take.
DOING = CARRY_VERBS | {"mastermind", "orchestrate", "plan", "plot", "organise", "organize"}
BLAME = {"blame", "accuse"}
CHARGING = {"convict", "charge", "indict", "sentence", "prosecute"}
# Nouns for violent events besides attacks (``agents.ATTACK_NOUNS``).
EVENT_NOUNS = {"explosion", "blast", "shooting", "clash", "fighting", "battle", "bombardment"}
HARM_VERBS = {"injure", "wound", "hurt", "maim", "kill"}
PERSONAL = {"he", "she", "they", "we", "i", "his", "her", "their", "our", "them", "him"}
# Things that go off or are used, not who used them ("the device detonated").
THINGS = {
    "explosive",
    "series",
    "wave",
    "detonation",
    "threat",
    "parade",
    "ceremony",
    "rally",
    "device",
    "vehicle",
    "car",
    "truck",
    "van",
    "motorcycle",
    "explosion",
    "blast",
    "fire",
    "attack",
    "bombing",
    "incident",
    "violence",
    "war",
    "conflict",
    "fighting",
    "strike",
    "operation",
}


def is_weapon(token: Token) -> bool:
    """A weapon word ("bomb", "mine", "rocket"): it goes off, it does not act."""
    from kb.extract.incidents import INSTRUMENTS  # the weapon words (imported late: a cycle)

    return any(pattern.search(token.text) for _, pattern in INSTRUMENTS)
