"""Where an event word happened: its locative phrases and those of the words that carry it,
nouns for places, names before it, and the names a place is given with."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from kb.extract.agents import ATTACK_NOUNS, ATTACK_VERBS, CARRY_VERBS
from kb.extract.arguments.words import (
    COUNTING,
    EVENT_NOUNS,
    HARM_VERBS,
    KINDS,
    LOCATIVE,
    NOT_PLACE_LABELS,
    OCCUR,
    PLACE_LABELS,
    PLACE_NOUNS,
    SUBJECT_OF,
    TARGETING,
    is_weapon,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def places_of(word: Token) -> list[Token]:
    found: list[Token] = []
    targeting = word.lemma_.lower() in TARGETING
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
                    if prep.lower_ == "of" and anchor is word and is_place(obj):
                        found += _named_with(obj)
                    found += _nested_places(obj)
                elif is_place(obj) or _located_name(obj, prep):
                    found += _named_with(obj)
        if anchor.dep_ == "relcl" and any(
            c.dep_ == "advmod" and c.lower_ == "where" for c in anchor.children
        ):
            # "Boylston Street, the thoroughfare where the explosions occurred"
            where = anchor.head.head if anchor.head.dep_ == "appos" else anchor.head
            found += [where] if is_place(where) else []
    if word.pos_ == "VERB" and word.lemma_.lower() in ATTACK_VERBS - HARM_VERBS:
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
        if g.dep_ == "pobj" and is_place(g)
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
        if word.head.head.lemma_.lower() in COUNTING:
            anchors.append(word.head.head)  # "a wave of bombings across X"
    for noun in list(anchors):
        head = noun.head
        if noun.pos_ in ("NOUN", "PROPN") or noun.tag_ == "VBG":
            if noun.dep_ in SUBJECT_OF and head.lemma_.lower() in OCCUR | HARM_VERBS:
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
            if c.dep_ == "acl" and (c.lemma_.lower() in OCCUR | HARM_VERBS or c.tag_ == "VBG")
        ]
        # "three attacks -- a car bomb, a blast and a shooting -- in X": the list shares the
        # place of the noun it spells out
        first = word
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first.dep_ == "appos" and first.head.lemma_.lower() in ATTACK_NOUNS | EVENT_NOUNS:
            anchors += [first.head] + ([first] if first is not word else [])
    for verb in list(anchors):
        if verb.pos_ == "VERB" and verb.lemma_.lower() in HARM_VERBS and verb is not word:
            anchors += [c for c in verb.children if c.dep_ == "dobj"]  # "killed 48 people in X"
    if word.pos_ == "VERB":
        # "shelled by the army near X": the phrase may hang from the agent
        anchors += [g for c in word.children if c.dep_ == "agent" for g in c.children]
        anchors += [c for c in word.children if c.dep_ == "advcl" and c.tag_ == "VBG"]
        anchors += [c for c in word.children if c.dep_ == "dobj" and is_weapon(c)]
    return list(dict.fromkeys(anchors))


def _place_owning(word: Token) -> list[Token]:
    """ "the site of the blast", "the shootout scene": the place noun the event word belongs to."""
    head = word.head
    if word.dep_ == "pobj" and head.lower_ == "of" and is_place(head.head):
        return [head.head]
    if word.dep_ == "compound" and head.pos_ == "NOUN" and is_place(head):
        return [head, *(c for c in head.children if c.dep_ == "compound" and _named_place(c))]
    return []


def is_place(token: Token) -> bool:
    if token.ent_type_ in NOT_PLACE_LABELS:
        return False
    if token.ent_type_ in PLACE_LABELS:
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
    if token.ent_type_ in NOT_PLACE_LABELS:
        return False
    # a headline's capitals ("Shrine Attack") make a noun for a place look like a name
    return _named_place(token) or (
        token.pos_ in ("NOUN", "PROPN") and token.lower_ in PLACE_NOUNS | _plurals()
    )


@cache
def _plurals() -> frozenset[str]:
    return frozenset(n + "s" for n in PLACE_NOUNS)


def _named_place(token: Token) -> bool:
    return token.ent_type_ in PLACE_LABELS


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
            if names and place.lemma_.lower() in KINDS:  # not "the finish line of X"
                if _bare_kind(place):  # "the town of X": X
                    out.remove(place)
                out += [t for g in names for t in _named_with(g)]
        elif child.dep_ in ("appos", "conj") and is_place(child):
            if child.dep_ == "appos" and child.pos_ == "PROPN" and _bare_kind(place):
                out = [t for t in out if t is not place]
            out += _named_with(child)
    return out


def _bare_kind(place: Token) -> bool:
    """ "the town", not "Helmand Province": a word for a kind of place, without a name."""
    return (
        place.pos_ == "NOUN"
        and place.lemma_.lower() in KINDS
        and not any(c.dep_ == "compound" for c in place.children)
    )
