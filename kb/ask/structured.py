"""Structured answers: the SPARQL template of the question's intent (kb/queries), bound with
the linked entities and the asked window only, its rows composed into a headline and facts
(kb/ask/compose/). The Answerer weighs these against the reader's spans."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kb.ask import compose
from kb.ask.answer import Answer
from kb.ask.evidence import sources_in_order
from kb.ask.linking import Linker, Links
from kb.ask.question import Question
from kb.ask.retrieve import latest_day
from kb.ask.templates import render
from kb.vocab import IKB

if TYPE_CHECKING:
    from kb.store import GraphStore

OUTLET_CLAIMS = 20  # outlets are named from the copies of this many claims ...
OUTLET_COPIES = 200  # ... at most this many copies: enough for the 12 names shown


class Templates:
    """The templates of one store; ``linker`` knows the names and places for binding."""

    def __init__(self, store: GraphStore, linker: Linker) -> None:
        self.store = store
        self.linker = linker

    def answer(
        self, question: Question, links: Links, semantic: list, as_of: str | None
    ) -> Answer | None:
        """The intent's structured answer, or None when it has no template or no rows."""
        handler = getattr(self, f"_{question.intent}", None)
        return handler(question, links, semantic, as_of) if handler else None

    def _run(self, name: str, bindings: dict) -> tuple[list[dict], str]:
        query = render(name, bindings)
        return self.store.select(query), query

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
        outlets = self._independence(rows)
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

    def _independence(self, rows: list[dict]) -> str | None:
        """'reported by 3 articles, 1 independent report (wire copies counted once): A, B, C'.
        A wire copy stores no claim its story has (kb/syndication.py): it ``ikb:repeats`` it, so
        the outlets that printed a row's claim are its article and the copies repeating it, and
        each such copy belongs to the story of the claim's article."""
        articles = {str(r["article"]) for r in rows if r.get("article") is not None}
        claims = {str(r[k]) for r in rows for k in ("claim", "incident") if r.get(k) is not None}
        copies, sample = 0, set()
        if claims:  # counted in the store (thousands at 100,000 articles), a few read for names
            values = " ".join(f"<{c}>" for c in sorted(claims))
            mine = " ".join(f"<{a}>" for a in sorted(articles))
            found = self.store.select(
                f"SELECT (COUNT(DISTINCT ?copy) AS ?n) WHERE {{ VALUES ?claim {{ {values} }} "
                f"?copy <{IKB.repeats}> ?claim "
                + (f"MINUS {{ VALUES ?copy {{ {mine} }} }} " if mine else "")
                + "}"
            )
            copies = int(found[0]["n"]) if found else 0
            if copies:
                few = " ".join(f"<{c}>" for c in sorted(claims)[:OUTLET_CLAIMS])
                sample = {
                    str(r["copy"])
                    for r in self.store.select(
                        f"SELECT DISTINCT ?copy WHERE {{ VALUES ?claim {{ {few} }} "
                        f"?copy <{IKB.repeats}> ?claim }} LIMIT {OUTLET_COPIES}"
                    )
                }
        if len(articles) + copies < 2:
            return None
        values = " ".join(f"<{a}>" for a in sorted(articles))
        links = self.store.select(
            f"SELECT DISTINCT ?a ?b WHERE {{ VALUES ?a {{ {values} }} "
            f"?a <https://incident-kb.org/ontology#sameStoryAs> ?b }}"
        )
        parent = {a: a for a in articles}

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                x = parent[x]
            return x

        for r in links:
            parent[find(str(r["a"]))] = find(str(r["b"]))
        stories = {find(a) for a in articles}
        total = len(articles) + copies
        if len(stories) == total:
            return f"reported by {total} articles, each an independent report"
        names = self._outlets(articles | sample)
        listed = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
        return (
            f"reported by {total} articles, {len(stories)} independent "
            f"report{'s' if len(stories) > 1 else ''} "
            f"(wire copies counted once)" + (f": {listed}" if listed else "")
        )

    def _outlets(self, articles: set[str]) -> list[str]:
        """The publishers' names. Each publisher's name is read once, from one of its articles'
        own graph or the dictionary (a publisher new to the dictionary is described in every
        article it published: a plain label join repeats it that many times)."""
        values = " ".join(f"<{a}>" for a in sorted(articles))
        rows = self.store.select(
            f"SELECT ?p (MIN(?a) AS ?one) WHERE {{ VALUES ?a {{ {values} }} "
            f"?a <https://schema.org/publisher> ?p }} GROUP BY ?p"
        )
        if not rows:
            return []
        pairs = " ".join(f"(<{r['one']}> <{r['p']}>)" for r in rows)
        labels = self.store.select(
            f"SELECT DISTINCT ?p ?label WHERE {{ VALUES (?a ?p) {{ {pairs} }} "
            f"GRAPH ?g {{ ?a <https://schema.org/publisher> ?p }} "
            f'BIND (IRI(REPLACE(STR(?g), "[^/]+$", "dictionary")) AS ?d) '
            f"{{ GRAPH ?g {{ ?p <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }} }} "
            f"UNION {{ GRAPH ?d {{ ?p <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }} }} }}"
        )
        return sorted({str(r["label"]) for r in labels})

    def _with_broader(self, rows: list[dict]) -> list[dict]:
        """Add each controller's broader actor ('jihadists' for a jihadist group), which the
        evidence sentence may name instead of the group."""
        controllers = {str(r["controller"]) for r in rows if r.get("controller") is not None}
        if not controllers:
            return rows
        found = self.store.select(
            "SELECT ?c ?b WHERE { VALUES ?c { "
            + " ".join(f"<{c}>" for c in sorted(controllers))
            + " } ?c <http://www.w3.org/2004/02/skos/core#broader> ?b }"
        )
        broader = {str(r["c"]): r["b"] for r in found}
        return [{**r, "controllerBroader": broader.get(str(r.get("controller")))} for r in rows]

    def _filling(self, role: URIRef) -> list[URIRef]:
        """The actors that fill a generic role ('government forces' -> each country's)."""
        rows = self.store.select(
            f"SELECT DISTINCT ?a WHERE {{ ?a <{IKB.actsAs}> <{role}> }} LIMIT 50"
        )
        return [r["a"] for r in rows]

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
            bindings["scope"] = links.places[:1]
        if question.place_kind is not None:
            bindings["kind"] = [question.place_kind]
        rows, query = self._run("seized", bindings)
        rows = compose.attested(self._with_broader(rows), "controllerLabel")
        return self._result(question, compose.seized(rows), rows, query, semantic, 0.7)

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
