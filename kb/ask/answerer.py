"""The Answerer: analyse the question, link its entities, retrieve evidence from both sides,
take candidates from the SPARQL templates and from the reader, and give one short headline with
its sources, or say plainly that nothing was found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from rdflib import URIRef

from kb.ask.answer import Answer
from kb.ask.constraints import (
    GENERIC_ACTOR_WORDS,
    READER_THRESHOLD,
    generic_actor,
    holds,
    in_asked_place,
    specific,
    structured_fits,
    unknown_names,
    unlinked_names,
    unplaced_names,
)
from kb.ask.linking import Linker, Links
from kb.ask.question import (
    ACTOR,
    COUNT,
    DATE,
    EVENT,
    PLACE,
    THING,
    Question,
    analyse,
    stem,
)
from kb.ask.reader import Candidate, place_is_named, read, taken_in
from kb.ask.retrieve import Evidence, retrieve
from kb.ask.structured import Templates
from kb.ask.templates import render
from kb.extract.dates import publication_date
from kb.extract.names import fold, name_key

if TYPE_CHECKING:
    from kb.embed import Embedder
    from kb.extract import Extractor
    from kb.store import GraphStore
    from kb.vectors import VectorIndex

MAX_HEADLINE = 200


class Answerer:
    """Answers questions from a store, its sentence vectors and the extractor's parser.

    ``vectors`` is called for the index on every question: an ingest beside a long-running
    server replaces the index object, and the answerer must read the new one."""

    def __init__(
        self,
        store: GraphStore,
        extractor: Extractor,
        embedder: Embedder,
        vectors: Callable[[], VectorIndex],
    ) -> None:
        self.store = store
        self.extractor = extractor
        self.embedder = embedder
        self.vectors = vectors
        self.linker = Linker(store)
        self.templates = Templates(store, self.linker)
        self._seen = self._signature()
        self._newest = self._latest()

    def _signature(self) -> tuple[int, int]:
        """Changes whenever articles are added or replaced (their vectors get new ids), without
        a whole-store count on every question."""
        vectors = self.vectors()
        return id(vectors), int(vectors.next_id)

    def _latest(self) -> date | None:
        rows = self.store.select(
            "SELECT (MAX(STR(?d)) AS ?m) WHERE { ?a <https://schema.org/datePublished> ?d }"
        )
        return (
            publication_date(str(rows[0]["m"])) if rows and rows[0].get("m") is not None else None
        )

    def ask(self, text: str, as_of: str | None = None) -> Answer:
        text = " ".join(text.split())
        if not text:
            return Answer(
                question=text,
                answer="Ask me a question, e.g. 'who controls Idlib?'",
                confidence=0.0,
            )
        seen = self._signature()
        if seen != self._seen:  # new articles may bring new names and a newer 'today'
            self.linker.refresh()
            self._newest = self._latest()
            self._seen = seen
        doc = self.extractor.nlp(text)
        question = analyse(text, self._newest, doc)
        links = specific(self.linker.link(text, doc, self.extractor.finder), text)
        question.entity_words = set(links.texts.values()) | set(links.labels.values())
        vector = self.embedder.encode([text])[0]
        evidence = retrieve(self.store, self.vectors(), question, links, vector)
        if as_of:  # nothing published after the asked date may answer
            evidence = [
                e for e in evidence if e.published is None or e.published.isoformat() <= as_of
            ]
        unknown = unknown_names(question, links, evidence)
        if unknown:
            return self._nothing(question, evidence, f"{', '.join(unknown)}")
        semantic = [(e.sentence, e.score) for e in evidence]
        structured = None
        if not unlinked_names(question, links) and not unplaced_names(question, links):
            # A template run without a name the question gives would answer about everything.
            structured = self.templates.answer(question, links, semantic, as_of)
        candidates = [
            c
            for c in read(
                question,
                evidence,
                self.extractor.nlp,
                self.linker.is_place,
                self.linker.is_country,
                self.linker.is_actor,
            )
            if holds(question, links, c)
        ]
        candidates = in_asked_place(question, links, candidates)
        answer = self._choose(question, links, structured, candidates, evidence)
        answer.question = text
        answer.answer = _clip(answer.answer)
        if answer.intent == "search":
            answer.intent = question.intent
        return answer

    # ---- one ranking ------------------------------------------------------------------------------------
    def _choose(
        self,
        question: Question,
        links: Links,
        structured: Answer | None,
        candidates: list[Candidate],
        evidence: list[Evidence],
    ) -> Answer:
        """A structured claim answers when its template fits the asked type; otherwise the
        reader's best span above the threshold; otherwise nothing found."""
        best = candidates[0] if candidates else None
        if best is not None and question.intent == "control" and question.answer_type == ACTOR:
            # Who holds a place now (or at the asked time): the newest report among the good ones.
            floor = max(READER_THRESHOLD, best.score - 0.25)
            good = [best] + [c for c in candidates[1:] if c.score >= floor]
            best = max(good, key=lambda c: (c.evidence.source.date or "", c.score))
        if (
            structured is not None
            and structured.intent == "casualties"
            and best is not None
            and best.score >= READER_THRESHOLD
            and _rank(evidence, best.evidence.text)
            < _rank(evidence, *[s.sentence for s in structured.sources])
        ):
            structured = None  # the reader's figure stands in a sentence retrieved higher
        if (
            structured is not None
            and structured.intent in ("casualties", "seized")
            and links.places
        ):
            surfaces = [links.texts.get(p, "") for p in links.places] + [
                links.labels.get(p, "") for p in links.places
            ]
            if not any(
                place_is_named(s.sentence, [x for x in surfaces if x], question.place_word)
                for s in structured.sources[:3]
            ):
                structured = None  # the figure's own sentence is about somewhere else
        if (
            structured is not None
            and structured.intent == "seized"
            and question.answer_type == DATE
            and links.places
        ):
            places = {fold(links.texts.get(p, "")) for p in links.places} - {""}
            if not any(
                taken_in(self.extractor.nlp, s.sentence, places) for s in structured.sources[:2]
            ):
                structured = None  # the claim's sentence took another place
        if (
            structured is not None
            and structured.intent in ("control", "seized")
            and question.answer_type == ACTOR
            and best is not None
            and best.score >= READER_THRESHOLD
            and generic_actor(_headline_actor(structured.answer))
            and not generic_actor(best.text)
            and any(s.sentence == best.evidence.text for s in structured.sources[:3])
        ):
            structured = None  # 'rebels took X', where the sentence names whose rebels they are
        if structured is not None and structured_fits(question, structured, best):
            if best is not None and best.key and fold(best.text) in fold(structured.answer):
                structured.confidence = round(min(0.95, structured.confidence + 0.1), 2)
            structured.answer = self._in_their_words(structured)
            return structured
        if best is not None and best.score >= READER_THRESHOLD:
            return self._from_candidate(question, best, candidates, evidence)
        if question.answer_type == EVENT and evidence and evidence[0].named > 0:
            return self._from_sentence(question, evidence)
        what = question.text.rstrip("?. ").lower()
        what = what[0].lower() + what[1:] if what else what
        return self._nothing(question, evidence, what)

    def _in_their_words(self, answer: Answer) -> str:
        """'government forces (Lebanon)' is the knowledge base's name for a country's forces
        where no data pack names them; the claim's own sentence may say 'Lebanese army' or
        'Libya's troops', which is what readers call them: shown first, the name kept after."""
        line = answer.answer
        m = _COUNTRY_FORCES.search(line)
        if m is None or not answer.sources:
            return line
        world = self.extractor.lexicon.world
        code = world.country_named(m.group("country"))
        if code is None:
            return line
        for hit in _FORCES_AS_WRITTEN.finditer(answer.sources[0].sentence or ""):
            owner = hit.group("owner")
            if code in (world.demonym(owner), world.country_named(owner)):
                the = "the " if hit.group("noun") in ("army", "military", "armed forces") else ""
                said = f"{the}{hit.group(0)} (government forces, {m.group('country')})"
                return _clip(line[: m.start()] + said + line[m.end() :])
        return line

    def _from_candidate(
        self, question: Question, best: Candidate, candidates: list[Candidate], evidence: list
    ) -> Answer:
        ev = best.evidence
        who = ev.source.source or "unattributed"
        when = ev.source.date or "undated"
        detail = f" {best.detail}" if best.detail and question.answer_type == COUNT else ""
        text = self._canonical(best)
        listed = [best]
        if question.plural and question.answer_type in (PLACE, ACTOR, THING):
            listed = sorted(
                [c for c in candidates if c.evidence is ev and c.score >= 0.7 * best.score],
                key=lambda c: c.position,
            )[:6]
            text = ", ".join(self._canonical(c) for c in listed)
        line = f"{text}{detail} ({who}, {when})"
        if question.answer_type == DATE:  # a date alone says little: the sentence it dates follows
            line = f"{text}: " + _headline(ev.text, who, when, 196 - len(text))
        others = [c for c in candidates[1:5] if c not in listed]
        facts = [
            f"also read: {c.text}{' ' + c.detail if c.detail and c.kind == COUNT else ''} "
            f"({c.evidence.source.source or 'unattributed'}, {c.evidence.source.date or 'undated'})"
            for c in others
        ]
        sources = [ev.source] + [e.source for e in evidence if e.sentence != ev.sentence][:4]
        return Answer(
            question=question.text,
            answer=line,
            facts=facts,
            sources=sources,
            sparql=self._evidence_query(evidence),
            confidence=round(min(0.9, best.score), 2),
            intent="reader",
        )

    def _canonical(self, candidate: Candidate) -> str:
        """The knowledge base's own name for an actor or place the sentence names ('the
        Observatory' -> its full name), when extraction linked that very sentence to it."""
        if candidate.kind not in (ACTOR, PLACE):
            return candidate.text
        generic = {stem(w) for w in GENERIC_ACTOR_WORDS}
        if {stem(w) for w in fold(candidate.text).split()} <= generic:
            return candidate.text  # 'insurgents' says what the text says; a name would guess
        hits = {
            str(iri): label
            for iri, label, *_ in self.linker.by_key.get(name_key(candidate.text), [])
            if str(iri) in candidate.evidence.mentions
        }
        if len(hits) != 1:
            return candidate.text
        label = next(iter(hits.values()))
        if {stem(w) for w in fold(label).split()} <= generic:
            return candidate.text  # a generic role's label says less than 'the national army'
        return label

    def _from_sentence(self, question: Question, evidence: list[Evidence]) -> Answer:
        """'What happened in X' with no incident recorded: the best sentence about X, trimmed."""
        ev = evidence[0]
        line = _headline(ev.text, ev.source.source, ev.source.date, 200)
        return Answer(
            question=question.text,
            answer=line,
            sources=[e.source for e in evidence[:5]],
            sparql=self._evidence_query(evidence),
            confidence=round(min(0.6, ev.score / 1.5), 2),
            intent="reader",
        )

    def _evidence_query(self, evidence: list[Evidence]) -> str:
        return render("sentences", {"sentence": [URIRef(e.sentence) for e in evidence[:5]]})

    def _nothing(self, question: Question, evidence: list[Evidence], what: str) -> Answer:
        """Say plainly that nothing answers, and show the closest sentences as such."""
        return Answer(
            question=question.text,
            answer=_clip(f"I found nothing on {what}; the closest reports are below"),
            facts=[
                "no claim or sentence in the knowledge base answers this; closest reports shown"
            ],
            sources=[e.source for e in evidence[:5]],
            sparql=self._evidence_query(evidence) if evidence else "",
            confidence=round(min(0.2, max((e.score for e in evidence[:1]), default=0.0) * 0.2), 2),
            intent=question.intent,
        )

    # ---- intents ----------------------------------------------------------------------------------------


_COUNTRY_FORCES = re.compile(r"government forces \((?P<country>[^()]{2,40})\)")
_FORCES_AS_WRITTEN = re.compile(
    r"\b(?P<owner>[A-Z][a-z]+)(?:'s|\u2019s)?\s+(?P<noun>army|armed forces|military|troops|soldiers)\b"
)


def _headline(text: str, source: str | None, when: str | None, room: int) -> str:
    """A sentence as a headline: its words, trimmed to the room left, then source and date."""
    tail = f" ({source or 'unattributed'}, {when or 'undated'})"
    room = max(40, room - len(tail))
    body = text if len(text) <= room else text[: room - 3].rsplit(" ", 1)[0] + "..."
    return body + tail


def _rank(evidence: list[Evidence], *sentences: str) -> int:
    """Where the best of these sentences stands among the retrieved evidence (99 if absent)."""
    texts = set(sentences)
    return next((i for i, e in enumerate(evidence) if e.text in texts), 99)


def _headline_actor(headline: str) -> str:
    """The actor a control headline starts with ('rebels (Kenya) took X' -> 'rebels')."""
    return re.split(r" \(| took | holds | lost | controls |: ", headline, maxsplit=1)[0]


def _clip(line: str) -> str:
    return line if len(line) <= MAX_HEADLINE else line[: MAX_HEADLINE - 3].rsplit(" ", 1)[0] + "..."
