"""The dataset as files (Turtle, TriG, N-Quads, JSON-LD) with a VoID/DCAT description,
plus counts and SHACL validation over the same data."""

from __future__ import annotations

from datetime import UTC, datetime

from rdflib import RDF, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS

from kb.resources import ontology_file
from kb.vocab import IKB, SDO, SEM, VOID

FORMATS = {
    "turtle": ("text/turtle", "ttl"),
    "trig": ("application/trig", "trig"),
    "nquads": ("application/n-quads", "nq"),
    "jsonld": ("application/ld+json", "jsonld"),
}
LICENCE_NOTE = (
    "Extracted facts: CC BY 4.0. Sentences quoted as evidence remain the copyright of their "
    "publishers and are included for attribution; see each article's schema:license."
)


def description(kb: object, triples: int) -> Graph:
    """VoID/DCAT: what this dataset is, how big, how fresh, and which vocabulary it uses."""
    ds = kb.minter.dataset
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add(
        (
            ds,
            DCTERMS.title,
            Literal("incident-kb: armed-conflict incidents from news articles", lang="en"),
        )
    )
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "Incidents, actors, places, casualty figures and territorial-control claims, each traced to the article sentence and source that reported it.",
                lang="en",
            ),
        )
    )
    g.add((ds, DCTERMS.license, Literal(LICENCE_NOTE)))
    g.add(
        (
            ds,
            DCTERMS.modified,
            Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime),
        )
    )
    g.add((ds, VOID.triples, Literal(triples)))
    g.add((ds, VOID.uriSpace, Literal(kb.minter.base)))
    for vocab in (
        IKB._NS,
        SEM,
        SDO,
        Namespace("http://www.w3.org/ns/prov#"),
        Namespace("http://www.w3.org/2004/02/skos/core#"),
    ):
        g.add((ds, VOID.vocabulary, URIRef(str(vocab))))
    g.add((ds, DCTERMS.conformsTo, URIRef("https://incident-kb.org/ontology")))
    return g


def export(kb: object, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    store = kb.store
    triples = store.count()
    about = description(kb, triples)
    about_iri = kb.minter.about_graph
    if fmt == "trig":
        body = store.dump("application/trig")
        extra = Dataset()
        extra.graph(about_iri).__iadd__(about)
        return body + b"\n" + extra.serialize(format="trig").encode("utf-8")
    if fmt == "nquads":
        extra = Dataset()
        extra.graph(about_iri).__iadd__(about)
        return store.dump("application/n-quads") + extra.serialize(format="nquads").encode("utf-8")
    union = Graph()
    for prefix, ns in (
        ("ikb", IKB._NS),
        ("sem", SEM),
        ("schema", SDO),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
    ):
        union.bind(prefix, ns)
    for triple in _union(store):
        union.add(triple)
    union += about
    if fmt == "turtle":
        return union.serialize(format="turtle").encode("utf-8")
    return union.serialize(format="json-ld", auto_compact=True).encode("utf-8")


def _union(store: object) -> object:
    """Every triple of every named graph (parsing N-Quads into a Graph would keep only the default one)."""
    dataset = Dataset()
    dataset.parse(data=store.dump("application/n-quads"), format="nquads")
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        yield s, p, o


def stats(kb: object) -> dict[str, int]:
    q = """
    PREFIX ikb: <https://incident-kb.org/ontology#>
    PREFIX schema: <https://schema.org/>
    PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
    SELECT
      (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?s) AS ?sentences) (COUNT(DISTINCT ?i) AS ?incidents)
      (COUNT(DISTINCT ?c) AS ?controls) (COUNT(DISTINCT ?n) AS ?counts) (COUNT(DISTINCT ?r) AS ?relations)
    WHERE {
      { ?a a schema:NewsArticle } UNION { ?s a ikb:Sentence } UNION { ?i a ikb:Incident }
      UNION { ?c a ikb:ControlClaim } UNION { ?n a ikb:CasualtyCount } UNION { ?r a ikb:RelationClaim }
    }"""
    row = kb.store.select(q)[0]
    out = {k: int(v) for k, v in row.items()}
    out["triples"] = kb.store.count()
    from kb.syndication import stories_of

    out["stories"] = len(set(stories_of(kb.store).values()))  # wire copies counted once
    if "vectors" in kb.__dict__ or kb.settings.vectors_path.exists():
        out["vectors"] = kb.vectors.size
    return out


def validate(kb: object) -> tuple[bool, str]:
    """SHACL over the union of all graphs against ontology/shapes.ttl."""
    import pyshacl

    data = Graph()
    for triple in _union(kb.store):
        data.add(triple)
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return bool(conforms), str(text)
