"""Who did what an event word says: the subjects and agents ``kb.extract.agents`` finds, kept
whatever they name, and the phrases that name a doer from further away ("claimed
responsibility for", "blamed for", "carried out by", "a bomb planted by X")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.extract.agents import ATTACK_NOUNS, agent_heads, verb_agents
from kb.extract.arguments.where import is_place
from kb.extract.arguments.words import (
    BLAME,
    CHARGING,
    CLAIM,
    COUNTING,
    DOING,
    EVENT_NOUNS,
    HARM_VERBS,
    PERSONAL,
    THINGS,
    is_weapon,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def attackers_of(word: Token, span: Span, actors: list[tuple[int, int]]) -> list[Token]:
    lemma = word.lemma_.lower()
    if word.pos_ == "VERB" and lemma in HARM_VERBS:
        heads = verb_agents(word)  # "gunmen wounded five", "five were injured by a sniper"
        if not heads:
            heads = [a for n in _event_nouns_in(word) for a in _noun_attackers(n, actors)]
    else:
        heads = agent_heads(word)
    if not heads and word.pos_ == "VERB":
        # "a bomb planted by X went off", "the blast ... exploded": the weapon's planter, if named
        heads = [c for c in word.children if c.dep_ == "nsubj" and is_weapon(c)]
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
    if lemma in COUNTING and head.pos_ == "NOUN":
        counted = [g for c in head.children if c.lower_ == "of" for g in c.children]
        if counted:
            head, lemma = counted[0], counted[0].lemma_.lower()
    events = ATTACK_NOUNS | EVENT_NOUNS
    if head.pos_ == "NOUN" and is_place(head):
        # "the bombing of a police academy that killed 20": the academy stands for the bombing
        owner = head.head.head if head.dep_ == "pobj" else None
        if owner is not None and owner.lemma_.lower() in events:
            return _noun_attackers(owner, actors)
        return []
    if lemma in events or lemma in THINGS and head.pos_ == "NOUN" and not is_weapon(head):
        return _noun_attackers(head, actors) if lemma in events else []
    if is_weapon(head):
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
    if head.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in DOING:
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


def _held_for(noun: Token) -> tuple[Token | None, list[Token]]:
    """What a 'for' phrase around the event noun hangs from ('blamed for', 'responsibility
    for'), or, through 'guilty in' / 'charged over', who was convicted or charged for it."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("for", "of", "in", "over", "with"):
        return None, []
    owner = prep.head
    if owner.lower_ == "guilty" or owner.lemma_.lower() in CHARGING:
        return None, _convicted(owner)
    return (owner if prep.lower_ == "for" else None), []


def _convicted(owner: Token) -> list[Token]:
    """ "X was found guilty in the shooting", "X is charged over the bombing": X."""
    verb = owner.head if owner.lower_ == "guilty" else owner
    if owner.lower_ == "guilty" or _is_passive_verb(verb):
        return [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")]
    return [c for c in verb.children if c.dep_ == "dobj"]


def _blamed_for(noun: Token) -> list[Token]:
    """ "Y blamed X for the bombing", "the bombing was blamed on X", "X is responsible for the
    bombings": X."""
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in BLAME:
        return [
            g
            for prep in noun.head.children
            if prep.dep_ == "prep" and prep.lower_ == "on"
            for g in prep.children
            if g.dep_ == "pobj"
        ]
    owner, convicted = _held_for(noun)
    if convicted or owner is None:
        return convicted
    if owner.lemma_.lower() in BLAME:
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
        return token.lower_ in PERSONAL
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
    return token.lemma_.lower() not in THINGS and not is_weapon(token)


def _claimed_by(noun: Token) -> list[Token]:
    """ "X claimed responsibility for the attack": X."""
    owner, convicted = _held_for(noun)
    if convicted or owner is None:
        return convicted
    if owner.lemma_.lower() == "responsibility":
        verb = owner.head
    elif owner.lemma_.lower() in CLAIM:
        verb = owner
    else:
        return []
    if verb.lemma_.lower() not in CLAIM:
        return []
    # "no group has claimed responsibility": nobody
    return [
        c
        for c in verb.children
        if c.dep_ == "nsubj"
        and not any(d.lower_ in ("no", "nobody") for d in c.children)
        and c.lower_ not in ("nobody", "none", "no one")
    ]
