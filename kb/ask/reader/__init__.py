"""The reader: answer spans of the asked type, read from the best evidence sentences.

Each sentence is parsed by the same spaCy pipeline that extraction uses. Candidates are the
spans that can answer the question's type (a number with its head noun, a date, a named actor,
a place, a thing named near the asked noun); each is scored by how well its sentence was
retrieved, how close it stands in the parse to the words the question used, whether its noun
is the one asked about, and its role (the subject of the asked verb, the agent of a passive).
Constraints drop a candidate outright: a span the question itself names, a figure about other
victims than those asked about, a sentence that does not name the asked place.

No model beyond spaCy's small English pipeline: this is the retriever-reader design with the
parts the project already ships.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.ask.question import (
    ACTOR,
    COUNT,
    DATE,
    DISTANCE,
    PLACE,
    THING,
    Question,
    stem,
)
from kb.ask.reader.counts import count_spans, distance_spans
from kb.ask.reader.parse import (
    DATELINE,
    as_span,
    is_dateline,
    nearness,
    parse,
    pluperfect,
    proper_runs,
    stems,
)
from kb.ask.reader.places import date_spans, place_is_named, place_spans, thing_spans
from kb.ask.reader.roles import actor_spans, has_pronoun, taken_in
from kb.ask.retrieve import Evidence
from kb.extract.names import fold, name_key

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


__all__ = ["Candidate", "place_is_named", "read", "taken_in"]

READ_TOP = 6


@dataclass
class Candidate:
    """One possible answer read from one sentence (or a structured claim, see ``kb.ask.rank``)."""

    text: str
    key: str
    kind: str
    score: float
    evidence: Evidence
    detail: str = ""  # words around it that say what it is ("farmers buried")
    places: set[str] = field(default_factory=set)  # places its sentence names (folded)
    position: int = 0  # where it stands in its sentence


def read(
    question: Question,
    evidence: list[Evidence],
    nlp: Language,
    known_place: Callable[[str], bool] = lambda name: False,
    known_country: Callable[[str], bool] = lambda name: False,
    known_actor: Callable[[str], bool] = lambda name: False,
) -> list[Candidate]:
    """Every candidate of the asked type in the top evidence, best first, votes merged.
    ``known_place`` says whether the knowledge base knows a name as a place, so that a town
    spaCy tags as a person still counts as a place its sentence names."""
    if not evidence or question.answer_type not in (ACTOR, PLACE, COUNT, DATE, THING, DISTANCE):
        return []
    top = evidence[:READ_TOP]
    best = max(e.score for e in top) or 1.0
    docs = parse(nlp, [e.text for e in top])
    previous_docs: dict[str, Doc] = {}
    if question.answer_type == ACTOR and question.intent in ("control", "seized"):
        # 'Together they captured X': who 'they' are is in the sentence before.
        wanted = [e for e, d in zip(top, docs, strict=True) if e.previous and has_pronoun(d)]
        for e, d in zip(
            wanted, nlp.pipe([DATELINE.sub("", e.previous) for e in wanted]), strict=True
        ):
            previous_docs[e.sentence] = d
    asked = _asked_names(question)
    cue_stems = {stem(c) for c in question.cues if len(c) > 1}
    found: list[Candidate] = []
    for rank, (ev, doc) in enumerate(zip(top, docs, strict=True)):
        retrieval = max(0.0, ev.score / best) * (1.0 - 0.04 * rank)
        cues = [t for t in doc if not t.is_stop and not t.is_punct and stems(t) & cue_stems]
        reader = _READERS[question.answer_type]
        places = {
            fold(e.text)
            for e in list(doc.ents) + proper_runs(doc, list(doc.ents))
            if (e.label_ in ("GPE", "LOC", "FAC") or known_place(e.text))
            and not doc[e.end : e.end + 1].text == "-"
        }
        for text, span, fit, detail in reader(question, doc, ev, previous_docs.get(ev.sentence)):
            if question.answer_type == PLACE and known_actor(text) and not known_place(text):
                continue  # a group the knowledge base knows is no village
            if question.answer_type == ACTOR and span.label_ == "NORP" and span.root.pos_ == "ADJ":
                of_the_act = stems(span.root.head) & cue_stems  # 'Turkish strikes' did it
                if question.focus not in ("country", "nation") and not of_the_act:
                    continue  # 'Islamic', 'Russian': an adjective, not who did it
            if question.answer_type == ACTOR and span.label_ == "GPE":
                if not (known_country(text) or known_actor(text)):
                    continue  # a town does not act; a country or a government named for its capital does
            if question.focus in ("country", "nation") and question.answer_type == ACTOR:
                fit = fit + 0.3 if known_country(text) else fit - 0.3
            key = name_key(text) if question.answer_type in (ACTOR, PLACE, THING) else text
            if not key or _is_asked(key, asked) or is_dateline(span, text):
                continue
            if (
                span.start >= 2
                and len(span) <= 2
                and doc[span.start - 1].text == "-"
                and doc[span.start - 2].lower_ in ("pro", "anti")
            ):
                continue  # 'pro-Damascus soldiers': a side named as an attribute
            near = nearness(span, cues)
            score = 0.4 * retrieval + 0.25 * near + 0.35 * fit
            if question.intent in ("control", "seized") and pluperfect(as_span(span)):
                score -= 0.08  # 'had been held by X': the state before the news
            unrelated = not ev.named and not ev.article_names_place
            if unrelated and question.answer_type in (PLACE, THING):
                score *= 0.8  # about none of the places or actors the question names
            found.append(
                Candidate(text, key, question.answer_type, score, ev, detail, places, span.start)
            )
    return _vote(found)


_READERS = {
    COUNT: count_spans,
    DATE: date_spans,
    ACTOR: actor_spans,
    PLACE: place_spans,
    THING: thing_spans,
    DISTANCE: distance_spans,
}


def _asked_names(question: Question) -> list[str]:
    return [name_key(n) for n in question.named + list(question.entity_words) if name_key(n)]


def _is_asked(key: str, asked: list[str]) -> bool:
    """A span the question already names is never its answer ('Mozambican' neither, when the
    question names Mozambique)."""
    single = " " not in key and len(key) > 4
    return any(
        key == a
        or key in a
        or (len(a) > 3 and a in key)
        or (single and any(w[:5] == key[:5] for w in a.split() if len(w) > 4))
        for a in asked
    )


def _vote(found: list[Candidate]) -> list[Candidate]:
    """One candidate per answer: its best reading, plus a little for every other sentence that
    gives the same answer."""
    best: dict[str, Candidate] = {}
    extra: dict[str, float] = {}
    for c in sorted(found, key=lambda c: c.score, reverse=True):
        if c.key in best:
            extra[c.key] = extra.get(c.key, 0.0) + 0.05 * c.score
        else:
            best[c.key] = c
    for key, c in best.items():
        c.score = min(1.0, c.score + min(extra.get(key, 0.0), 0.1))
    return sorted(best.values(), key=lambda c: c.score, reverse=True)
