"""Question -> Answer: analyse, link entities, run the intent's SPARQL template, search the
sentence vectors, and let the two meet on sentence IRIs.

``kb ask``, ``GET /ask`` and the Slack bot all call ``Answerer.ask``.
"""

from __future__ import annotations

import re
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kb.ask import compose
from kb.ask.answer import Answer, Source
from kb.ask.evidence import source_from_row, sources_in_order
from kb.ask.linking import Linker, Links
from kb.ask.question import Question, analyse
from kb.ask.templates import render
from kb.extract.dates import publication_date

__all__ = ["Answer", "Answerer", "Source"]


class Answerer:
    def __init__(self, kb: object) -> None:
        self.kb = kb
        self.extractor = kb.extractor
        self.linker = Linker(kb)
        self._articles = self._article_count()

    def _article_count(self) -> int:
        rows = self.kb.store.select(
            "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }"
        )
        return int(rows[0]["n"]) if rows else 0

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
        count = self._article_count()
        if count != self._articles:  # new articles may bring new names
            self.linker.refresh()
            self._articles = count
        question = analyse(text, self._latest())
        doc = self.extractor.nlp(text)
        links = self.linker.link(text, doc, self.extractor.finder)
        semantic = self._semantic(text, links)
        handler = getattr(self, f"_{question.intent}", None)
        answer = handler(question, links, semantic, as_of) if handler else None
        if answer is None:
            answer = self._fallback(question, links, semantic)
        answer.question = text
        answer.intent = answer.intent if answer.intent != "search" else question.intent
        return answer

    # ---- retrieval ----------------------------------------------------------------------------------
    def _semantic(self, text: str, links: Links, k: int = 12) -> list[tuple[str, float]]:
        vectors = self.kb.vectors
        if vectors.size == 0:
            return []
        hits = vectors.search(self.kb.embedder.encode([text])[0], k=k * 2)
        if not hits:
            return []
        if links.all:
            mentioned = self._mentioning([h.iri for h in hits], links.all)
            hits.sort(key=lambda h: -(h.score + 0.08 * mentioned.get(h.iri, 0)))
        return [(h.iri, h.score) for h in hits[:k]]

    def _mentioning(self, sentences: list[str], entities: list[URIRef]) -> dict[str, int]:
        query = render("sentences", {"sentence": [URIRef(s) for s in sentences]})
        query = query.replace(
            "SELECT DISTINCT ?sentence", "SELECT DISTINCT ?m ?sentence", 1
        ).replace(
            "?sentence ikb:text ?text ; ikb:article ?article .",
            "?sentence ikb:text ?text ; ikb:article ?article ; ikb:mentions ?m .",
            1,
        )
        counts: dict[str, int] = {}
        wanted = set(entities)
        for row in self.kb.store.select(query):
            if row["m"] in wanted:
                counts[str(row["sentence"])] = counts.get(str(row["sentence"]), 0) + 1
        return counts

    def _run(self, name: str, bindings: dict) -> tuple[list[dict], str]:
        query = render(name, bindings)
        return self.kb.store.select(query), query

    def _window(self, question: Question) -> dict:
        if question.window is None:
            return {}
        w = question.window
        if w.since:
            return {"from": [Literal(w.earliest)]}
        return {"from": [Literal(w.earliest)], "to": [Literal(w.latest)]}

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
        return self._result(question, compose.control(rows, places), rows, query, semantic, 0.75)

    def _seized(
        self, question: Question, links: Links, semantic: list, as_of: str | None
    ) -> Answer | None:
        bindings: dict = dict(self._window(question))
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
        return self._result(
            question, compose.seized(rows, question.asks_actor), rows, query, semantic, 0.7
        )

    def _casualties(
        self, question: Question, links: Links, semantic: list, as_of: str | None
    ) -> Answer | None:
        bindings: dict = dict(self._window(question))
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
        if composed is None and links.places:
            bindings.pop("scope")
            rows, query = self._run("casualties", bindings)
            composed = compose.casualties(rows, question.outcome, question.category, focus)
            if composed is not None:
                composed = (
                    f"Nothing recorded for {links.labels[links.places[0]]}; reported elsewhere: {composed[0]}",
                    composed[1],
                )
                confidence = 0.25
        return self._result(question, composed, rows, query, semantic, confidence)

    def _incidents(
        self, question: Question, links: Links, semantic: list, as_of: str | None
    ) -> Answer | None:
        bindings: dict = dict(self._window(question))
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
        rows, query = self._run("relations", {"actor": [actor]})
        composed = compose.relations(rows, actor, links.labels[actor], question.text)
        return self._result(question, composed, rows, query, semantic, 0.7)

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

    # ---- nothing in the graph: say so, show the closest evidence ------------------------------------------
    def _fallback(
        self, question: Question, links: Links, semantic: list[tuple[str, float]]
    ) -> Answer:
        about = ", ".join(links.labels[i] for i in links.all) or "that"
        if not semantic:
            return Answer(
                question=question.text,
                answer=f"I found nothing on {about} in the knowledge base.",
                confidence=0.0,
                intent=question.intent,
            )
        query = render("sentences", {"sentence": [URIRef(s) for s, _ in semantic[:5]]})
        rows = {str(r["sentence"]): r for r in self.kb.store.select(query)}
        sources = [source_from_row(rows[s]) for s, _ in semantic[:5] if s in rows]
        best = semantic[0][1]
        line = f"I found no recorded claim on {about}; the closest reports are below"
        return Answer(
            question=question.text,
            answer=line,
            facts=[],
            sources=sources,
            sparql=query,
            confidence=round(max(0.05, min(0.3, best * 0.4)), 2),
            intent=question.intent,
        )
