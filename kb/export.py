"""The dataset as files (Turtle, TriG, N-Quads, JSON-LD) with a VoID/DCAT description,
plus counts and SHACL validation over the same data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rdflib import RDF, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS

from kb.resources import ontology_file
from kb.sparql.formats import export_format
from kb.vocab import IKB, SDO, SEM, VOID

if TYPE_CHECKING:
    from kb.rdf.iris import Minter
    from kb.store import GraphStore
    from kb.vectors import VectorIndex
LICENCE_NOTE = (
    "Extracted facts: CC BY 4.0. Sentences quoted as evidence remain the copyright of their "
    "publishers and are included for attribution; see each article's schema:license."
)


def description(minter: Minter, triples: int) -> Graph:
    """VoID/DCAT: what this dataset is, how big, how fresh, and which vocabulary it uses."""
    ds = minter.dataset
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
    g.add((ds, VOID.uriSpace, Literal(minter.base)))
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


def export(store: GraphStore, minter: Minter, fmt: str) -> bytes:
    """The whole dataset as ``fmt`` (kb.sparql.formats.EXPORTS), its description included:
    quad formats keep the store's named graphs and add the description as one more graph."""
    form = export_format(fmt)
    about = description(minter, store.count())
    if form.quads:
        extra = Dataset()
        extra.graph(minter.about_graph).__iadd__(about)
        return store.dump(form.media_type) + b"\n" + extra.serialize(format=form.rdflib).encode()
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
    options = {"auto_compact": True} if form.rdflib == "json-ld" else {}
    return union.serialize(format=form.rdflib, **options).encode("utf-8")


def _union(store: GraphStore) -> Iterator[tuple]:
    """Every triple of every named graph (parsing N-Quads into a Graph would keep only the default one)."""
    dataset = Dataset()
    dataset.parse(data=store.dump("application/n-quads"), format="nquads")
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        yield s, p, o


def stats(store: GraphStore, vectors: VectorIndex | None = None) -> dict[str, int]:
    """Counts of what the store holds, and of the vectors when there is an index."""
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
    row = store.select(q)[0]
    out = {k: int(v) for k, v in row.items()}
    out["triples"] = store.count()
    from kb.syndication import stories_of

    out["stories"] = len(set(stories_of(store).values()))  # wire copies counted once
    if vectors is not None:
        out["vectors"] = vectors.size
    return out


def validate(store: GraphStore) -> tuple[bool, str]:
    """SHACL over the union of all graphs against ontology/shapes.ttl."""
    import pyshacl

    data = Graph()
    for triple in _union(store):
        data.add(triple)
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return bool(conforms), str(text)
