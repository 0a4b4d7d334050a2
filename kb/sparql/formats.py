"""Format names, media types, file extensions and rdflib formats: one table for every door.

``kb sparql --format``, ``/sparql?format=``, ``kb export --format``, ``/export.{ext}`` and
``/kb export`` all name formats; they read these tables so that a name means the same thing
(and the same bytes) wherever it is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.errors import KBError
from kb.sparql.kinds import is_graph_query

# ---- query results ------------------------------------------------------------------------------
SOLUTIONS = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPHS = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")
JSON_RESULTS, TURTLE = SOLUTIONS[0], GRAPHS[0]

# Names a user or client may give for a result format (``format=``, ``--format``).
SOLUTION_NAMES = {
    "json": SOLUTIONS[0],
    "srj": SOLUTIONS[0],
    "xml": SOLUTIONS[1],
    "srx": SOLUTIONS[1],
    "csv": SOLUTIONS[2],
    "tsv": SOLUTIONS[3],
}
GRAPH_NAMES = {
    "turtle": GRAPHS[0],
    "ttl": GRAPHS[0],
    "n3": GRAPHS[0],
    "nt": GRAPHS[1],
    "ntriples": GRAPHS[1],
    "n-triples": GRAPHS[1],
    "jsonld": GRAPHS[2],
    "json-ld": GRAPHS[2],
    "json": GRAPHS[2],
    "xml": GRAPHS[3],
    "rdf": GRAPHS[3],
    "rdfxml": GRAPHS[3],
    "rdf+xml": GRAPHS[3],
}
TABLE = "table"  # text for people: SELECT/ASK as a table, CONSTRUCT/DESCRIBE as Turtle
# The names `kb sparql --format` documents (DESIGN.md), per result kind.
SOLUTION_CHOICES = (TABLE, "csv", "tsv", "json", "xml")
GRAPH_CHOICES = ("turtle", "nt", "jsonld")


def result_media(name: str, query: str) -> str:
    """The media type to ask the store for when a person wants ``name`` (one of the choices
    above) for ``query``: a table is read from JSON results, or is Turtle for a graph."""
    if name == TABLE:
        return TURTLE if is_graph_query(query) else JSON_RESULTS
    return SOLUTION_NAMES[name] if name in SOLUTION_CHOICES else GRAPH_NAMES[name]


# ---- dataset exports ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportFormat:
    """One way to download the whole dataset."""

    name: str  # what `kb export --format` and `/kb export` take
    media_type: str
    extension: str  # what `/export.{ext}` and uploaded file names use
    rdflib: str  # rdflib's serializer name
    quads: bool  # keeps one named graph per article (TriG, N-Quads)

    @property
    def content_type(self) -> str:
        """The Content-Type header: text formats say their charset, JSON needs none."""
        return (
            self.media_type
            if self.media_type.endswith("json")
            else f"{self.media_type}; charset=utf-8"
        )


EXPORTS = {
    f.name: f
    for f in (
        ExportFormat("turtle", "text/turtle", "ttl", "turtle", False),
        ExportFormat("trig", "application/trig", "trig", "trig", True),
        ExportFormat("nquads", "application/n-quads", "nq", "nquads", True),
        ExportFormat("jsonld", "application/ld+json", "jsonld", "json-ld", False),
    )
}
BY_EXTENSION = {f.extension: f for f in EXPORTS.values()}


def export_format(name: str) -> ExportFormat:
    """The export format called ``name``; an error saying which names exist otherwise."""
    try:
        return EXPORTS[name]
    except KeyError:
        raise KBError(
            f"unknown export format {name!r}; choose one of {', '.join(EXPORTS)}"
        ) from None
