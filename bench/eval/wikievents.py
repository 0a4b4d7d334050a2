"""WikiEvents (KAIROS), test split by default (``--wikievents-split dev`` for the other 20
documents): attack / die / injure mentions and their arguments.

Our extractor has no KAIROS output, so its incidents are read as KAIROS events:

- Conflict.Attack.*: every trigger of an ArmedClash, AirStrike, Shelling, Bombing or
  ChemicalAttack incident (``Incident.triggers``); arguments Place and Attacker = the places
  and attackers the parse gives that trigger word itself (``Incident.arguments``, read by
  ``kb.extract.arguments``: a sentence may tell of several events, and the incident's other
  places and actors are seldom this word's own), Target = incident targets, Instrument /
  ExplosiveDevice = the weapon named nearest the trigger (``Incident.instruments``).
- Life.Die / Life.Injure: every casualty figure with outcome Killed / Injured. Its span is the
  figure ("more than 100 members"); the outcome word the extractor paired it with (nearest
  ``kb.extract.casualties.OUTCOMES`` match, the extractor's own rule) is added to the mention,
  because KAIROS annotates the verb ("killed") as the trigger. Victim = the figure, Place and
  Killer/Injurer = those the parse gives the outcome word. Kill/injure words without a figure
  (``Incident.outcomes``: "was killed", "injuring") are die/injure mentions too.

Until 2026-12-06 Place and Attacker were the incident's place and attacker nearest the trigger
(within 80 characters); ``FALLBACK`` brings that back, per family, for words the parse gives
none (on both splits it lowers place and attacker F1: precision falls more than recall rises).

Matching and the benchmark's format are in ``bench.eval.kairos`` (gen-arg's head-word rule).
Arguments are scored only inside matched mention pairs, but all predicted and all gold
arguments count in the denominators, as in gen-arg's pipeline scorer.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.eval.common import DatasetResult, Failure, Metric, clip, prf, weigh_by_frequency
from bench.eval.kairos import (
    FAMILIES,
    FOLDER,
    SCORED_ROLES,
    Document,
    EventMention,
    Span,
    gold_mentions,
    match_args,
    match_mentions,
    read_coref,
    rebuild,
)
from kb.extract.casualties import OUTCOMES
from kb.reading.article import Article
from kb.vocab import IKB

PLACE_REACH = 80  # characters between a mention's trigger and an argument it can take
# mention families that take the incident's nearest place / attacker when the parse gives their
# event word none (none do: a sentence's other places and actors are seldom the word's own)
FALLBACK: dict[str, set[str]] = {"place": set(), "attacker": set()}
ATTACK_TYPES = {IKB.ArmedClash, IKB.AirStrike, IKB.Shelling, IKB.Bombing, IKB.ChemicalAttack}
_KILL_VERB = re.compile(r"^(?:kill(?:s|ed|ing)?|claim(?:ed|ing)? the lives of|left)\s+", re.I)


def _outcome_word(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The outcome word nearest a figure, as ``kb.extract.casualties`` pairs them (sentence offsets)."""
    best: tuple[int, int, int] | None = None
    for pattern, _ in OUTCOMES:
        for m in pattern.finditer(sentence):
            distance = max(m.start() - end, start - m.end(), 0)
            if distance <= 90 and (best is None or distance < best[0]):
                best = (distance, m.start(), m.end())
    return (best[1], best[2]) if best else None


def predicted_mentions(extraction: object, doc: Document) -> list[EventMention]:
    """Our incidents read as KAIROS mentions (see the module docstring for the mapping)."""
    out: list[EventMention] = []

    def spans(mentions: list) -> list[Span]:
        return [s for s in (doc.char_span(m.start, m.end) for m in mentions) if s]

    for incident in extraction.incidents:
        sentence = extraction.sentences[incident.sentence]
        args_at = _argument_picker(incident, doc, spans)
        for start, end, kind in incident.triggers:
            trigger = doc.char_span(start, end)
            if kind in ATTACK_TYPES and trigger:
                out.append(
                    EventMention(
                        "attack",
                        trigger,
                        sentence.text,
                        str(kind).split("#")[-1],
                        args_at(start, "attack"),
                    )
                )
        for c in incident.casualties:
            family = {IKB.Killed: "die", IKB.Injured: "injure"}.get(c.outcome)
            found = _casualty_mention(family, c, sentence, doc) if family else None
            if found is not None:
                mention, at = found
                mention.args.update({k: v for k, v in args_at(at, family).items() if k != "target"})
                out.append(mention)
        # Kill/injure words without a figure ("was killed", "injuring") are die/injure events too.
        for start, end, outcome in incident.outcomes:
            family = {IKB.Killed: "die", IKB.Injured: "injure"}.get(outcome)
            trigger = doc.char_span(start, end)
            if family and trigger:
                args = {k: v for k, v in args_at(start, family).items() if k != "target"}
                args["victim"] = []
                out.append(EventMention(family, trigger, sentence.text, trigger.text, args))
    return _dedupe(out)


def _argument_picker(incident: object, doc: Document, spans: object) -> object:
    """Arguments for one mention of an incident. Place and attacker: those the parse gives the
    mention's own event word (``Incident.arguments``, see ``kb.extract.arguments``); a word the
    parse gives none gets the incident's place and attacker nearest it, within PLACE_REACH
    characters, when FALLBACK allows. Weapon: the one nearest the trigger (an incident may name
    several; a KAIROS mention is about one)."""
    instruments = [(a, b) for a, b, _ in incident.instruments]
    places = [(p.start, p.end) for p in incident.places]
    attackers = [(a.start, a.end) for a in incident.attackers]
    own = {(e.start, e.end): e for e in incident.arguments}

    def nearest(pairs: list[tuple[int, int]], at: int, reach: int) -> list[Span]:
        near = [p for p in pairs if abs(p[0] - at) <= reach]
        if not near:
            return []
        a, b = min(near, key=lambda p: abs(p[0] - at))
        span = doc.char_span(a, b)
        return [span] if span else []

    def all_of(pairs: list[tuple[int, int]]) -> list[Span]:
        return [s for s in (doc.char_span(a, b) for a, b in pairs) if s]

    def args_at(at: int, family: str, end: int | None = None) -> dict[str, list[Span]]:
        word = own.get((at, end)) or next(
            (e for e in incident.arguments if e.start <= at < e.end), None
        )
        place = all_of(word.places) if word else []
        attacker = all_of(word.attackers) if word else []
        return {
            "place": place
            or (nearest(places, at, PLACE_REACH) if family in FALLBACK["place"] else []),
            "attacker": attacker
            or (nearest(attackers, at, PLACE_REACH) if family in FALLBACK["attacker"] else []),
            "target": spans(incident.targets),
            "instrument": nearest(instruments, at, PLACE_REACH),
        }

    return args_at


def _casualty_mention(
    family: str, c: object, sentence: object, doc: Document
) -> tuple[EventMention, int] | None:
    """A die/injure mention from a figure: the figure is the victim, the outcome word the head;
    with the article offset its arguments are read at (the outcome word, else the figure)."""
    verb = _KILL_VERB.match(c.text)
    figure_start = c.start + (verb.end() if verb else 0)
    victim = doc.char_span(sentence.start + figure_start, sentence.start + c.end)
    if verb and not verb.group(0).lower().startswith("left"):
        word = (c.start, c.start + verb.end())  # "killed 12": the verb is the outcome word
    else:  # "12 people were killed", "left 12 dead": the extractor's nearest outcome word
        word = _outcome_word(sentence.text, figure_start, c.end)
    anchor = doc.char_span(sentence.start + word[0], sentence.start + word[1]) if word else None
    pieces = [s for s in (victim, anchor) if s]
    if not pieces:
        return None
    trigger = Span(
        min(s.start for s in pieces),
        max(s.end for s in pieces),
        (anchor or victim).head,
        " / ".join(s.text for s in pieces),
    )
    mention = EventMention(
        family, trigger, sentence.text, c.text, {"victim": [victim] if victim else []}
    )
    return mention, sentence.start + (word[0] if word else c.start)


def _dedupe(mentions: list[EventMention]) -> list[EventMention]:
    """One mention per family and head token: the same word reached twice is one prediction."""
    seen: dict[tuple[str, int], EventMention] = {}
    for m in mentions:
        key = (m.family, m.trigger.head)
        if key not in seen:
            seen[key] = m
            continue
        for role, spans in m.args.items():
            kept = seen[key].args.setdefault(role, [])
            kept += [s for s in spans if s.head not in {k.head for k in kept}]
    return list(seen.values())


@dataclass
class Tally:
    """Counts behind precision/recall/F1 for mentions and roles."""

    predicted: Counter = field(default_factory=Counter)
    gold: Counter = field(default_factory=Counter)
    matched: Counter = field(default_factory=Counter)
    matched_coref: Counter = field(default_factory=Counter)
    # predictions and matches in sentences where annotators marked some event (any type):
    # WikiEvents leaves many real attacks and deaths unannotated, which lowers precision.
    predicted_annotated: Counter = field(default_factory=Counter)
    matched_annotated: Counter = field(default_factory=Counter)


def score_document(
    raw: dict,
    doc: Document,
    extraction: object,
    clusters: dict[str, int],
    tally: Tally,
    failures: list[Failure],
) -> None:
    """Add one document's mention and argument counts to ``tally``; record what went wrong."""
    golds = gold_mentions(raw, doc)
    preds = predicted_mentions(extraction, doc)
    entity_spans: dict[int, list[tuple[int, int]]] = {}
    for e in raw["entity_mentions"]:
        if e["id"] in clusters:
            entity_spans.setdefault(clusters[e["id"]], []).append((e["start"], e["end"]))
    annotated = {e["trigger"]["sent_idx"] for e in raw["event_mentions"]}
    for m in preds:
        tally.predicted[m.family] += 1
        tally.predicted_annotated[m.family] += doc.sentence_of[m.trigger.head] in annotated
        for role, spans in m.args.items():
            tally.predicted["arg:" + role] += len(spans)
    for m in golds:
        tally.gold[m.family] += 1
        for role, spans in m.args.items():
            tally.gold["arg:" + role] += len(spans)
    pairs = match_mentions(preds, golds)
    tag = f"wikievents:{raw['doc_id']}"
    for p, g in pairs:
        tally.matched[p.family] += 1
        tally.matched_annotated[p.family] += doc.sentence_of[p.trigger.head] in annotated

        def same_entity(pred_span: Span, gold_span: Span, g: EventMention = g) -> bool:
            cluster = clusters.get(g.entities.get(gold_span.head, ""))
            spans = entity_spans.get(cluster, []) if cluster is not None else []
            return any(a <= pred_span.head < b for a, b in spans)

        for role in set(p.args) | set(g.args):
            got, want = p.args.get(role, []), g.args.get(role, [])
            heads = match_args(got, want)
            tally.matched["arg:" + role] += len(heads)
            tally.matched_coref["arg:" + role] += len(match_args(got, want, same_entity))
            if len(heads) < max(len(got), len(want)) and role in SCORED_ROLES + ("target",):
                failures.append(
                    Failure(
                        tag,
                        f"{p.family} {role}",
                        "; ".join(s.text for s in want) or "-",
                        "; ".join(s.text for s in got) or "-",
                        clip(g.sentence),
                        0.5,
                    )
                )
    matched = {id(m) for pair in pairs for m in pair}
    for kind, mentions in (("missed", golds), ("spurious", preds)):
        for m in mentions:
            if id(m) not in matched:
                said = f"{m.trigger.text} ({m.label})"
                gold, ours = (said, "-") if kind == "missed" else ("-", said)
                failures.append(Failure(tag, f"{kind} {m.family}", gold, ours, clip(m.sentence)))


def evaluate(corpus: Path, limit: int | None = None, split: str = "test") -> DatasetResult:
    """Run the extractor on one split's documents (``test`` by default) and score mentions and
    arguments."""
    from bench.eval.common import extractor

    started = time.perf_counter()
    folder = corpus / FOLDER
    raws = [
        json.loads(line)
        for line in (folder / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    raws = raws[:limit] if limit is not None else raws
    clusters = read_coref(folder / f"coref_{split}.jsonlines")
    nlp = extractor().nlp
    docs = [rebuild(raw, nlp) for raw in raws]
    articles = [Article(text=d.text, title=d.doc_id) for d in docs]
    for article, d in zip(articles, docs, strict=True):
        if article.text != d.text:
            raise ValueError(f"{d.doc_id}: normalising the rebuilt text moved offsets")
    extractions = extractor().extract_many(articles)
    tally = Tally()
    result = DatasetResult("wikievents")
    for raw, d, x in zip(raws, docs, extractions, strict=True):
        score_document(raw, d, x, clusters.get(raw["doc_id"], {}), tally, result.failures)
    result.metrics = metrics(tally)
    weigh_by_frequency(
        result.failures,
        lambda f: (f.gold if f.gold != "-" else f.predicted).split(" (")[0].lower(),
        {f.field for f in result.failures if f.field.startswith(("missed", "spurious"))},
    )
    for f in result.failures:  # mentions first: an argument cannot be right if its event is missed
        if f.field.startswith(("missed", "spurious")):
            f.severity = 0.5 + f.severity / 2
        else:
            f.severity = 0.25
    result.confusions = _confusions(result.failures)
    result.notes += [
        f"{len(raws)} {split} documents; gold mentions: "
        + ", ".join(f"{k} {tally.gold[k]}" for k in FAMILIES.values()),
        "instrument: weapons named in the sentence (Incident.instruments), nearest the trigger",
        "argument F1 pools place, attacker (Attacker/Killer/Injurer), victim, instrument; target is shown apart",
        f"documents naming Syria: {sum('Syria' in d.text for d in docs)} of {len(docs)} "
        "(these figures are the non-Syrian split)",
    ]
    result.seconds = time.perf_counter() - started
    return result


def metrics(tally: Tally) -> list[Metric]:
    """Mention P/R/F1 per family and pooled; argument P/R/F1 per role and pooled (head, coref)."""
    out: list[Metric] = []

    def row(name: str, keys: list[str], target: float | None, coref: bool = False) -> Metric:
        predicted = sum(tally.predicted[k] for k in keys)
        gold = sum(tally.gold[k] for k in keys)
        matched = sum((tally.matched_coref if coref else tally.matched)[k] for k in keys)
        p, r, f = prf(predicted, gold, matched)
        note = f"P {p:.2f} R {r:.2f} (pred {predicted}, gold {gold}, matched {matched})"
        return Metric(name, f, gold, target, note)

    for family in FAMILIES.values():
        out.append(row(f"{family} mention F1", [family], 0.60))
    out.append(row("attack+die+injure mention F1", list(FAMILIES.values()), 0.60))
    families = list(FAMILIES.values())
    predicted = sum(tally.predicted_annotated[k] for k in families)
    gold = sum(tally.gold[k] for k in families)
    matched = sum(tally.matched_annotated[k] for k in families)
    p, r, f = prf(predicted, gold, matched)
    out.append(
        Metric(
            "  same, annotated sentences only",
            f,
            gold,
            note=f"P {p:.2f} R {r:.2f} (pred {predicted}): how much precision is annotation gaps",
        )
    )
    for role in SCORED_ROLES + ("target",):
        out.append(row(f"argument {role} F1 (head)", ["arg:" + role], None))
    pooled = ["arg:" + r for r in SCORED_ROLES]
    out.append(row("argument F1 (head, 4 roles)", pooled, 0.35))
    out.append(row("argument F1 (head+coref, 4 roles)", pooled, None, coref=True))
    return out


def _confusions(failures: list[Failure]) -> dict[str, list[tuple[str, str, int]]]:
    """The trigger words we miss and the ones we wrongly take, most frequent first."""
    out: dict[str, list[tuple[str, str, int]]] = {}
    for kind in ("missed", "spurious"):
        words = Counter(
            (
                f.field.split()[-1],
                (f.gold if kind == "missed" else f.predicted).split(" (")[0].lower(),
            )
            for f in failures
            if f.field.startswith(kind)
        )
        out[f"{kind} trigger words (family -> word: count)"] = [
            (fam, word, c) for (fam, word), c in words.most_common(15)
        ]
    return out
