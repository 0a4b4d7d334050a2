"""One named graph per article: the article, its sentences, and every claim read from them.

Claims are nodes (SEM events, ikb:*Claim) so each keeps its own evidence sentence, article,
reporting source and stated date; relation claims also assert the plain triple
(``actor ikb:backedBy actor``) beside the claim node for simple queries.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kb.extract.dates import TimeSpan
from kb.extract.model import Extraction, Mention
from kb.extract.names import slug
from kb.vocab import GEO, IKB, SDO, SEM


class Minter:
    """IRIs under the configured base; stable for the same article identity."""

    def __init__(self, base_iri: str) -> None:
        self.base = base_iri

    def article(self, identity: str) -> URIRef:
        return URIRef(
            f"{self.base}article/{hashlib.sha256(identity.encode('utf-8')).hexdigest()[:16]}"
        )

    def graph(self, article: URIRef) -> URIRef:
        return URIRef(f"{self.base}graph/{article.rsplit('/', 1)[1]}")

    def place(self, name: str) -> URIRef:
        """A place the gazetteer lacks, under its name as the article spells it."""
        return URIRef(f"{self.base}place/{slug(name)}")

    @property
    def dictionary_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/dictionary")

    @property
    def ontology_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/ontology")


def time_literal(span: TimeSpan) -> Literal:
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[span.precision]
    return Literal(span.value, datatype=datatype)


def date_literal(stated: str) -> Literal:
    return Literal(stated, datatype=XSD.date if len(stated) == 10 else XSD.gYearMonth)


_PRECISION = {"day": IKB.Day, "month": IKB.Month, "year": IKB.Year}


def article_graph(
    extraction: Extraction, minter: Minter, same_story: list[str] = ()
) -> tuple[URIRef, Graph]:
    """The named graph's IRI and its triples. ``same_story``: stored articles carrying the same text."""
    art = extraction.article
    a = minter.article(art.identity)
    g = Graph()
    g.add((a, RDF.type, SDO.NewsArticle))
    g.add((a, IKB.contentHash, Literal(art.content_hash)))
    if art.title:
        g.add((a, SDO.headline, Literal(art.title)))
    if art.date:
        g.add((a, SDO.datePublished, date_literal(art.date)))
    if art.url:
        g.add((a, SDO.url, Literal(art.url, datatype=XSD.anyURI)))
    for other in same_story:
        g.add((a, IKB.sameStoryAs, URIRef(other)))
    for m in extraction.context_places:
        _describe(g, m)
    if extraction.publisher:
        _describe(g, extraction.publisher)
        g.add((a, SDO.publisher, extraction.publisher.iri))
    for key, value in art.metadata.items():
        if key in ("licence", "license"):
            g.add((a, SDO.license, Literal(value)))
    sentence_iri = {}
    for s in extraction.sentences:
        si = URIRef(f"{a}/s{s.index}")
        sentence_iri[s.index] = si
        g.add((si, RDF.type, IKB.Sentence))
        g.add((si, IKB.text, Literal(s.text)))
        g.add((si, IKB.position, Literal(s.index)))
        g.add((si, IKB.article, a))
        for m in s.mentions:
            _describe(g, m)
            g.add((si, IKB.mentions, m.iri))
        if s.reporter is not None:
            _describe(g, s.reporter)

    def claim(node: URIRef, cls: URIRef, sentence: int, when: TimeSpan | None) -> None:
        g.add((node, RDF.type, cls))
        g.add((node, IKB.evidence, sentence_iri[sentence]))
        g.add((node, IKB.article, a))
        reporter = extraction.sentences[sentence].reporter
        if reporter is not None:
            g.add((node, IKB.reportedBy, reporter.iri))
        if when is not None:
            g.add((node, IKB.refersTo, time_literal(when)))
        elif art.date:
            g.add((node, IKB.refersTo, date_literal(art.date)))

    for n, inc in enumerate(extraction.incidents):
        node = URIRef(f"{a}/incident/{n}")
        claim(node, IKB.Incident, inc.sentence, inc.time)
        g.add((node, RDF.type, SEM.Event))
        for t in inc.types:
            g.add((node, IKB.eventType, t))
        text = art.text
        for start, end, _ in inc.instruments:
            g.add((node, IKB.weapon, Literal(text[start:end].lower())))
        for p in inc.places:
            g.add((node, SEM.hasPlace, p.iri))
        for role, actors in (
            (IKB.attacker, inc.attackers),
            (IKB.target, inc.targets),
            (SEM.hasActor, inc.participants),
        ):
            for actor in actors:
                g.add((node, role, actor.iri))
                g.add((node, SEM.hasActor, actor.iri))
        _time(g, node, inc.time, art.date)
        for k, c in enumerate(inc.casualties):
            cnode = URIRef(f"{node}/count/{k}")
            claim(cnode, IKB.CasualtyCount, inc.sentence, inc.time)
            g.add((node, IKB.casualties, cnode))
            g.add((cnode, IKB.count, Literal(c.count)))
            g.add((cnode, IKB.qualifier, c.qualifier))
            g.add((cnode, IKB.victimCategory, c.category))
            g.add((cnode, IKB.outcome, c.outcome))
    for n, c in enumerate(extraction.controls):
        node = URIRef(f"{a}/control/{n}")
        holds = c.change == IKB.Holds
        if c.historical:
            # True from its start, not at publication: date it by when it began, if stated.
            claim(node, IKB.ControlClaim, c.sentence, c.valid_from or c.time)
            if c.valid_from is None and c.time is None and art.date:
                g.remove((node, IKB.refersTo, None))
        else:
            claim(node, IKB.ControlClaim, c.sentence, None if holds else c.time)
        g.add((node, IKB.controller, c.controller.iri))
        g.add((node, IKB.territory, c.territory.iri))
        g.add((node, IKB.extent, c.extent))
        g.add((node, IKB.change, c.change))
        if c.valid_from is not None:
            g.add((node, IKB.validFrom, time_literal(c.valid_from)))
        elif not holds and c.time is not None:
            g.add((node, IKB.validFrom, time_literal(c.time)))
        if c.valid_until is not None:
            g.add((node, IKB.validUntil, time_literal(c.valid_until)))
    for n, r in enumerate(extraction.relations):
        node = URIRef(f"{a}/relation/{n}")
        claim(node, IKB.RelationClaim, r.sentence, None)
        g.add((node, IKB.subjectActor, r.subject.iri))
        g.add((node, IKB.relation, r.relation))
        g.add((node, IKB.objectActor, r.object.iri))
        g.add((r.subject.iri, r.relation, r.object.iri))
    return minter.graph(a), g


def _describe(g: Graph, m: Mention) -> None:
    """Entities the dictionary does not know get their type, label and (if stated) container;
    world gazetteer places also their coordinates and their country, new actors their country."""
    if m.new or m.world:
        g.add((m.iri, RDF.type, m.kind))
        g.add((m.iri, SKOS.prefLabel, Literal(m.label, lang="en")))
        g.add((m.iri, RDFS.label, Literal(m.label, lang="en")))
        if m.parent is not None:
            g.add((m.iri, IKB.locatedIn, m.parent))
        if m.country is not None and not m.is_place:
            g.add((m.iri, IKB.country, m.country))
        if m.role is not None and not m.is_place:
            g.add((m.iri, IKB.actsAs, m.role))
        if m.coordinates is not None:
            g.add((m.iri, GEO.lat, Literal(m.coordinates[0])))
            g.add((m.iri, GEO.long, Literal(m.coordinates[1])))
        if m.world and m.parent is not None and m.country_code:
            _describe_country(g, m)


def _describe_country(g: Graph, m: Mention) -> None:
    """The country a world place lies in, labelled where no pack describes it."""
    from kb.extract.world import world

    country = world().countries.get(m.country_code)
    if country is not None and str(m.parent).endswith(country.ref):
        g.add((m.parent, RDF.type, IKB.Country))
        g.add((m.parent, SKOS.prefLabel, Literal(country.name, lang="en")))
        g.add((m.parent, RDFS.label, Literal(country.name, lang="en")))
        g.add((m.parent, SKOS.notation, Literal(country.code)))


def _time(g: Graph, node: URIRef, span: TimeSpan | None, published: str | None) -> None:
    if span is not None:
        g.add((node, SEM.hasTimeStamp, time_literal(span)))
        g.add((node, SEM.hasEarliestBeginTimeStamp, Literal(span.earliest)))
        latest = span.latest
        if span.since and published and len(published) == 10:
            latest = max(
                latest, date.fromisoformat(published)
            )  # "since May": open until the report
        g.add((node, SEM.hasLatestEndTimeStamp, Literal(latest)))
        g.add((node, IKB.dateText, Literal(span.text)))
        g.add((node, IKB.precision, _PRECISION[span.precision]))
    elif published and len(published) == 10:
        # No time stated: news reports the past week, so the incident lies in the 7 days up to
        # the report; the bounds say so, and no sem:hasTimeStamp pretends to know the day.
        day = date.fromisoformat(published)
        g.add((node, SEM.hasEarliestBeginTimeStamp, Literal(day - timedelta(days=7))))
        g.add((node, SEM.hasLatestEndTimeStamp, Literal(day)))
        g.add((node, IKB.dateText, Literal(f"undated; reported {published}")))


__all__ = ["Minter", "article_graph"]
