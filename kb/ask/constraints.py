"""What an answer must satisfy before it is given: a question's generic words do not link to
one war's actor, names the knowledge base never read make it say "nothing found", a reader span
must fit the asked place, window and event, and a template's answer must fit the asked type."""

from __future__ import annotations

import re

from kb.ask.answer import Answer
from kb.ask.linking import Links
from kb.ask.question import (
    ACTOR,
    COUNT,
    DATE,
    EVENT,
    PLACE,
    Question,
    stated_times,
    stem,
)
from kb.ask.reader import Candidate, place_is_named
from kb.ask.retrieve import Evidence
from kb.extract.names import fold

# A reader answer below this score is not given (calibrated on the development set; see
# bench/bench_answers.py for the share right in each confidence band).
READER_THRESHOLD = 0.55

GENERIC_ACTOR_WORDS = {
    "government",
    "army",
    "troops",
    "forces",
    "force",
    "regime",
    "rebels",
    "rebel",
    "militants",
    "jihadists",
    "insurgents",
    "soldiers",
    "military",
    "state",
    "media",
    "monitor",
    "the",
    "civil",
    "defence",
    "defense",
    "police",
    "militia",
    "militias",
    "coalition",
    "opposition",
    "group",
    "groups",
}


def specific(links: Links, question: str) -> Links:
    """Drop an actor linked from generic words alone when its label says more than the question:
    'the Yemeni government' is not 'Syrian government forces'."""
    generic = {stem(w) for w in GENERIC_ACTOR_WORDS}
    words = {stem(w) for w in fold(question).split()}
    kept = []
    for actor in links.actors:
        surface = {stem(w) for w in fold(links.texts.get(actor, "")).split()}
        label = {stem(w) for w in fold(links.labels.get(actor, "")).split()}
        if surface and surface <= generic and (label - generic - words):
            continue
        kept.append(actor)
    links.actors = kept
    return links


def unknown_names(question: Question, links: Links, evidence: list[Evidence]) -> list[str]:
    """Proper names in the question that the knowledge base neither links nor finds in the best
    evidence: a question about a place or group it has never read about."""
    linked = " ".join(fold(t) for t in list(links.texts.values()) + list(links.labels.values()))
    texts = " ".join(fold(e.text) for e in evidence)
    out = []
    for name in question.named:
        key = fold(re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I))
        words = [w for w in key.split() if len(w) > 2]
        if not words or key in linked:
            continue
        last = words[-1]
        if key in texts or re.search(rf"\b{re.escape(last[:5] if len(last) > 5 else last)}", texts):
            continue  # the whole name, or its last word ('Lebanese' as 'Lebanon'), is in the evidence
        out.append(name)
    return out


def generic_actor(text: str) -> bool:
    """A name made only of generic words ('rebels', 'government forces'): whose they are is
    still to be said."""
    words = {stem(w) for w in fold(text).split() if w not in ("the", "a", "an")}
    return bool(words) and words <= {stem(w) for w in GENERIC_ACTOR_WORDS}


def unlinked_names(question: Question, links: Links) -> list[str]:
    """Proper names in the question that linking did not resolve to any entity of the store
    (the articles may still name them: a town extraction did not recognise)."""
    linked = " ".join(fold(t) for t in list(links.texts.values()) + list(links.labels.values()))
    out = []
    for name in question.named:
        key = fold(re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I))
        if key and not any(len(w) > 2 and w in linked for w in key.split()):
            out.append(name)
    return out


def unplaced_names(question: Question, links: Links) -> list[str]:
    """Names the question puts where a place stands (after 'in', 'near', 'at' and the like, or
    as what is controlled) that linking did not resolve to a place: a town the knowledge base
    does not know, or one extraction took for a person."""
    places = " ".join(
        fold(links.texts.get(p, "")) + " " + fold(links.labels.get(p, "")) for p in links.places
    )
    out = []
    for name in question.named:
        if fold(name) in places:
            continue
        located = re.search(
            rf"\b(?:in|near|at|around|outside|from|into)\s+(?:the\s+)?{re.escape(name)}",
            question.text,
        )
        controlled = question.intent in ("control", "seized") and fold(name) in fold(
            question.object_text
        )
        if located or controlled:
            out.append(name)
    return out


def holds(question: Question, links: Links, candidate: Candidate) -> bool:
    """Constraints a reader span must meet: the asked place is named in its sentence (for a
    figure, a date or an actor), and its article was not published before the asked window."""
    ev = candidate.evidence
    window = question.window
    if window is not None and not window.since and ev.published is not None:
        if question.intent != "control" and (window.earliest - ev.published).days > 1:
            return False  # an event in the asked window cannot be in an earlier article
    if links.places and question.answer_type in (COUNT, DATE, ACTOR):
        surfaces = [links.texts.get(p, "") for p in links.places] + [
            links.labels.get(p, "") for p in links.places
        ]
        surfaces = [s for s in surfaces if s]
        near_ok = bool(re.search(r"\b(?:near|outside|around)\s+[A-Z]", question.text))
        if not place_is_named(ev.text, surfaces, question.place_word, near_ok):
            # Its article is about the place and the sentence names no other: 'gang members
            # set fire to 45 houses' in a story about one town.
            event_on_place = question.answer_type == DATE and any(
                fold(x) in fold(question.object_text) for x in surfaces
            )
            if question.answer_type != COUNT and not event_on_place:
                return ev.article_names_place  # a date or an actor of a story about the place
            if event_on_place:
                return False  # 'when did X capture Y': the date's own sentence must name Y
            # names the question itself uses ('LNA fighters') are not somewhere else
            words = fold(question.text)
            asked = {fold(s) for s in surfaces} | {
                p for p in candidate.places if re.search(rf"\b{re.escape(p)}\b", words)
            }
            others = ev.places - {str(p) for p in links.places}
            topic = f"{ev.source.title or ''} {ev.lead or ''}"
            headline = place_is_named(topic, surfaces, None, near_ok)
            if not headline or (candidate.places - asked) or others:
                return False
    if question.answer_type in (COUNT, DATE, ACTOR):
        # A place the knowledge base does not know ('killed in Maungdaw'): its sentence, or the
        # story it leads, must name it.
        where = fold(f"{ev.text} {ev.source.title or ''} {ev.lead or ''}")
        if any(fold(name) not in where for name in unplaced_names(question, links)):
            return False
    if question.intent in ("control", "seized") and window is not None and not window.since:
        # 'Who held X in March 2021': an event the sentence dates after the window is too late.
        times = [t for _, _, t in stated_times(ev.text, ev.published)]
        stated = [t.earliest for t in times if not t.since]
        if not times and ev.published is not None:
            stated = [ev.published]  # undated news happened about when it was published
        if stated and min(stated) > window.latest:
            return False
    return True


def in_asked_place(
    question: Question, links: Links, candidates: list[Candidate]
) -> list[Candidate]:
    """'Which districts of Shabwa province': a place read from a sentence that names the asked
    place beats one from a sentence that names only other places ('Harib district in Marib
    province'), even in the same story."""
    if question.answer_type != PLACE or not links.places:
        return candidates
    surfaces = [links.texts.get(p, "") for p in links.places] + [
        links.labels.get(p, "") for p in links.places
    ]
    surfaces = [s for s in surfaces if s]
    asked = {fold(x) for x in surfaces}
    for c in candidates:
        elsewhere = c.places - asked - {fold(c.text)}  # the sentence puts it somewhere else
        if elsewhere and not place_is_named(c.evidence.text, surfaces, question.place_word):
            c.score *= 0.85
    return sorted(candidates, key=lambda c: -c.score)


def structured_fits(question: Question, structured: Answer, best: Candidate | None) -> bool:
    """Whether a template's answer answers the asked type of question."""
    intent = structured.intent
    if intent == "seized" and question.answer_type == DATE:
        return bool(re.search(r"\d{4}-\d{2}", structured.answer))  # a dated seizure
    if intent in ("control", "seized"):
        return question.answer_type in (ACTOR, PLACE, EVENT)
    if intent == "casualties":
        if question.answer_type != COUNT:
            return False
        if best is None or best.score < 0.75:
            return True
        # The reader's figure is among the template's (which also shows the range and sources).
        figures = re.findall(r"\d[\d,]*", best.text)
        return bool(figures) and all(f in structured.answer for f in figures)
    if intent == "relations":
        return question.answer_type in (ACTOR, EVENT)
    if intent == "reporter":
        return best is None or best.score < READER_THRESHOLD
    if intent == "incidents":
        return question.answer_type == EVENT
    return False
