"""The WikiEvents benchmark as data, and gen-arg's rules for matching against it.

Documents are rebuilt from their tokens (the stored character offsets index a text the
benchmark does not ship) and parsed with spaCy over those very tokens, so heads are the ones
gen-arg (raspberryice/gen-arg, ``scorer.py`` and ``utils.find_head``) computes: walk dependency
heads from the span's first token while they stay inside the span; gold arguments first lose a
leading "the/a/an". A predicted span matches a gold one when the gold head lies in the predicted
span or the predicted head in the gold span; mentions pair one-to-one within a family, closest
heads first; arguments pair one-to-one by the same rule or, for "coref", by the gold argument's
coreference cluster.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from pathlib import Path

FOLDER = Path("benchmarks") / "wikievents"
FAMILIES = {"Conflict.Attack": "attack", "Life.Die": "die", "Life.Injure": "injure"}
ROLE_FAMILY = {
    "Place": "place",
    "Attacker": "attacker",
    "Killer": "attacker",
    "Injurer": "attacker",
    "Victim": "victim",
    "Instrument": "instrument",
    "ExplosiveDevice": "instrument",
    "Target": "target",
}
SCORED_ROLES = ("place", "attacker", "victim", "instrument")  # "target" is reported, not pooled


@dataclass
class Span:
    """Tokens [start, end) of the benchmark's tokenisation, with the head token."""

    start: int
    end: int
    head: int
    text: str = ""

    def covers(self, token: int) -> bool:
        return self.start <= token < self.end


@dataclass
class EventMention:
    """A gold or predicted mention: family, trigger span, arguments by role family."""

    family: str
    trigger: Span
    sentence: str
    label: str
    args: dict[str, list[Span]] = field(default_factory=dict)
    entities: dict[int, str] = field(default_factory=dict)  # arg head -> gold entity id


@dataclass
class Document:
    """A benchmark document rebuilt as text, with token offsets and a parse over its tokens."""

    doc_id: str
    text: str
    starts: list[int]
    ends: list[int]
    heads: list[int]
    sentence_of: list[int]
    sentences: list[str]

    def tokens(self, start: int, end: int) -> tuple[int, int] | None:
        """Token range [a, b) overlapping the character span [start, end)."""
        a = bisect.bisect_right(self.ends, start)
        b = bisect.bisect_left(self.starts, end)
        return (a, b) if a < b else None

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, find_head(self.heads, start, end - 1), self.text_of(start, end))

    def text_of(self, start: int, end: int) -> str:
        return self.text[self.starts[start] : self.ends[end - 1]]

    def char_span(self, start: int, end: int) -> Span | None:
        found = self.tokens(start, end)
        return self.span(*found) if found else None


def find_head(heads: list[int], first: int, last: int) -> int:
    """gen-arg's rule: follow dependency heads while they stay inside [first, last]."""
    current = first
    while first <= heads[current] <= last and heads[current] != current:
        current = heads[current]
    return current


def rebuild(raw: dict, nlp: object) -> Document:
    """Text from the sentences' tokens (single spaces, one sentence a line) and their parse.

    The stored offsets index a text the benchmark does not ship, so the text is rebuilt; the
    parse runs over the benchmark's own tokens so that heads are those gen-arg computes.
    """
    from spacy.tokens import Doc

    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    sentence_of: list[int] = []
    spaces: list[bool] = []
    sentences: list[str] = []
    pos = 0
    for index, (tokens, _) in enumerate(raw["sentences"]):
        line_start = pos
        for k, (word, a, _b) in enumerate(tokens):
            if k and a > tokens[k - 1][2]:
                parts.append(" ")
                pos += 1
            starts.append(pos)
            parts.append(word)
            pos += len(word)
            ends.append(pos)
            sentence_of.append(index)
            spaces.append(k + 1 < len(tokens) and tokens[k + 1][1] > tokens[k][2])
        sentences.append("".join(parts)[line_start:])
        parts.append("\n")
        pos += 1
    text = "".join(parts).rstrip("\n")
    doc = Doc(nlp.vocab, words=raw["tokens"], spaces=spaces)
    for _, component in nlp.pipeline:
        doc = component(doc)
    heads = [t.head.i for t in doc]
    return Document(raw["doc_id"], text, starts, ends, heads, sentence_of, sentences)


def _clean(tokens: list[str], start: int, end: int) -> tuple[int, int]:
    if end - start > 1 and tokens[start].lower() in ("the", "a", "an"):
        return start + 1, end
    return start, end


def gold_mentions(raw: dict, doc: Document) -> list[EventMention]:
    """The benchmark's attack / die / injure mentions with their role-mapped arguments."""
    entities = {e["id"]: e for e in raw["entity_mentions"]}
    out: list[EventMention] = []
    for event in raw["event_mentions"]:
        family = FAMILIES.get(".".join(event["event_type"].split(".")[:2]))
        if family is None:
            continue
        trigger = event["trigger"]
        mention = EventMention(
            family,
            doc.span(trigger["start"], trigger["end"]),
            doc.sentences[doc.sentence_of[trigger["start"]]],
            event["event_type"],
        )
        for arg in event["arguments"]:
            role = ROLE_FAMILY.get(arg["role"])
            entity = entities.get(arg["entity_id"])
            if role is None or entity is None:
                continue
            span = doc.span(*_clean(raw["tokens"], entity["start"], entity["end"]))
            mention.args.setdefault(role, []).append(span)
            mention.entities[span.head] = arg["entity_id"]
        out.append(mention)
    return out


def overlaps(pred: Span, gold: Span) -> bool:
    """The head-word rule: gold head inside the predicted span, or predicted head inside gold."""
    return pred.covers(gold.head) or gold.covers(pred.head)


def match_mentions(
    preds: list[EventMention], golds: list[EventMention]
) -> list[tuple[EventMention, EventMention]]:
    """One-to-one pairs of same-family mentions under the head-word rule, closest heads first."""
    candidates = sorted(
        (abs(p.trigger.head - g.trigger.head), i, j)
        for i, p in enumerate(preds)
        for j, g in enumerate(golds)
        if p.family == g.family and overlaps(p.trigger, g.trigger)
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((preds[i], golds[j]))
    return pairs


def match_args(
    pred: list[Span], gold: list[Span], same_entity: object = None
) -> list[tuple[Span, Span]]:
    """One-to-one argument pairs by the head-word rule, or by coreference when given."""
    pairs = []
    free = list(gold)
    for p in pred:
        hit = next((g for g in free if overlaps(p, g)), None)
        if hit is None and same_entity is not None:
            hit = next((g for g in free if same_entity(p, g)), None)
        if hit is not None:
            free.remove(hit)
            pairs.append((p, hit))
    return pairs


def read_coref(path: Path) -> dict[str, dict[str, int]]:
    """doc id -> entity id -> cluster number."""
    out: dict[str, dict[str, int]] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        out[record["doc_key"]] = {
            entity: n for n, cluster in enumerate(record["clusters"]) for entity in cluster
        }
    return out
