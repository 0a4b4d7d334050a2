"""The Answerer: analyse the question, link its entities, retrieve evidence from both sides,
take candidates from the SPARQL templates and from the reader, and give one short headline with
its sources, or say plainly that nothing was found.
"""

from __future__ import annotations

import re
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kb.ask import compose
from kb.ask.answer import Answer
from kb.ask.evidence import sources_in_order
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
    stated_times,
    stem,
)
from kb.ask.reader import Candidate, place_is_named, read, taken_in
from kb.ask.retrieve import Evidence, latest_day, retrieve
from kb.ask.templates import render
from kb.extract.dates import publication_date
from kb.extract.names import fold, name_key
from kb.vocab import IKB

MAX_HEADLINE = 200
# A reader answer below this score is not given (calibrated on the development set; see
# bench/bench_answers.py for the share right in each confidence band).
READER_THRESHOLD = 0.55


class Answerer:
    def __init__(self, kb: object) -> None:
        self.kb = kb
        self.extractor = kb.extractor
        self.linker = Linker(kb)
        self._seen = self._signature()
        self._newest = self._latest()

    def _signature(self) -> tuple[int, int]:
        """Changes whenever articles are added or replaced (their vectors get new ids), without
        a whole-store count on every question."""
        vectors = self.kb.vectors
        return id(vectors), int(vectors.next_id)

    def _latest(self) -> date | None:
        rows = self.kb.store.select(
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
        links = _specific(self.linker.link(text, doc, self.extractor.finder), text)
        question.entity_words = set(links.texts.values()) | set(links.labels.values())
        vector = self.kb.embedder.encode([text])[0]
        evidence = retrieve(self.kb, question, links, vector)
        if as_of:  # nothing published after the asked date may answer
            evidence = [
                e for e in evidence if e.published is None or e.published.isoformat() <= as_of
            ]
        unknown = _unknown_names(question, links, evidence)
        if unknown:
            return self._nothing(question, evidence, f"{', '.join(unknown)}")
        semantic = [(e.sentence, e.score) for e in evidence]
        handler = getattr(self, f"_{question.intent}", None)
        structured = handler(question, links, semantic, as_of) if handler else None
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
            if _holds(question, links, c)
        ]
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
        if structured is not None and _structured_fits(question, structured, best):
            if best is not None and best.key and fold(best.text) in fold(structured.answer):
                structured.confidence = round(min(0.95, structured.confidence + 0.1), 2)
            return structured
        if best is not None and best.score >= READER_THRESHOLD:
            return self._from_candidate(question, best, candidates, evidence)
        if question.answer_type == EVENT and evidence and evidence[0].named > 0:
            return self._from_sentence(question, evidence)
        what = question.text.rstrip("?. ").lower()
        what = what[0].lower() + what[1:] if what else what
        return self._nothing(question, evidence, what)

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
        generic = {stem(w) for w in _GENERIC_ACTOR_WORDS}
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

    def _with_broader(self, rows: list[dict]) -> list[dict]:
        """Add each controller's broader actor ('jihadists' for a jihadist group), which the
        evidence sentence may name instead of the group."""
        controllers = {str(r["controller"]) for r in rows if r.get("controller") is not None}
        if not controllers:
            return rows
        found = self.kb.store.select(
            "SELECT ?c ?b WHERE { VALUES ?c { "
            + " ".join(f"<{c}>" for c in sorted(controllers))
            + " } ?c <http://www.w3.org/2004/02/skos/core#broader> ?b }"
        )
        broader = {str(r["c"]): r["b"] for r in found}
        return [{**r, "controllerBroader": broader.get(str(r.get("controller")))} for r in rows]

    def _run(self, name: str, bindings: dict) -> tuple[list[dict], str]:
        query = render(name, bindings)
        return self.kb.store.select(query), query

    def _window(self, question: Question, as_of: str | None = None) -> dict:
        """The asked time window as template bindings; ``as_of`` closes it for every intent."""
        bindings: dict = {}
        w = question.window
        if w is not None:
            bindings["from"] = [Literal(w.earliest)]
            if not w.since:
                bindings["to"] = [Literal(w.latest)]
        if as_of:
            end = latest_day(as_of[:10])
            if end is not None and ("to" not in bindings or end < bindings["to"][0].toPython()):
                bindings["to"] = [Literal(end)]
        return bindings

    def _result(
        self,
        question: Question,
        composed: tuple[str, list[str]] | None,
        rows: list[dict],
        query: str,
        semantic: list[tuple[str, float]],
        confidence: float,
    ) -> Answer | None:
        if composed is None:
            return None
        line, facts = composed
        sources = sources_in_order(rows, [s for s, _ in semantic])
        outlets = self._independence(
            {str(r["article"]) for r in rows if r.get("article") is not None}
        )
        if outlets:
            facts = [*facts, outlets]
        reporters = {s.source for s in sources}
        confidence = min(0.95, confidence + (0.05 if len(reporters) > 1 else 0.0))
        return Answer(
            question=question.text,
            answer=line,
            facts=facts,
            sources=sources,
            sparql=query,
            confidence=round(confidence, 2),
            intent=question.intent,
        )

    def _independence(self, articles: set[str]) -> str | None:
        """'reported by 3 outlets, 1 independent source': wire copies count once."""
        if len(articles) < 2:
            return None
        values = " ".join(f"<{a}>" for a in sorted(articles))
        rows = self.kb.store.select(
            f"SELECT DISTINCT ?a ?b WHERE {{ VALUES ?a {{ {values} }} "
            f"?a <https://incident-kb.org/ontology#sameStoryAs> ?b }}"
        )
        parent = {a: a for a in articles}

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                x = parent[x]
            return x

        for r in rows:
            parent[find(str(r["a"]))] = find(str(r["b"]))
        stories = {find(a) for a in articles}
        if len(stories) == len(articles):
            return f"reported by {len(articles)} articles, each an independent report"
        return f"reported by {len(articles)} articles, {len(stories)} independent reports (wire copies counted once)"

    # ---- intents ----------------------------------------------------------------------------------------
    def _control(
        self, question: Question, links: Links, semantic: list, as_of: str | None
    ) -> Answer | None:
        if not links.places:
            return None
        places = self.linker.siblings(links.places[0])
        bindings: dict = {"territory": places}
        cutoff = as_of or (
            str(question.window.latest) if question.window and not question.window.since else None
        )
        if cutoff:
            bindings["asOf"] = [
                Literal(cutoff, datatype=XSD.date if len(cutoff) == 10 else XSD.gYearMonth)
            ]
        rows, query = self._run("control", bindings)
        rows = compose.attested(rows, "controllerLabel")
        return self._result(question, compose.control(rows, places), rows, query, semantic, 0.75)

    def _seized(
        self, question: Question, links: Links, semantic: list, as_of: str | None
    ) -> Answer | None:
        bindings: dict = dict(self._window(question, as_of))
        if links.actors and not question.asks_actor:
            bindings["actor"] = links.actors[:1]
        if links.places:
            if question.place_kind is not None or question.asks_actor:
                key = "scope"
            else:
                key = "scope"
            bindings[key] = links.places[:1]
        if question.place_kind is not None:
            bindings["kind"] = [question.place_kind]
        rows, query = self._run("seized", bindings)
        rows = compose.attested(self._with_broader(rows), "controllerLabel")
        return self._result(
            question, compose.seized(rows, question.asks_actor), rows, query, semantic, 0.7
        )

    def _casualties(
        self, question: Question, links: Links, semantic: list, as_of: str | None
    ) -> Answer | None:
        bindings: dict = dict(self._window(question, as_of))
        if question.category is not None:
            bindings["categoryScope"] = [question.category]
        if links.actors and re.search(r"\bby\b|\bdid\b.*\bkill\b", question.text, re.I):
            bindings["actor"] = links.actors[
                :1
            ]  # the perpetrator; otherwise actor words name the victims
        confidence = 0.7
        if links.places:
            bindings["scope"] = self.linker.siblings(links.places[0])
        rows, query = self._run("casualties", bindings)
        focus = question.window.value if question.window and not question.window.since else None
        composed = compose.casualties(rows, question.outcome, question.category, focus)
        return self._result(question, composed, rows, query, semantic, confidence)

    def _incidents(
        self, question: Question, links: Links, semantic: list, as_of: str | None
    ) -> Answer | None:
        bindings: dict = dict(self._window(question, as_of))
        label = None
        if links.places:
            bindings["scope"] = self.linker.siblings(links.places[0])
            label = links.labels[links.places[0]]
        if links.actors:
            bindings["actor"] = links.actors[:1]
        if not links.all and question.window is None:
            return None
        rows, query = self._run("incidents", bindings)
        return self._result(question, compose.incidents(rows, label), rows, query, semantic, 0.7)

    def _relations(
        self, question: Question, links: Links, semantic: list, as_of: str | None
    ) -> Answer | None:
        if not links.actors:
            return None
        actor = links.actors[0]
        filling = self._filling(actor)
        rows, query = self._run("relations", {"actor": [actor, *filling]})
        if filling:  # 'the government forces': the actor of that role the reports relate most
            by_actor: dict = {}
            for row in rows:
                for side in ("subject", "object"):
                    if row[side] in filling:
                        by_actor.setdefault(row[side], []).append(row)
            if by_actor:
                actor = max(by_actor, key=lambda a: len(by_actor[a]))
                rows = by_actor[actor]
                links.labels[actor] = self.linker.pref.get(actor, str(actor))
        composed = compose.relations(rows, actor, links.labels[actor], question.text)
        return self._result(question, composed, rows, query, semantic, 0.7)

    def _filling(self, role: URIRef) -> list[URIRef]:
        """The actors that fill a generic role ('government forces' -> each country's)."""
        rows = self.kb.store.select(
            f"SELECT DISTINCT ?a WHERE {{ ?a <{IKB.actsAs}> <{role}> }} LIMIT 50"
        )
        return [r["a"] for r in rows]

    def _reporter(
        self, question: Question, links: Links, semantic: list, as_of: str | None
    ) -> Answer | None:
        figure = re.search(r"\b(\d[\d,]*)\b", question.text)
        if figure:  # "who reported that 53 loyalists were killed?": the claims with that figure
            count = int(figure.group(1).replace(",", ""))
            rows, query = self._run("reporters", {"count": [Literal(count)]})
            if rows:
                return self._result(question, compose.reporters(rows), rows, query, semantic, 0.8)
        if not links.all:
            return None
        entities = list(links.places[:1]) + list(links.actors[:1])
        rows, query = self._run("reporters", {"entity": entities})
        return self._result(question, compose.reporters(rows), rows, query, semantic, 0.7)


_GENERIC_ACTOR_WORDS = {
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


def _specific(links: Links, question: str) -> Links:
    """Drop an actor linked from generic words alone when its label says more than the question:
    'the Yemeni government' is not 'Syrian government forces'."""
    generic = {stem(w) for w in _GENERIC_ACTOR_WORDS}
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


def _unknown_names(question: Question, links: Links, evidence: list[Evidence]) -> list[str]:
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


def _holds(question: Question, links: Links, candidate: Candidate) -> bool:
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
            asked = {fold(s) for s in surfaces}
            others = ev.places - {str(p) for p in links.places}
            topic = f"{ev.source.title or ''} {ev.lead or ''}"
            headline = place_is_named(topic, surfaces)
            if not headline or (candidate.places - asked) or others:
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


def _structured_fits(question: Question, structured: Answer, best: Candidate | None) -> bool:
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


def _clip(line: str) -> str:
    return line if len(line) <= MAX_HEADLINE else line[: MAX_HEADLINE - 3].rsplit(" ", 1)[0] + "..."
