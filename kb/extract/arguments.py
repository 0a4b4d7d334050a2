"""The arguments of one event word, read off the dependency parse: where it happened and who did it.

An incident gathers every place and actor of its sentence; a sentence often tells of more than
one event ("a bomb exploded in the market, days after gunmen attacked a checkpoint near the
border"), and each event word has its own place and its own attacker in the grammar:

- where: a locative phrase of the word ("the explosion inside the training centre", "clashes
  near the border crossing"), of the verb it is the subject or object of ("the attack took place
  at a police post", "gunmen carried out an attack in the capital"), or a place name modifying it
  ("the Kabul bombing"). Names of places and nouns for places ("street", "market", "compound")
  count; times ("in April") and abstractions ("in retaliation") do not. "The city of X" and
  "X, Y" (a place and the larger one it lies in) give each of their names.
- who: the phrases ``kb.extract.agents`` puts in the attacker's place (subject of an attack verb,
  agent of a passive one, owner of an attack noun, subject of the verb that carries it), here kept
  whatever they name: a person ("the suspect"), a pronoun ("they"), a group the dictionary does
  not know. Joined subjects ("gunmen and suicide bombers") are each an attacker; so is whoever
  "claimed responsibility" for the event.

Spans are article character offsets; the incident's linked places and attackers (IRIs) stay what
the rest of the pipeline uses, these say which of them belongs to which event word.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from kb.extract.agents import ATTACK_NOUNS, ATTACK_VERBS, CARRY_VERBS, agent_heads, verb_agents
from kb.extract.model import EventArguments

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

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
_KINDS = {
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
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_NOT_PLACE_LABELS = ("DATE", "TIME", "PERSON", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT")
_MODIFIERS = {"compound", "amod", "nmod", "poss", "nummod", "quantmod"}
# What a noun of an event can hang from and still be placed by that word's locative phrase.
_SUBJECT_OF = {"nsubj", "nsubjpass"}
_OCCUR = {
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
_CLAIM = {"claim", "admit", "accept"}
# Event words whose "on"/"against" phrase is the target, not the place.
_TARGETING = {
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
_COUNTING = {"wave", "series", "spate", "string", "spree", "campaign", "number"}
# Verbs whose doer is the doer of the event noun they take.
_DOING = CARRY_VERBS | {"mastermind", "orchestrate", "plan", "plot", "organise", "organize"}
_BLAME = {"blame", "accuse"}
_CHARGING = {"convict", "charge", "indict", "sentence", "prosecute"}
# Nouns for violent events besides attacks (``agents.ATTACK_NOUNS``).
_EVENT_NOUNS = {"explosion", "blast", "shooting", "clash", "fighting", "battle", "bombardment"}
_HARM_VERBS = {"injure", "wound", "hurt", "maim", "kill"}
_PERSONAL = {"he", "she", "they", "we", "i", "his", "her", "their", "our", "them", "him"}
# Things that go off or are used, not who used them ("the device detonated").
_THINGS = {
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


def event_arguments(
    span: Span,
    words: list[tuple[int, int]],
    actors: list[tuple[int, int]] = (),
    states: list[tuple[int, int]] = (),
) -> list[EventArguments]:
    """For each event word (article offsets) inside ``span``, its places and attackers.
    ``actors``: the spans of the sentence's linked actors, which may always act; ``states``:
    the spans of the country names it mentions, which before an attack noun name who attacked
    ("US air strikes"), not where."""
    doc = span.doc

    def inside(token: Token, spans: list[tuple[int, int]]) -> bool:
        return any(a <= token.idx < b for a, b in spans)

    out = []
    for start, end in dict.fromkeys(words):
        chars = doc.char_span(start, end, alignment_mode="expand")
        if chars is None or not len(chars):
            continue
        word = chars.root
        owners = [
            c
            for c in word.children
            if c.dep_ in ("compound", "nmod", "amod")
            and c.i < word.i
            and (inside(c, states) or inside(c, actors))
            and word.lemma_.lower() in ATTACK_NOUNS
        ]
        places = [t for t in _places_of(word) if t not in owners]
        attackers = _attackers_of(word, span, actors)
        attackers += [t for t in owners if t not in attackers]
        out.append(
            EventArguments(
                start,
                end,
                _outermost([_extent(t) for t in places]),
                [_extent(t) for t in attackers],
            )
        )
    return out


def _places_of(word: Token) -> list[Token]:
    found: list[Token] = []
    targeting = word.lemma_.lower() in _TARGETING
    for anchor in _anchors(word):
        for prep in anchor.children:
            if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE | {"of", "against"}:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if prep.lower_ in ("on", "against") and targeting or prep.lower_ == "of":
                    # "an attack on the market in X": the market is the target, X the place;
                    # "the shelling of X": X is the place when it is one
                    if prep.lower_ == "of" and anchor is word and _is_place(obj):
                        found += _named_with(obj)
                    found += _nested_places(obj)
                elif _is_place(obj) or _located_name(obj, prep):
                    found += _named_with(obj)
        if anchor.dep_ == "relcl" and any(
            c.dep_ == "advmod" and c.lower_ == "where" for c in anchor.children
        ):
            # "Boylston Street, the thoroughfare where the explosions occurred"
            where = anchor.head.head if anchor.head.dep_ == "appos" else anchor.head
            found += [where] if _is_place(where) else []
    if word.pos_ == "VERB" and word.lemma_.lower() in ATTACK_VERBS - _HARM_VERBS:
        # "attacked an army post in X": the target's place
        for obj in (c for c in word.children if c.dep_ == "dobj"):
            found += _nested_places(obj)
    if word.pos_ in ("NOUN", "PROPN"):
        found += _place_owning(word)
        # "the Kabul bombing", "the Oklahoma City bombing": a place name modifying the event word
        before = [
            c
            for c in word.children
            if c.dep_ in ("compound", "nmod") and c.i < word.i and _modifier_place(c)
        ]
        # "the shrine attack"; "the Birmingham pub bombings": the name says where, not "pub"
        named = [c for c in before if _named_place(c)]
        found += named or before
    return list(dict.fromkeys(found))


def _nested_places(obj: Token) -> list[Token]:
    """The places in a target's own locative phrase ("the market in X")."""
    return [
        g
        for prep in obj.children
        if prep.dep_ == "prep" and prep.lower_ in LOCATIVE - {"on", "over", "into"}
        for g in prep.children
        if g.dep_ == "pobj" and _is_place(g)
        for g in _named_with(g)
    ]


def _anchors(word: Token) -> list[Token]:
    """The word and the words whose locative phrase places it too: the verb it is the subject
    or object of ("the attack took place in X", "carried out an attack in X", "were killed in
    attacks in X", "two bombings killed 48 and wounded 30 in X"), the noun it counts ("a wave of
    attacks across X"), the weapon it set off ("set off a bomb outside X"), and its participle
    clauses ("exploded, wounding 13 on a busy street")."""
    anchors = [word]
    if word.dep_ == "pobj" and word.head.lower_ == "of" and word.head.head.pos_ == "NOUN":
        if word.head.head.lemma_.lower() in _COUNTING:
            anchors.append(word.head.head)  # "a wave of bombings across X"
    for noun in list(anchors):
        head = noun.head
        if noun.pos_ in ("NOUN", "PROPN") or noun.tag_ == "VBG":
            if noun.dep_ in _SUBJECT_OF and head.lemma_.lower() in _OCCUR | _HARM_VERBS:
                anchors.append(head)
                anchors += head.conjuncts  # "killed 7 and wounded 29 in X"
                # "took place in X": the phrase may hang from "place"
                anchors += [c for c in head.children if c.dep_ == "dobj" and c.lower_ == "place"]
            elif noun.dep_ == "dobj" and head.lemma_.lower() in CARRY_VERBS:
                anchors.append(head)
            elif noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
                anchors.append(head.head)
    if word.pos_ in ("NOUN", "PROPN"):
        # "two bombings killed 48 in X" parsed as a noun and its participle; "an attack
        # targeting police in X"
        anchors += [
            c
            for c in word.children
            if c.dep_ == "acl" and (c.lemma_.lower() in _OCCUR | _HARM_VERBS or c.tag_ == "VBG")
        ]
        # "three attacks -- a car bomb, a blast and a shooting -- in X": the list shares the
        # place of the noun it spells out
        first = word
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first.dep_ == "appos" and first.head.lemma_.lower() in ATTACK_NOUNS | _EVENT_NOUNS:
            anchors += [first.head] + ([first] if first is not word else [])
    for verb in list(anchors):
        if verb.pos_ == "VERB" and verb.lemma_.lower() in _HARM_VERBS and verb is not word:
            anchors += [c for c in verb.children if c.dep_ == "dobj"]  # "killed 48 people in X"
    if word.pos_ == "VERB":
        # "shelled by the army near X": the phrase may hang from the agent
        anchors += [g for c in word.children if c.dep_ == "agent" for g in c.children]
        anchors += [c for c in word.children if c.dep_ == "advcl" and c.tag_ == "VBG"]
        anchors += [c for c in word.children if c.dep_ == "dobj" and _is_weapon(c)]
    return list(dict.fromkeys(anchors))


def _is_weapon(token: Token) -> bool:
    from kb.extract.incidents import INSTRUMENTS  # the weapon words (imported late: a cycle)

    return any(pattern.search(token.text) for _, pattern in INSTRUMENTS)


def _place_owning(word: Token) -> list[Token]:
    """ "the site of the blast", "the shootout scene": the place noun the event word belongs to."""
    head = word.head
    if word.dep_ == "pobj" and head.lower_ == "of" and _is_place(head.head):
        return [head.head]
    if word.dep_ == "compound" and head.pos_ == "NOUN" and _is_place(head):
        return [head, *(c for c in head.children if c.dep_ == "compound" and _named_place(c))]
    return []


def _is_place(token: Token) -> bool:
    if token.ent_type_ in _NOT_PLACE_LABELS:
        return False
    if token.ent_type_ in _PLACE_LABELS:
        return True
    if token.pos_ == "PROPN":
        return token.ent_type_ not in ("ORG", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT")
    return token.pos_ == "NOUN" and token.lemma_.lower() in PLACE_NOUNS


def _located_name(token: Token, prep: Token) -> bool:
    """A name spaCy calls an organisation, after "in", "near" or "outside": a place all the
    same ("in Charikar" read as an organisation)."""
    return (
        token.pos_ == "PROPN"
        and token.ent_type_ == "ORG"
        and prep.lower_ in ("in", "near", "outside", "inside", "across", "throughout")
    )


def _modifier_place(token: Token) -> bool:
    """A word before an event noun that says where: a place's name or a noun for a place
    ("the Kabul bombing", "the shrine attack"), not any name ("the van attack")."""
    if token.ent_type_ in _NOT_PLACE_LABELS:
        return False
    # a headline's capitals ("Shrine Attack") make a noun for a place look like a name
    return _named_place(token) or (
        token.pos_ in ("NOUN", "PROPN") and token.lower_ in PLACE_NOUNS | _plurals()
    )


@cache
def _plurals() -> frozenset[str]:
    return frozenset(n + "s" for n in PLACE_NOUNS)


def _named_place(token: Token) -> bool:
    return token.ent_type_ in _PLACE_LABELS


def _named_with(place: Token) -> list[Token]:
    """The place and the names it is given with: "the town of X" and "the town, X" (X, the
    name, rather than the word for its kind), "X, Y" and "X and Y" (each)."""
    out = [place]
    for child in place.children:
        if child.dep_ == "prep" and child.lower_ == "of" and place.pos_ == "NOUN":
            names = [
                g
                for g in child.children
                if g.dep_ == "pobj" and (_named_place(g) or g.pos_ == "PROPN")
            ]
            if names and place.lemma_.lower() in _KINDS:  # not "the finish line of X"
                if _bare_kind(place):  # "the town of X": X
                    out.remove(place)
                out += [t for g in names for t in _named_with(g)]
        elif child.dep_ in ("appos", "conj") and _is_place(child):
            if child.dep_ == "appos" and child.pos_ == "PROPN" and _bare_kind(place):
                out = [t for t in out if t is not place]
            out += _named_with(child)
    return out


def _bare_kind(place: Token) -> bool:
    """ "the town", not "Helmand Province": a word for a kind of place, without a name."""
    return (
        place.pos_ == "NOUN"
        and place.lemma_.lower() in _KINDS
        and not any(c.dep_ == "compound" for c in place.children)
    )


def _attackers_of(word: Token, span: Span, actors: list[tuple[int, int]]) -> list[Token]:
    lemma = word.lemma_.lower()
    if word.pos_ == "VERB" and lemma in _HARM_VERBS:
        heads = verb_agents(word)  # "gunmen wounded five", "five were injured by a sniper"
        if not heads:
            heads = [a for n in _event_nouns_in(word) for a in _noun_attackers(n, actors)]
    else:
        heads = agent_heads(word)
    if not heads and word.pos_ == "VERB":
        # "a bomb planted by X went off", "the blast ... exploded": the weapon's planter, if named
        heads = [c for c in word.children if c.dep_ == "nsubj" and _is_weapon(c)]
    if word.pos_ in ("NOUN", "PROPN"):
        heads += _noun_attackers(word, actors, heads)
        # "Ukrainian drone attacks": the owner may modify the attack noun's own modifier
        heads += [
            g
            for c in word.children
            if c.dep_ == "compound" and c.i < word.i
            for g in c.children
            if g.dep_ in ("amod", "compound") and g.ent_type_ == "NORP"
        ]
    out: list[Token] = []
    for head in heads:
        out += _behind(head, actors)
    out = [t for h in out for t in (h, *_joined(h))]
    return [
        t
        for t in dict.fromkeys(out)
        if span.start <= t.i < span.end and t.i != word.i and _can_act(t, word, actors)
    ]


def _joined(head: Token) -> list[Token]:
    return [c for c in head.conjuncts if c.i > head.i and c.pos_ in ("NOUN", "PROPN")]


def _behind(head: Token, actors: list[tuple[int, int]]) -> list[Token]:
    """Who stands behind a thing put in the attacker's place: an event ("the bombing that
    killed 20", "a wave of attacks killed 107") stands for its own attackers, a weapon ("a bomb
    planted by X went off") for whoever placed it; anyone else for themselves."""
    lemma = head.lemma_.lower()
    if lemma in _COUNTING and head.pos_ == "NOUN":
        counted = [g for c in head.children if c.lower_ == "of" for g in c.children]
        if counted:
            head, lemma = counted[0], counted[0].lemma_.lower()
    events = ATTACK_NOUNS | _EVENT_NOUNS
    if head.pos_ == "NOUN" and _is_place(head):
        # "the bombing of a police academy that killed 20": the academy stands for the bombing
        owner = head.head.head if head.dep_ == "pobj" else None
        if owner is not None and owner.lemma_.lower() in events:
            return _noun_attackers(owner, actors)
        return []
    if lemma in events or lemma in _THINGS and head.pos_ == "NOUN" and not _is_weapon(head):
        return _noun_attackers(head, actors) if lemma in events else []
    if _is_weapon(head):
        return [
            g
            for acl in head.children
            if acl.dep_ == "acl"
            for prep in acl.children
            if prep.dep_ == "agent"
            for g in prep.children
            if g.dep_ == "pobj"
        ]
    return [head]


def _noun_attackers(
    noun: Token, actors: list[tuple[int, int]], known: list[Token] | None = None
) -> list[Token]:
    """Who an event noun belongs to beyond its own modifiers: a name the parser left outside
    it, whoever claimed it or is blamed or held responsible for it, and who carried out "a
    series of" them or decided to."""
    heads = list(agent_heads(noun)) if known is None else []
    heads += _named_before(noun, actors) + _claimed_by(noun) + _blamed_for(noun)
    return heads + _carried_by(noun)


def _event_nouns_in(verb: Token) -> list[Token]:
    """ "killed in IS attacks", "wounded during the raid": the event the harm happened in."""
    return [
        g
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ in ("in", "during", "by")
        for g in prep.children
        if g.dep_ == "pobj" and g.lemma_.lower() in ATTACK_NOUNS
    ]


def _carried_by(noun: Token) -> list[Token]:
    """ "X launched a series of attacks", "X is charged with masterminding the bombings", "the
    blast was carried out by X", "X's decision to carry out the attacks": X."""
    head = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        head = noun.head.head  # "a series of attacks", "a wave of bombings"
    verb = head.head
    if head.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in _DOING:
        return []
    found = verb_agents(verb) if head.dep_ == "dobj" or _by_phrase(verb) else []
    if head.dep_ == "nsubjpass":
        return _by_phrase(verb)
    if found:
        return found
    if verb.dep_ in ("acl", "xcomp") and verb.head.pos_ == "NOUN":
        return [c for c in verb.head.children if c.dep_ == "poss"]  # "X's decision to carry out"
    return []


def _by_phrase(verb: Token) -> list[Token]:
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _is_passive_verb(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _blamed_for(noun: Token) -> list[Token]:
    """ "Y blamed X for the bombing", "the bombing was blamed on X", "X is responsible for the
    bombings": X."""
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in _BLAME:
        return [
            g
            for prep in noun.head.children
            if prep.dep_ == "prep" and prep.lower_ == "on"
            for g in prep.children
            if g.dep_ == "pobj"
        ]
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("for", "of", "in", "over", "with"):
        return []
    owner = prep.head
    if owner.lower_ == "guilty" or owner.lemma_.lower() in _CHARGING:
        # "X was found guilty in the shooting", "X is charged over the bombing"
        verb = owner.head if owner.lower_ == "guilty" else owner
        passive = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")]
        return (
            passive
            if owner.lower_ == "guilty" or _is_passive_verb(verb)
            else [c for c in verb.children if c.dep_ == "dobj"]
        )
    if prep.lower_ != "for":
        return []
    if owner.lemma_.lower() in _BLAME:
        role = "nsubjpass" if _is_passive_verb(owner) else "dobj"  # "X was blamed for"
        return [c for c in owner.children if c.dep_ == role]
    if owner.lower_ == "responsible":
        verb = owner.head
        return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] if verb else []
    return []


def _named_before(noun: Token, actors: list[tuple[int, int]]) -> list[Token]:
    """An actor's name right before the event noun, which the parser left outside it ("IS
    attacks" read as a verb and a noun)."""
    doc = noun.doc
    first = min(noun.subtree, key=lambda t: t.i) if noun.dep_ != "ROOT" else noun
    before = doc[first.i - 1] if first.i > 0 else None
    if before is None:
        return []
    end = before.idx + len(before.text)
    return [before] if any(a <= before.idx and end <= b for a, b in actors) else []


def _can_act(token: Token, word: Token, actors: list[tuple[int, int]]) -> bool:
    """A phrase that can be an attacker: a linked actor, a person or group (by name, pronoun or
    noun), never a time, a number, a weapon or an adjective for the kind of attack ("terror",
    "frequent")."""
    end = token.idx + len(token.text)
    if any(a <= token.idx and end <= b for a, b in actors):
        return True
    if token.pos_ == "PRON":
        return token.lower_ in _PERSONAL
    ent = token.ent_type_
    if token.pos_ == "ADJ" and ent in ("NORP", "GPE"):
        return True  # "Ukrainian drone attacks"
    if token.dep_ in ("compound", "nmod") and token.i < token.head.i:
        return ent in ("ORG", "NORP")  # "Taliban bombing", never "Manchester" or "suicide" bombing
    if ent in ("PERSON", "ORG", "NORP"):
        return True
    if ent:
        return ent == "GPE" and token.dep_ not in ("compound", "amod", "nmod")
    modifier = token.head.i == word.i and token.dep_ in ("compound", "amod", "nmod")
    if modifier or token.pos_ not in ("NOUN", "PROPN"):
        return token.pos_ == "PROPN" and not modifier
    return token.lemma_.lower() not in _THINGS and not _is_weapon(token)


def _claimed_by(noun: Token) -> list[Token]:
    """ "X claimed responsibility for the attack": X."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("for", "of", "in", "over", "with"):
        return []
    owner = prep.head
    if owner.lower_ == "guilty" or owner.lemma_.lower() in _CHARGING:
        # "X was found guilty in the shooting", "X is charged over the bombing"
        verb = owner.head if owner.lower_ == "guilty" else owner
        passive = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")]
        return (
            passive
            if owner.lower_ == "guilty" or _is_passive_verb(verb)
            else [c for c in verb.children if c.dep_ == "dobj"]
        )
    if prep.lower_ != "for":
        return []
    if owner.lemma_.lower() == "responsibility":
        verb = owner.head
    elif owner.lemma_.lower() in _CLAIM:
        verb = owner
    else:
        return []
    if verb.lemma_.lower() not in _CLAIM:
        return []
    # "no group has claimed responsibility": nobody
    return [
        c
        for c in verb.children
        if c.dep_ == "nsubj"
        and not any(d.lower_ in ("no", "nobody") for d in c.children)
        and c.lower_ not in ("nobody", "none", "no one")
    ]


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans not inside another: "the Watertown shootout scene" once, not also "Watertown"."""
    return [
        (a, b)
        for a, b in spans
        if not any(c <= a and b <= d and (c, d) != (a, b) for c, d in spans)
    ]


def _extent(head: Token) -> tuple[int, int]:
    """The name a head word stands in: its modifiers before it ("Taliban gunmen", "the Oxford
    Street bus station") and a proper name's other words."""
    first = head
    for child in head.lefts:
        if child.dep_ in _MODIFIERS and child.i < first.i:
            first = min(child.subtree, key=lambda t: t.i)
    last = head
    for child in head.rights:
        if child.dep_ in ("compound", "flat") and child.i == last.i + 1:
            last = child
    return first.idx, last.idx + len(last.text)
