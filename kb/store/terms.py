"""Conversions between rdflib terms, pyoxigraph terms and SPARQL result formats."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

SOLUTION_FORMATS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def to_rdflib(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def to_ox(term: object) -> object:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def serialize_solutions(variables: list[str], rows: list[list[object]], media_type: str) -> bytes:
    """SPARQL results in any of the four standard formats, from rdflib terms (TSV written here:
    rdflib has no TSV writer)."""
    if media_type == "text/tab-separated-values":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    result = Result("SELECT")
    result.vars = [Variable(v) for v in variables]
    result.bindings = [
        {Variable(v): t for v, t in zip(variables, row, strict=True) if t is not None}
        for row in rows
    ]
    out = result.serialize(format=SOLUTION_FORMATS[media_type])
    return out if isinstance(out, bytes) else out.encode("utf-8")


def _tsv_term(term: object) -> str:
    """A term in the N-Triples-like syntax of SPARQL TSV results (no raw tab or newline)."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if not isinstance(term, Literal):
        return f"<{term}>"
    text = str(term)
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(raw, escaped)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def serialize_boolean(value: bool, media_type: str) -> bytes:
    result = Result("ASK")
    result.askAnswer = value
    fmt = SOLUTION_FORMATS.get(media_type, "json")
    if fmt in ("csv", "tsv"):
        return b"_askResult\n" + (b"true\n" if value else b"false\n")
    out = result.serialize(format=fmt)
    return out if isinstance(out, bytes) else out.encode("utf-8")


def serialize_graph(triples: list[tuple], media_type: str) -> bytes:
    graph = Graph()
    graph.bind("ikb", "https://incident-kb.org/ontology#")
    graph.bind("sem", "http://semanticweb.cs.vu.nl/2009/11/sem/")
    graph.bind("schema", "https://schema.org/")
    for triple in triples:
        graph.add(triple)
    out = graph.serialize(format=GRAPH_FORMATS[media_type])
    return out if isinstance(out, bytes) else out.encode("utf-8")


def nt(term: object) -> str:
    """A term in N-Triples syntax, safe to place in a SPARQL query."""
    return term.n3() if hasattr(term, "n3") else str(to_ox(term))
