"""The arguments of one event word, read off the dependency parse: where it happened and who did it.

An incident gathers every place and actor of its sentence; a sentence often tells of more than
one event ("a bomb exploded in the market, days after gunmen attacked a checkpoint near the
border"), and each event word has its own place and its own attacker in the grammar:

- where: a locative phrase of the word ("the explosion inside the training centre", "clashes
  near the border crossing"), of the verb it is the subject or object of ("the attack took place
  at a police post", "gunmen carried out an attack in the capital"), or a place name modifying it
  ("the Kabul bombing"). Names of places and nouns for places ("street", "market", "compound")
  count; times ("in April") and abstractions ("in retaliation") do not. "The town of X" gives X,
  "X, Y" (a place and the larger one it lies in) and "X and Y" each of their names.
- who: the phrases ``kb.extract.agents`` puts in the attacker's place (subject of an attack verb,
  agent of a passive one, owner of an attack noun, subject of the verb that carries it), here kept
  whatever they name: a person ("the suspect"), a pronoun ("they"), a group the dictionary does
  not know. Joined subjects ("gunmen and suicide bombers") are each an attacker; so is whoever
  "claimed responsibility" for the event.

Spans are article character offsets; the incident's linked places and attackers (IRIs) stay what
the rest of the pipeline uses, these say which of them belongs to which event word.

Modules: ``where`` (places), ``who`` (attackers), ``words`` (the words both know).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.extract.agents import ATTACK_NOUNS
from kb.extract.arguments.where import places_of
from kb.extract.arguments.who import attackers_of
from kb.extract.arguments.words import MODIFIERS
from kb.extract.model import EventArguments

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["event_arguments"]


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
        places = [t for t in places_of(word) if t not in owners]
        attackers = attackers_of(word, span, actors)
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
        if child.dep_ in MODIFIERS and child.i < first.i:
            first = min(child.subtree, key=lambda t: t.i)
    last = head
    for child in head.rights:
        if child.dep_ in ("compound", "flat") and child.i == last.i + 1:
            last = child
    return first.idx, last.idx + len(last.text)
